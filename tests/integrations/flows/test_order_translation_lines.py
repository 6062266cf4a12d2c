"""Translating Shopify orders into sales order bodies: the header and every kind of line
(merchandise, discounts, bundles, gift cards, shipping) with its item and location; the
translation stays pure, and a store's mappings load in a fixed number of queries."""

import ast
import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from exceptions import catalogue
from integrations.flows.orders import translate as order_translation
from integrations.flows.orders.translate import (
    BundleComponentRef,
    ItemRef,
    TaxCodeRef,
    translate_order,
)
from integrations.shopify.payloads import parse_order
from tests.docs_store import LEGACY_ACCOUNT, SUITETAX_ACCOUNT

from .conftest import (
    BUNDLE_ORDER,
    DISCOUNT_ORDER,
    GIFT_CARD_ORDER,
    GIFT_CARD_REFUND_ORDER,
    ORDER_FIXTURES,
    codes_and_keys,
    lines,
    load_order,
    order_payload,
    problems_of,
)

D = Decimal


def test_discount_order_becomes_lines_with_their_discounts_and_tax(mappings):
    plan = translate_order(load_order(DISCOUNT_ORDER), mappings, LEGACY_ACCOUNT)

    assert plan.external_id == "shopify-order-450789469"
    assert [(r["item"]["id"], r["amount"]) for r in lines(plan)] == [
        ("101", D("199.00")), ("61", D("-3.34")),
        ("102", D("199.00")), ("61", D("-3.33")),
        ("103", D("199.00")), ("61", D("-3.33")),
    ]
    first, discount = lines(plan)[:2]
    assert first == {
        "item": {"id": "101"}, "quantity": 1, "rate": D("199.00"), "amount": D("199.00"),
        "price": {"id": "-1"}, "description": "IPod Nano - 8gb - green",
        "taxCode": {"id": "31"}, "tax1Amt": D("3.98"),
    }
    assert discount == {
        "item": {"id": "61"}, "rate": D("-3.34"), "amount": D("-3.34"),
        "description": "Discount TENOFF", "tax1Amt": D("0"),  # untaxed: the line's tax
    }                                                           # is on its discounted amount
    assert plan.totals == order_translation.ExpectedTotals(
        subtotal=D("597.00"), discount=D("10.00"), tax=D("11.94"), shipping=D("0"),
        total=D("598.94"),
    )
    assert plan.totals.lines_total == D("587.00")


def test_discount_order_header(mappings):
    body = translate_order(load_order(DISCOUNT_ORDER), mappings, LEGACY_ACCOUNT).body

    assert {k: v for k, v in body.items() if k != "item"} == {
        "externalId": "shopify-order-450789469",
        "tranDate": "2008-01-10",
        "otherRefNum": "#1001",
        "memo": "Shopify order #1001; PO ABC123",
        "subsidiary": {"id": "1"},
        "currency": {"id": "1"},
        "orderStatus": {"id": "B"},
        "email": "bob.norman@mail.example.com",
        "location": {"id": "6"},
        "paymentMethod": {"id": "7"},
        "shippingAddress": {
            "addressee": "Bob Norman", "addr1": "Chestnut Street 92", "city": "Louisville",
            "state": "KY", "zip": "40202", "country": {"id": "US"}, "addrPhone": "+1(502)-459-2181",
        },
        "billingAddress": {
            "addressee": "Bob Norman", "addr1": "Chestnut Street 92", "city": "Louisville",
            "state": "KY", "zip": "40202", "country": {"id": "US"}, "addrPhone": "+1(502)-459-2181",
        },
    }


def test_high_risk_hold_creates_the_order_pending_approval(mappings):
    plan = translate_order(load_order(DISCOUNT_ORDER), mappings, LEGACY_ACCOUNT, hold=True)

    assert plan.body["orderStatus"] == {"id": "A"}


