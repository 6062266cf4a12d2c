"""Template tags of the governance review for the rest of the admin: the link to the review
and the box of open follow-ups on top of a team's ticket queue."""

from django import template
from django.urls import reverse
from django.utils import timezone

from exceptions import access
from exceptions.access import FOLLOW_UPS, REVIEWS
from exceptions.governance.models import FollowUp
from exceptions.governance.panel import FollowUpLine

register = template.Library()


@register.simple_tag(takes_context=True)
def governance_review_url(context) -> str:
    """The review's address for a viewer who may open it, else ''."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not access.can_view_model(user, REVIEWS):
        return ""
    return reverse("governance")


@register.inclusion_tag("admin/governance/follow_ups_box.html", takes_context=True)
def follow_ups_box(context):
    """The open follow-ups of the teams whose queue the viewer sees (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.can_view_model(user, FOLLOW_UPS):
        return {"lines": []}
    today = timezone.localdate()
    open_ones = access.scope(user, FollowUp.objects.filter(status=FollowUp.Status.OPEN))
    lines = [
        FollowUpLine(f, f.is_overdue(today), access.can_run_action(user, "mark_done", f))
        for f in open_ones.select_related("review").order_by("due_on", "pk")
    ]
    return {"lines": lines, "request": request,
            "all_url": reverse("admin:exceptions_followup_changelist") + "?status__exact=open"}
