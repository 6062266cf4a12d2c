"""ISO weeks (Monday to Sunday, as ISO 8601 numbers them) and their bounds in a time zone."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

PATTERN = r"[0-9]{4}-W[0-9]{2}"
_PARSE = re.compile(r"^([0-9]{4})-W([0-9]{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self):
        date.fromisocalendar(self.year, self.week, 1)  # ValueError for a week that does not exist

    @classmethod
    def parse(cls, text: str) -> "IsoWeek":
        """'2026-W48' → IsoWeek(2026, 48); ValueError for anything else or a week that the
        year does not have (only some years have a week 53)."""
        found = _PARSE.match(text or "")
        if not found:
            raise ValueError(f"{text!r} is not an ISO week like 2026-W48")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def containing(cls, day: date) -> "IsoWeek":
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def last_complete(cls, now: datetime, zone: tzinfo) -> "IsoWeek":
        """The most recent week that has ended, in that zone."""
        return cls.containing(now.astimezone(zone).date()).previous

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=n) for n in range(7)]

    @property
    def previous(self) -> "IsoWeek":
        return IsoWeek.containing(self.monday - timedelta(days=7))

    @property
    def next(self) -> "IsoWeek":
        return IsoWeek.containing(self.monday + timedelta(days=7))

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """From Monday 00:00 to the next Monday 00:00 in `zone` (a DST week is 167 or 169
        hours long)."""
        return midnight(self.monday, zone), midnight(self.monday + timedelta(days=7), zone)

    def day_bounds(self, zone: tzinfo) -> list[tuple[date, datetime, datetime]]:
        return [(day, midnight(day, zone), midnight(day + timedelta(days=1), zone))
                for day in self.days]

    def has_ended(self, now: datetime, zone: tzinfo) -> bool:
        return now >= self.bounds(zone)[1]

    def has_started(self, now: datetime, zone: tzinfo) -> bool:
        return now >= self.bounds(zone)[0]

    def describe(self) -> str:
        """'Week 48 of 2026: 23 Nov - 29 Nov 2026' (with an en dash)."""
        first, last = self.monday, self.sunday
        return (f"Week {self.week} of {self.year}: {first.day} {first:%b} \u2013 "
                f"{last.day} {last:%b %Y}")


def midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


class IsoWeekConverter:
    """`<week:week>` in a URL: 2026-W48, given to the view as an IsoWeek (404 if no such week)."""

    regex = PATTERN

    def to_python(self, value: str) -> IsoWeek:
        return IsoWeek.parse(value)

    def to_url(self, value) -> str:
        return str(value)
