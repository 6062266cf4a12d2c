"""The sandbox's sales orders: totals from the lines, status, references that must exist."""

from decimal import Decimal

import pytest

from integrations.errors import DataError
from integrations.http import build_client
from integrations.netsuite.auth import NetSuiteAuth
from integrations.netsuite.payloads import ref_id

from .conftest import ACCOUNT, BASE_URL, CREDENTIALS


@pytest.fixture
def customer_id(sandbox, netsuite):
    sandbox.register_known("item", {"98": "Tulip bulbs", "99": "Shipping box"})
    sandbox.register_known("location", {"1": "Austin DC"})
    sandbox.set_tax_rates({"5": "0.0825"})
    return netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})


def line(item="98", quantity=1, **extra) -> dict:
    return {"item": {"id": item}, **({"quantity": quantity} if quantity is not None else {}),
            **extra}


def test_totals_are_computed_from_lines_and_shipping(netsuite, customer_id):
    order_id = netsuite.upsert("salesOrder", "shopify-order-1", {
        "entity": {"id": customer_id},
        "shippingCost": Decimal("7.50"),
        "item": {"items": [
            line(quantity=2, rate=Decimal("19.99"), taxDetailsReference="a"),
            line("99", rate=Decimal("4.00"), taxDetailsReference="b"),
            line("99", quantity=None, rate=Decimal("-2.00")),
        ]},
        "taxDetails": {"items": [
            {"taxDetailsReference": {"id": "a"}, "taxCode": {"id": "5"}},
            {"taxDetailsReference": {"id": "b"}, "taxCode": {"id": "5"}},
        ]},
    })

    order = netsuite.get("salesOrder", order_id, expand=True)

    lines = order["item"]["items"]
    assert [ln["amount"] for ln in lines] == [Decimal("39.98"), Decimal("4.00"), Decimal("-2.00")]
    details = order["taxDetails"]["items"]
    # 39.98 and 4.00 at 8.25 %, rounded half up: the sandbox's tax engine, no override.
    assert [d["taxAmount"] for d in details] == [Decimal("3.30"), Decimal("0.33")]
    assert order["subtotal"] == Decimal("41.98")
    assert order["taxTotal"] == Decimal("3.63")
    assert order["total"] == Decimal("53.11")
    assert order["orderStatus"] == "B"


def test_order_status_may_be_set_and_changed(netsuite, customer_id):
    body = {"entity": {"id": customer_id}, "orderStatus": {"id": "A"},
            "item": {"items": [line(rate=Decimal("1.00"))]}}
    order_id = netsuite.upsert("salesOrder", "shopify-order-2", body)
    assert ref_id(netsuite.get("salesOrder", order_id)["orderStatus"]) == "A"

    netsuite.upsert("salesOrder", "shopify-order-2", {"orderStatus": {"id": "B"}})

    order = netsuite.get("salesOrder", order_id, expand=True)
    assert ref_id(order["orderStatus"]) == "B"
    assert order["item"]["count"] == 1  # a body without lines leaves them alone
    # On write the field list offers A and B only: the other statuses are NetSuite's doing.
    with pytest.raises(DataError) as caught:
        netsuite.upsert("salesOrder", "shopify-order-2", {"orderStatus": {"id": "C"}})
    assert (caught.value.code, caught.value.path) == ("INVALID_CONTENT", "orderStatus")


@pytest.mark.parametrize("body,path", [
    ({"item": {"items": [line("9999")]}}, "item.items[0].item"),
    ({"item": {"items": [line(), line(location={"id": "8"})]}}, "item.items[1].location"),
    ({"location": {"id": "8"}, "item": {"items": [line()]}}, "location"),
    ({"item": {"items": [line(quantity="two")]}}, "item.items[0].quantity"),
    ({"orderStatus": {"id": "Z"}, "item": {"items": [line()]}}, "orderStatus"),
])
def test_bad_orders_are_refused_with_the_path_at_fault(sandbox, netsuite, customer_id, body,
                                                       path):
    with pytest.raises(DataError) as caught:
        netsuite.upsert("salesOrder", "shopify-order-3", {"entity": {"id": customer_id}, **body})

    assert (caught.value.code, caught.value.path) == ("INVALID_CONTENT", path)
    assert sandbox.records("salesOrder") == []


def test_an_unknown_customer_and_an_order_without_lines_are_refused(netsuite, customer_id):
    with pytest.raises(DataError) as unknown:
        netsuite.upsert("salesOrder", "shopify-order-4",
                        {"entity": {"id": "424242"}, "item": {"items": [line()]}})
    with pytest.raises(DataError) as empty:
        netsuite.upsert("salesOrder", "shopify-order-4", {"entity": {"id": customer_id}})

    assert unknown.value.path == "entity"
    assert (empty.value.code, empty.value.status) == ("USER_ERROR", 400)


def test_a_customer_may_be_referenced_by_external_id(netsuite, customer_id):
    order_id = netsuite.upsert("salesOrder", "shopify-order-5", {
        "entity": {"externalId": "shopify-customer-1"}, "item": {"items": [line(rate=1)]},
    })

    assert ref_id(netsuite.get("salesOrder", order_id)["entity"]) == customer_id


def test_an_update_without_replace_appends_lines_like_netsuite(sandbox, netsuite, customer_id):
    order_id = netsuite.upsert("salesOrder", "shopify-order-6", {
        "entity": {"id": customer_id}, "item": {"items": [line(rate=Decimal("2.00"))]},
    })
    # The client always replaces; a PATCH by hand shows what NetSuite does without it.
    with build_client(BASE_URL) as http:
        response = http.patch(f"/services/rest/record/v1/salesOrder/{order_id}",
                              json={"item": {"items": [line("99", rate=3)]}},
                              auth=NetSuiteAuth(ACCOUNT, CREDENTIALS))
    assert response.status_code == 204

    order = netsuite.get("salesOrder", order_id, expand=True)
    assert [ref_id(ln["item"]) for ln in order["item"]["items"]] == ["98", "99"]
    assert order["total"] == Decimal("5.00")


def test_people_in_netsuite_can_move_an_order_on(sandbox, netsuite, customer_id):
    order_id = netsuite.upsert("salesOrder", "shopify-order-7", {
        "entity": {"id": customer_id}, "item": {"items": [line(rate=Decimal("2.00"))]},
    })

    sandbox.set_order_status("shopify-order-7", "D")

    assert ref_id(netsuite.get("salesOrder", order_id)["orderStatus"]) == "D"
    with pytest.raises(ValueError):
        sandbox.set_order_status("shopify-order-7", "Z")
    with pytest.raises(KeyError):
        sandbox.set_order_status("shopify-order-8", "D")
