"""What people do with a governance review: sign it off, mark a follow-up done. Each is one
transaction and records who acted and why in the row's history."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .display import moment, person
from .models import FollowUp, GovernanceReview


def sign_off_blocker(review: GovernanceReview, now: datetime | None = None) -> str:
    """Why the review cannot be signed off yet ('' when it can)."""
    now = now or timezone.now()
    if review.is_signed_off:
        return (f"Already signed off by {person(review.signed_off_by)} on "
                f"{moment(review.signed_off_at)}.")
    if not review.week.has_ended(now, timezone.get_current_timezone()):
        return "The week has not ended yet: its figures are not final."
    if not review.attendee_list:
        return "Record who attended before signing off."
    return ""


@transaction.atomic
def sign_off_review(review: GovernanceReview, user) -> GovernanceReview:
    """Sign the week off: the review and its follow-ups are the record from now on."""
    review = GovernanceReview.objects.select_for_update().get(pk=review.pk)
    blocker = sign_off_blocker(review)
    if blocker:
        raise ValidationError(blocker)
    review.signed_off_by = user
    review.signed_off_at = timezone.now()
    review._history_user = user
    review._change_reason = "signed off"
    review.save(update_fields=["signed_off_by", "signed_off_at"])
    return review


@transaction.atomic
def mark_follow_up_done(follow_up: FollowUp, user, note: str = "") -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.is_done:
        raise ValidationError(
            f"“{follow_up}” was already marked done by {person(follow_up.done_by)}.")
    follow_up.status = FollowUp.Status.DONE
    follow_up.done_at = timezone.now()
    follow_up.done_by = user
    note = note.strip()
    follow_up.done_note = note[:255]
    follow_up._history_user = user
    follow_up._change_reason = f"marked done: {note}"[:100] if note else "marked done"
    follow_up.save(update_fields=["status", "done_at", "done_by", "done_note"])
    return follow_up
