"""Values a record cannot be created without are asked for like NetSuite asks:
USER_ERROR "Please enter value(s) for: <Label>." with the path of the missing value."""

from decimal import Decimal

import pytest

from .conftest import order_line, refusal, sales_order

LINE = {"item": {"id": "98"}, "quantity": 1, "rate": Decimal("5.00")}
MISSING = [
    ("salesOrder", {"item": {"items": [LINE]}}, "entity", "Customer"),
    ("invoice", {"item": {"items": [LINE]}}, "entity", "Customer"),
    ("cashSale", {"item": {"items": [LINE]}}, "entity", "Customer"),
    ("purchaseOrder", {"item": {"items": [LINE]}}, "entity", "Vendor"),
    ("customerPayment", {"payment": Decimal("5.00")}, "customer", "Customer"),
    ("customerDeposit", {"payment": Decimal("5.00")}, "customer", "Customer"),
    ("deposit", {"memo": "payout"}, "account", "Account"),
    ("itemFulfillment", {"memo": "box 1"}, "createdFrom", "Created From"),
    ("inventoryItem", {"displayName": "Tulips"}, "itemId", "Item Name/Number"),
    ("location", {"isInactive": False}, "name", "Name"),
    ("journalEntry", {"line": {"items": [
        {"account": {"id": "1"}, "debit": Decimal("5")},
        {"account": {"id": "2"}, "credit": Decimal("5")}]}}, "subsidiary", "Subsidiary"),
    ("journalEntry", {"subsidiary": {"id": "1"}, "line": {"items": [
        {"account": {"id": "1"}, "debit": Decimal("5")}, {"credit": Decimal("5")}]}},
     "line.items[1].account", "Account"),
    ("deposit", {"account": {"id": "1"}, "other": {"items": [{"amount": Decimal("5")}]}},
     "other.items[0].account", "Account"),
    ("inventoryAdjustment", {"account": {"id": "1"}, "subsidiary": {"id": "1"},
                             "inventory": {"items": [{"item": {"id": "98"},
                                                      "adjustQtyBy": 2}]}},
     "inventory.items[0].location", "Location"),
]


@pytest.mark.parametrize("record_type,body,path,label", MISSING,
                         ids=[f"{m[0]}-{m[2]}" for m in MISSING])
def test_a_missing_required_value_is_asked_for(sandbox, rest, acme, record_type, body, path,
                                               label):
    response = rest.put(record_type, "made-here-1", body)

    assert refusal(response) == (400, "USER_ERROR", path)
    assert response.json()["o:errorDetails"][0]["detail"] == (
        f"Error while accessing a resource. Please enter value(s) for: {label}.")
    assert sandbox.records(record_type) == []


def test_every_new_item_line_needs_its_item(sandbox, rest, acme):
    body = sales_order(acme, order_line(), {"quantity": 1, "rate": Decimal("2.00")})

    assert refusal(rest.put("salesOrder", "shopify-order-1", body)) == (
        400, "USER_ERROR", "item.items[1].item")


def test_a_transaction_needs_a_line(sandbox, rest, acme):
    response = rest.put("salesOrder", "shopify-order-1", {"entity": {"id": acme},
                                                          "item": {"items": []}})

    assert refusal(response) == (400, "USER_ERROR", "item")
    assert "at least one line item" in response.json()["o:errorDetails"][0]["detail"]


def test_an_update_need_not_repeat_what_the_record_has(sandbox, rest, netsuite, acme):
    order_id = netsuite.upsert("salesOrder", "shopify-order-1", sales_order(acme))

    assert rest.patch("salesOrder", order_id, {"memo": "gift"}).status_code == 204
    assert rest.put("salesOrder", "shopify-order-1", {"memo": "gift wrap"}).status_code == 204
    assert rest.read("salesOrder", "shopify-order-1")["memo"] == "gift wrap"


def test_a_journal_entry_must_balance(sandbox, rest):
    body = {"subsidiary": {"id": "1"}, "line": {"items": [
        {"account": {"id": "1"}, "debit": Decimal("5.00")},
        {"account": {"id": "2"}, "credit": Decimal("4.99")}]}}

    response = rest.put("journalEntry", "payout-1", body)

    assert refusal(response) == (400, "USER_ERROR", "line")
    body["line"]["items"][1]["credit"] = Decimal("5.00")
    assert rest.put("journalEntry", "payout-1", body).status_code == 204
