"""The per-object lock: one holder at a time, never waiting, on Redis (redis-py's Lock, with
a lease) and in-process without Redis."""

import time
import uuid

import pytest

from integrations import object_lock
from integrations.shared_redis import redis_client
from tests.integrations.netsuite.conftest import use_redis


@pytest.fixture(params=["in-process", "redis"])
def backend(request, settings):
    if request.param == "redis":
        use_redis(settings)  # skips, saying why, without a Redis server
    else:
        settings.REDIS_URL = ""
    return request.param


@pytest.fixture
def key():
    return f"orders:1:{uuid.uuid4().hex}"


def test_a_second_holder_is_refused_at_once_and_gets_in_after_release(backend, key):
    with object_lock.held(key, lease_seconds=60) as first:
        started = time.monotonic()
        with object_lock.held(key, lease_seconds=60) as second:
            assert (first, second) == (True, False)
        assert time.monotonic() - started < 0.5, "acquisition never waits"

    with object_lock.held(key, lease_seconds=60) as again:
        assert again


def test_other_objects_are_not_held_up(backend, key):
    with object_lock.held(key, 60) as one, object_lock.held(key + "-other", 60) as other:
        assert (one, other) == (True, True)


def test_the_lock_lives_in_redis_with_its_lease(settings, key):
    use_redis(settings)

    with object_lock.held(key, lease_seconds=30) as acquired:
        assert acquired
        ttl_ms = redis_client().pttl(object_lock.KEY_PREFIX + key)
        assert 0 < ttl_ms <= 30_000
    assert not redis_client().exists(object_lock.KEY_PREFIX + key)


def test_a_dead_holders_lock_expires_with_its_lease(settings, key):
    use_redis(settings)

    with object_lock.held(key, lease_seconds=0.2) as stuck:
        assert stuck
        time.sleep(0.3)  # the holder is "dead": its lease runs out
        with object_lock.held(key, lease_seconds=60) as taken_over:
            assert taken_over


def test_a_late_holder_never_releases_someone_elses_lock(settings, key):
    use_redis(settings)
    redis_key = object_lock.KEY_PREFIX + key

    with object_lock.held(key, lease_seconds=0.2) as late:
        assert late
        time.sleep(0.3)
        redis_client().set(redis_key, b"another-workers-token", px=60_000)
    # Leaving the block did not delete the other worker's lock.
    assert redis_client().get(redis_key) == b"another-workers-token"
    with object_lock.held(key, lease_seconds=60) as third:
        assert not third
    redis_client().delete(redis_key)


def test_without_a_reachable_redis_the_object_counts_as_busy(settings, key):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    with object_lock.held(key, lease_seconds=60) as acquired:
        assert acquired is False
