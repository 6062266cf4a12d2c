"""Exception tickets: every failure a person must act on, routed to the team that owns it."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Team(models.TextChoices):
    FINANCE = "finance", "Finance"
    CX = "cx", "CX"
    OPS = "ops", "Ops / Warehouse"
    INTEGRATION_ADMIN = "integration_admin", "Integration admin"


# The Django group that stands for each team (created by a migration).
TEAM_GROUPS = {
    Team.FINANCE: "Finance",
    Team.CX: "CX",
    Team.OPS: "Ops",
    Team.INTEGRATION_ADMIN: "Integration admin",
}
GOVERNANCE_GROUP = "Governance"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class TicketType(models.Model):
    """A kind of failure and who owns it. Routing is editable; defaults come from a migration."""

    code = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=120)
    team = models.CharField(max_length=32, choices=Team.choices)
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.NORMAL)
    response_window = models.DurationField(
        default=timedelta(hours=24), help_text="How long the team has to respond."
    )
    guidance = models.TextField(blank=True, help_text="What the owning team should do.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "code"]

    def __str__(self):
        return self.title


class ExceptionTicket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SNOOZED = "snoozed", "Snoozed"
        RESOLVED = "resolved", "Resolved"

    OPEN_STATUSES = (Status.OPEN, Status.SNOOZED)

    ticket_type = models.ForeignKey(TicketType, on_delete=models.PROTECT, related_name="tickets")
    team = models.CharField(max_length=32, choices=Team.choices, db_index=True)
    severity = models.CharField(max_length=16, choices=Severity.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    fingerprint = models.CharField(
        max_length=255, help_text="Same failure, same fingerprint: it bumps this ticket."
    )
    title = models.CharField(max_length=255)
    detail = models.TextField(blank=True)
    store = models.ForeignKey(
        "integrations.Connection", null=True, blank=True, on_delete=models.PROTECT,
        related_name="tickets",
    )
    jobs = models.ManyToManyField("integrations.SyncJob", blank=True, related_name="tickets")
    last_event = models.ForeignKey(
        "integrations.WebhookEvent", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    occurrences = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(help_text="End of the response window.")
    snoozed_until = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution_note = models.TextField(blank=True)
    reopened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the same failure came back after a resolution.",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_tickets", help_text="A member of the owning team.",
    )
    # What the ticket is about, as the team searches for it (the latest occurrence's).
    order_name = models.CharField(max_length=64, blank=True, db_index=True,
                                  help_text="Shopify order name, e.g. #1001.")
    order_id = models.CharField(max_length=32, blank=True, db_index=True,
                                help_text="Shopify order id.")
    customer_email = models.CharField(max_length=254, blank=True, db_index=True)
    sku = models.CharField("SKU", max_length=255, blank=True, db_index=True)
    netsuite_id = models.CharField("NetSuite internal id", max_length=32, blank=True,
                                   db_index=True)
    external_id = models.CharField("NetSuite externalId", max_length=128, blank=True,
                                   db_index=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True,
                                 help_text="The order total, in `currency`.")
    currency = models.CharField(max_length=3, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_seen"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=models.Q(status__in=["open", "snoozed"]),
                name="one_open_ticket_per_fingerprint",
            )
        ]
        indexes = [
            # A team's queue: its open tickets by due time, and their counts by type.
            models.Index(fields=["team", "status", "due_at"]),
            models.Index(fields=["team", "status", "ticket_type", "due_at"],
                         name="ticket_queue_type_counts"),
            # Queues that span teams (Governance, people in several groups).
            models.Index(fields=["status", "due_at"], name="ticket_queue_by_due"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
