"""The dashboard as rows of cells: every figure in words, linked to the rows behind it.

Built for one person: ticket counts cover the teams they see (exceptions.access), links go
only to lists they may open, and the technical details (raw figures as JSON) are there only
for those who read raw payloads. Figures about jobs, queues and connections are the same
for everyone: they hold no personal data.
"""

import json
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from exceptions import access
from exceptions.models import ExceptionTicket, Team
from integrations.flows import flows
from integrations.models import Connection, SyncJob, WebhookEvent

from . import capacity, figures, traffic
from .figures import WINDOW_LABELS, WINDOWS
from .models import AlertSent
from .silence import State
from .wording import ago, in_words, percent, stamp


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    tone: str = ""  # ok / warn / bad: a coloured pill; alarm: a figure in red; "": plain
    note: str = ""  # said under the figure


@dataclass
class FlowRow:
    """One store and flow: per window label, its processed, failed, parked and skipped
    jobs, the share that went wrong, and lag p50 and p95."""

    store: Cell
    flow: Cell
    windows: dict[str, list[Cell]] = field(default_factory=dict)


@dataclass
class Board:
    generated_at: str
    windows: tuple[str, ...]  # their labels, in the order of the columns
    tickets: list[list[Cell]] = field(default_factory=list)
    flows: list[FlowRow] = field(default_factory=list)
    queues: list[list[Cell]] = field(default_factory=list)
    queue_note: str = ""
    connections: list[list[Cell]] = field(default_factory=list)
    deliveries: list[list[Cell]] = field(default_factory=list)
    alerts: list[list[Cell]] = field(default_factory=list)
    technical: str = ""  # JSON, for those who read raw payloads


class Links:
    """Changelist URLs for the person, or "" where they may not open the list."""

    def __init__(self, user):
        self.user = user

    def to(self, model, **params) -> str:
        if not access.can_view_model(self.user, model):
            return ""
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{url}?{urlencode(params)}" if params else url

    def change(self, obj) -> str:
        if not access.can_view_model(self.user, type(obj)):
            return ""
        opts = obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def count(n: int, url: str) -> Cell:
    return Cell(f"{n:,}", url if n else "")


def build(user, now) -> Board:
    links = Links(user)
    since = {name: now - length for name, length in WINDOWS.items()}
    connections = capacity.connections()
    by_id = {c.pk: c for c in connections}
    board = Board(stamp(now), tuple(WINDOW_LABELS[w] for w in WINDOWS))
    board.tickets = _tickets(user, links, now)
    board.flows = _flows(links, by_id, since, now)
    database, rq = capacity.database_queue(now), capacity.rq_queues()
    board.queues, board.queue_note = _queues(links, database, rq, now)
    silences = {s.store.pk: s for s in traffic.silences(connections, now)}
    buckets, slots = {}, {}
    board.connections = _connections(links, connections, silences, buckets, slots, now)
    board.deliveries = _deliveries(links, by_id, since, now)
    board.alerts = _alerts(user, now)
    if access.sees_raw_payloads(user):
        board.technical = json.dumps(
            {"database_queue": asdict(database), "rq_queues": [asdict(q) for q in rq],
             "shopify_buckets": buckets, "netsuite_slots": slots},
            indent=2, default=str, sort_keys=True)
    return board


def _tickets(user, links, now) -> list[list[Cell]]:
    rows = []
    for t in figures.ticket_counts(user, now):
        base = {"team__exact": t.team}
        rows.append([
            Cell(Team(t.team).label, links.to(ExceptionTicket, **base, status__exact="open")),
            count(t.open, links.to(ExceptionTicket, **base, status__exact="open")),
            Cell(f"{t.overdue:,}", links.to(ExceptionTicket, **base, overdue="yes")
                 if t.overdue else "", "alarm" if t.overdue else ""),
            Cell(f"{t.critical:,}", links.to(ExceptionTicket, **base, status__exact="open",
                                             severity__exact="critical")
                 if t.critical else "", "alarm" if t.critical else ""),
            count(t.snoozed, links.to(ExceptionTicket, **base, status__exact="snoozed")),
        ])
    return rows


