"""Times in each person's own time zone, without a profile to keep it in.

The admin's base template reports the browser's zone (Intl.DateTimeFormat) in a cookie; this
middleware activates it for the request when it names a real IANA zone, and otherwise leaves
settings.TIME_ZONE. Every page says which zone its times are in (`request.time_zone`).
"""

import re
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone

COOKIE = "cp_tz"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")


def zone_named(name: str) -> ZoneInfo | None:
    if not name or len(name) > 64 or not _NAME.fullmatch(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class BrowserTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = zone_named(unquote(request.COOKIES.get(COOKIE, "")))
        request.time_zone = zone.key if zone else settings.TIME_ZONE
        if zone:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
