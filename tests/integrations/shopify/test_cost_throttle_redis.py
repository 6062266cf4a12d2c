"""The bucket state is shared by every worker through Redis."""

import threading

import pytest
import redis

from integrations.shopify.client import ShopifyClient
from integrations.shopify.throttle import (
    KEY_PREFIX,
    CostThrottle,
    RedisBucketStore,
    default_store,
)
from tests.conftest import SHOP_DOMAIN
from tests.integrations.shopify.conftest import HIGH_RISK_ORDER

REDIS_URL = "redis://127.0.0.1:6379/15"
SHOP_KEY = KEY_PREFIX + SHOP_DOMAIN


def worker_connection() -> redis.Redis:
    """A connection of its own, as another worker process would have."""
    return redis.Redis.from_url(REDIS_URL, decode_responses=True, socket_connect_timeout=1)


@pytest.fixture
def redis_db():
    client = worker_connection()
    try:
        client.ping()
    except redis.ConnectionError as exc:
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    client.delete(SHOP_KEY)
    yield client
    client.delete(SHOP_KEY)
    client.close()


def test_one_workers_observation_makes_another_wait(redis_db, sandbox_factory, connection):
    sandbox, recorder = sandbox_factory(restore_rate=10, maximum_available=8)
    sandbox.add_order(HIGH_RISK_ORDER, risk_recommendation="CANCEL", risk_level="HIGH")
    first = CostThrottle(SHOP_DOMAIN, store=RedisBucketStore(worker_connection()))
    slept = []
    second = CostThrottle(SHOP_DOMAIN, store=RedisBucketStore(worker_connection()),
                          sleep=slept.append)

    with ShopifyClient(connection, throttle=first) as shopify:
        shopify.order_risk(HIGH_RISK_ORDER)
        shopify.order_risk(HIGH_RISK_ORDER)
    stored = redis_db.hgetall(SHOP_KEY)
    second.acquire(4)

    assert float(stored["maximum"]) == 8 and float(stored["restore_rate"]) == 10
    assert float(stored["available"]) < 4, "two 4-point queries emptied the 8-point bucket"
    assert 0 < redis_db.ttl(SHOP_KEY) <= 3600
    assert len(slept) == 1 and 0 < slept[0] <= 0.4, "the second worker waited for the refill"
    assert recorder.throttled == 0


def test_workers_reserving_at_once_never_share_the_same_points(redis_db):
    RedisBucketStore(worker_connection()).record(SHOP_DOMAIN, {"throttleStatus": {
        "currentlyAvailable": 20, "maximumAvailable": 20, "restoreRate": 1}})
    waits, lock = [], threading.Lock()

    def worker():
        wait = RedisBucketStore(worker_connection()).reserve(SHOP_DOMAIN, 4, max_wait=100)
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # 20 points cover five 4-point queries now; the other three queue 4 s apart.
    assert sorted(waits) == pytest.approx([0, 0, 0, 0, 0, 4, 8, 12], abs=0.3)


def test_with_redis_url_set_the_client_uses_redis(redis_db, settings, seeded, connection):
    settings.REDIS_URL = REDIS_URL

    assert isinstance(default_store(), RedisBucketStore)
    with ShopifyClient(connection) as shopify:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert float(redis_db.hget(SHOP_KEY, "maximum")) == 2000
