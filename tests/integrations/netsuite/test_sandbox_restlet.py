"""The product's RESTlet for legacy-tax accounts, as the sandbox serves it: a signed upsert
into the same records REST reads, the account's capabilities, and SuiteScript's errors."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest

from integrations.http import build_client
from integrations.netsuite.auth import NetSuiteAuth

from .conftest import (
    ACCOUNT,
    CREDENTIALS,
    RESTLET_IDS,
    RESTLET_PATH,
    RESTLET_URL,
    SignedHTTP,
    order_line,
    sales_order,
)


def upsert(restlet, body: dict, external_id="shopify-order-1", **arguments) -> httpx.Response:
    payload = {"action": "upsert", "recordType": "salesOrder", "externalId": external_id,
               "body": body, **arguments}
    return restlet.request("POST", RESTLET_PATH, body=payload, params=RESTLET_IDS)


def error_of(response: httpx.Response) -> tuple[int, str]:
    error = response.json()["error"]
    assert set(error) == {"code", "message"}
    return response.status_code, error["code"]


@pytest.fixture
def legacy(sandbox, acme):
    """A legacy-tax account with tax code 5 at 8.25 %: Acme's id."""
    sandbox.configure(tax_mode="legacy")
    sandbox.set_tax_rates({"5": "0.0825"})
    return acme


def test_an_upsert_creates_then_updates_one_record_rest_reads(sandbox, restlet, netsuite,
                                                              legacy):
    first = upsert(restlet, sales_order(legacy, memo="first"))
    second = upsert(restlet, {"memo": "second"})

    assert first.status_code == 200, first.text
    assert first.json() == {"id": first.json()["id"], "created": True, "recordType": "salesOrder"}
    assert second.json() == {**first.json(), "created": False}
    order = netsuite.get_by_external_id("salesOrder", "shopify-order-1")
    assert (order["id"], order["memo"]) == (first.json()["id"], "second")


def test_legacy_tax_goes_through_the_restlet_and_is_totalled_as_sent(sandbox, restlet,
                                                                     netsuite, legacy):
    body = sales_order(legacy,
                       order_line(quantity=2, rate="19.99", taxCode={"id": "5"},
                                  tax1Amt=Decimal("3.31")),
                       order_line("99", rate="4.00", taxCode={"id": "5"}),
                       shippingCost=Decimal("5.00"))

    upsert(restlet, body)

    order = netsuite.get_by_external_id("salesOrder", "shopify-order-1", expand=True)
    lines = order["item"]["items"]
    assert [ln["tax1Amt"] for ln in lines] == [Decimal("3.31"), Decimal("0.33")]
    assert (order["taxTotal"], order["total"]) == (Decimal("3.64"), Decimal("52.62"))


def test_replace_replaces_the_named_sublists(sandbox, restlet, netsuite, legacy):
    upsert(restlet, sales_order(legacy, order_line(), order_line("99")))

    upsert(restlet, {"item": {"items": [order_line("99", rate="1.00")]}})
    appended = netsuite.get_by_external_id("salesOrder", "shopify-order-1", expand=True)
    upsert(restlet, {"item": {"items": [order_line("99", rate="1.00")]}}, replace=["item"])
    replaced = netsuite.get_by_external_id("salesOrder", "shopify-order-1", expand=True)

    assert appended["item"]["count"] == 3
    assert replaced["item"]["count"] == 1


def test_a_record_rest_wrote_is_updated_by_the_restlet(sandbox, restlet, netsuite, acme):
    order_id = netsuite.upsert("salesOrder", "shopify-order-1", sales_order(acme))

    answer = upsert(restlet, {"memo": "from the RESTlet"})

    assert answer.json() == {"id": order_id, "created": False, "recordType": "salesOrder"}


