"""What a governance review records: who met, what they noted, what each team must follow up
and who signed the week off. Kept with history."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..models import Team
from .weeks import IsoWeek


class GovernanceReview(models.Model):
    """The review of one ISO week. Once signed off it is the record of that week: it and its
    follow-ups no longer change (teams still mark their follow-ups done)."""

    week_start = models.DateField(
        unique=True, help_text="The Monday the reviewed ISO week starts on."
    )
    attendees = models.TextField(help_text="Who took part, one per line.")
    notes = models.TextField(blank=True, help_text="What was discussed and decided.")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-week_start"]
        verbose_name = "governance review"

    def __str__(self):
        return f"Governance review {self.week}"

    @property
    def week(self) -> IsoWeek:
        return IsoWeek.containing(self.week_start)

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def is_locked(self) -> bool:
        return self.is_signed_off

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]

    def clean(self):
        if self.week_start and self.week_start.isoweekday() != 1:
            raise ValidationError({"week_start": "A week starts on a Monday."})


class FollowUp(models.Model):
    """Something a team must do after the review, by a date; the team marks it done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    review = models.ForeignKey(GovernanceReview, on_delete=models.CASCADE,
                               related_name="follow_ups")
    team = models.CharField(max_length=32, choices=Team.choices, db_index=True)
    action = models.CharField("what", max_length=255, help_text="What the team is to do.")
    due_on = models.DateField("due")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN,
                              editable=False)
    done_at = models.DateTimeField(null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    done_note = models.CharField(max_length=255, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "follow-up"
        indexes = [models.Index(fields=["team", "status", "due_on"])]

    def __str__(self):
        return self.action

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_locked(self) -> bool:
        """Its review is signed off (read through `review`: select it with the row)."""
        return self.review.is_signed_off

    def clean(self):
        if self._state.adding and self.review_id and self.review.is_signed_off:
            raise ValidationError({"review": f"The review of {self.review.week} is signed off: "
                                             "it takes no more follow-ups."})

    def is_overdue(self, today: date) -> bool:
        return not self.is_done and self.due_on < today
