"""How the monitoring pages and mails say times, durations and rates.

Durations in words ("2 hours 5 minutes"), rates as percentages, timestamps in the reader's
time zone (the active one) with the zone shown.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format

UNITS = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def _unit(count: int, name: str) -> str:
    return f"{count} {name}{'' if count == 1 else 's'}"


def in_words(duration: timedelta | None, *, parts: int = 2) -> str:
    """'2 hours 5 minutes', '45 seconds', 'under a second'; at most `parts` units, the
    last one rounded down."""
    if duration is None:
        return "—"
    seconds = int(duration.total_seconds())
    if seconds < 1:
        return "under a second"
    said = []
    for name, size in UNITS:
        if seconds >= size and len(said) < parts:
            said.append(_unit(seconds // size, name))
            seconds %= size
        elif said:
            break  # units follow each other: never "1 day 30 seconds"
    return " ".join(said)


def percent(part: float, whole: float, *, digits: int = 1) -> str:
    """'12.5%'; '—' when there is no whole to take a share of."""
    if not whole:
        return "—"
    value = round(100.0 * part / whole, digits)
    return f"{value:.{digits}f}%".replace(".0%", "%") if digits else f"{value:.0f}%"


def stamp(moment) -> str:
    """'Nov. 23, 2026, 10:00 a.m. UTC': the reader's time zone, named."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def ago(moment, now) -> str:
    """'2 hours ago'."""
    if moment is None:
        return "never"
    return f"{in_words(max(now - moment, timedelta(0)), parts=1)} ago"
