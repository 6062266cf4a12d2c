"""Parsing Shopify order bodies: every fixture reads into exact values; bad fields are named."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from integrations.shopify.payloads import parse_order

from .conftest import (
    B2B_ORDER,
    BUNDLE_ORDER,
    CAD_ORDER,
    CUSTOM_ITEMS_ORDER,
    DISCOUNT_ORDER,
    GIFT_CARD_ORDER,
    GIFT_CARD_REFUND_ORDER,
    ORDER_FIXTURES,
    load_order,
    order_payload,
)


@pytest.mark.parametrize("name", ORDER_FIXTURES)
def test_every_fixture_parses_into_exact_values(name):
    order = load_order(name)

    assert isinstance(order.id, int) and order.id > 0
    assert order.created_at.tzinfo is not None
    for amount in (order.total_price, order.subtotal_price, order.total_tax,
                   order.total_discounts, order.total_shipping):
        assert isinstance(amount, Decimal)
    for line in order.line_items:
        assert isinstance(line.id, int)
        assert isinstance(line.price, Decimal)
        assert all(isinstance(t.rate, Decimal) for t in line.tax_lines)
    taxes = sum(t.price for line in order.line_items for t in line.tax_lines)
    assert taxes == order.total_tax


def test_discount_order_reads_allocations_tax_and_customer():
    order = load_order(DISCOUNT_ORDER)

    assert (order.id, order.name, order.currency) == (450789469, "#1001", "USD")
    assert order.created_at == datetime(2008, 1, 10, 16, 0, tzinfo=UTC)
    assert [a.amount for line in order.line_items for a in line.discount_allocations] == [
        Decimal("3.34"), Decimal("3.33"), Decimal("3.33")
    ]
    assert {a.application_index for line in order.line_items
            for a in line.discount_allocations} == {0}
    assert order.discount_applications[0].label == "TENOFF"
    tax = order.line_items[0].tax_lines[0]
    assert (tax.title, tax.rate, tax.price) == ("State Tax", Decimal("0.06"), Decimal("3.98"))
    assert order.customer.id == 207119551
    assert order.customer.default_address.province_code == "KY"
    assert order.po_number == "ABC123"
    assert order.payment_gateway_names == ("bogus",)
    assert order.company is None
    assert [li.quantity for li in order.line_items] == [1, 1, 1]  # as ordered, not current


def test_custom_items_have_no_sku_and_no_product():
    order = load_order(CUSTOM_ITEMS_ORDER)

    assert [(li.sku, li.product_id) for li in order.line_items] == [("", None)] * 3
    assert order.customer is None
    assert order.line_items[1].taxable is False
    titles = [[t.title for t in li.tax_lines] for li in order.line_items]
    assert titles == [["State tax", "County tax"], [], ["State tax", "County tax"]]


def test_b2b_order_keeps_its_64_bit_ids_and_company():
    order = load_order(B2B_ORDER)

    assert order.id == 820982911946154508  # beyond 2**53: a float would have changed it
    assert (order.company.id, order.company.location_id) == (4219732029, 4219764797)
    assert order.payment_terms.name == "Net 30"
    assert order.payment_terms.due_in_days == 30
    assert order.payment_gateway_names == ()


def test_gift_card_sold_is_flagged():
    order = load_order(GIFT_CARD_ORDER)

    card = order.line_items[-1]
    assert (card.gift_card, card.sku, card.requires_shipping) == (True, "", False)
    assert order.payment_gateway_names == ("bogus", "gift_card")
    assert load_order(GIFT_CARD_REFUND_ORDER).payment_gateway_names == ("bogus", "gift_card")


def test_bundle_line_quantity_and_price():
    line = load_order(BUNDLE_ORDER).line_items[1]

    assert (line.sku, line.quantity, line.price, line.amount) == (
        "KIT-IPOD-RED", 2, Decimal("99.50"), Decimal("199.00")
    )


def test_presentment_totals_are_read_from_the_sets():
    order = load_order(CAD_ORDER)

    assert (order.currency, order.presentment_currency) == ("USD", "CAD")
    assert order.total_price == Decimal("598.94")
    assert order.presentment_total_price == Decimal("808.56")
    assert order.presentment_total_tax == Decimal("16.11")
    assert order.line_items[0].presentment_price == Decimal("268.65")


def test_a_rest_envelope_is_refused():
    with pytest.raises(ValueError, match="REST response wrapper"):
        parse_order({"order": order_payload(DISCOUNT_ORDER)})


def _broken(change) -> dict:
    payload = order_payload(DISCOUNT_ORDER)
    change(payload)
    return payload


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: o.update(id=4.5e8), r"^id: expected a positive integer id"),
        (lambda o: o.update(id=True), r"^id: expected a positive integer id"),
        (lambda o: o["line_items"][2].update(price="199,00"), r"^line_items\[2\]\.price: "),
        (lambda o: o["line_items"][0].update(price=None), r"^line_items\[0\]\.price: "),
        (lambda o: o["line_items"][1].update(quantity="1"), r"^line_items\[1\]\.quantity: "),
        (lambda o: o.update(total_price="NaN"), r"^total_price: expected a finite"),
        (lambda o: o.update(currency="usd"), r"^currency: expected a three-letter"),
        (lambda o: o.update(created_at="2008-01-10T11:00:00"), r"^created_at: .*UTC offset"),
        (lambda o: o["line_items"][0]["tax_lines"][0].update(rate="six"),
         r"^line_items\[0\]\.tax_lines\[0\]\.rate: "),
        (lambda o: o["line_items"][0]["discount_allocations"][0].update(
            discount_application_index=3), r"points past the order's 1 discount_applications"),
        (lambda o: o["total_price_set"]["shop_money"].update(currency_code="EUR"),
         r"^total_price_set\.shop_money\.currency_code: EUR, not the order's USD"),
        (lambda o: o["total_price_set"]["shop_money"].update(amount="598.95"),
         r"disagrees with total_price 598.94"),
        (lambda o: o.update(line_items={"id": 1}), r"^line_items: expected a list"),
        (lambda o: o.update(customer="bob"), r"^customer: expected an object"),
        (lambda o: o.update(payment_gateway_names="bogus"), r"^payment_gateway_names: "),
    ],
)
def test_a_bad_field_is_named_in_the_error(change, message):
    with pytest.raises(ValueError, match=message):
        parse_order(_broken(change))


def test_ids_sent_as_digit_strings_are_read_as_ints():
    payload = _broken(lambda o: o.update(id="820982911946154508"))

    assert parse_order(payload).id == 820982911946154508
