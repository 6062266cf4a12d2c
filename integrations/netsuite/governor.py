"""How many requests we have in flight against one NetSuite account, across every worker.

NetSuite gives an account one pool of concurrent requests shared by every integration; the
(limit+1)th is refused. `slot(connection)` keeps our share at `connection.concurrency_limit`.

With REDIS_URL set, the slots are a Redis sorted set per account: members are holder tokens,
scores the Redis server time they were taken. A Lua script drops holders older than the
lease (a killed worker frees its slot when the lease runs out) and adds ours only when fewer
than the limit remain, in one atomic step. Without Redis, a semaphore per account in this
process does the same for its threads.

Both backends say how many holders the account had once ours was taken (ours included):
a slot taken as the last free one means the pool was full, which is how NetSuite's slow
overload answers are told from genuine ones.
"""

import logging
import random
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from django.conf import settings

from integrations.errors import TransientError
from integrations.shared_redis import redis_client

from .auth import realm_for

log = logging.getLogger(__name__)

KEY_PREFIX = "netsuite:concurrency:"

# KEYS[1] = the account's holder set; ARGV = token, limit, lease (ms). Scores are ms.
# Returns the holders once ours is in (ours included), or 0 when every slot is taken.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - lease)
local held = redis.call('ZCARD', KEYS[1])
if held < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease)
  return held + 1
end
return 0
"""

_local_semaphores: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_local_holders: dict[tuple[str, int], int] = {}
_lock = threading.Lock()


def default_wait_seconds() -> float:
    """A holder gives its slot back within one request timeout, so waiting longer than that
    means the pool is starved: better to retry the job later than to pile up workers."""
    return float(settings.HTTP_TIMEOUT_SECONDS)


def default_lease_seconds() -> float:
    """Longer than any request may hold a slot (connect, send and read timeouts together)."""
    return 2 * float(settings.HTTP_TIMEOUT_SECONDS) + 30.0


def limit_for(connection) -> int:
    limit = connection.concurrency_limit or settings.NETSUITE_CONCURRENCY_DEFAULT
    return max(int(limit), 1)


@contextmanager
def slot(connection, *, wait_seconds: float | None = None,
         lease_seconds: float | None = None) -> Iterator[int]:
    """Hold one of the account's request slots for the duration of the block.

    Yields how many slots were taken once ours was (ours included): the limit means ours
    was the last free one. Raises TransientError("no NetSuite concurrency slot free")
    after `wait_seconds`.
    """
    account = realm_for(connection.account_id)
    limit = limit_for(connection)
    wait = default_wait_seconds() if wait_seconds is None else wait_seconds
    if settings.REDIS_URL:
        lease = default_lease_seconds() if lease_seconds is None else lease_seconds
        with _redis_slot(account, limit, wait, lease) as taken:
            yield taken
    else:
        with _local_slot(account, limit, wait) as taken:
            yield taken


def _no_slot(account: str, limit: int, wait: float) -> TransientError:
    return TransientError(
        "no NetSuite concurrency slot free",
        code="GOVERNOR_TIMEOUT",
        retry_after=min(max(wait, 1.0), 30.0),
        path=f"{account} ({limit} slots, waited {wait:.0f}s)",
    )


@contextmanager
def _local_slot(account: str, limit: int, wait: float) -> Iterator[int]:
    key = (account, limit)
    with _lock:
        semaphore = _local_semaphores.get(key)
        if semaphore is None:
            semaphore = threading.BoundedSemaphore(limit)
            _local_semaphores[key] = semaphore
    if not semaphore.acquire(timeout=max(wait, 0.0)):
        raise _no_slot(account, limit, wait)
    with _lock:
        taken = _local_holders[key] = _local_holders.get(key, 0) + 1
    try:
        yield taken
    finally:
        with _lock:
            _local_holders[key] -= 1
        semaphore.release()


@contextmanager
def _redis_slot(account: str, limit: int, wait: float, lease: float) -> Iterator[int]:
    client = redis_client()
    key = KEY_PREFIX + account
    token = uuid.uuid4().hex
    lease_ms = max(int(lease * 1000), 1)
    deadline = time.monotonic() + max(wait, 0.0)
    pause = 0.01
    try:
        acquire = client.register_script(_ACQUIRE)
        while not (taken := int(acquire(keys=[key], args=[token, limit, lease_ms]))):
            if time.monotonic() >= deadline:
                raise _no_slot(account, limit, wait)
            # Jittered, growing pauses: waiting workers do not poll Redis in lockstep.
            time.sleep(min(pause, max(deadline - time.monotonic(), 0.0)) * random.uniform(0.5, 1))
            pause = min(pause * 2, 0.25)
    except redis.RedisError as exc:
        raise TransientError(
            f"the NetSuite concurrency governor cannot reach Redis ({type(exc).__name__})",
            code="GOVERNOR_UNAVAILABLE",
        ) from exc
    try:
        yield taken
    finally:
        try:
            client.zrem(key, token)
        except redis.RedisError:
            log.warning("could not release a NetSuite slot for %s; its lease will expire", account)


def holders(connection) -> int:
    """Slots currently taken for the connection's account: across every worker with Redis,
    by this process's threads without it."""
    account = realm_for(connection.account_id)
    if settings.REDIS_URL:
        return int(redis_client().zcard(KEY_PREFIX + account))
    with _lock:
        return _local_holders.get((account, limit_for(connection)), 0)
