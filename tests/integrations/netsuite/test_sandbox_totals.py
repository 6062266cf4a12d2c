"""The account computes a transaction's figures itself: line amount = rate x quantity, the
subtotal, discount, tax and total. What the client sent stays on record, so a wrong client
figure shows up as a difference on read-back."""

from decimal import Decimal as D

import pytest

from .conftest import order_line, sales_order


def test_a_line_amounts_to_rate_times_quantity_whatever_amount_was_sent(sandbox, rest, acme):
    body = sales_order(acme, order_line(quantity=2, rate="19.99", amount=D("50.00")))

    rest.put("salesOrder", "shopify-order-1", body)

    line = rest.read("salesOrder", "shopify-order-1")["item"]["items"][0]
    (sent,) = sandbox.sent_bodies("salesOrder", "shopify-order-1")
    assert line["amount"] == 39.98
    assert sent["item"]["items"][0]["amount"] == D("50.00")  # what the client claimed


@pytest.mark.parametrize("quantity,rate,amount", [
    (3, "0.335", 1.01),  # 1.005, half up
    (1, "0.125", 0.13),
    (2, "0.0049", 0.01),  # 0.0098
    (D("1.5"), "3.33", 5.0),  # 4.995
])
def test_amounts_round_half_up_to_cents(sandbox, rest, acme, quantity, rate, amount):
    rest.put("salesOrder", "shopify-order-1",
             sales_order(acme, order_line(quantity=quantity, rate=rate)))

    assert rest.read("salesOrder", "shopify-order-1")["item"]["items"][0]["amount"] == amount


def test_a_line_without_quantity_amounts_to_its_rate(sandbox, rest, acme):
    body = sales_order(acme, order_line(quantity=3, rate="10.00"),
                       order_line("99", quantity=None, rate="-5.00", amount=D("-50")))

    rest.put("salesOrder", "shopify-order-1", body)

    order = rest.read("salesOrder", "shopify-order-1")
    assert [ln["amount"] for ln in order["item"]["items"]] == [30, -5]
    assert order["subtotal"] == 25


def test_a_line_without_rate_keeps_its_amount_and_gets_its_rate(sandbox, rest, acme):
    body = sales_order(acme, {"item": {"id": "98"}, "quantity": 2, "amount": D("12.50")})

    rest.put("salesOrder", "shopify-order-1", body)

    line = rest.read("salesOrder", "shopify-order-1")["item"]["items"][0]
    assert (line["amount"], line["rate"]) == (12.5, 6.25)


def test_totals_sent_by_the_client_are_ignored(sandbox, rest, acme):
    body = sales_order(acme, order_line(quantity=2, rate="5.00"), subtotal=D("1"),
                       discountTotal=D("-3"), taxTotal=D("9"), total=D("999.99"))

    rest.put("salesOrder", "shopify-order-1", body)

    order = rest.read("salesOrder", "shopify-order-1")
    assert (order["subtotal"], order["discountTotal"], order["taxTotal"], order["total"]) == (
        10, 0, 0, 10)


def test_discount_shipping_and_handling_make_up_the_total(sandbox, rest, acme):
    body = sales_order(acme, order_line(quantity=4, rate="25.00"), discountRate=D("10"),
                       shippingCost=D("7.5"), handlingCost=D("2"))

    rest.put("salesOrder", "shopify-order-1", body)

    order = rest.read("salesOrder", "shopify-order-1")
    assert (order["subtotal"], order["discountTotal"], order["total"]) == (100, -10, 99.5)


def test_with_override_the_tax_is_the_tax_details_as_sent(sandbox, rest, acme):
    sandbox.set_tax_rates({"5": "0.0825"})
    body = sales_order(
        acme, order_line(quantity=2, rate="19.99", taxDetailsReference="a"),
        order_line("99", rate="4.00", taxDetailsReference="b"), taxDetailsOverride=True,
        taxDetails={"items": [
            {"taxDetailsReference": {"id": "a"}, "taxCode": {"id": "5"}, "taxAmount": D("3.31")},
            {"taxDetailsReference": {"id": "b"}, "taxCode": {"id": "5"}, "taxAmount": D("0.32")},
        ]})

    rest.put("salesOrder", "shopify-order-1", body)

    order = rest.read("salesOrder", "shopify-order-1")
    assert [d["taxAmount"] for d in order["taxDetails"]["items"]] == [3.31, 0.32]
    assert (order["taxTotal"], order["total"]) == (3.63, 47.61)


def test_without_override_the_account_computes_the_tax_from_its_rates(sandbox, rest, acme):
    sandbox.set_tax_rates({"5": "0.0825", "6": "0.01"})
    body = sales_order(
        acme, order_line(quantity=2, rate="19.99", taxDetailsReference="a"),
        taxDetails={"items": [
            {"taxDetailsReference": {"id": "a"}, "taxCode": {"id": "5"}, "taxAmount": D("9")},
            {"taxDetailsReference": {"id": "a"}, "taxCode": {"id": "6"}},
        ]})

    rest.put("salesOrder", "shopify-order-1", body)

    order = rest.read("salesOrder", "shopify-order-1")
    details = order["taxDetails"]["items"]
    assert [(d["netAmount"], d["taxRate"], d["taxAmount"]) for d in details] == [
        (39.98, 8.25, 3.30), (39.98, 1, 0.40)]
    assert (order["taxTotal"], order["total"]) == (3.70, 43.68)


def test_the_tax_engine_gives_untaxed_lines_its_default_code(sandbox, rest, acme):
    sandbox.set_tax_rates({"5": "0.0825"}, default="5")
    body = sales_order(acme, order_line(quantity=1, rate="100.00"), order_line("99", rate="4"))

    rest.put("salesOrder", "shopify-order-1", body)

    order = rest.read("salesOrder", "shopify-order-1")
    references = [ln["taxDetailsReference"] for ln in order["item"]["items"]]
    details = order["taxDetails"]["items"]
    assert [d["taxDetailsReference"]["id"] for d in details] == references
    assert [d["taxAmount"] for d in details] == [8.25, 0.33]
    assert order["taxTotal"] == 8.58


@pytest.mark.parametrize("record_type", ["invoice", "cashSale", "creditMemo",
                                         "returnAuthorization", "cashRefund", "purchaseOrder"])
def test_other_transactions_with_item_lines_are_totalled_too(sandbox, rest, acme, record_type):
    body = sales_order(acme, order_line(quantity=3, rate="2.50", amount=D("1")),
                       total=D("1"))

    assert rest.put(record_type, "made-here-1", body).status_code == 204

    record = rest.read(record_type, "made-here-1")
    assert (record["item"]["items"][0]["amount"], record["total"]) == (7.5, 7.5)


def test_totals_follow_the_lines_a_patch_adds(sandbox, rest, netsuite, acme):
    order_id = netsuite.upsert("salesOrder", "shopify-order-1",
                               sales_order(acme, order_line(quantity=1, rate="2.00")))

    rest.patch("salesOrder", order_id, {"item": {"items": [order_line("99", rate="3.00")]}})

    assert rest.read("salesOrder", "shopify-order-1")["total"] == 5
