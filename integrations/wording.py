"""How the control panel's own pages write times, durations and amounts. Pure functions.

Times are shown in the viewer's time zone (the one active for the request) with the zone
named; durations in words ("2 hours 5 minutes"); amounts with their currency.
"""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format

TIME_FORMAT = "j M Y, H:i:s T"  # 23 Nov 2026, 10:00:00 EST
UNITS = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def local_time(value: datetime | None) -> str:
    """`value` in the active time zone, with the zone's name; "—" for no time."""
    if value is None:
        return "—"
    return date_format(timezone.localtime(value), TIME_FORMAT)


def zone_name() -> str:
    """The active time zone's name, e.g. "Europe/Paris"."""
    return str(timezone.get_current_timezone())


def duration_in_words(value: timedelta | int | float | None, *, unit_ms: bool = True) -> str:
    """A duration as a person says it: "under a second", "4.2 seconds", "3 minutes 20 seconds",
    "2 hours", "1 day 3 hours". Numbers are milliseconds unless `unit_ms` is False (seconds)."""
    if value is None:
        return "—"
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    else:
        seconds = value / 1000 if unit_ms else float(value)
    if seconds < 1:
        return "under a second"
    if seconds < 10:
        return f"{seconds:.1f} seconds"
    whole = int(seconds)
    for index, (name, size) in enumerate(UNITS):
        if whole >= size:
            first, rest = divmod(whole, size)
            words = [_count(first, name)]
            if index + 1 < len(UNITS):
                next_name, next_size = UNITS[index + 1]
                second = rest // next_size
                if second:
                    words.append(_count(second, next_name))
            return " ".join(words)
    return _count(whole, "second")


# ISO 4217 minor units where they are not two.
MINOR_UNITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
                     "UGX", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}


def money(amount, currency: str) -> str:
    """An amount with its currency, to the currency's minor unit unless that would drop
    digits: "1,234.50 USD", "1,500 JPY"."""
    if amount in (None, ""):
        return "—"
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        return f"{amount} {currency}".strip()
    unit = Decimal(1).scaleb(-MINOR_UNITS.get(currency.upper(), 2))
    if number.is_finite() and number.quantize(unit) == number:
        number = number.quantize(unit)
    return f"{number:,f} {currency}".strip()


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"
