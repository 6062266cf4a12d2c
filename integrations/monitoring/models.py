"""What the alerting sent: one digest per team per interval, and each alert it carried.

An alert is a condition about a subject (a ticket, a queue, a store) that a team must hear
about once: `AlertSent` is unique on (team, kind, subject) and stands while the condition
holds. When the condition clears, `cleared_at` is set; if it comes back, the same row is
sent again in a later digest (`times_sent` + 1). Both are written by the sweeper only.
"""

from django.db import models

from exceptions.models import Team


class AlertKind(models.TextChoices):
    OVERDUE_TICKET = "overdue_ticket", "Ticket past its response window"
    CRITICAL_TICKET = "critical_ticket", "Critical ticket open"
    QUEUE_BACKLOG = "queue_backlog", "Queue backlog"
    SILENT_STORE = "silent_store", "Silent store"


class AlertDigest(models.Model):
    """One message to one team, carrying every alert that was new to it."""

    team = models.CharField(max_length=32, choices=Team.choices, db_index=True)
    sent_at = models.DateTimeField(db_index=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    recipients = models.TextField(
        blank=True, help_text="Email addresses the digest went to, one per line.",
    )
    webhook_status = models.CharField(
        max_length=255, blank=True,
        help_text="What the incoming webhook answered, if one is configured.",
    )
    delivery_note = models.TextField(
        blank=True, help_text="What could not be delivered, and why.",
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "alert digest"

    def __str__(self):
        return self.subject


class AlertSent(models.Model):
    team = models.CharField(max_length=32, choices=Team.choices)
    kind = models.CharField(max_length=32, choices=AlertKind.choices)
    subject_key = models.CharField(
        max_length=128, help_text="What the alert is about, e.g. ticket-42, queue-sync, store-3.",
    )
    summary = models.TextField()
    link = models.CharField(max_length=500, blank=True, help_text="Where to look, in the admin.")
    first_sent_at = models.DateTimeField()
    last_sent_at = models.DateTimeField(db_index=True)
    times_sent = models.PositiveIntegerField(default=1)
    cleared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the condition stopped; empty while it stands.",
    )
    digest = models.ForeignKey(
        AlertDigest, on_delete=models.PROTECT, related_name="alerts",
        help_text="The digest that last carried it.",
    )

    class Meta:
        ordering = ["-last_sent_at"]
        verbose_name = "alert sent"
        verbose_name_plural = "alerts sent"
        constraints = [
            models.UniqueConstraint(fields=["team", "kind", "subject_key"],
                                    name="one_alert_per_team_kind_and_subject"),
        ]
        indexes = [models.Index(fields=["team", "cleared_at"])]

    def __str__(self):
        return self.summary[:80]

    @property
    def is_standing(self) -> bool:
        return self.cleared_at is None
