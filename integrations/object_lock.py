"""One job at a time per synced object (an order, a customer...), across every worker.

With REDIS_URL, a Redis key set with NX and a lease (a killed worker's lock expires); without
it, a lock in this process. Acquisition never waits: a job that finds its object busy is
rescheduled instead of holding a worker.
"""

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from .shared_redis import redis_client

KEY_PREFIX = "sync:object-lock:"

# Delete the key only if it still holds our token (the lease may have passed to another).
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

_local_held: set[str] = set()
_local_lock = threading.Lock()


@contextmanager
def held(key: str, lease_seconds: float) -> Iterator[bool]:
    """Yields True while this caller holds `key`, False (at once) if another holder has it."""
    if settings.REDIS_URL:
        with _redis_held(KEY_PREFIX + key, lease_seconds) as acquired:
            yield acquired
    else:
        with _local_held_key(key) as acquired:
            yield acquired


@contextmanager
def _redis_held(key: str, lease_seconds: float) -> Iterator[bool]:
    client = redis_client()
    token = uuid.uuid4().hex
    acquired = bool(client.set(key, token, nx=True, px=max(int(lease_seconds * 1000), 1)))
    try:
        yield acquired
    finally:
        if acquired:
            client.eval(_RELEASE, 1, key, token)


@contextmanager
def _local_held_key(key: str) -> Iterator[bool]:
    with _local_lock:
        acquired = key not in _local_held
        if acquired:
            _local_held.add(key)
    try:
        yield acquired
    finally:
        if acquired:
            with _local_lock:
                _local_held.discard(key)
