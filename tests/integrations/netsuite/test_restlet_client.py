"""Writing through the record-upsert RESTlet (legacy-tax accounts): signed like REST, in the
same concurrency pool, answering RESTlet errors that are classified like REST ones."""

from decimal import Decimal

import pytest

from integrations.errors import AuthError, DataError, TransientError, UnknownOutcomeError
from integrations.netsuite import governor
from integrations.netsuite.client import NetSuiteClient
from tests.conftest import NETSUITE_RESTLET_URL

from .conftest import CREDENTIALS, make_connection, order_line, sales_order

ORDER = "shopify-order-1001"
RESTLET_PATH = "/app/site/hosting/restlet.nl"


@pytest.fixture
def legacy(sandbox):
    """A legacy-tax account: tax code 31 at 6 %, items 98 and 99."""
    sandbox.configure(tax_mode="legacy")
    sandbox.set_tax_rates({"31": "0.06"})
    sandbox.register_known("item", {"98": "Tulip bulbs", "99": "Shipping box"})
    return sandbox


@pytest.fixture
def connection():
    connection = make_connection()
    connection.restlet_url = NETSUITE_RESTLET_URL
    return connection


@pytest.fixture
def customer(legacy, netsuite) -> str:
    return netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})


def taxed_line(item="98", quantity=2, rate="49.75", tax="5.97") -> dict:
    return order_line(item, quantity, rate, taxCode={"id": "31"}, tax1Amt=Decimal(tax))


def restlet_calls(sandbox) -> list[tuple[str, int]]:
    return [(method, status) for method, path, status in sandbox.history if path == RESTLET_PATH]


def test_an_order_is_created_then_updated_through_the_restlet(legacy, netsuite, customer):
    first = netsuite.restlet_upsert(
        "salesOrder", ORDER, sales_order(customer, taxed_line(), taxed_line("99", 1, "10", "0.60"),
                                         tranDate="2026-11-23", otherRefNum="#1001"))
    again = netsuite.restlet_upsert(
        "salesOrder", ORDER, sales_order(customer, taxed_line(quantity=3, tax="8.96"),
                                         tranDate="2026-11-23", otherRefNum="#1001"))

    assert first == again and first.isdigit()
    stored = netsuite.get_by_external_id("salesOrder", ORDER, expand=True)
    assert stored["id"] == first
    (line,) = stored["item"]["items"]  # replaced, not appended
    assert (line["quantity"], line["tax1Amt"], line["taxCode"]["id"]) == (3, Decimal("8.96"), "31")
    assert restlet_calls(legacy) == [("POST", 200), ("POST", 200)]
    assert len(legacy.records("salesOrder")) == 1


def test_the_capabilities_answer_comes_from_the_restlet_host(legacy, netsuite):
    legacy.configure(time_zone="America/Chicago")

    answer = netsuite.restlet_capabilities()

    assert answer["timeZone"] == "America/Chicago"
    assert answer["features"]["TAX_OVERHAULING"] is False
    assert restlet_calls(legacy) == [("GET", 200)]


@pytest.mark.parametrize(("line", "code", "path"), [
    (taxed_line() | {"quantity": "lots"}, "INVALID_FLD_VALUE", "item.items[0].quantity"),
    (taxed_line() | {"giftWrap": True}, "USER_ERROR", "item.items[0].giftWrap"),
    (taxed_line(item="404"), "INVALID_KEY_OR_REF", "item.items[0].item"),
])
def test_a_record_the_account_refuses_is_a_data_error_naming_the_field(
    legacy, netsuite, customer, line, code, path
):
    with pytest.raises(DataError) as caught:
        netsuite.restlet_upsert("salesOrder", ORDER, sales_order(customer, line))

    assert (caught.value.status, caught.value.code, caught.value.path) == (400, code, path)
    assert caught.value.connection is netsuite.connection
    assert legacy.records("salesOrder") == []


def test_a_full_concurrency_pool_is_transient_and_retried_in_the_client(legacy, netsuite,
                                                                        customer):
    legacy.configure(fail_next=[{"status": 400, "code": "SSS_REQUEST_LIMIT_EXCEEDED",
                                 "path_contains": "restlet", "times": 1}])

    netsuite.restlet_upsert("salesOrder", ORDER, sales_order(customer, taxed_line()))

    assert restlet_calls(legacy) == [("POST", 400), ("POST", 200)]


def test_a_pool_that_stays_full_leaves_a_transient_error_for_the_job(legacy, netsuite, customer):
    legacy.configure(fail_next=[{"status": 400, "code": "SSS_REQUEST_LIMIT_EXCEEDED",
                                 "path_contains": "restlet", "times": 5}])

    with pytest.raises(TransientError) as caught:
        netsuite.restlet_upsert("salesOrder", ORDER, sales_order(customer, taxed_line()))

    assert (caught.value.status, caught.value.code) == (400, "SSS_REQUEST_LIMIT_EXCEEDED")
    assert not isinstance(caught.value, UnknownOutcomeError)


def test_a_bad_signature_is_an_auth_error(legacy, customer):
    wrong = make_connection(credentials={**CREDENTIALS, "token_secret": "not-the-secret"})
    wrong.restlet_url = NETSUITE_RESTLET_URL

    with NetSuiteClient(wrong) as client, pytest.raises(AuthError) as caught:
        client.restlet_upsert("salesOrder", ORDER, sales_order(customer, taxed_line()))

    assert (caught.value.status, caught.value.code) == (401, "INVALID_LOGIN_ATTEMPT")
    assert caught.value.connection is wrong


def test_a_write_without_an_answer_has_an_unknown_outcome_and_is_safe_to_repeat(
    legacy, netsuite, customer
):
    legacy.configure(timeout_next={"times": 1, "method": "POST", "apply": True})
    body = sales_order(customer, taxed_line())

    with pytest.raises(UnknownOutcomeError):
        netsuite.restlet_upsert("salesOrder", ORDER, body)
    internal_id = netsuite.restlet_upsert("salesOrder", ORDER, body)

    assert [o["id"] for o in legacy.records("salesOrder")] == [internal_id]


def test_restlet_calls_take_a_slot_of_the_accounts_pool(legacy, netsuite, customer, settings):
    settings.HTTP_TIMEOUT_SECONDS = 0.2  # how long a call waits for a slot
    netsuite.connection.concurrency_limit = 1
    body = sales_order(customer, taxed_line())

    with governor.slot(netsuite.connection), pytest.raises(TransientError) as caught:
        netsuite.restlet_upsert("salesOrder", ORDER, body)
    netsuite.restlet_upsert("salesOrder", ORDER, body)

    assert caught.value.code == "GOVERNOR_TIMEOUT"
    assert restlet_calls(legacy) == [("POST", 200)]  # the first never left


def test_without_a_restlet_url_nothing_is_sent(sandbox):
    with NetSuiteClient(make_connection()) as client, pytest.raises(DataError) as caught:
        client.restlet_capabilities()

    assert caught.value.code == "NO_RESTLET_URL"
    assert sandbox.history == []
