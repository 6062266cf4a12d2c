"""Each person reads times in their own time zone.

The admin's pages (templates/admin/base_site.html) store the browser's IANA time zone in the
`cp_tz` cookie; this middleware activates it for the request, so `timezone.localtime` and
the templates show that zone. A missing or unknown name leaves the default (TIME_ZONE, UTC).
"""

import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

COOKIE = "cp_tz"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")


@lru_cache(maxsize=64)
def zone_named(name: str) -> ZoneInfo | None:
    """The time zone called `name` ("Europe/Paris"), or None for anything else."""
    if not name or len(name) > 64 or not _NAME.fullmatch(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class UserTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = zone_named(request.COOKIES.get(COOKIE, ""))
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
