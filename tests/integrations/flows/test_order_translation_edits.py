"""After a Shopify order edit the sales order carries the order as it now stands."""

import dataclasses
from decimal import Decimal

from exceptions import catalogue
from integrations.flows.orders.translate import ItemRef, TaxCodeRef, translate_order
from tests.docs_store import LEGACY_ACCOUNT, SUITETAX_ACCOUNT

from .conftest import DISCOUNT_ORDER, codes_and_keys, lines, load_order, problems_of

D = Decimal
EDITED_ORDER = "shopify_order_edited_line_removed.json"


def edited_store(mappings):
    return dataclasses.replace(
        mappings,
        items={"COAT-RED": ItemRef("301"), "SHOES-BLUE": ItemRef("302"), "BERET": ItemRef("303")},
        tax_codes={"state tax": TaxCodeRef("41", D("0.06"), "1"),
                   "county tax": TaxCodeRef("42", D("0.025"), "1"),
                   "county tax + state tax": TaxCodeRef("32", D("0.085"))},
    )


def test_a_removed_line_leaves_and_a_reduced_one_carries_its_current_quantity(mappings):
    plan = translate_order(load_order(EDITED_ORDER), edited_store(mappings), SUITETAX_ACCOUNT)

    assert [(r["item"]["id"], r["quantity"], r["amount"]) for r in lines(plan)] == [
        ("301", 1, D("129.99")), ("303", 1, D("19.99"))]
    beret = lines(plan)[1]
    beret_tax = [d["taxAmount"] for d in plan.body["taxDetails"]["items"]
                 if d["taxDetailsReference"] == {"id": beret["taxDetailsReference"]}]
    assert beret_tax == [D("1.20"), D("0.50")]
    assert (plan.totals.tax, plan.totals.total) == (D("12.77"), D("162.75"))


def test_the_edited_order_is_checked_against_shopifys_current_figures(mappings):
    order = load_order(EDITED_ORDER)
    tampered = dataclasses.replace(order, current=dataclasses.replace(
        order.current, total_price=D("170.00")))

    problems = problems_of(tampered, edited_store(mappings), SUITETAX_ACCOUNT)

    assert codes_and_keys(problems) == [(catalogue.TOTALS_MISMATCH, f"order-{order.id}")]
    assert "total: 162.75 in the sales order vs 170.00 in Shopify" in problems[0].message


def test_the_same_edit_on_a_legacy_account(mappings):
    plan = translate_order(load_order(EDITED_ORDER), edited_store(mappings), LEGACY_ACCOUNT)

    assert [(r["item"]["id"], r["quantity"], r["tax1Amt"]) for r in lines(plan)] == [
        ("301", 1, D("11.07")), ("303", 1, D("1.70"))]
    assert plan.totals.total == D("162.75")


def test_a_refunded_line_stays_on_the_order_refunds_are_booked_apart(mappings):
    """The docs order was partly refunded: two lines have current_quantity 0 because of the
    refund, not an edit, so the sales order keeps all three (the refund flow credits them)."""
    order = load_order(DISCOUNT_ORDER)
    assert [line.current_quantity for line in order.line_items] == [0, 1, 0]

    plan = translate_order(order, mappings, SUITETAX_ACCOUNT)

    assert [r["quantity"] for r in lines(plan) if "quantity" in r] == [1, 1, 1]
    assert plan.totals.total == D("598.94") == order.total_price
