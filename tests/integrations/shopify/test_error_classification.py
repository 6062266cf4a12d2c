"""What each Shopify failure becomes: transient, auth or data; userErrors are returned."""

import json

import httpx
import pytest
from graphql import parse, validate

from integrations.errors import AuthError, DataError, TransientError, UnknownOutcomeError
from integrations.http import mounted
from integrations.sandbox.shopify import admin_schema
from integrations.shopify.client import ShopifyClient
from integrations.shopify.errors import raise_for_response
from tests.conftest import SHOP_URL
from tests.integrations.shopify.conftest import HIGH_RISK_ORDER, load_fixture

THROTTLED = load_fixture("shopify_graphql_throttled_response.json")
# From the same public capture as the throttled fixture (see its .source.txt).
MAX_COST = {"errors": [{
    "message": "Query cost is 1002, which exceeds the single query max cost limit (1000).",
    "extensions": {"code": "MAX_COST_EXCEEDED", "cost": 1002, "maxCost": 1000,
                   "documentation": "https://shopify.dev/api/usage/rate-limits"}}]}

SET_QUANTITIES = """
mutation SetAvailable($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}
"""


def answering(status: int, body, headers=None, calls=None) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if calls is not None:
            calls.append(request)
        return httpx.Response(status, content=json.dumps(body).encode(), headers=headers)

    return httpx.MockTransport(handler)


def failing(exc_class) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_class("simulated", request=request)

    return httpx.MockTransport(handler)


def test_the_throttled_fixture_is_transient_with_the_wait_shopify_implies(connection):
    calls = []
    with mounted(SHOP_URL, answering(200, THROTTLED, calls=calls)), \
            ShopifyClient(connection) as shopify, pytest.raises(TransientError) as raised:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.code == "THROTTLED"
    assert raised.value.retry_after == pytest.approx((70 - 66) / 50)
    assert not raised.value.permanent
    assert len(calls) == 3, "a THROTTLED query was not run, so it is retried twice in place"


def test_throttled_reported_with_429_is_still_read_from_the_body(connection):
    response = httpx.Response(429, json=THROTTLED, request=httpx.Request("POST", SHOP_URL))

    with pytest.raises(TransientError) as raised:
        raise_for_response(response)

    assert raised.value.code == "THROTTLED"
    assert raised.value.retry_after == pytest.approx(0.08)


def test_a_query_over_the_single_query_cap_is_a_data_error(connection):
    with mounted(SHOP_URL, answering(200, MAX_COST)), ShopifyClient(connection) as shopify, \
            pytest.raises(DataError) as raised:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.code == "MAX_COST_EXCEEDED"


def test_429_honours_retry_after(seeded, connection):
    seeded.configure(fail_next=429)

    with ShopifyClient(connection) as shopify, pytest.raises(TransientError) as raised:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.status == 429
    assert raised.value.retry_after == 2.0


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient(seeded, connection, status):
    seeded.configure(fail_next=status)

    with ShopifyClient(connection) as shopify:
        with pytest.raises(TransientError) as raised:
            shopify.order_risk(HIGH_RISK_ORDER)
        assert shopify.order_risk(HIGH_RISK_ORDER).is_high, "the next attempt goes through"

    assert raised.value.status == status
    assert not isinstance(raised.value, UnknownOutcomeError), "a query changes nothing"


@pytest.mark.parametrize("status,code", [(402, "SHOP_FROZEN"), (403, "FORBIDDEN"),
                                         (423, "SHOP_LOCKED")])
def test_shop_level_refusals_pause_the_connection(seeded, connection, status, code):
    seeded.configure(fail_next=status)

    with ShopifyClient(connection) as shopify, pytest.raises(AuthError) as raised:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.code == code


def test_timeouts_are_transient_for_queries(connection):
    with mounted(SHOP_URL, failing(httpx.ReadTimeout)), ShopifyClient(connection) as shopify, \
            pytest.raises(TransientError) as raised:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.code == "TIMEOUT"
    assert not isinstance(raised.value, UnknownOutcomeError)


def test_a_timed_out_mutation_has_an_unknown_outcome(connection):
    with mounted(SHOP_URL, failing(httpx.ReadTimeout)), ShopifyClient(connection) as shopify, \
            pytest.raises(UnknownOutcomeError):
        shopify.graphql(SET_QUANTITIES, {"input": {}})


def test_a_mutation_that_never_connected_is_plainly_transient(connection):
    with mounted(SHOP_URL, failing(httpx.ConnectError)), ShopifyClient(connection) as shopify, \
            pytest.raises(TransientError) as raised:
        shopify.graphql(SET_QUANTITIES, {"input": {}})

    assert not isinstance(raised.value, UnknownOutcomeError)


def test_a_document_shopify_rejects_is_a_data_error(seeded, connection):
    with ShopifyClient(connection) as shopify, pytest.raises(DataError) as raised:
        shopify.graphql("query { order(id: \"gid://shopify/Order/1\") { riskScore } }")

    assert "riskScore" in raised.value.message


def test_mutation_user_errors_are_returned_not_raised(connection):
    assert validate(admin_schema(), parse(SET_QUANTITIES)) == []
    user_error = {"field": ["input", "quantities", "0", "compareQuantity"],
                  "message": "The compareQuantity argument no longer matches the persisted "
                             "quantity.", "code": "COMPARE_QUANTITY_STALE"}
    body = {"data": {"inventorySetQuantities": {"inventoryAdjustmentGroup": None,
                                                "userErrors": [user_error]}},
            "extensions": {"cost": {"requestedQueryCost": 10, "actualQueryCost": 10,
                                    "throttleStatus": {"maximumAvailable": 2000.0,
                                                       "currentlyAvailable": 1990,
                                                       "restoreRate": 100.0}}}}

    with mounted(SHOP_URL, answering(200, body)), ShopifyClient(connection) as shopify:
        data = shopify.graphql(SET_QUANTITIES, {"input": {}})
        state = shopify.throttle.state()

    assert data["inventorySetQuantities"]["userErrors"] == [user_error]
    assert state.maximum == 2000 and state.available <= 1990, "the cost was recorded"


def test_a_missing_access_scope_pauses_the_connection(connection):
    body = {"errors": [{"message": "Access denied for order field.",
                        "extensions": {"code": "ACCESS_DENIED"}, "path": ["order"]}],
            "data": {"order": None}}

    with mounted(SHOP_URL, answering(200, body)), ShopifyClient(connection) as shopify, \
            pytest.raises(AuthError) as raised:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.code == "ACCESS_DENIED"
    assert raised.value.path == "order"