def _flows(links, by_id, since, now) -> list[FlowRow]:
    labels = {name: flow.label for name, flow in flows().items()}
    statuses = {name: ",".join(s.value for s in group)
                for name, group in figures.OUTCOMES.items()}
    rows = []
    for found in figures.job_outcomes(now):
        store = by_id.get(found.connection_id)
        row = FlowRow(Cell(store.name if store else f"#{found.connection_id}",
                           links.change(store) if store else ""),
                      Cell(labels.get(found.flow, found.flow)))
        for window, outcomes in found.windows.items():
            base = {"connection__id__exact": found.connection_id, "flow__exact": found.flow,
                    "finished_at__gte": since[window].isoformat()}
            cells = []
            for outcome in figures.OUTCOMES:
                n = getattr(outcomes, outcome)
                tone = "alarm" if n and outcome in ("failed", "parked") else ""
                cells.append(Cell(f"{n:,}", links.to(SyncJob, **base,
                                                     status__in=statuses[outcome])
                                  if n else "", tone))
            rate = percent(outcomes.went_wrong, outcomes.finished)
            cells.append(Cell(rate, tone="alarm" if outcomes.went_wrong else ""))
            lag_url = links.to(SyncJob, **base, status__exact="succeeded")
            cells += [Cell(in_words(outcomes.p50), lag_url if outcomes.p50 is not None else ""),
                      Cell(in_words(outcomes.p95), lag_url if outcomes.p95 is not None else "")]
            row.windows[WINDOW_LABELS[window]] = cells
        rows.append(row)
    return rows


def _queues(links, database, rq, now) -> tuple[list[list[Cell]], str]:
    waiting = links.to(SyncJob, status__in="pending,retrying")
    oldest = database.oldest_waiting_since
    waited = now - oldest if oldest else None
    slow = waited is not None and waited > settings.QUEUE_WAIT_ALERT
    deep = database.waiting >= settings.QUEUE_DEPTH_ALERT
    rows = [[
        Cell(f"{settings.SYNC_QUEUE} (database)"),
        Cell(f"{database.waiting:,}", waiting if database.waiting else "", "alarm" if deep else "",
             f"{database.pending:,} pending, {database.retrying_due:,} retries due"),
        Cell(in_words(waited) if waited else "nothing waiting", tone="alarm" if slow else "",
             note=f"since {stamp(oldest)}" if oldest else ""),
        count(database.retrying, links.to(SyncJob, status__exact="retrying")),
        count(database.running, links.to(SyncJob, status__exact="running")),
        Cell(stamp(database.oldest_enqueued_at)),
    ]]
    may_open_rq = access.can_view_model(links.user, access.RQ_DASHBOARD)
    rq_url = reverse("django_rq:home") if may_open_rq else ""
    for queue in rq:
        if not queue.reachable:
            rows.append([Cell(f"{queue.name} (Redis)", rq_url),
                         Cell("unreachable", tone="bad", note=queue.error),
                         Cell("—"), Cell("—"), Cell("—"), Cell("—")])
            continue
        age = now - queue.oldest_enqueued_at if queue.oldest_enqueued_at else None
        rows.append([
            Cell(f"{queue.name} (Redis)", rq_url),
            Cell(f"{queue.depth:,}", note=f"{queue.failed:,} in RQ's failed registry"),
            Cell(in_words(age) if age else "nothing waiting",
                 note=f"since {stamp(queue.oldest_enqueued_at)}" if age else ""),
            Cell(f"{queue.scheduled:,}", note="scheduled in Redis"),
            Cell(f"{queue.started:,}"),
            Cell(stamp(queue.oldest_enqueued_at)),
        ])
    if rq:
        note = ("Jobs run on RQ workers (Redis). The database row is the record of work: "
                "its figures and RQ's should agree; the sweeper re-queues what Redis lost.")
    else:
        note = ("No Redis: jobs run in the web process (in-process queue), which keeps no "
                "queue of its own to read. The database figures are the queue.")
    return rows, note


HEALTH_TONE = {Connection.Health.HEALTHY: "ok", Connection.Health.DEGRADED: "warn",
               Connection.Health.PAUSED: "bad"}
