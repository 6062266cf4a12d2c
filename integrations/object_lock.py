"""One job at a time per synced object (an order, a customer...), across every worker.

With REDIS_URL, redis-py's `Lock` with a lease (a killed worker's lock expires; only the
holder's token releases it); without it, a lock in this process. Acquisition never waits:
a job that finds its object busy, or cannot reach Redis to ask, is rescheduled instead of
holding a worker.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from django.conf import settings
from redis.exceptions import LockError

from .shared_redis import redis_client

log = logging.getLogger(__name__)

KEY_PREFIX = "sync:object-lock:"

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
    lock = redis_client().lock(key, timeout=max(lease_seconds, 0.001), blocking=False)
    try:
        acquired = lock.acquire()
    except redis.RedisError as exc:
        log.warning("object lock %s: Redis unreachable (%s); the job will try again later",
                    key, type(exc).__name__)
        acquired = False
    try:
        yield acquired
    finally:
        if acquired:
            try:
                lock.release()
            except LockError:
                log.warning("object lock %s: the lease ran out before the job finished", key)
            except redis.RedisError as exc:
                log.warning("object lock %s not released (%s); its lease will expire", key,
                            type(exc).__name__)


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
