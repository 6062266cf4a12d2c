"""The pages of the weekly governance review, under /admin/governance/ (each wrapped in the
admin site's admin_view in config/urls.py): the week, its CSV, signing off, marking a
follow-up done. Who may open or do what is exceptions.access."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .. import access
from ..access import FOLLOW_UPS, REVIEWS
from . import actions, report
from .export import csv_rows
from .metrics import AGING_METRICS, TICKET_METRICS
from .models import FollowUp, GovernanceReview
from .panel import build_panel
from .weeks import IsoWeek


def _may_view(request) -> None:
    if not access.can_view_model(request.user, REVIEWS):
        raise PermissionDenied


def _started(week: IsoWeek) -> IsoWeek:
    if not week.has_started(timezone.now(), timezone.get_current_timezone()):
        raise Http404(f"{week} has not started yet.")
    return week


def week_url(week: IsoWeek) -> str:
    return reverse("governance-week", args=[str(week)])


@require_GET
def choose_week(request):
    """/admin/governance/ (and the week picker): the chosen week, else the last complete one."""
    _may_view(request)
    zone = timezone.get_current_timezone()
    now = timezone.now()
    chosen = request.GET.get("week", "")
    try:
        week = IsoWeek.parse(chosen) if chosen else IsoWeek.last_complete(now, zone)
    except ValueError:
        messages.error(request, f"“{chosen}” is not a week: pick one like 2026-W48.")
        week = IsoWeek.last_complete(now, zone)
    if not week.has_started(now, zone):
        messages.warning(request, f"{week} has not started yet: showing this week instead.")
        week = IsoWeek.containing(timezone.localdate(now))
    return HttpResponseRedirect(week_url(week))


@require_GET
def week_page(request, week: IsoWeek):
    _may_view(request)
    week = _started(week)
    now, zone = timezone.now(), timezone.get_current_timezone()
    figures = report.build(request.user, week, now, zone)
    panel = build_panel(request.user, week)
    context = {
        **admin.site.each_context(request),
        "title": f"Governance review: {week.describe()}",
        "report": figures,
        "panel": panel,
        "ticket_metrics": TICKET_METRICS,
        "aging_metrics": AGING_METRICS,
        "previous_url": week_url(week.previous),
        "next_url": week_url(week.next) if week.next.has_started(now, zone) else None,
        "csv_url": reverse("governance-week-csv", args=[str(week)]),
        "record_url": _record_url(week, panel.review),
        "sign_off_url": reverse("governance-sign-off", args=[str(week)]),
        "follow_ups_url": (reverse("admin:exceptions_followup_changelist")
                           if access.can_view_model(request.user, FOLLOW_UPS) else None),
    }
    return TemplateResponse(request, "admin/governance/week.html", context)


def _record_url(week: IsoWeek, review) -> str:
    if review is None:
        return f"{reverse('admin:exceptions_governancereview_add')}?week={week}"
    return reverse("admin:exceptions_governancereview_change", args=[review.pk])


@require_GET
def week_csv(request, week: IsoWeek):
    _may_view(request)
    week = _started(week)
    figures = report.build(request.user, week, timezone.now(), timezone.get_current_timezone())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="governance-review-{week}.csv"'
    csv.writer(response).writerows(csv_rows(figures))
    return response


@require_POST
def sign_off(request, week: IsoWeek):
    review = GovernanceReview.objects.filter(week_start=week.monday).first()
    if review is None:
        raise Http404(f"No review of {week} has been recorded.")
    if not access.can_run_action(request.user, "sign_off", review):
        raise PermissionDenied
    try:
        actions.sign_off_review(review, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The review of {week} is signed off.")
    return HttpResponseRedirect(week_url(week))


@require_POST
def follow_up_done(request, pk: int):
    visible = access.scope(request.user, FollowUp.objects.select_related("review"))
    follow_up = get_object_or_404(visible, pk=pk)
    if not access.can_run_action(request.user, "mark_done", follow_up):
        raise PermissionDenied
    try:
        actions.mark_follow_up_done(follow_up, request.user, request.POST.get("note", ""))
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Follow-up “{follow_up}” marked done.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("admin:exceptions_followup_changelist")
    return HttpResponseRedirect(back)
