"""The review's ticket figures, computed from tickets' episodes (exceptions.governance.
episodes: first seen or reopened, to resolved), with no database here.

An episode counts in a week as:
- opened: first seen or reopened in the week (reopened: the reopenings among them);
- cleared: resolved in the week (its time to clear: from opening to resolution);
- open at the week's end: opened before the end and not resolved by then;
- breached: cleared after its response window ended, or open at the week's end past it.
Percentiles are nearest-rank: p90 is the smallest time within which 90% of tickets cleared.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .episodes import Episode

DAY = timedelta(days=1)
# Ages of what is open at the week's end: (label, upper bound; None for the rest).
AGE_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("0\u20131 d", DAY), ("1\u20133 d", 3 * DAY), ("3\u20137 d", 7 * DAY), ("older", None),
)


@dataclass(frozen=True)
class Figures:
    opened: int = 0
    reopened: int = 0
    cleared: int = 0
    open_at_end: int = 0
    breached: int = 0
    cleared_late: int = 0
    aging: tuple[int, ...] = (0,) * len(AGE_BUCKETS)
    mean_to_clear: timedelta | None = None
    p90_to_clear: timedelta | None = None

    @property
    def cleared_in_window_rate(self) -> float | None:
        """Share of the tickets cleared this week that were cleared within their window."""
        if not self.cleared:
            return None
        return (self.cleared - self.cleared_late) / self.cleared

    @property
    def is_empty(self) -> bool:
        return not (self.opened or self.cleared or self.open_at_end)


def percentile(values: Sequence, p: float):
    """Nearest-rank percentile (p in (0, 100]) of the values; None when there are none."""
    if not values:
        return None
    if not 0 < p <= 100:
        raise ValueError(f"percentile must be in (0, 100], not {p}")
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]


def mean_duration(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    return sum(values, timedelta()) / len(values)


def age_bucket(age: timedelta) -> int:
    """Index in AGE_BUCKETS of an open ticket's age (an upper bound belongs to the next)."""
    for index, (_, upper) in enumerate(AGE_BUCKETS):
        if upper is None or age < upper:
            return index
    raise AssertionError("the last bucket has no upper bound")


def open_at(episode: Episode, moment: datetime) -> bool:
    if episode.opened_at >= moment:
        return False
    if episode.cleared_at is None:
        return episode.is_open
    return episode.cleared_at >= moment


def cleared_in(episode: Episode, start: datetime, end: datetime) -> bool:
    return episode.cleared_at is not None and start <= episode.cleared_at < end


def open_during(episode: Episode, start: datetime, end: datetime) -> bool:
    """Open at some moment of [start, end)."""
    return open_at(episode, end) or cleared_in(episode, start, end) or (
        start <= episode.opened_at < end)


def week_figures(episodes: Iterable[Episode], start: datetime, end: datetime) -> Figures:
    opened = reopened = cleared = open_at_end = cleared_late = open_late = 0
    aging = [0] * len(AGE_BUCKETS)
    to_clear = []
    for episode in episodes:
        if start <= episode.opened_at < end:
            opened += 1
            reopened += episode.is_reopening
        if cleared_in(episode, start, end):
            cleared += 1
            to_clear.append(episode.cleared_at - episode.opened_at)
            cleared_late += episode.cleared_at > episode.due_at
        if open_at(episode, end):
            open_at_end += 1
            aging[age_bucket(end - episode.opened_at)] += 1
            open_late += episode.due_at < end
    return Figures(
        opened=opened, reopened=reopened, cleared=cleared, open_at_end=open_at_end,
        breached=cleared_late + open_late, cleared_late=cleared_late, aging=tuple(aging),
        mean_to_clear=mean_duration(to_clear), p90_to_clear=percentile(to_clear, 90),
    )


def grouped_figures(episodes: Iterable[Episode], start: datetime, end: datetime,
                    key: Callable[[Episode], object]) -> dict:
    """Figures per group of episodes (`key(episode)`), for the groups that have any."""
    groups = defaultdict(list)
    for episode in episodes:
        groups[key(episode)].append(episode)
    return {group: week_figures(members, start, end) for group, members in groups.items()}


def daily_counts(episodes: Sequence[Episode],
                 days: Sequence[tuple[date, datetime, datetime]]) -> list[tuple[date, int, int]]:
    """(day, opened, cleared) for each (day, start, end)."""
    return [
        (day, sum(start <= e.opened_at < end for e in episodes),
         sum(cleared_in(e, start, end) for e in episodes))
        for day, start, end in days
    ]


@dataclass(frozen=True)
class TicketOccurrences:
    """A ticket's occurrence counter as its history recorded it: the highest value seen
    before last week began, before this week began, and before this week ended (None: no
    history row by then). The counter only grows."""

    ticket_id: int
    fingerprint: str
    before_last_week: int | None
    before_this_week: int | None
    by_week_end: int | None


@dataclass(frozen=True)
class Recurrence:
    fingerprint: str
    this_week: int
    last_week: int
    latest_ticket_id: int


def recurrences(rows: Iterable[TicketOccurrences]) -> list[Recurrence]:
    """How often each fingerprint occurred this week and last, over all its tickets, most
    frequent first (ties: the fingerprint's name); fingerprints not seen this week are left
    out."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        before_last, before_this = row.before_last_week or 0, row.before_this_week or 0
        counts = found[row.fingerprint]
        counts[0] += (row.by_week_end or 0) - before_this
        counts[1] += before_this - before_last
        counts[2] = max(counts[2], row.ticket_id)
    ranked = [Recurrence(fingerprint, this, last, latest)
              for fingerprint, (this, last, latest) in found.items() if this > 0]
    return sorted(ranked, key=lambda r: (-r.this_week, r.fingerprint))
