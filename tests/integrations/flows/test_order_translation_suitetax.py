"""SuiteTax accounts: Shopify's tax booked to the cent as tax details, on published orders."""

import dataclasses
from decimal import Decimal

from exceptions import catalogue
from integrations.flows.orders.translate import ItemRef, TaxCodeRef, translate_order
from integrations.shopify.payloads import parse_order
from tests.docs_store import SUITETAX_ACCOUNT

from .conftest import (
    CUSTOM_ITEMS_ORDER,
    DISCOUNT_ORDER,
    codes_and_keys,
    lines,
    load_order,
    order_payload,
    problems_of,
)

D = Decimal


def details(plan):
    return plan.body["taxDetails"]["items"]


def details_of(plan, row):
    reference = {"id": row["taxDetailsReference"]}
    return [d for d in details(plan) if d["taxDetailsReference"] == reference]


def test_each_taxed_line_carries_its_shopify_tax_as_a_tax_detail(mappings):
    plan = translate_order(load_order(DISCOUNT_ORDER), mappings, SUITETAX_ACCOUNT)

    body = plan.body
    assert body["taxDetailsOverride"] is True
    rows = lines(plan)
    assert [r.get("taxDetailsReference") for r in rows] == [
        "line-1", None, "line-3", None, "line-5", None]
    assert not any("taxCode" in r or "tax1Amt" in r for r in rows)
    assert details(plan) == [
        {"taxDetailsReference": {"id": "line-1"}, "taxCode": {"id": "31"}, "taxType": "1",
         "taxBasis": D("195.66"), "taxRate": D("6"), "taxAmount": D("3.98")},
        {"taxDetailsReference": {"id": "line-3"}, "taxCode": {"id": "31"}, "taxType": "1",
         "taxBasis": D("195.67"), "taxRate": D("6"), "taxAmount": D("3.98")},
        {"taxDetailsReference": {"id": "line-5"}, "taxCode": {"id": "31"}, "taxType": "1",
         "taxBasis": D("195.67"), "taxRate": D("6"), "taxAmount": D("3.98")},
    ]
    assert sum(d["taxAmount"] for d in details(plan)) == D("11.94") == plan.totals.tax
    assert plan.totals.total == D("598.94")
    assert not plan.via_restlet


def test_discount_lines_carry_no_tax_of_their_own(mappings):
    """Shopify taxed the discounted line: the tax is on it (its basis is net of the
    discount), so an account that recalculated could not take the discount off twice."""
    plan = translate_order(load_order(DISCOUNT_ORDER), mappings, SUITETAX_ACCOUNT)

    discount_lines = [r for r in lines(plan) if r["amount"] < 0]
    assert len(discount_lines) == 3
    assert all("taxDetailsReference" not in r for r in discount_lines)
    first, first_discount = lines(plan)[:2]
    assert details_of(plan, first)[0]["taxBasis"] == first["amount"] + first_discount["amount"]


def test_several_titles_on_a_line_become_one_detail_each_with_its_own_code(mappings):
    payload = order_payload(CUSTOM_ITEMS_ORDER)
    for line, sku in zip(payload["line_items"], ("COAT-RED", "SHOES-BLUE", "BERET"), strict=True):
        line["sku"] = sku
    store = dataclasses.replace(
        mappings,
        items={"COAT-RED": ItemRef("301"), "SHOES-BLUE": ItemRef("302"), "BERET": ItemRef("303")},
        tax_codes={"state tax": TaxCodeRef("41", D("0.06"), "1"),
                   "county tax": TaxCodeRef("42", D("0.025"), "1")},
    )

    plan = translate_order(parse_order(payload), store, SUITETAX_ACCOUNT)

    coat, shoes, beret = lines(plan)
    assert "taxDetailsReference" not in shoes  # Shopify did not tax it: no tax detail
    assert [(d["taxCode"]["id"], d["taxRate"], d["taxAmount"]) for d in details_of(plan, coat)] == [
        ("41", D("6"), D("7.81")), ("42", D("2.5"), D("3.26"))]
    assert [(d["taxBasis"], d["taxAmount"]) for d in details_of(plan, beret)] == [
        (D("39.98"), D("2.39")), (D("39.98"), D("0.99"))]
    assert (plan.totals.tax, plan.totals.total) == (D("14.45"), D("270.37"))


def test_a_tax_inclusive_order_keeps_shopifys_included_tax(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    payload["taxes_included"] = True
    payload["total_price"] = payload["total_price_set"]["shop_money"]["amount"] = "587.00"

    plan = translate_order(parse_order(payload), mappings, SUITETAX_ACCOUNT)

    first = lines(plan)[0]
    assert first["amount"] == D("195.02")  # 199.00 less the 3.98 tax it included
    assert details_of(plan, first)[0]["taxBasis"] == D("191.68")  # and less its discount
    assert details_of(plan, first)[0]["taxAmount"] == D("3.98")
    assert plan.totals.total == D("587.00")


def test_shipping_tax_is_a_tax_detail_of_the_shipping_line(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    payload["shipping_lines"] = [{
        "title": "Standard", "code": "Standard", "price": "10.00", "discounted_price": "10.00",
        "tax_lines": [{"title": "State Tax", "rate": 0.06, "price": "0.60"}],
        "discount_allocations": [],
    }]
    for key, value in (("total_price", "609.54"), ("total_tax", "12.54")):
        payload[key] = payload[f"{key}_set"]["shop_money"]["amount"] = value
    payload["total_shipping_price_set"] = {
        "shop_money": {"amount": "10.00", "currency_code": "USD"},
        "presentment_money": {"amount": "10.00", "currency_code": "USD"},
    }

    plan = translate_order(parse_order(payload), mappings, SUITETAX_ACCOUNT)

    shipping = lines(plan)[-1]
    assert shipping["item"] == {"id": "77"}
    assert [(d["taxBasis"], d["taxAmount"]) for d in details_of(plan, shipping)] == [
        (D("10.00"), D("0.60"))]
    assert plan.totals.total == D("609.54")


def test_a_jurisdictions_own_code_wins_over_the_titles_code(mappings):
    kentucky = dataclasses.replace(mappings, tax_codes_by_jurisdiction={
        ("state tax", "US-KY"): TaxCodeRef("35", D("0.06"), "1")})

    plan = translate_order(load_order(DISCOUNT_ORDER), kentucky, SUITETAX_ACCOUNT)

    assert {d["taxCode"]["id"] for d in details(plan)} == {"35"}


def test_a_suitetax_mapping_without_its_tax_type_is_refused(mappings):
    untyped = dataclasses.replace(mappings, tax_codes={"state tax": TaxCodeRef("31", D("0.06"))})

    problems = problems_of(load_order(DISCOUNT_ORDER), untyped, SUITETAX_ACCOUNT)

    assert codes_and_keys(problems) == [(catalogue.UNMAPPED_TAX, "state tax")]
    assert "tax type" in problems[0].message


def test_an_order_without_tax_still_overrides_so_netsuite_adds_none(mappings):
    payload = order_payload(DISCOUNT_ORDER)
    for line in payload["line_items"]:
        line["tax_lines"] = []
    payload["total_tax"] = payload["total_tax_set"]["shop_money"]["amount"] = "0.00"
    payload["total_price"] = payload["total_price_set"]["shop_money"]["amount"] = "587.00"

    plan = translate_order(parse_order(payload), mappings, SUITETAX_ACCOUNT)

    assert plan.body["taxDetailsOverride"] is True
    assert plan.body["taxDetails"] == {"items": []}
    assert plan.totals.tax == D("0")
