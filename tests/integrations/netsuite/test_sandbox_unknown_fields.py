"""Unknown field names: dropped silently by default (NetSuite's Warning), refused with
`X-NetSuite-PropertyNameValidation: Error`, wherever they are in the body."""

import pytest

from .conftest import STRICT_NAMES, order_line, refusal, sales_order

UNKNOWN = [
    ("body", {"shopifyNote": "gift"}, "shopifyNote"),
    ("line", {"item": {"items": [order_line(giftWrap=True)]}}, "item.items[0].giftWrap"),
    ("second line", {"item": {"items": [order_line(), order_line("99", colour="red")]}},
     "item.items[1].colour"),
    ("address", {"shippingAddress": {"city": "Austin", "plusCode": "8648+2C"}},
     "shippingAddress.plusCode"),
    ("sublist", {"item": {"items": [order_line()], "pageToken": "x"}}, "item.pageToken"),
]


@pytest.mark.parametrize("where,change,path", UNKNOWN, ids=[c[0] for c in UNKNOWN])
def test_an_unknown_field_is_dropped_when_names_are_not_validated(sandbox, rest, acme, where,
                                                                  change, path):
    response = rest.put("salesOrder", "shopify-order-1", sales_order(acme, **change))

    assert response.status_code == 204, response.text
    assert sandbox.stats["dropped_fields"] == [
        {"record": "salesOrder", "path": path, "reason": "unknown field"}]
    (order,) = sandbox.records("salesOrder")
    assert "shopifyNote" not in order
    assert all("giftWrap" not in line and "colour" not in line
               for line in order["item"]["items"])
    assert "plusCode" not in order.get("shippingAddress", {})


@pytest.mark.parametrize("where,change,path", UNKNOWN, ids=[c[0] for c in UNKNOWN])
def test_an_unknown_field_is_refused_when_names_are_validated(sandbox, rest, acme, where,
                                                              change, path):
    response = rest.put("salesOrder", "shopify-order-1", sales_order(acme, **change),
                        headers=STRICT_NAMES)

    assert refusal(response) == (400, "INVALID_CONTENT", path)
    assert sandbox.records("salesOrder") == []
    assert sandbox.stats["dropped_fields"] == []


def test_ignore_drops_like_warning_and_other_values_are_refused(sandbox, rest, acme):
    body = sales_order(acme, shopifyNote="gift")

    ignored = rest.put("salesOrder", "shopify-order-1", body,
                       headers={"X-NetSuite-PropertyNameValidation": "Ignore"})
    strict = rest.put("salesOrder", "shopify-order-2", body,
                      headers={"X-NetSuite-PropertyNameValidation": "error"})
    nonsense = rest.put("salesOrder", "shopify-order-3", body,
                        headers={"X-NetSuite-PropertyNameValidation": "Strict"})

    assert ignored.status_code == 204
    assert refusal(strict)[:2] == (400, "INVALID_CONTENT")
    assert refusal(nonsense)[:2] == (400, "INVALID_HEADER")
    detail = nonsense.json()["o:errorDetails"][0]
    assert detail["o:errorHeader"] == "x-netsuite-propertynamevalidation"


def test_a_patch_is_held_to_the_same_names(sandbox, rest, netsuite, acme):
    order_id = netsuite.upsert("salesOrder", "shopify-order-1", sales_order(acme))

    response = rest.patch("salesOrder", order_id, {"memo": "ok", "shopifyNote": "gift"},
                          headers=STRICT_NAMES)

    assert refusal(response) == (400, "INVALID_CONTENT", "shopifyNote")
    assert "memo" not in netsuite.get("salesOrder", order_id)


def test_a_warning_says_what_was_dropped_and_ignore_says_nothing(sandbox, rest, acme):
    body = sales_order(acme, order_line(giftWrap=True), shopifyNote="gift")

    warned = rest.put("salesOrder", "shopify-order-1", body)
    ignored = rest.put("salesOrder", "shopify-order-2", body,
                       headers={"X-NetSuite-PropertyNameValidation": "Ignore"})

    assert warned.headers["X-NetSuite-PropertyValidation"] == (
        "Ignored unknown field: item.items[0].giftWrap; Ignored unknown field: shopifyNote")
    assert "X-NetSuite-PropertyValidation" not in ignored.headers
    assert len(sandbox.stats["dropped_fields"]) == 4