@pytest.mark.parametrize("account", [LEGACY_ACCOUNT, SUITETAX_ACCOUNT], ids=["legacy", "suitetax"])
@pytest.mark.parametrize("name", ORDER_FIXTURES)
def test_no_float_anywhere_in_a_body(name, account, mappings):
    payload = order_payload(name)
    for n, line in enumerate(payload["line_items"]):
        line["sku"] = line["sku"] or f"CUSTOM-{n}"
    unmapped = [line["sku"] for line in payload["line_items"]
                if line["sku"] not in mappings.items and line["sku"] not in mappings.bundles]
    added = {sku: ItemRef(str(500 + n)) for n, sku in enumerate(unmapped)}
    everything = {**mappings.items, **added}
    taxes = {**mappings.tax_codes, "county tax + state tax": TaxCodeRef("32", D("0.085")),
             "county tax": TaxCodeRef("42", D("0.025"), "1")}
    store = dataclasses.replace(mappings, items=everything, tax_codes=taxes)
    order = parse_order(payload)

    plan = translate_order(order, store, account)

    def walk(value):
        assert not isinstance(value, float)
        for child in value.values() if isinstance(value, dict) else (
                value if isinstance(value, list) else ()):
            walk(child)

    walk(plan.body)
    edited = name == "shopify_order_edited_line_removed.json"
    assert plan.totals.total == (order.current.total_price if edited else order.total_price)


def test_gift_card_sold_goes_to_deferred_revenue_and_the_card_gateway_is_not_primary(mappings):
    plan = translate_order(load_order(GIFT_CARD_ORDER), mappings, LEGACY_ACCOUNT)

    card = lines(plan)[-1]
    assert (card["item"], card["amount"], card["tax1Amt"]) == ({"id": "88"}, D("50.00"), D("0"))
    assert "taxCode" not in card
    assert plan.body["paymentMethod"] == {"id": "7"}
    assert plan.totals.total == D("648.94")


def test_gift_card_problems(mappings):
    store = dataclasses.replace(mappings, gift_card_item_id="", payment_methods={"bogus": "7"})

    problems = problems_of(load_order(GIFT_CARD_ORDER), store)

    assert codes_and_keys(problems) == [
        (catalogue.UNMAPPED_GIFT_CARD, "gift_card_item"),
        (catalogue.UNMAPPED_PAYMENT_METHOD, "gift_card"),
    ]


def test_gift_card_redemption_gateway_must_be_mapped(mappings):
    problems = problems_of(load_order(GIFT_CARD_REFUND_ORDER),
                           dataclasses.replace(mappings, payment_methods={"bogus": "7"}))

    assert codes_and_keys(problems) == [(catalogue.UNMAPPED_PAYMENT_METHOD, "gift_card")]


def test_bundle_becomes_its_components_and_keeps_every_cent(mappings):
    plan = translate_order(load_order(BUNDLE_ORDER), mappings, LEGACY_ACCOUNT)

    kit = lines(plan)[2:8]
    assert [(r["item"]["id"], r.get("quantity"), r["amount"]) for r in kit] == [
        ("102", 2, D("139.30")), ("61", None, D("-2.33")),
        ("201", 4, D("39.80")), ("61", None, D("-0.66")),
        ("202", 2, D("19.90")), ("61", None, D("-0.34")),
    ]
    components = kit[0::2]
    assert sum(r["amount"] for r in components) == D("199.00")
    assert sum(r["tax1Amt"] for r in components) == D("3.98")
    assert sum(r["amount"] for r in kit[1::2]) == D("-3.33")
    assert [r["rate"] for r in components] == [D("69.65"), D("9.95"), D("9.95")]
    assert plan.totals.total == D("598.94")


def test_bundle_rounding_remainder_goes_to_the_last_component(mappings):
    thirds = tuple(BundleComponentRef(str(n), 1, D("1")) for n in (401, 402, 403))
    store = dataclasses.replace(mappings, bundles={"KIT-IPOD-RED": thirds})

    kit = lines(translate_order(load_order(BUNDLE_ORDER), store, LEGACY_ACCOUNT))[2:8]

    assert [r["amount"] for r in kit[0::2]] == [D("66.33"), D("66.33"), D("66.34")]
    assert [r["tax1Amt"] for r in kit[0::2]] == [D("1.32"), D("1.32"), D("1.34")]
    assert [r["amount"] for r in kit[1::2]] == [D("-1.11"), D("-1.11"), D("-1.11")]


