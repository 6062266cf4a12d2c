"""The review part of the week's page: this week's review and follow-ups, last week's
follow-ups as open or done, and what the viewer may do with them (exceptions.access)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .. import access
from ..access import FOLLOW_UPS, REVIEWS
from .actions import sign_off_blocker
from .models import FollowUp, GovernanceReview
from .weeks import IsoWeek


@dataclass(frozen=True)
class FollowUpLine:
    follow_up: FollowUp
    overdue: bool
    may_mark_done: bool


@dataclass(frozen=True)
class ReviewPanel:
    review: GovernanceReview | None
    follow_ups: list[FollowUpLine]
    last_review: GovernanceReview | None
    last_follow_ups: list[FollowUpLine]
    may_record: bool
    may_sign_off: bool
    sign_off_blocker: str
    sees_follow_ups: bool


def build_panel(user, week: IsoWeek, today: date | None = None) -> ReviewPanel:
    """Two queries: the two weeks' reviews, and the follow-ups the viewer may see."""
    today = today or timezone.localdate()
    reviews = {r.week_start: r for r in GovernanceReview.objects.filter(
        week_start__in=[week.monday, week.previous.monday]).select_related("signed_off_by")}
    review, last_review = reviews.get(week.monday), reviews.get(week.previous.monday)
    sees_follow_ups = access.can_view_model(user, FOLLOW_UPS)
    lines: dict[int, list[FollowUpLine]] = {r.pk: [] for r in reviews.values()}
    if sees_follow_ups and reviews:
        found = access.scope(user, FollowUp.objects.filter(review__in=list(reviews.values())))
        for follow_up in found.select_related("done_by").order_by("due_on", "pk"):
            follow_up.review = next(r for r in reviews.values() if r.pk == follow_up.review_id)
            lines[follow_up.review_id].append(FollowUpLine(
                follow_up, follow_up.is_overdue(today),
                not follow_up.is_done and access.can_run_action(user, "mark_done", follow_up),
            ))
    if review is None:
        may_record = access.allows(user, "add", REVIEWS)
    else:
        may_record = access.allows(user, "change", review)
    blocker = sign_off_blocker(review) if review is not None else "No review recorded yet."
    may_sign_off = (review is not None and not review.is_signed_off
                    and access.can_run_action(user, "sign_off", review))
    return ReviewPanel(
        review=review, follow_ups=lines.get(review.pk, []) if review else [],
        last_review=last_review,
        last_follow_ups=lines.get(last_review.pk, []) if last_review else [],
        may_record=may_record, may_sign_off=may_sign_off, sign_off_blocker=blocker,
        sees_follow_ups=sees_follow_ups,
    )
