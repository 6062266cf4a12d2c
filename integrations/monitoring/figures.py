"""The dashboard's figures about work done: jobs by outcome, sync lag, webhook deliveries and
ticket counts, for the last hour and the last day.

Each function is one aggregate query whatever the volume of rows behind it, grouped by
store (connection) and flow or topic. Ticket counts go through the access policy: a person
counts only the tickets of the teams they see.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection as db_connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q

from exceptions import access
from exceptions.models import ExceptionTicket, Severity
from integrations.models import SyncJob, WebhookEvent

from . import lag

WINDOWS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
WINDOW_LABELS = {"hour": "Last hour", "day": "Last 24 hours"}
LONGEST = max(WINDOWS.values())

# What the dashboard calls each outcome, and the job statuses it counts.
OUTCOMES = {
    "processed": (SyncJob.Status.SUCCEEDED,),
    "failed": (SyncJob.Status.FAILED,),
    "parked": (SyncJob.Status.PARKED, SyncJob.Status.PAUSED),
    "skipped": (SyncJob.Status.SKIPPED,),
}


@dataclass
class Outcomes:
    """Jobs that finished in one window, by outcome."""

    processed: int = 0
    failed: int = 0
    parked: int = 0
    skipped: int = 0
    p50: timedelta | None = None
    p95: timedelta | None = None

    @property
    def finished(self) -> int:
        return self.processed + self.failed + self.parked + self.skipped

    @property
    def went_wrong(self) -> int:
        return self.failed + self.parked


@dataclass
class FlowFigures:
    connection_id: int
    flow: str
    windows: dict[str, Outcomes] = field(default_factory=lambda: {w: Outcomes() for w in WINDOWS})


def _since(now) -> dict[str, object]:
    return {name: now - length for name, length in WINDOWS.items()}


def job_outcomes(now) -> list[FlowFigures]:
    """Per store and flow, per window: jobs finished by outcome, and p50/p95 sync lag."""
    since = _since(now)
    counts = {
        f"{window}_{outcome}": Count("pk", filter=Q(status__in=statuses,
                                                    finished_at__gte=since[window]))
        for window in WINDOWS for outcome, statuses in OUTCOMES.items()
    }
    rows = (
        SyncJob.objects.filter(finished_at__gte=now - LONGEST, finished_at__lte=now)
        .order_by().values("connection_id", "flow").annotate(**counts)
    )
    figures: dict[tuple[int, str], FlowFigures] = {}
    for row in rows:
        key = (row["connection_id"], row["flow"])
        found = figures[key] = FlowFigures(*key)
        for window, outcomes in found.windows.items():
            for outcome in OUTCOMES:
                setattr(outcomes, outcome, row[f"{window}_{outcome}"])
    for key, by_window in sync_lag(now).items():
        found = figures.setdefault(key, FlowFigures(*key))
        for window, quantiles in by_window.items():
            found.windows[window].p50 = quantiles["p50"]
            found.windows[window].p95 = quantiles["p95"]
    return sorted(figures.values(), key=lambda f: (f.connection_id, f.flow))


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: percentile_cont(fraction) WITHIN GROUP (ORDER BY x)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


LAG = ExpressionWrapper(F("finished_at") - F("event__received_at"), output_field=DurationField())


def _lagged_jobs(now):
    return SyncJob.objects.filter(
        status=SyncJob.Status.SUCCEEDED, event__isnull=False,
        finished_at__gte=now - LONGEST, finished_at__lte=now,
    ).order_by()


def sync_lag(now) -> dict[tuple[int, str], dict[str, dict]]:
    """(store, flow) → window → {"p50": timedelta, "p95": timedelta}: webhook received →
    written, for the jobs that succeeded in the window. One query on any database."""
    since = _since(now)
    if db_connection.vendor == "postgresql":
        quantiles = {
            f"{window}_{name}": PercentileCont(LAG, fraction,
                                              filter=Q(finished_at__gte=since[window]))
            for window in WINDOWS for name, fraction in lag.QUANTILES.items()
        }
        rows = _lagged_jobs(now).values("connection_id", "flow").annotate(**quantiles)
        return {
            (row["connection_id"], row["flow"]): {
                window: {name: row[f"{window}_{name}"] for name in lag.QUANTILES}
                for window in WINDOWS
            }
            for row in rows
        }
    lags: dict[tuple[int, str], dict[str, list]] = {}
    rows = _lagged_jobs(now).annotate(lag=LAG).values_list(
        "connection_id", "flow", "finished_at", "lag")
    for connection_id, flow, finished_at, value in rows:
        windows = lags.setdefault((connection_id, flow), {w: [] for w in WINDOWS})
        for window, start in since.items():
            if finished_at >= start:
                windows[window].append(value)
    return {key: {w: lag.summary(values) for w, values in windows.items()}
            for key, windows in lags.items()}


@dataclass(frozen=True)
class Deliveries:
    connection_id: int | None
    topic: str
    hour: int
    day: int


def deliveries(now) -> list[Deliveries]:
    """Webhook deliveries per store and topic received in the last hour and day."""
    since = _since(now)
    rows = (
        WebhookEvent.objects.filter(received_at__gte=since["day"], received_at__lte=now)
        .order_by().values("connection_id", "topic")
        .annotate(hour=Count("pk", filter=Q(received_at__gte=since["hour"])), day=Count("pk"))
    )
    return sorted(
        (Deliveries(r["connection_id"], r["topic"], r["hour"], r["day"]) for r in rows),
        key=lambda d: (d.connection_id or 0, d.topic),
    )


@dataclass(frozen=True)
class TeamTickets:
    team: str
    open: int
    overdue: int
    critical: int
    snoozed: int


def ticket_counts(user, now) -> list[TeamTickets]:
    """Open, overdue, critical and snoozed tickets of each team the user sees."""
    teams = sorted(access.ticket_teams(user))
    if not teams:
        return []
    is_open = Q(status=ExceptionTicket.Status.OPEN)
    rows = {
        row["team"]: row
        for row in access.scope(user, ExceptionTicket.objects.filter(
            status__in=ExceptionTicket.OPEN_STATUSES)).order_by().values("team").annotate(
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & Q(due_at__lt=now)),
            critical=Count("pk", filter=is_open & Q(severity=Severity.CRITICAL)),
            snoozed=Count("pk", filter=Q(status=ExceptionTicket.Status.SNOOZED)),
        )
    }
    empty = {"open": 0, "overdue": 0, "critical": 0, "snoozed": 0}
    return [TeamTickets(team, **{k: rows.get(team, empty)[k] for k in empty}) for team in teams]
