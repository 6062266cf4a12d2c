"""The Shopify sandbox answers like Shopify: auth, validation, cost, throttling, controls."""

import threading

import httpx
import pytest

from integrations.sandbox import shopify as sandbox_module
from integrations.sandbox.shopify import INVALID_TOKEN_BODY, ShopifySandbox
from integrations.shopify.queries import ORDER_RISK
from tests.conftest import SHOP_DOMAIN, SHOPIFY_TOKEN
from tests.integrations.shopify.conftest import load_fixture

GRAPHQL = "/admin/api/2026-01/graphql.json"
HEADERS = {"X-Shopify-Access-Token": SHOPIFY_TOKEN}


def client_for(sandbox: ShopifySandbox) -> httpx.Client:
    return httpx.Client(transport=sandbox.transport(), base_url=f"https://{SHOP_DOMAIN}")


def ask(http: httpx.Client, order_id: int, token: str = SHOPIFY_TOKEN) -> httpx.Response:
    return http.post(GRAPHQL, headers={"X-Shopify-Access-Token": token}, json={
        "query": ORDER_RISK, "variables": {"id": f"gid://shopify/Order/{order_id}"}})


@pytest.fixture
def http():
    sandbox = ShopifySandbox(shop_domain=SHOP_DOMAIN, access_token=SHOPIFY_TOKEN)
    with client_for(sandbox) as client:
        client.sandbox = sandbox
        yield client


def test_the_schema_is_built_once_and_its_load_time_recorded(http):
    ask(http, 1)

    assert sandbox_module.schema_load_seconds is not None
    assert sandbox_module.admin_schema() is sandbox_module.admin_schema()


def test_an_order_seeded_over_http_is_answered_with_its_cost(http):
    seeded = http.post("/_sandbox/orders", json={
        "id": 1001, "name": "#1001", "risk_recommendation": "INVESTIGATE", "risk_level": "MEDIUM"})

    answer = ask(http, 1001).json()

    assert seeded.status_code == 201
    order = answer["data"]["order"]
    assert order["name"] == "#1001" and order["legacyResourceId"] == "1001"
    assert order["risk"]["recommendation"] == "INVESTIGATE"
    assert order["risk"]["assessments"][0]["riskLevel"] == "MEDIUM"
    assert answer["extensions"]["cost"] == {
        "requestedQueryCost": 4, "actualQueryCost": 4,
        "throttleStatus": {"maximumAvailable": 2000, "currentlyAvailable": 1996,
                           "restoreRate": 100}}


def test_an_unknown_order_is_null_and_refunds_what_it_did_not_cost(http):
    answer = ask(http, 404).json()

    assert answer["data"] == {"order": None}
    assert "errors" not in answer
    assert answer["extensions"]["cost"]["requestedQueryCost"] == 4
    assert answer["extensions"]["cost"]["actualQueryCost"] == 1


def test_a_wrong_token_gets_shopifys_401(http):
    response = ask(http, 1, token="shpat_wrong")

    assert response.status_code == 401
    assert response.json() == INVALID_TOKEN_BODY


def test_a_document_shopify_would_reject_is_rejected(http):
    response = http.post(GRAPHQL, headers=HEADERS, json={
        "query": "{ order(id: \"gid://shopify/Order/1\") { risk { riskLevel } } }"})

    assert response.status_code == 200
    assert "data" not in response.json()
    assert response.json()["errors"][0]["message"] == (
        "Cannot query field 'riskLevel' on type 'OrderRiskSummary'.")


def test_an_empty_bucket_answers_exactly_like_the_throttled_fixture():
    sandbox = ShopifySandbox(shop_domain=SHOP_DOMAIN, access_token=SHOPIFY_TOKEN,
                             restore_rate=0, maximum_available=6)
    sandbox.add_order(1, risk_level="LOW")
    fixture = load_fixture("shopify_graphql_throttled_response.json")
    with client_for(sandbox) as http:
        first, second = ask(http, 1), ask(http, 1)

    assert "data" in first.json()
    assert second.status_code == 200
    body = second.json()
    assert body == {
        "errors": fixture["errors"],
        "extensions": {"cost": {"requestedQueryCost": 4, "actualQueryCost": None,
                                "throttleStatus": {"maximumAvailable": 6,
                                                   "currentlyAvailable": 2,
                                                   "restoreRate": 0}}},
    }


def test_a_query_over_1000_points_is_refused(http):
    response = http.post(GRAPHQL, headers=HEADERS, json={
        "query": "{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }"})

    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert error["extensions"]["cost"] == 2 + 250 * (1 + 2 + 250)


def test_fields_it_does_not_simulate_say_so(http):
    response = http.post(GRAPHQL, headers=HEADERS, json={"query": "{ shop { name } }"})

    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_SIMULATED"


def test_fail_next_fails_only_the_next_requests(http):
    configured = http.post("/_sandbox/config", json={"fail_next": 503, "fail_times": 2})

    statuses = [ask(http, 1).status_code for _ in range(3)]

    assert configured.json()["config"]["fail_next"] == 503
    assert statuses == [503, 503, 200]


def test_latency_slows_every_answer(http):
    http.post("/_sandbox/config", json={"latency_ms": 150})

    response = ask(http, 1)

    assert response.elapsed.total_seconds() >= 0.15


def test_reset_forgets_orders_refills_buckets_and_clears_config(http):
    http.post("/_sandbox/orders", json={"id": 7, "risk_level": "HIGH",
                                        "risk_recommendation": "CANCEL"})
    http.post("/_sandbox/config", json={"fail_next": 500, "maximum_available": 10})

    reset = http.post("/_sandbox/reset")
    answer = ask(http, 7).json()

    assert reset.status_code == 200
    assert answer["data"] == {"order": None}
    assert answer["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 1999


@pytest.mark.parametrize("body", [{"name": "#1"}, {"id": "abc"}, {"id": 1, "risk_level": "BAD"},
                                  {"id": 1, "colour": "red"}])
def test_bad_seeds_are_refused(http, body):
    assert http.post("/_sandbox/orders", json=body).status_code == 400


def test_unknown_paths_and_methods(http):
    assert http.get(GRAPHQL, headers=HEADERS).status_code == 405
    assert http.post("/admin/oauth/access_token.json").status_code == 404


def test_concurrent_requests_never_overdraw_the_bucket():
    sandbox = ShopifySandbox(shop_domain=SHOP_DOMAIN, access_token=SHOPIFY_TOKEN,
                             restore_rate=0, maximum_available=50)
    sandbox.add_order(1, risk_level="HIGH", risk_recommendation="CANCEL")
    statuses, lock = [], threading.Lock()

    def worker():
        with client_for(sandbox) as http:
            body = ask(http, 1).json()
        with lock:
            statuses.append("data" in body)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses.count(True) == 50 // 4
    assert statuses.count(False) == 20 - 50 // 4


def test_each_known_shop_has_its_own_bucket():
    sandbox = ShopifySandbox(shop_domain=SHOP_DOMAIN, access_token=SHOPIFY_TOKEN,
                             restore_rate=0, maximum_available=4)
    sandbox.add_shop("other-store.myshopify.com", "shpat_other")
    with client_for(sandbox) as demo, httpx.Client(
            transport=sandbox.transport(), base_url="https://other-store.myshopify.com") as other:
        assert "data" in ask(demo, 1).json()
        assert "data" in ask(other, 1, token="shpat_other").json()
        assert "data" not in ask(demo, 1).json()
        assert ask(other, 1).status_code == 401, "each shop has its own token"
