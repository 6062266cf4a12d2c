"""The exception queue: tickets with their jobs and guidance, and the routing of ticket types.

Retry, resolve and snooze go through exceptions.actions, which records who acted and why.
Who sees which tickets and may run which action is exceptions.access.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from exceptions import access, actions
from exceptions.access_admin import PolicyAdmin, policy_action
from integrations.admin_display import (
    UsedConnectionFilter,
    admin_link,
    filtered_link,
    jobs_table,
    order_timeline_link,
    pre,
    status_pill,
    when,
)
from integrations.order_directory import ORDER_FLOWS, ORDER_TOPICS

from .models import ExceptionTicket, TicketType

SNOOZE_FOR = timedelta(hours=24)


def tickets(n: int) -> str:
    return ngettext("%(n)d ticket", "%(n)d tickets", n) % {"n": n}


def jobs(n: int) -> str:
    return ngettext("%(n)d job", "%(n)d jobs", n) % {"n": n}


class OverdueFilter(admin.SimpleListFilter):
    title = "response window"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Within window")]

    def queryset(self, request, queryset):
        late = Q(status__in=ExceptionTicket.OPEN_STATUSES, due_at__lt=timezone.now())
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


@admin.register(TicketType)
class TicketTypeAdmin(PolicyAdmin, SimpleHistoryAdmin):
    list_display = (
        "code", "title", "team", "severity", "response_window", "open_tickets",
    )
    list_editable = ("team", "severity", "response_window")
    list_filter = ("team", "severity")
    search_fields = ("code", "title", "guidance")
    ordering = ("team", "code")

    def get_queryset(self, request):
        visible = Q(tickets__status__in=ExceptionTicket.OPEN_STATUSES)
        if not access.is_superuser(request.user):
            visible &= Q(tickets__team__in=sorted(access.ticket_teams(request.user)))
        return super().get_queryset(request).annotate(open_count=Count("tickets", filter=visible))

    def get_readonly_fields(self, request, obj=None):
        # The code is what the product refers to: fixed once the type exists.
        return ("code",) if obj else ()

    @admin.display(description="open tickets", ordering="open_count")
    def open_tickets(self, obj):
        query = f"ticket_type__id__exact={obj.pk}&status__in=open,snoozed"
        return filtered_link("exceptions_exceptionticket", query, obj.open_count)


@admin.register(ExceptionTicket)
class ExceptionTicketAdmin(PolicyAdmin, SimpleHistoryAdmin):
    list_display = (
        "title", "team", "severity_column", "status_column", "occurrences", "last_seen",
        "due_column", "store",
    )
    list_filter = (
        "team", "status", OverdueFilter, "severity", "ticket_type",
        ("store", UsedConnectionFilter),
    )
    search_fields = ("title", "fingerprint", "detail")
    date_hierarchy = "last_seen"
    list_select_related = ("store", "ticket_type")
    ordering = ("-last_seen",)
    actions = ("retry_selected", "resolve_selected", "snooze_selected")
    fieldsets = [
        (None, {"fields": [
            "title", "status_column", "type_link", "team", "severity", "store_link",
            "due_column", "snoozed_until",
        ]}),
        ("What to do", {"fields": ["guidance"]}),
        ("What happened", {"fields": [
            "detail_pre", "occurrences", "first_seen", "last_seen", "event_link", "order_link",
            "fingerprint",
        ]}),
        ("Jobs", {"fields": ["job_list"]}),
        ("Resolution", {"fields": ["resolved_at", "resolved_by", "resolution_note"]}),
    ]
    readonly_fields = (
        "title", "status_column", "type_link", "store_link", "due_column", "snoozed_until",
        "guidance", "detail_pre", "occurrences", "first_seen", "last_seen", "event_link",
        "order_link", "fingerprint", "job_list", "resolved_at", "resolved_by", "resolution_note",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("store", "ticket_type")
        return qs.defer("store__credentials")

    # Columns and read-only fields

    @admin.display(description="severity", ordering="severity")
    def severity_column(self, obj):
        return status_pill(obj, "severity", "severity")

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        shown = status_pill(obj, "ticket")
        if obj.status == ExceptionTicket.Status.SNOOZED and obj.snoozed_until:
            return format_html("{} until {}", shown, when(obj.snoozed_until))
        return shown

    @admin.display(description="due", ordering="due_at")
    def due_column(self, obj):
        if obj.is_open and obj.due_at < timezone.now():
            return format_html('<span class="cp-overdue">{} (overdue)</span>', when(obj.due_at))
        return when(obj.due_at)

    @admin.display(description="type")
    def type_link(self, obj):
        return admin_link(obj.ticket_type)

    @admin.display(description="store")
    def store_link(self, obj):
        return admin_link(obj.store)

    @admin.display(description="last event")
    def event_link(self, obj):
        return admin_link(obj.last_event)

    @admin.display(description="order")
    def order_link(self, obj):
        job = obj.jobs.filter(flow__in=ORDER_FLOWS).order_by("pk").only(
            "connection_id", "object_id").first()
        if job is not None:
            return order_timeline_link(job.connection_id, job.object_id)
        event = obj.last_event
        if event is not None and event.topic.startswith(ORDER_TOPICS):
            return order_timeline_link(event.connection_id, event.resource_id)
        return "—"

    @admin.display(description="guidance")
    def guidance(self, obj):
        text = obj.ticket_type.guidance or "No guidance for this ticket type yet."
        return format_html('<div class="cp-guidance">{}</div>', text)

    @admin.display(description="detail")
    def detail_pre(self, obj):
        return pre(obj.detail) if obj.detail else "—"

    @admin.display(description="linked jobs")
    def job_list(self, obj):
        return jobs_table(obj.jobs.order_by("pk"))

    # Bulk actions: each reports what it did.

    def _open_only(self, request, queryset, verb: str):
        selected = list(queryset)
        chosen = [t for t in selected if t.is_open]
        skipped = len(selected) - len(chosen)
        if skipped:
            self.message_user(
                request, f"Skipped {tickets(skipped)} already resolved: nothing to {verb}.",
                messages.WARNING,
            )
        return chosen

    def _run(self, request, chosen, run) -> int:
        """Call `run(ticket)` for each ticket; report refusals; return how many went through."""
        done = 0
        for ticket in chosen:
            try:
                run(ticket)
            except (ValidationError, ValueError) as exc:
                self.message_user(request, f"{ticket}: {exc}", messages.ERROR)
            else:
                done += 1
        return done

    @policy_action("retry", description="Retry the selected tickets' jobs")
    def retry_selected(self, request, queryset):
        requeued = []
        chosen = self._open_only(request, queryset, "retry")
        done = self._run(
            request, chosen, lambda t: requeued.append(actions.retry_ticket(t, request.user))
        )
        if done:
            total = sum(requeued)
            self.message_user(
                request, f"Retried {tickets(done)}: {jobs(total)} re-queued.",
                messages.SUCCESS if total else messages.WARNING,
            )

    @policy_action("resolve", description="Resolve the selected tickets")
    def resolve_selected(self, request, queryset):
        chosen = self._open_only(request, queryset, "resolve")
        done = self._run(request, chosen, lambda t: actions.resolve_ticket(t, request.user))
        if done:
            self.message_user(request, f"Resolved {tickets(done)}.", messages.SUCCESS)

    @policy_action("snooze", description="Snooze the selected tickets for 24 hours")
    def snooze_selected(self, request, queryset):
        until = timezone.now() + SNOOZE_FOR
        chosen = self._open_only(request, queryset, "snooze")
        done = self._run(
            request, chosen, lambda t: actions.snooze_ticket(t, request.user, until)
        )
        if done:
            self.message_user(
                request, f"Snoozed {tickets(done)} until {when(until)}.", messages.SUCCESS
            )

    # One-click buttons on the change page (templates/admin/exceptions/exceptionticket/).

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_act"
        return [
            path(
                "<path:object_id>/act/<str:verb>/",
                self.admin_site.admin_view(self.act_view),
                name=name,
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ticket = self.get_object(request, unquote(object_id))
        allowed = [verb for verb in ("retry", "resolve", "snooze")
                   if access.can_run_action(request.user, verb, ticket)]
        extra_context = {**(extra_context or {}), "ticket_actions": allowed}
        return super().change_view(request, object_id, form_url, extra_context)

    def act_view(self, request, object_id, verb):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        ticket = self.get_object(request, unquote(object_id))
        if ticket is None:
            raise Http404
        if not access.can_run_action(request.user, verb, ticket):
            raise PermissionDenied
        note = request.POST.get("_ticket_note", "").strip()[:500]
        until = timezone.now() + SNOOZE_FOR
        steps = {
            "retry": lambda t: self._report_retry(
                request, actions.retry_ticket(t, request.user, note)
            ),
            "resolve": lambda t: actions.resolve_ticket(t, request.user, note),
            "snooze": lambda t: actions.snooze_ticket(t, request.user, until, note),
        }
        done = {"resolve": "Ticket resolved.", "snooze": f"Ticket snoozed until {when(until)}."}
        if verb not in steps:
            raise Http404
        if not ticket.is_open:
            self.message_user(request, "This ticket is already resolved.", messages.WARNING)
        elif self._run(request, [ticket], steps[verb]) and verb in done:
            self.message_user(request, done[verb], messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk])
        )

    def _report_retry(self, request, count: int) -> None:
        level = messages.SUCCESS if count else messages.WARNING
        self.message_user(request, f"Retry requested: {jobs(count)} re-queued.", level)

