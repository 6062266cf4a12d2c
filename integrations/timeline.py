"""One order's story across Shopify, the integration and NetSuite, told by registered sources.

A source is a function `fn(order, user)` returning `TimelineEntry`s: it reads its own records
of the order (`order` is an `OrderRef`) in a fixed number of queries however many there are,
leaves out or redacts what `user` may not see (exceptions.access), and says nothing about how
the page looks (integrations.timeline_display does that). A flow adds its part of the story by
registering a source when its app is ready, and the page shows it without being edited:

    from integrations.timeline import Status, TimelineEntry, register_source

    def refund_entries(order, user):
        for refund in Refund.objects.filter(store=order.store, order_id=order.order_id):
            yield TimelineEntry(at=refund.created_at, kind="refund", system=SHOPIFY,
                                title=f"Refund of {refund.amount}",
                                status=Status("Booked", "cp-ok"))

    register_source("refunds", refund_entries)

The built-in sources register the same way: deliveries, jobs and their attempts, and NetSuite
records in integrations.timeline_sources; tickets in exceptions.timeline.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from exceptions import access

log = logging.getLogger(__name__)

# Where an entry happened.
SHOPIFY = "Shopify"
INTEGRATION = "Integration"
NETSUITE = "NetSuite"
CONTROL_PANEL = "Control panel"


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class Status:
    """A status pill: its words and its colour (a pill class of base_site.html, e.g.
    "cp-job-parked", or one of the generic "cp-ok", "cp-info", "cp-warn", "cp-bad")."""

    label: str
    tone: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # what it is: "delivery", "job", "attempt", "netsuite", "ticket", "refund"…
    title: str
    detail: str = ""
    status: Status | None = None
    link: Link | None = None
    system: str = INTEGRATION
    more_links: tuple[Link, ...] = ()
    # Raw payloads (customer data), shown collapsed as "Technical details". A source fills it
    # only for viewers who see raw payloads, and the page shows it only to them.
    technical: str = ""


@dataclass(frozen=True)
class OrderRef:
    """The order a timeline is about: its store (with the store's NetSuite account loaded),
    its Shopify id, and what the inbox knows of it (integrations.models.KnownOrder)."""

    known: object  # a KnownOrder

    @property
    def store(self):
        return self.known.store

    @property
    def order_id(self) -> str:
        return self.known.order_id

    @property
    def name(self) -> str:
        return self.known.name or f"#{self.known.order_id}"

    @property
    def customer_id(self) -> str:
        return self.known.customer_id


Source = Callable[[OrderRef, object], Iterable[TimelineEntry]]

_sources: dict[str, Source] = {}


def register_source(name: str, fn: Source) -> None:
    """Add (or replace) the source called `name`."""
    _sources[name] = fn


def unregister_source(name: str) -> None:
    _sources.pop(name, None)


def source_names() -> list[str]:
    return list(_sources)


@dataclass(frozen=True)
class Story:
    entries: list[TimelineEntry]
    unreadable: list[str]  # the sources that failed: the page says their part is missing


def collect(order: OrderRef, user) -> Story:
    """Every source's entries for the order as `user` may see them. A source that fails is
    logged and named on the page; the others are still shown."""
    entries: list[TimelineEntry] = []
    unreadable: list[str] = []
    for name, fn in list(_sources.items()):
        try:
            entries.extend(fn(order, user))
        except Exception:
            log.exception("order timeline: source %r failed for order %s", name, order.order_id)
            unreadable.append(name)
    return Story(entries, unreadable)


def may_read_timelines(user) -> bool:
    """Order timelines are for the people who work tickets: every team, Governance and
    superusers (exceptions.access decides who sees which tickets)."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return access.is_superuser(user) or bool(access.ticket_teams(user))
