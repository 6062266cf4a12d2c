"""Replaying a trading day against a running server: prepare the sandboxes, send the signed
deliveries over HTTP, wait for the queue to drain, and say what happened.

Only the demo talks to the sandboxes' control endpoints (/_sandbox/...), directly with httpx:
they are the simulators' own switches, not vendor APIs, so the API clients never see them.
"""

import time
from collections import Counter
from dataclasses import dataclass

import httpx
from django.db.models import QuerySet

from exceptions.models import ExceptionTicket, Team
from integrations.models import Connection, SyncJob, WebhookEvent
from integrations.runs import start_run

from . import merchant
from .trading_day import REDELIVERY, REJECTED, SAME_VERSION, Delivery, TradingDay

TIMEOUT = httpx.Timeout(10.0, connect=3.0)
REFERENCE_LISTS = "netsuite_references"


class ReplayError(RuntimeError):
    pass


@dataclass(frozen=True)
class Outcome:
    delivery: Delivery
    status: int
    detail: str

    @property
    def kind(self) -> str:
        """How the server answered: accepted, redelivery, rejected or failed."""
        if self.status == 200 and self.detail.startswith("duplicate delivery"):
            return REDELIVERY
        if self.status == 200:
            return "accepted"
        if self.status == 400:
            return REJECTED
        return "failed"

    @property
    def as_expected(self) -> bool:
        expected = "accepted" if self.delivery.expect == SAME_VERSION else self.delivery.expect
        return self.kind == expected


def register_netsuite_records(netsuite_url: str) -> None:
    """Tell NetSuite's sandbox which records the demo account has (merchant.NETSUITE_KNOWN)."""
    known = {**merchant.NETSUITE_KNOWN, "tax_rates": merchant.NETSUITE_TAX_RATES}
    with httpx.Client(timeout=TIMEOUT) as http:
        _control(http, netsuite_url, "/_sandbox/known", known)


def prepare_sandboxes(store: Connection, day: TradingDay) -> None:
    """Tell NetSuite's sandbox which records exist (then read them into the reference lists
    the mapping forms pick from) and Shopify's how risky each order is."""
    netsuite = store.netsuite
    if netsuite is None:
        raise ReplayError(f"{store} has no NetSuite account")
    register_netsuite_records(netsuite.base_url)
    start_run(REFERENCE_LISTS, netsuite)
    with httpx.Client(timeout=TIMEOUT) as http:
        for risk in day.risks:
            _control(http, store.base_url, "/_sandbox/orders", risk)


def _control(http: httpx.Client, base_url: str, path: str, body: dict) -> None:
    url = base_url.rstrip("/") + path
    try:
        response = http.post(url, json=body)
    except httpx.HTTPError as exc:
        raise ReplayError(f"sandbox not reachable at {url}: {exc} (is runsandbox running?)") \
            from exc
    if response.status_code >= 400:
        raise ReplayError(f"sandbox refused {path}: HTTP {response.status_code} {response.text}")


def send(url: str, deliveries: list[Delivery]) -> list[Outcome]:
    outcomes = []
    with httpx.Client(timeout=TIMEOUT) as http:
        for delivery in deliveries:
            try:
                response = http.post(url, content=delivery.body, headers=delivery.headers)
            except httpx.HTTPError as exc:
                raise ReplayError(f"POST {url} failed: {exc}") from exc
            try:
                detail = str(response.json().get("detail", ""))
            except ValueError:
                detail = response.text[:200]
            outcomes.append(Outcome(delivery, response.status_code, detail))
    return outcomes


def jobs_of(event_ids) -> QuerySet:
    return SyncJob.objects.filter(event__event_id__in=list(event_ids))


def wait_for_queue(event_ids, timeout: float, poll: float = 0.5) -> int:
    """Wait until every job these events made is finished; the number still unfinished."""
    deadline = time.monotonic() + timeout
    while True:
        unfinished = jobs_of(event_ids).filter(status__in=SyncJob.UNFINISHED).count()
        if not unfinished or time.monotonic() >= deadline:
            return unfinished
        time.sleep(poll)


def summary(store: Connection, outcomes: list[Outcome], unfinished: int,
            timeout: float) -> list[str]:
    """The replay in a few lines: what was sent, how the server answered, what it became."""
    event_ids = {o.delivery.event_id for o in outcomes}
    kinds = Counter(o.kind for o in outcomes)
    same_version = WebhookEvent.objects.filter(
        event_id__in=event_ids, status=WebhookEvent.Status.DUPLICATE).count()
    waves = Counter(o.delivery.wave for o in outcomes)
    lines = [
        f"Sent {len(outcomes)} deliveries ({waves[1]} in the day, {waves[2]} late arrivals).",
        f"  accepted   {kinds['accepted'] - same_version:>4}  new work (a sync job each)",
        f"  duplicates {kinds[REDELIVERY] + same_version:>4}  {kinds[REDELIVERY]} exact "
        f"redeliveries (same event id) + {same_version} same order version under another "
        "topic: no new job",
        f"  rejected   {kinds[REJECTED]:>4}  " + "; ".join(
            sorted({o.detail for o in outcomes if o.kind == REJECTED})[:2]),
    ]
    if kinds["failed"]:
        lines.append(f"  failed     {kinds['failed']:>4}  " + "; ".join(
            sorted({f"HTTP {o.status} {o.detail}" for o in outcomes if o.kind == "failed"})[:3]))
    surprises = [o for o in outcomes if not o.as_expected]
    for outcome in surprises[:5]:
        lines.append(f"  unexpected: {outcome.delivery.scenario} ({outcome.delivery.topic}) got "
                     f"HTTP {outcome.status} {outcome.detail}")

    jobs = Counter(jobs_of(event_ids).values_list("status", flat=True))
    if unfinished:
        lines.append(f"Queue: {unfinished} job(s) still unfinished after {timeout:.0f}s "
                     "(is a worker running?).")
    else:
        lines.append("Queue drained.")
    labels = dict(SyncJob.Status.choices)
    lines.append("Jobs by status: " + ", ".join(
        f"{labels.get(status, status)} {count}" for status, count in jobs.most_common()))

    open_tickets = ExceptionTicket.objects.filter(
        store=store, status__in=ExceptionTicket.OPEN_STATUSES).order_by("team", "title")
    by_team = Counter(open_tickets.values_list("team", flat=True))
    teams = dict(Team.choices)
    lines.append("Open tickets for the store, by team: " + (", ".join(
        f"{teams.get(team, team)} {count}" for team, count in sorted(by_team.items()))
        or "none"))
    for ticket in open_tickets:
        lines.append(f"  [{teams.get(ticket.team, ticket.team)}] {ticket.title}"
                     + (f" (x{ticket.occurrences})" if ticket.occurrences > 1 else ""))
    return lines
