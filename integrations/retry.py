"""The one retry policy: exponential backoff with jitter, honouring Retry-After."""

import random

from django.conf import settings


def backoff_seconds(attempts: int, retry_after: float | None = None) -> float:
    """Delay before attempt number `attempts + 1` (attempts already made, starting at 1)."""
    base = settings.SYNC_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    delay = min(settings.SYNC_RETRY_MAX_SECONDS, base) * random.uniform(0.5, 1.5)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return round(delay, 3)


def may_retry(attempts: int) -> bool:
    return attempts < settings.SYNC_MAX_ATTEMPTS
