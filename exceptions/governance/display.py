"""How the review shows its figures: times in the viewer's zone with the zone named, durations
in words, rates as percentages, and the difference from last week with its sign."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format

MINUS = "\u2212"  # the minus sign, not a hyphen
UNITS = (("day", 86400), ("hour", 3600), ("minute", 60))


def moment(value: datetime | None) -> str:
    """'23 Nov 2026, 14:05 CET': local time in the current time zone, zone shown."""
    if value is None:
        return "—"
    return date_format(timezone.localtime(value), "j M Y, H:i T")


def in_words(value: timedelta | None) -> str:
    """'2 hours', '1 day 3 hours', '45 minutes', 'under a minute': the two largest units."""
    if value is None:
        return "—"
    seconds = int(abs(value).total_seconds())
    parts = []
    for name, size in UNITS:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}{'' if count == 1 else 's'}")
        if len(parts) == 2:
            break
        if parts and not count:
            break  # '1 day 5 minutes' reads worse than '1 day'
    return " ".join(parts) or "under a minute"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def signed(number: int) -> str:
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"{MINUS}{-number}"
    return "0"


def duration_delta(this: timedelta | None, last: timedelta | None) -> str:
    if this is None or last is None:
        return ""
    difference = this - last
    if not difference:
        return "0"
    return f"{'+' if difference > timedelta() else MINUS}{in_words(difference)}"


def rate_delta(this: float | None, last: float | None) -> str:
    """Difference of two rates in percentage points."""
    if this is None or last is None:
        return ""
    points = round((this - last) * 100)
    return f"{signed(points)} pts"


def person(user) -> str:
    """A person as the review names them: full name, else username."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