def test_the_restlet_reports_the_account_capabilities(sandbox, restlet):
    def capabilities():
        return restlet.request("GET", RESTLET_PATH,
                               params={**RESTLET_IDS, "action": "capabilities"}).json()

    before = capabilities()
    sandbox.configure(tax_mode="legacy", multi_currency=False, time_zone="Europe/London")

    assert before == {"timeZone": "America/Los_Angeles",
                      "features": {"TAX_OVERHAULING": True, "MULTICURRENCY": True,
                                   "SUBSIDIARIES": True},
                      "restletVersion": "1"}
    assert capabilities() == {"timeZone": "Europe/London",
                              "features": {"TAX_OVERHAULING": False, "MULTICURRENCY": False,
                                           "SUBSIDIARIES": True},
                              "restletVersion": "1"}


@pytest.mark.parametrize("ids", [
    {"script": "customscript_other", "deploy": RESTLET_IDS["deploy"]},
    {"script": RESTLET_IDS["script"], "deploy": "customdeploy_other"},
    {"script": RESTLET_IDS["script"]},
])
def test_another_script_or_deployment_is_not_there(sandbox, restlet, ids):
    response = restlet.request("GET", RESTLET_PATH, params={**ids, "action": "capabilities"})

    assert response.status_code == 400
    assert response.json() == {"error": {
        "code": "SSS_INVALID_SCRIPTLET_ID",
        "message": "That Suitelet is invalid, disabled, or no longer exists."}}


def test_the_script_and_deployment_ids_are_sandbox_settings(sandbox, restlet):
    sandbox.configure(restlet_script="customscript_v2", restlet_deploy="customdeploy_v2")

    old = restlet.request("GET", RESTLET_PATH, params={**RESTLET_IDS, "action": "capabilities"})
    new = restlet.request("GET", RESTLET_PATH, params={
        "script": "customscript_v2", "deploy": "customdeploy_v2", "action": "capabilities"})

    assert error_of(old) == (400, "SSS_INVALID_SCRIPTLET_ID")
    assert new.status_code == 200


def test_a_bad_signature_is_an_invalid_login_attempt(sandbox, restlet):
    wrong = SignedHTTP(RESTLET_URL, {**CREDENTIALS, "consumer_secret": "guessed"})

    response = wrong.request("GET", RESTLET_PATH, params={**RESTLET_IDS,
                                                          "action": "capabilities"})

    assert response.status_code == 401
    assert response.json() == {"error": {"code": "INVALID_LOGIN_ATTEMPT",
                                         "message": "Invalid login attempt."}}


def test_the_script_and_deployment_are_part_of_the_signature(sandbox, restlet):
    signed_for = f"{RESTLET_URL}{RESTLET_PATH}?script=customscript_other&deploy=x"
    header = NetSuiteAuth(ACCOUNT, CREDENTIALS).sign("GET", signed_for)

    with build_client(RESTLET_URL) as http:
        response = http.get(RESTLET_PATH, params={**RESTLET_IDS, "action": "capabilities"},
                            headers={"Authorization": header})

    assert error_of(response) == (401, "INVALID_LOGIN_ATTEMPT")


