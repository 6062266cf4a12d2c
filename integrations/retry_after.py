"""Reading `Retry-After` (RFC 9110 §10.2.3), for both clients.

The value is either a number of seconds or an HTTP-date (IMF-fixdate, or the obsolete
RFC 850 and asctime forms recipients must still accept). Shopify and NetSuite send
seconds, sometimes with a fraction; a proxy in front of either may send a date.
"""

import math
from datetime import UTC, datetime

import httpx
from django.utils.http import parse_http_date


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait, never negative (a date in the past is 0), or None when the value
    is missing or unreadable."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            at = parse_http_date(text)
        except ValueError:
            return None
        now = now or datetime.now(UTC)
        return max(at - now.timestamp(), 0.0)
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def retry_after_of(response: httpx.Response) -> float | None:
    """The response's Retry-After in seconds, or None."""
    return parse_retry_after(response.headers.get("Retry-After"))
