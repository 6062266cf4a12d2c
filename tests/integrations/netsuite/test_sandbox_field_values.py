"""Field values the published field list rules out are refused with the path at fault
(`X-NetSuite-PropertyValueValidation` defaults to Error), and dropped with Warning."""

from decimal import Decimal

import pytest

from .conftest import order_line, refusal, sales_order

WRONG_TYPES = [
    ({"memo": 42}, "memo"),  # string
    ({"shippingCost": "7.50"}, "shippingCost"),  # number
    ({"item": {"items": [order_line(quantity="two")]}}, "item.items[0].quantity"),
    ({"item": {"items": [order_line(), order_line(shipGroup=Decimal("1.5"))]}},
     "item.items[1].shipGroup"),  # integer
    ({"toBeEmailed": "yes"}, "toBeEmailed"),  # boolean
    ({"tranDate": "23/11/2026"}, "tranDate"),  # date
    ({"tranDate": "2026-02-30"}, "tranDate"),
    ({"tranDate": "2026-11-23T10:00:00Z"}, "tranDate"),
    ({"startDate": 20261123}, "startDate"),
    ({"createdDate": "yesterday"}, "createdDate"),  # date-time
    ({"item": [order_line()]}, "item"),  # a sublist is an object
    ({"item": {"items": order_line()}}, "item.items"),
    ({"item": {"items": [order_line(), "99"]}}, "item.items[1]"),
    ({"shippingAddress": "1 Main St, Austin"}, "shippingAddress"),  # a subrecord
    ({"shippingAddress": {"city": 78701}}, "shippingAddress.city"),
]


@pytest.mark.parametrize("change,path", WRONG_TYPES)
def test_a_value_of_the_wrong_type_is_refused(sandbox, rest, acme, change, path):
    response = rest.put("salesOrder", "shopify-order-1", sales_order(acme, **change))

    assert refusal(response) == (400, "INVALID_CONTENT", path)
    assert "Invalid Field Value" in response.json()["o:errorDetails"][0]["detail"]
    assert sandbox.records("salesOrder") == []


OUTSIDE_THE_LIST = [
    ({"orderStatus": {"id": "C"}}, "orderStatus"),  # on write: A or B only
    ({"orderStatus": "B"}, "orderStatus"),  # a select is {"id": ...}
    ({"orderStatus": {"code": "B"}}, "orderStatus"),
    ({"handlingMode": {"id": "FAST"}}, "handlingMode"),
    ({"shippingAddress": {"country": {"id": "ZZ"}}}, "shippingAddress.country"),
    ({"shippingAddress": {"country": "US"}}, "shippingAddress.country"),
    ({"item": {"items": [order_line(commitInventory={"id": "9"})]}},
     "item.items[0].commitInventory"),
]


@pytest.mark.parametrize("change,path", OUTSIDE_THE_LIST)
def test_a_select_value_outside_its_list_is_refused(sandbox, rest, acme, change, path):
    response = rest.put("salesOrder", "shopify-order-1", sales_order(acme, **change))

    assert refusal(response) == (400, "INVALID_CONTENT", path)
    assert sandbox.records("salesOrder") == []


def test_select_values_from_the_list_are_taken(sandbox, rest, acme):
    body = sales_order(acme, orderStatus={"id": "A", "refName": "Pending Approval"},
                       handlingMode={"id": "SAVE_ONLY"},
                       shippingAddress={"city": "Austin", "country": {"id": "US"}})

    assert rest.put("salesOrder", "shopify-order-1", body).status_code == 204
    order = rest.read("salesOrder", "shopify-order-1")
    assert order["orderStatus"] == "A"
    assert order["handlingMode"]["id"] == "SAVE_ONLY"
    assert order["shippingAddress"]["country"] == {"id": "US"}


READ_ONLY = [
    ({"links": [{"rel": "self", "href": "x"}]}, "links"),
    ({"item": {"items": [order_line()], "count": 1}}, "item.count"),
    ({"item": {"items": [order_line()], "totalResults": 1}}, "item.totalResults"),
    ({"item": {"items": [order_line(links=[])]}}, "item.items[0].links"),
    ({"shippingAddress": {"links": []}}, "shippingAddress.links"),
]


@pytest.mark.parametrize("change,path", READ_ONLY)
def test_read_only_fields_are_refused(sandbox, rest, acme, change, path):
    response = rest.put("salesOrder", "shopify-order-1", sales_order(acme, **change))

    assert refusal(response) == (400, "INVALID_CONTENT", path)
    assert "read-only" in response.json()["o:errorDetails"][0]["detail"]


def test_with_value_warnings_a_bad_value_is_dropped_and_counted(sandbox, rest, acme):
    body = sales_order(acme, orderStatus={"id": "C"}, memo="kept", shippingCost="7.50")

    response = rest.put("salesOrder", "shopify-order-1", body,
                        headers={"X-NetSuite-PropertyValueValidation": "Warning"})

    assert response.status_code == 204
    order = rest.read("salesOrder", "shopify-order-1")
    assert (order["orderStatus"], order["memo"]) == ("B", "kept")
    assert "shippingCost" not in order
    assert sandbox.stats["dropped_fields"] == [
        {"record": "salesOrder", "path": "orderStatus", "reason": "invalid value"},
        {"record": "salesOrder", "path": "shippingCost", "reason": "invalid value"},
    ]


def test_null_clears_a_field(sandbox, rest, netsuite, acme):
    rest.put("salesOrder", "shopify-order-1", sales_order(acme, memo="first"))

    assert rest.put("salesOrder", "shopify-order-1", {"memo": None}).status_code == 204

    assert "memo" not in rest.read("salesOrder", "shopify-order-1")


def test_a_created_record_external_id_is_held_to_netsuite_characters(sandbox, rest, acme):
    response = rest.post("salesOrder", {**sales_order(acme), "externalId": "order|1"})

    assert refusal(response) == (400, "INVALID_CONTENT", "externalId")
