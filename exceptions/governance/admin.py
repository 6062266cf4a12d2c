"""The admin of governance reviews and follow-ups: where Governance records a week's review
with its follow-ups, and where each team lists its follow-ups and marks them done.

Who sees and changes what is exceptions.access (a team sees its own follow-ups; a signed-off
review is locked). Signing off and marking done go through exceptions.governance.actions.
"""

from contextlib import suppress

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .. import access
from ..access_admin import PolicyAdmin, PolicyInline, policy_action
from ..admin_filters import TeamFilter
from . import actions
from .display import moment, person
from .models import FollowUp, GovernanceReview
from .weeks import IsoWeek


def week_url(week: IsoWeek) -> str:
    return reverse("governance-week", args=[str(week)])


def done_by_when(follow_up) -> str:
    if not follow_up.is_done:
        return "—"
    return f"{person(follow_up.done_by)}, {moment(follow_up.done_at)}"


class FollowUpInline(PolicyInline, admin.TabularInline):
    model = FollowUp
    fields = ("team", "action", "due_on", "status", "done")
    readonly_fields = ("status", "done")
    extra = 3

    @admin.display(description="done")
    def done(self, obj):
        return done_by_when(obj)

    def has_change_permission(self, request, obj=None):
        # `obj` is the review: a signed-off review's follow-ups no longer change.
        return super().has_change_permission(request, obj) and (
            obj is None or access.allows(request.user, "change", obj))

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and (
            obj is None or access.allows(request.user, "change", obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or access.allows(request.user, "change", obj))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review", "done_by")


@admin.register(GovernanceReview)
class GovernanceReviewAdmin(PolicyAdmin, SimpleHistoryAdmin):
    list_display = ("week_column", "attendee_count", "sign_off_column")
    fields = ("week_start", "attendees", "notes", "sign_off_column")
    readonly_fields = ("sign_off_column",)
    inlines = (FollowUpInline,)
    ordering = ("-week_start",)
    list_select_related = ("signed_off_by",)

    def get_readonly_fields(self, request, obj=None):
        # The week is what the review is of: fixed once recorded.
        return (*self.readonly_fields, "week_start") if obj else self.readonly_fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        with suppress(ValueError):
            initial["week_start"] = IsoWeek.parse(request.GET.get("week", "")).monday
        return initial

    @admin.display(description="week", ordering="week_start")
    def week_column(self, obj):
        return format_html('<a href="{}">{}</a>', week_url(obj.week), obj.week.describe())

    @admin.display(description="attendees")
    def attendee_count(self, obj):
        return len(obj.attendee_list)

    @admin.display(description="signed off", ordering="signed_off_at")
    def sign_off_column(self, obj):
        if not obj.is_signed_off:
            return "not yet"
        return f"{person(obj.signed_off_by)}, {moment(obj.signed_off_at)}"

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_week(request, obj) or super().response_add(
            request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._back_to_week(request, obj) or super().response_change(request, obj)

    def _back_to_week(self, request, obj):
        """Saving the review leads back to the week's page (unless asked to stay)."""
        if "_continue" in request.POST or "_addanother" in request.POST:
            return None
        self.message_user(request, f"The review of {obj.week} was saved.", messages.SUCCESS)
        return HttpResponseRedirect(week_url(obj.week))


@admin.register(FollowUp)
class FollowUpAdmin(PolicyAdmin, SimpleHistoryAdmin):
    list_display = ("action", "team", "due_column", "status_column", "review_column",
                    "done_column")
    list_filter = (TeamFilter, "status")
    search_fields = ("action",)
    list_select_related = ("review", "done_by")
    fields = ("review", "team", "action", "due_on", "status", "done_column", "done_note")
    readonly_fields = ("status", "done_column", "done_note")
    ordering = ("status", "due_on")
    actions = ("mark_done_selected",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review", "done_by")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "review":
            field.queryset = field.queryset.filter(signed_off_at__isnull=True)
        return field

    @admin.display(description="due", ordering="due_on")
    def due_column(self, obj):
        due = date_format(obj.due_on, "D j M Y")
        if obj.is_overdue(timezone.localdate()):
            return format_html('<span class="cp-overdue">{} (overdue)</span>', due)
        return due

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        css = "cp-ok" if obj.is_done else "cp-warn"
        return format_html('<span class="cp-pill {}">{}</span>', css, obj.get_status_display())

    @admin.display(description="from the review of", ordering="review__week_start")
    def review_column(self, obj):
        return format_html('<a href="{}">{}</a>', week_url(obj.review.week), obj.review.week)

    @admin.display(description="done")
    def done_column(self, obj):
        return done_by_when(obj)

    @policy_action("mark_done", description="Mark the selected follow-ups done")
    def mark_done_selected(self, request, queryset):
        done = 0
        for follow_up in access.scope(request.user, queryset, "mark_done"):
            if not access.can_run_action(request.user, "mark_done", follow_up):
                continue
            try:
                actions.mark_follow_up_done(follow_up, request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request, ngettext("Marked %(n)d follow-up done.", "Marked %(n)d follow-ups done.",
                                  done) % {"n": done}, messages.SUCCESS)
