"""The cost throttle waits for the bucket instead of spending what Shopify does not have."""

import time

import pytest
from graphql import parse

from integrations.errors import TransientError
from integrations.shopify.client import ShopifyClient
from integrations.shopify.throttle import (
    BucketState,
    CostThrottle,
    LocalBucketStore,
    estimate_cost,
)
from tests.conftest import SHOP_DOMAIN
from tests.integrations.shopify.conftest import HIGH_RISK_ORDER, load_fixture

ORDER_RISK_COST = 4  # order, risk, assessments, facts: objects at 1 point each


def test_a_tiny_bucket_makes_the_client_wait_not_overdraw(sandbox_factory, connection):
    sandbox, recorder = sandbox_factory(restore_rate=20, maximum_available=10)
    sandbox.add_order(HIGH_RISK_ORDER, risk_recommendation="CANCEL", risk_level="HIGH")
    calls = 6

    started = time.monotonic()
    with ShopifyClient(connection) as shopify:
        verdicts = [shopify.order_risk(HIGH_RISK_ORDER).is_high for _ in range(calls)]
    elapsed = time.monotonic() - started

    assert verdicts == [True] * calls
    assert recorder.throttled == 0, "no query was sent that the bucket could not cover"
    assert len(recorder.answers) == calls
    # 24 points through a 10-point bucket refilled at 20/s: at least 0.7 s of waiting.
    assert elapsed >= (calls * ORDER_RISK_COST - 10) / 20 - 0.05
    charged = [body["extensions"]["cost"]["actualQueryCost"] for _, body in recorder.answers]
    assert charged == [ORDER_RISK_COST] * calls


def test_the_same_burst_without_the_throttle_is_refused(sandbox_factory, connection):
    """Proof that the previous test could fail: the sandbox's bucket is real."""
    sandbox, recorder = sandbox_factory(restore_rate=20, maximum_available=10)
    sandbox.add_order(HIGH_RISK_ORDER, risk_recommendation="CANCEL", risk_level="HIGH")

    class NoWait(LocalBucketStore):
        def reserve(self, shop, cost, max_wait):
            return 0.0

    throttle = CostThrottle(SHOP_DOMAIN, store=NoWait())
    with ShopifyClient(connection, throttle=throttle) as shopify:
        shopify.order_risk(HIGH_RISK_ORDER)
        shopify.order_risk(HIGH_RISK_ORDER)
        with pytest.raises(TransientError) as raised:
            shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.code == "THROTTLED"
    assert recorder.throttled == 3, "the third query and both in-place retries were refused"


def test_a_wait_longer_than_the_bound_is_handed_back_as_retry_after(sandbox_factory,
                                                                    connection):
    _, recorder = sandbox_factory()
    store = LocalBucketStore()
    store.record(SHOP_DOMAIN, {"throttleStatus": {"currentlyAvailable": 0,
                                                  "maximumAvailable": 2000,
                                                  "restoreRate": 100}})
    throttle = CostThrottle(SHOP_DOMAIN, store=store, max_wait=0.01)

    with ShopifyClient(connection, throttle=throttle) as shopify, \
            pytest.raises(TransientError) as raised:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.code == "BUCKET_EMPTY"
    assert raised.value.retry_after == pytest.approx(ORDER_RISK_COST / 100, abs=0.01)
    assert recorder.answers == [], "nothing was sent"


def test_after_throttled_every_worker_waits_for_what_shopify_said():
    store = LocalBucketStore()
    store.record(SHOP_DOMAIN, {"throttleStatus": {"currentlyAvailable": 900,
                                                  "maximumAvailable": 1000,
                                                  "restoreRate": 50}})
    slept = []
    worker = CostThrottle(SHOP_DOMAIN, store=store, sleep=slept.append)

    worker.throttled(load_fixture("shopify_graphql_throttled_response.json")["extensions"]
                     ["cost"])
    worker.acquire(70)

    assert slept == [pytest.approx((70 - 66) / 50, abs=0.01)]


def test_reservations_queue_up_instead_of_firing_together():
    store = LocalBucketStore()
    store.record(SHOP_DOMAIN, {"throttleStatus": {"currentlyAvailable": 10,
                                                  "maximumAvailable": 10,
                                                  "restoreRate": 1}})

    waits = [store.reserve(SHOP_DOMAIN, 4, max_wait=100) for _ in range(4)]

    assert waits == pytest.approx([0, 0, 2, 6], abs=0.05)


def test_the_bucket_refills_at_the_restore_rate_up_to_its_size():
    state = BucketState(available=0, maximum=100, restore_rate=50, observed_at=10.0)

    assert state.available_at(10.5) == 25
    assert state.available_at(99.0) == 100


@pytest.mark.parametrize("document,variables,cost", [
    ("{ shop { name } }", None, 1),
    ("{ shop { id } order(id: \"gid://shopify/Order/1\") { id customer { id } } }", None, 3),
    ("{ orders(first: 10) { edges { node { id } } } }", None, 2 + 10 * 1),
    ("query($n: Int!) { orders(first: $n) { nodes { id lineItems(first: 5) { nodes { sku } } } "
     "pageInfo { hasNextPage } } }", {"n": 3}, 2 + 3 * (1 + 2 + 5 * 1)),
    ("query($n: Int = 7) { orders(last: $n) { nodes { id } } }", None, 2 + 7),
    ("fragment F on Order { customer { id } } { order(id: \"gid://shopify/Order/1\") "
     "{ ...F } }", None, 2),
    ("mutation { a: tagsAdd(id: \"x\", tags: [\"y\"]) { userErrors { message } } }", None, 10),
])
def test_cost_estimates_follow_shopifys_rules(document, variables, cost):
    assert estimate_cost(parse(document), variables) == cost