def test_sku_mapped_to_another_product_is_ambiguous(mappings):
    items = {**mappings.items, "IPOD2008RED": ItemRef("102", "999")}

    problems = problems_of(load_order(DISCOUNT_ORDER), dataclasses.replace(mappings, items=items))

    assert codes_and_keys(problems) == [(catalogue.AMBIGUOUS_SKU, "IPOD2008RED")]


def test_one_sku_sold_by_two_products_is_ambiguous(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    payload["line_items"][2].update(sku="IPOD2008RED", product_id=632910999)
    store = dataclasses.replace(
        mappings, items={**mappings.items, "IPOD2008RED": ItemRef("102")}
    )

    problems = problems_of(parse_order(payload), store)

    assert codes_and_keys(problems) == [(catalogue.AMBIGUOUS_SKU, "IPOD2008RED")]
    assert "632910392, 632910999" in problems[0].message


def test_unmapped_sku_and_discount_are_reported_together(mappings):
    items = {k: v for k, v in mappings.items.items() if k != "IPOD2008BLACK"}

    problems = problems_of(load_order(DISCOUNT_ORDER),
                           dataclasses.replace(mappings, items=items, discounts={}))

    assert codes_and_keys(problems) == [
        (catalogue.UNMAPPED_DISCOUNT, "TENOFF"),
        (catalogue.UNKNOWN_SKU, "IPOD2008BLACK"),
    ]


def test_the_default_discount_item_covers_unmapped_codes(mappings):
    plan = translate_order(load_order(DISCOUNT_ORDER),
                           dataclasses.replace(mappings, discounts={"": "60"}), LEGACY_ACCOUNT)

    assert {r["item"]["id"] for r in lines(plan) if r["amount"] < 0} == {"60"}


def test_pos_location_and_fulfilment_locations(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    payload["location_id"] = 487838322
    payload["fulfillments"][0]["status"] = "success"

    plan = translate_order(parse_order(payload), mappings, LEGACY_ACCOUNT)

    assert plan.body["location"] == {"id": "8"}
    assert lines(plan)[0]["location"] == {"id": "6"}  # fulfilled from 655441491
    assert "location" not in lines(plan)[2]


def test_unmapped_location_is_an_ops_problem(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    payload["location_id"] = 111222333

    problems = problems_of(parse_order(payload), mappings)

    assert codes_and_keys(problems) == [(catalogue.UNMAPPED_LOCATION, "111222333")]


def test_shipping_is_a_line_on_the_shipping_item_with_its_tax(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    ship = payload["shipping_lines"][0]
    ship.update(title="Standard", price="10.00", discounted_price="10.00",
                tax_lines=[{"title": "State Tax", "rate": 0.06, "price": "0.60"}])
    payload["total_shipping_price_set"]["shop_money"]["amount"] = "10.00"
    payload["total_tax"] = payload["total_tax_set"]["shop_money"]["amount"] = "12.54"
    payload["total_price"] = payload["total_price_set"]["shop_money"]["amount"] = "609.54"

    plan = translate_order(parse_order(payload), mappings, LEGACY_ACCOUNT)

    assert lines(plan)[-1] == {
        "item": {"id": "77"}, "quantity": 1, "rate": D("10.00"), "amount": D("10.00"),
        "price": {"id": "-1"}, "description": "Shipping: Standard", "taxCode": {"id": "31"},
        "tax1Amt": D("0.60"),
    }
    assert (plan.totals.shipping, plan.totals.tax, plan.totals.total) == (
        D("10.00"), D("12.54"), D("609.54")
    )


def test_the_translation_imports_nothing_from_django_or_the_database():
    for module in ("translate", "customer", "mappings"):
        tree = ast.parse(Path(order_translation.__file__).with_name(f"{module}.py").read_text())
        top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        names = [getattr(n, "module", None) or n.names[0].name for n in top_level]
        assert not [n for n in names if n and (n.startswith("django") or "models" in n)]
