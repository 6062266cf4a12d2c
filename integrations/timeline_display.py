"""How an order's timeline reads on the page. Pure: entries in, rows for the template out.

Entries are put in time order (newest or oldest first) and under a heading per day, in the
viewer's time zone; times carry the zone's name. Technical details (raw payloads) are kept
only when the viewer may see them, whatever a source put there.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from .timeline import Link, Status, TimelineEntry
from .wording import local_time, money

DAY_FORMAT = "l j F Y"  # Monday 23 November 2026
NEWEST, OLDEST = "newest", "oldest"


@dataclass(frozen=True)
class Row:
    when: str
    iso: str
    system: str
    kind: str
    title: str
    detail: str
    status: Status | None
    link: Link | None
    more_links: tuple[Link, ...]
    technical: str


@dataclass(frozen=True)
class Day:
    heading: str
    rows: list[Row]


def ordered(entries: list[TimelineEntry], order: str = NEWEST) -> list[TimelineEntry]:
    """In time order; entries at the same moment keep the order their sources gave them."""
    ranked = sorted(enumerate(entries), key=lambda pair: (pair[1].at, pair[0]))
    chosen = [entry for _, entry in ranked]
    return chosen[::-1] if order == NEWEST else chosen


def days(entries: list[TimelineEntry], *, order: str = NEWEST,
         show_technical: bool = False) -> list[Day]:
    """The entries as the page shows them: day headings, then one row per entry."""
    grouped: list[Day] = []
    for entry in ordered(entries, order):
        heading = date_format(timezone.localtime(entry.at), DAY_FORMAT)
        if not grouped or grouped[-1].heading != heading:
            grouped.append(Day(heading, []))
        grouped[-1].rows.append(row(entry, show_technical=show_technical))
    return grouped


def row(entry: TimelineEntry, *, show_technical: bool) -> Row:
    return Row(
        when=local_time(entry.at), iso=entry.at.isoformat(), system=entry.system,
        kind=entry.kind, title=entry.title, detail=entry.detail, status=entry.status,
        link=entry.link, more_links=entry.more_links,
        technical=entry.technical if show_technical else "",
    )


@dataclass(frozen=True)
class Heading:
    """The order at the top of the page."""

    name: str
    store: str
    placed: str
    total: str
    email: str
    facts: list[str]
    links: list[Link]


def heading(known, *, links: list[Link], counts: dict[str, int], show_email: bool) -> Heading:
    """`known` is the KnownOrder; `counts` how many entries of each kind the story has."""
    facts = [f"{n} {_plural(kind, n)}" for kind, n in counts.items() if n]
    return Heading(
        name=known.name or f"#{known.order_id}",
        store=str(known.store),
        placed=local_time(known.placed_at),
        total=money(known.total_price, known.currency) if known.total_price is not None else "—",
        email=known.email if show_email else "",
        facts=facts,
        links=links,
    )


def kind_counts(entries: list[TimelineEntry]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    return counts


WORDS = {"delivery": ("webhook delivery", "webhook deliveries"), "job": ("sync job", "sync jobs"),
         "attempt": ("attempt", "attempts"), "netsuite": ("NetSuite record", "NetSuite records"),
         "ticket": ("ticket", "tickets")}


def _plural(kind: str, n: int) -> str:
    one, many = WORDS.get(kind, (kind, f"{kind}s"))
    return one if n == 1 else many

