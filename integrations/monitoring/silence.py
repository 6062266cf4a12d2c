"""When a store's silence is an alarm: a threshold learned from the store's own traffic.

Pure computation; the deliveries come from `integrations.monitoring.traffic`.

1. `learn` turns a store's deliveries per hour (UTC hour starts → count) over the last
   weeks into its typical week: for each of the 168 hours of the week, the deliveries that
   hour usually brings. Each hour of the week has one sample per week of history; the
   typical value is their mean, leaving out the busiest week once there are three or more
   (so one flash sale in the history does not make every later week look dead).
2. `threshold` walks forward from the last delivery, hour by hour of that typical week,
   until the store would typically have had `factor` deliveries: on a busy afternoon that
   is minutes, on a quiet night hours. For steady traffic it is `factor` times the typical
   gap between deliveries. A silence spanning quiet and busy hours counts each at its own
   rate. Never less than the floor: a quiet Sunday night is not an alarm.
3. `assess` says whether the store is silent: no delivery for longer than its threshold.

With fewer than `min_history` of history the store is still being learned (no alarm), and
a store that would not get `factor` deliveries within a week has too little traffic to
tell a silence from a lull (no alarm either; the dashboard says so).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

HOUR = timedelta(hours=1)
WEEK = timedelta(weeks=1)
HOURS_PER_WEEK = 168


def hour_of_week(moment: datetime) -> int:
    """0 for Monday 00:00-01:00 UTC … 167 for Sunday 23:00-24:00 UTC."""
    moment = moment.astimezone(UTC)
    return moment.weekday() * 24 + moment.hour


def hour_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class TypicalWeek:
    """Deliveries a store typically gets in each hour of the week, learned over `history`."""

    rates: tuple[float, ...]  # HOURS_PER_WEEK values, deliveries per hour
    history: timedelta

    def rate_at(self, moment: datetime) -> float:
        return self.rates[hour_of_week(moment)]

    def expected_between(self, start: datetime, end: datetime) -> float:
        """Deliveries the store typically gets between two moments."""
        total, cursor = 0.0, start
        while cursor < end:
            slot_end = min(hour_start(cursor) + HOUR, end)
            total += self.rate_at(cursor) * ((slot_end - cursor) / HOUR)
            cursor = slot_end
        return total


def _typical(samples: list[int]) -> float:
    if len(samples) >= 3:
        samples = sorted(samples)[:-1]
    return sum(samples) / len(samples) if samples else 0.0


def learn(hourly: Mapping[datetime, int], since: datetime, until: datetime) -> TypicalWeek | None:
    """The typical week from deliveries per hour over [since, until), both taken to the hour.

    Hours missing from `hourly` had no delivery. None when the history does not cover every
    hour of the week at least once.
    """
    start, end = hour_start(since), hour_start(until)
    if end - start < WEEK:
        return None
    counts = {hour_start(k): v for k, v in hourly.items()}
    samples: list[list[int]] = [[] for _ in range(HOURS_PER_WEEK)]
    cursor = start
    while cursor < end:
        samples[hour_of_week(cursor)].append(counts.get(cursor, 0))
        cursor += HOUR
    return TypicalWeek(tuple(_typical(s) for s in samples), end - start)


def threshold(week: TypicalWeek, silent_since: datetime, *, factor: float,
              horizon: timedelta = WEEK) -> timedelta | None:
    """How long after `silent_since` the store would typically have had `factor` deliveries;
    None if not within `horizon`."""
    needed, cursor = float(factor), silent_since
    limit = silent_since + horizon
    while cursor < limit:
        slot_end = min(hour_start(cursor) + HOUR, limit)
        rate = week.rate_at(cursor)
        expected = rate * ((slot_end - cursor) / HOUR)
        if rate > 0 and expected >= needed:
            return cursor + HOUR * (needed / rate) - silent_since
        needed -= expected
        cursor = slot_end
    return None


class State(Enum):
    SILENT = "silent"  # no delivery for longer than the threshold: an alert
    LISTENING = "listening"  # deliveries as expected
    LEARNING = "learning"  # not enough history yet
    TOO_QUIET = "too_quiet"  # too little traffic to tell a silence from a lull
    NEVER = "never"  # no delivery ever


@dataclass(frozen=True)
class Assessment:
    state: State
    silent_for: timedelta | None = None  # since the last delivery
    alert_after: timedelta | None = None  # the threshold in force (never below the floor)
    learned: timedelta | None = None  # what the traffic alone says
    expected: float | None = None  # deliveries the store typically gets in such a silence

    @property
    def is_silent(self) -> bool:
        return self.state is State.SILENT


def assess(week: TypicalWeek | None, last_delivery: datetime | None, now: datetime, *,
           floor: timedelta, factor: float) -> Assessment:
    if last_delivery is None:
        return Assessment(State.NEVER)
    silent_for = max(now - last_delivery, timedelta(0))
    if week is None:
        return Assessment(State.LEARNING, silent_for)
    learned = threshold(week, last_delivery, factor=factor)
    if learned is None:
        return Assessment(State.TOO_QUIET, silent_for)
    alert_after = max(learned, floor)
    state = State.SILENT if silent_for > alert_after else State.LISTENING
    return Assessment(state, silent_for, alert_after, learned,
                      week.expected_between(last_delivery, now))
