"""Translating Shopify orders: tax codes, the totals check and the order currency."""

import dataclasses
from decimal import Decimal

import pytest

from exceptions import catalogue
from integrations.flows.orders.translate import ItemRef, TaxCodeRef, translate_order
from integrations.shopify.payloads import parse_order
from tests.docs_store import LEGACY_ACCOUNT

from .conftest import (
    CAD_ORDER,
    CUSTOM_ITEMS_ORDER,
    DISCOUNT_ORDER,
    codes_and_keys,
    lines,
    load_order,
    order_payload,
    problems_of,
)

D = Decimal


def test_custom_items_and_unmapped_tax_are_all_reported_at_once(mappings):
    no_guest = dataclasses.replace(mappings, guest_customer_id="")

    problems = problems_of(load_order(CUSTOM_ITEMS_ORDER), no_guest)

    assert codes_and_keys(problems) == [
        (catalogue.STORE_NOT_MAPPED, "guest_customer"),
        (catalogue.UNMAPPED_TAX, "county tax + state tax"),
        (catalogue.UNKNOWN_SKU, "(no SKU) Red Leather Coat"),
        (catalogue.UNKNOWN_SKU, "(no SKU) Blue Suede Shoes"),
        (catalogue.UNKNOWN_SKU, "(no SKU) Raspberry Beret"),
    ]
    assert "8.5%" in problems[1].message


def custom_items_with_skus(mappings, **changes):
    payload = order_payload(CUSTOM_ITEMS_ORDER)
    for line, sku in zip(payload["line_items"], ("COAT-RED", "SHOES-BLUE", "BERET"), strict=True):
        line["sku"] = sku
    store = dataclasses.replace(
        mappings,
        items={"COAT-RED": ItemRef("301"), "SHOES-BLUE": ItemRef("302"), "BERET": ItemRef("303")},
        tax_codes={"county tax + state tax": TaxCodeRef("32", D("0.085"))},
        **changes,
    )
    return parse_order(payload), store


def test_several_tax_lines_map_as_one_group_on_a_guest_order(mappings):
    order, store = custom_items_with_skus(mappings)

    plan = translate_order(order, store, LEGACY_ACCOUNT)

    assert plan.customer is None and plan.entity_id == "410"
    assert [(r["item"]["id"], r["quantity"], r.get("taxCode"), r["tax1Amt"])
            for r in lines(plan)] == [
        ("301", 1, {"id": "32"}, D("11.07")),
        ("302", 1, None, D("0")),
        ("303", 2, {"id": "32"}, D("3.38")),
    ]
    assert lines(plan)[2]["rate"] == D("19.99")


def test_a_line_shopify_did_not_tax_carries_the_non_taxable_code(mappings):
    order, store = custom_items_with_skus(mappings, non_taxable_tax_code_id="-7")

    plan = translate_order(order, store, LEGACY_ACCOUNT)

    assert [r.get("taxCode") for r in lines(plan)] == [{"id": "32"}, {"id": "-7"}, {"id": "32"}]
    assert plan.totals.total == D("270.37")
    assert (plan.totals.tax, plan.totals.total) == (D("14.45"), D("270.37"))


def test_a_mapped_tax_code_at_another_rate_is_tax_drift(mappings):
    drifted = dataclasses.replace(mappings, tax_codes={"state tax": TaxCodeRef("31", D("0.0625"))})

    problems = problems_of(load_order(DISCOUNT_ORDER), drifted)

    assert codes_and_keys(problems) == [(catalogue.TAX_DRIFT, "state tax")]
    assert "6%" in problems[0].message and "6.25%" in problems[0].message


def test_tax_inclusive_prices_are_sent_net_of_the_included_tax(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    payload["taxes_included"] = True
    payload["total_price"] = payload["total_price_set"]["shop_money"]["amount"] = "587.00"

    plan = translate_order(parse_order(payload), mappings, LEGACY_ACCOUNT)

    assert [r["amount"] for r in lines(plan)[0::2]] == [D("195.02")] * 3
    assert plan.totals.total == D("587.00")


@pytest.mark.parametrize(
    ("field", "value", "part", "difference"),
    [
        ("total_price", "608.94", "total", "-10.00"),
        ("total_tax", "12.94", "tax", "-1.00"),
        ("total_discounts", "9.00", "discounts", "1.00"),
    ],
)
def test_a_tampered_figure_is_a_totals_mismatch_naming_the_part(
        mappings, field, value, part, difference):
    payload = order_payload(DISCOUNT_ORDER)
    payload[field] = value
    payload[f"{field}_set"]["shop_money"]["amount"] = value

    problems = problems_of(parse_order(payload), mappings)

    assert codes_and_keys(problems) == [(catalogue.TOTALS_MISMATCH, "order-450789469")]
    assert f"{part}: " in problems[0].message
    assert f"off by {difference} USD" in problems[0].message
    assert list(problems[0].context["parts"]) == [part]


def test_a_one_cent_difference_is_tolerated(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    payload["total_price"] = payload["total_price_set"]["shop_money"]["amount"] = "598.95"

    plan = translate_order(parse_order(payload), mappings, LEGACY_ACCOUNT)
    assert plan.totals.total == D("598.94")


def test_foreign_presentment_currency_is_booked_in_shop_currency_and_noted(mappings):
    plan = translate_order(load_order(CAD_ORDER), mappings, LEGACY_ACCOUNT)

    assert plan.body["currency"] == {"id": "1"}
    assert plan.body["memo"] == "Shopify order #1007; PO ABC123; customer paid CAD 808.56"
    assert plan.totals.total == D("598.94")


def test_order_currency_other_than_the_store_currency_is_refused(mappings):
    store = dataclasses.replace(mappings, currency_code="CAD")

    problems = problems_of(load_order(CAD_ORDER), store)

    assert codes_and_keys(problems) == [(catalogue.CURRENCY_MISMATCH, "USD")]
