"""What is alarming right now, and which team must hear about it.

- a ticket past its response window (open, `due_at` passed): its own team;
- an open critical ticket (credentials rejected, a store without its ledger mapping):
  its own team;
- the sync queue backed up (QUEUE_DEPTH_ALERT jobs waiting, or the oldest waiting longer
  than QUEUE_WAIT_ALERT): Integration admin;
- a silent store (integrations.monitoring.silence): Integration admin, who owns the
  connections and their webhook subscriptions.

Each alert names its subject (`ticket-42`, `queue-sync`, `store-3`): the alerting sends an
alert once per subject and again only after it cleared and came back.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from exceptions.models import ExceptionTicket, Severity, Team

from . import capacity, traffic
from .models import AlertKind
from .wording import ago, in_words, stamp


@dataclass(frozen=True)
class Alert:
    team: str
    kind: str
    subject_key: str
    summary: str
    link: str  # an admin path

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.team, self.kind, self.subject_key)


def current_alerts(now) -> list[Alert]:
    return [*ticket_alerts(now), *queue_alerts(now), *silent_store_alerts(now)]


def ticket_alerts(now) -> list[Alert]:
    tickets = (
        ExceptionTicket.objects.filter(status=ExceptionTicket.Status.OPEN)
        .filter(Q(due_at__lt=now) | Q(severity=Severity.CRITICAL))
        .select_related("store").only("pk", "team", "severity", "title", "due_at", "store__name")
        .order_by("due_at", "pk")
    )
    found = []
    for ticket in tickets:
        where = f" ({ticket.store.name})" if ticket.store else ""
        link = reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk])
        if ticket.severity == Severity.CRITICAL:
            found.append(Alert(ticket.team, AlertKind.CRITICAL_TICKET, f"ticket-{ticket.pk}",
                               f"Critical: {ticket.title}{where}, due {stamp(ticket.due_at)}",
                               link))
        if ticket.due_at < now:
            found.append(Alert(
                ticket.team, AlertKind.OVERDUE_TICKET, f"ticket-{ticket.pk}",
                f"Past its response window: {ticket.title}{where}, due {stamp(ticket.due_at)} "
                f"({ago(ticket.due_at, now)})", link,
            ))
    return found


def queue_alerts(now) -> list[Alert]:
    queue = capacity.database_queue(now)
    waited = now - queue.oldest_waiting_since if queue.oldest_waiting_since else None
    deep = queue.waiting >= settings.QUEUE_DEPTH_ALERT
    slow = waited is not None and waited > settings.QUEUE_WAIT_ALERT
    if not (deep or slow):
        return []
    summary = (
        f"Sync queue backed up: {queue.waiting} job(s) waiting for a worker, the oldest for "
        f"{in_words(waited)} (alert at {settings.QUEUE_DEPTH_ALERT} jobs or "
        f"{in_words(settings.QUEUE_WAIT_ALERT)})"
    )
    link = reverse("admin:integrations_syncjob_changelist") + "?status__in=pending,retrying"
    return [Alert(Team.INTEGRATION_ADMIN, AlertKind.QUEUE_BACKLOG,
                  f"queue-{settings.SYNC_QUEUE}", summary, link)]


def silent_store_alerts(now) -> list[Alert]:
    found = []
    for silent in traffic.silences(capacity.connections(), now, past_floor_only=True):
        judged = silent.assessment
        if not judged.is_silent:
            continue
        store = silent.store
        summary = (
            f"Silent store: {store.name} has had no webhook for {in_words(judged.silent_for)} "
            f"(last at {stamp(store.last_delivery_at)}); at these hours of the week it would "
            f"typically have had {judged.expected:.0f} by now (alert after "
            f"{in_words(judged.alert_after)}). Check its webhook subscriptions in Shopify."
        )
        link = (reverse("admin:integrations_webhookevent_changelist")
                + f"?connection__id__exact={store.pk}")
        found.append(Alert(Team.INTEGRATION_ADMIN, AlertKind.SILENT_STORE, f"store-{store.pk}",
                           summary, link))
    return found
