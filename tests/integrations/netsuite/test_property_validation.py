"""The client asks NetSuite to validate what it sends: every record request carries
`X-NetSuite-PropertyNameValidation: Error` (an account's default, Warning, drops an unknown
field silently) and every record write `X-NetSuite-PropertyValueValidation: Error`."""

import httpx
import pytest

from integrations.errors import DataError
from integrations.http import mounted
from integrations.netsuite.client import NetSuiteClient
from tests.conftest import NETSUITE_URL

from .conftest import order_line, sales_order

NAMES, VALUES = "x-netsuite-propertynamevalidation", "x-netsuite-propertyvaluevalidation"


class Recording(httpx.BaseTransport):
    """The sandbox's transport, noting the headers of each request that reaches it."""

    def __init__(self, inner: httpx.BaseTransport):
        self.inner = inner
        self.seen: list[tuple[str, str, dict]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.url.path, dict(request.headers)))
        return self.inner.handle_request(request)


@pytest.fixture
def recorded(sandbox, connection):
    recording = Recording(sandbox.transport())
    with mounted(NETSUITE_URL, recording), NetSuiteClient(connection) as client:
        yield client, recording


def test_each_record_request_asks_for_name_validation_and_each_write_for_values(
    sandbox, recorded
):
    client, recording = recorded
    sandbox.register_known("item", {"98": "Tulip bulbs"})

    customer_id = client.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})
    order_id = client.create("salesOrder", sales_order(customer_id, externalId="shopify-o-2"))
    client.get("salesOrder", order_id)
    client.get_by_external_id("customer", "shopify-customer-1")
    client.metadata_catalog("salesOrder")
    list(client.suiteql("SELECT id FROM customer ORDER BY id"))

    sent = {(method, path.rsplit("/", 1)[0]): (h.get(NAMES), h.get(VALUES))
            for method, path, h in recording.seen}
    assert sent == {
        ("PUT", "/services/rest/record/v1/customer"): ("Error", "Error"),
        ("POST", "/services/rest/record/v1"): ("Error", "Error"),
        ("GET", "/services/rest/record/v1/salesOrder"): ("Error", None),
        ("GET", "/services/rest/record/v1/customer"): ("Error", None),
        ("GET", "/services/rest/record/v1/metadata-catalog"): ("Error", None),
        ("POST", "/services/rest/query/v1"): (None, None),
    }


@pytest.mark.parametrize(("change", "path"), [
    ({"shopifyNote": "gift"}, "shopifyNote"),
    ({"item": {"items": [order_line(giftWrap=True)]}}, "item.items[0].giftWrap"),
])
def test_an_unknown_field_is_refused_instead_of_dropped(sandbox, netsuite, rest, acme, change,
                                                        path):
    body = sales_order(acme, **change)

    with pytest.raises(DataError) as caught:
        netsuite.upsert("salesOrder", "shopify-order-1", body)
    without_header = rest.put("salesOrder", "shopify-order-2", body)

    assert (caught.value.status, caught.value.code, caught.value.path) == (
        400, "INVALID_CONTENT", path)
    # The same body without the header goes through, the field silently lost: the refusal
    # is the header's doing.
    assert without_header.status_code == 204
    assert [d["path"] for d in sandbox.stats["dropped_fields"]] == [path]
    assert [o["externalId"] for o in sandbox.records("salesOrder")] == ["shopify-order-2"]


def test_a_value_the_field_cannot_hold_is_refused_as_well(sandbox, netsuite, rest, acme):
    body = sales_order(acme, item={"items": [order_line(quantity="lots")]})

    with pytest.raises(DataError) as caught:
        netsuite.upsert("salesOrder", "shopify-order-1", body)
    lenient = rest.put("salesOrder", "shopify-order-2", body,
                       headers={"X-NetSuite-PropertyValueValidation": "Warning"})

    assert (caught.value.code, caught.value.path) == ("INVALID_CONTENT", "item.items[0].quantity")
    assert lenient.status_code == 204