REFUSED = [  # (case, the payload's changes given the customer id, code, what the message names)
    ("a line value of the wrong type",
     lambda c: {"body": sales_order(c, order_line(quantity="two"))},
     "INVALID_FLD_VALUE", "item.items[0].quantity"),
    ("a select value outside its list",
     lambda c: {"body": sales_order(c, orderStatus={"id": "H"})},
     "INVALID_FLD_VALUE", "orderStatus"),
    ("a missing customer", lambda c: {"body": {"item": {"items": [order_line()]}}},
     "USER_ERROR", "Please enter value(s) for: Customer."),
    ("an unknown item", lambda c: {"body": sales_order(c, order_line("9999"))},
     "INVALID_KEY_OR_REF", "item.items[0].item"),
    ("an unknown field", lambda c: {"body": sales_order(c, shopifyNote="x")},
     "USER_ERROR", "shopifyNote"),
    ("SuiteTax fields on a legacy account",
     lambda c: {"body": sales_order(c, taxDetailsOverride=True)},
     "USER_ERROR", "taxDetailsOverride"),
    ("an unknown record type", lambda c: {"recordType": "vendorBill"},
     "INVALID_RCRD_TYPE", "vendorBill"),
    ("no external id", lambda c: {"externalId": ""}, "SSS_MISSING_REQD_ARGUMENT", "externalId"),
    ("a bad external id", lambda c: {"externalId": "has space"}, "INVALID_FLD_VALUE",
     "externalId"),
    ("no body", lambda c: {"body": None}, "SSS_MISSING_REQD_ARGUMENT", "body"),
    ("a body that is not an object", lambda c: {"body": ["memo"]}, "INVALID_FLD_VALUE", "body"),
    ("no action", lambda c: {"action": None}, "SSS_MISSING_REQD_ARGUMENT", "action"),
    ("an unknown action", lambda c: {"action": "delete"}, "USER_ERROR", "delete"),
    ("replace that is not a list", lambda c: {"replace": "item"}, "INVALID_FLD_VALUE",
     "replace"),
]


@pytest.mark.parametrize("case,change,code,mentioned", REFUSED, ids=[r[0] for r in REFUSED])
def test_what_the_restlet_refuses_it_answers_as_a_suitescript_error(
        sandbox, restlet, legacy, case, change, code, mentioned):
    payload = {"action": "upsert", "recordType": "salesOrder", "externalId": "shopify-order-1",
               "body": sales_order(legacy), **change(legacy)}

    response = restlet.request("POST", RESTLET_PATH, body=payload, params=RESTLET_IDS)

    assert error_of(response) == (400, code)
    assert mentioned in response.json()["error"]["message"]
    assert sandbox.records("salesOrder") == []


def test_a_suitetax_account_has_no_legacy_fields_for_the_restlet_either(sandbox, restlet,
                                                                        acme):
    response = upsert(restlet, sales_order(acme, order_line(taxCode={"id": "5"})))

    assert error_of(response) == (400, "USER_ERROR")
    assert "item.items[0].taxCode" in response.json()["error"]["message"]


def test_a_body_that_is_not_json_is_a_syntax_error(sandbox, restlet):
    with build_client(RESTLET_URL) as http:
        response = http.post(RESTLET_PATH, params=RESTLET_IDS, content=b"{not json",
                             headers={"Content-Type": "application/json"},
                             auth=NetSuiteAuth(ACCOUNT, CREDENTIALS))

    assert error_of(response) == (400, "SYNTAX_ERROR")


def test_faults_and_timeouts_apply_to_restlet_calls(sandbox, restlet, legacy):
    sandbox.configure(fail_next=[{"status": 503, "code": "UNEXPECTED_ERROR",
                                  "path_contains": "restlet"}])

    failed = upsert(restlet, sales_order(legacy))
    sandbox.configure(timeout_next={"times": 1, "apply": True})
    with pytest.raises(httpx.ReadTimeout):
        upsert(restlet, sales_order(legacy))

    assert error_of(failed) == (503, "UNEXPECTED_ERROR")
    assert len(sandbox.records("salesOrder")) == 1  # the timed-out write went through


def test_over_the_concurrency_limit_the_restlet_answers_request_limit_exceeded(live_sandbox):
    live_sandbox.configure(concurrency_limit=1, latency_ms=300)
    client = SignedHTTP(live_sandbox.url)

    def capabilities(_):
        return client.request("GET", RESTLET_PATH,
                              params={**RESTLET_IDS, "action": "capabilities"})

    with ThreadPoolExecutor(max_workers=3) as pool:
        answers = list(pool.map(capabilities, range(3)))

    refused = [a for a in answers if a.status_code != 200]
    assert refused and all(error_of(a) == (400, "SSS_REQUEST_LIMIT_EXCEEDED") for a in refused)
    assert live_sandbox.stats["refused_concurrency"] == len(refused)