SILENCE_WORDS = {
    State.SILENT: ("silent", "bad"), State.LISTENING: ("receiving", "ok"),
    State.LEARNING: ("learning its traffic", ""), State.TOO_QUIET: ("too little traffic", ""),
    State.NEVER: ("no deliveries yet", ""),
}


def _connections(links, connections, silences, buckets, slots, now) -> list[list[Cell]]:
    rows = []
    for c in connections:
        if not c.is_active:
            continue
        health = Cell(c.get_health_display(), links.to(Connection, health__exact=c.health),
                      HEALTH_TONE.get(c.health, ""), c.health_detail[:200])
        success = Cell(ago(c.last_success_at, now),
                       note=stamp(c.last_success_at) if c.last_success_at else "")
        row = [Cell(c.name, links.change(c)), Cell(c.get_kind_display()), health, success]
        if c.kind == Connection.Kind.NETSUITE:
            found = capacity.netsuite_slots(c)
            slots[c.name] = asdict(found)
            where = "across every worker" if found.shared else "in this process (no Redis)"
            if found.in_use is None:
                row.append(Cell("Redis did not answer", tone="bad"))
            else:
                full = found.in_use >= found.limit
                row.append(Cell(f"{found.in_use} of {found.limit} NetSuite slots in use "
                                f"({percent(found.in_use, found.limit, digits=0)})",
                                tone="warn" if full else "", note=where))
            row += [Cell("—"), Cell("—")]
        else:
            bucket = capacity.shopify_bucket(c.shop_domain)
            buckets[c.shop_domain] = asdict(bucket)
            if bucket.known:
                low = bucket.available < 0.1 * bucket.maximum
                row.append(Cell(
                    f"{bucket.available:,.0f} of {bucket.maximum:,.0f} cost points free "
                    f"({percent(bucket.available, bucket.maximum, digits=0)})",
                    tone="warn" if low else "",
                    note=f"as last reported, {stamp(bucket.observed_at)}"))
            else:
                row.append(Cell("Shopify throttle not reported yet" if not bucket.error
                                else "throttle store unreachable", note=bucket.error))
            row += _silence_cells(links, c, silences.get(c.pk), now)
        rows.append(row)
    return rows


def _silence_cells(links, store, silent, now) -> list[Cell]:
    events = links.to(WebhookEvent, connection__id__exact=store.pk)
    last = Cell(ago(store.last_delivery_at, now), events if store.last_delivery_at else "",
                note=stamp(store.last_delivery_at) if store.last_delivery_at else "")
    if silent is None:
        return [last, Cell("—")]
    judged = silent.assessment
    words, tone = SILENCE_WORDS[judged.state]
    if judged.alert_after is not None:
        floor = settings.SILENT_STORE_FLOOR
        basis = (f"the floor; its traffic alone says {in_words(judged.learned)}"
                 if judged.alert_after == floor and judged.learned < floor
                 else "learned from its traffic at these hours")
        note = f"alert after {in_words(judged.alert_after)} of silence ({basis})"
    elif judged.state is State.LEARNING:
        note = "no alert before a week of its deliveries is known"
    else:
        note = ""
    return [last, Cell(words, tone=tone, note=note)]


def _deliveries(links, by_id, since, now) -> list[list[Cell]]:
    rows = []
    for d in figures.deliveries(now):
        store = by_id.get(d.connection_id)
        base = {"topic__exact": d.topic}
        if d.connection_id:
            base["connection__id__exact"] = d.connection_id
        rows.append([
            Cell(store.name if store else "unknown store"), Cell(d.topic),
            count(d.hour, links.to(WebhookEvent, **base,
                                   received_at__gte=since["hour"].isoformat())),
            count(d.day, links.to(WebhookEvent, **base, received_at__gte=since["day"].isoformat())),
        ])
    return rows


def _alerts(user, now) -> list[list[Cell]]:
    teams = sorted(access.ticket_teams(user))
    standing = AlertSent.objects.filter(cleared_at__isnull=True, team__in=teams).order_by(
        "-last_sent_at")[:50]
    return [[Cell(Team(a.team).label), Cell(a.get_kind_display()),
             Cell(a.summary, a.link), Cell(ago(a.last_sent_at, now), note=stamp(a.last_sent_at))]
            for a in standing]

