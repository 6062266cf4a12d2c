"""The sandbox account's profile (tax mode, multi-currency, payment field, time zone,
OneWorld) decides which fields its records have, as in a real account."""

from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
import time_machine

from integrations.sandbox.netsuite import NetSuiteSandbox

from .conftest import ACCOUNT, CREDENTIALS, STRICT_NAMES, order_line, refusal, sales_order

LEGACY_TAX = [
    ({"taxItem": {"id": "5"}}, "taxItem"),
    ({"taxRate": Decimal("8.25")}, "taxRate"),
    ({"tax2Total": Decimal("0")}, "tax2Total"),
    ({"shippingTaxCode": {"id": "5"}}, "shippingTaxCode"),
    ({"shippingTax1Rate": Decimal("8.25")}, "shippingTax1Rate"),
    ({"item": {"items": [order_line(taxCode={"id": "5"})]}}, "item.items[0].taxCode"),
    ({"item": {"items": [order_line(tax1Amt=Decimal("0.83"))]}}, "item.items[0].tax1Amt"),
    ({"item": {"items": [order_line(), order_line(taxRate1=Decimal("8.25"))]}},
     "item.items[1].taxRate1"),
]
SUITETAX = [
    ({"taxDetailsOverride": True}, "taxDetailsOverride"),
    ({"taxRegOverride": False}, "taxRegOverride"),
    ({"taxPointDate": "2026-11-23"}, "taxPointDate"),
    ({"taxDetails": {"items": [{"taxDetailsReference": {"id": "a"}}]}}, "taxDetails"),
    ({"item": {"items": [order_line(taxDetailsReference="a")]}},
     "item.items[0].taxDetailsReference"),
]


@pytest.mark.parametrize("change,path", LEGACY_TAX)
def test_a_suitetax_account_has_no_legacy_tax_fields(sandbox, rest, acme, change, path):
    body = sales_order(acme, **change)

    lenient = rest.put("salesOrder", "shopify-order-1", body)
    strict = rest.put("salesOrder", "shopify-order-2", body, headers=STRICT_NAMES)

    assert lenient.status_code == 204
    assert [d["path"] for d in sandbox.stats["dropped_fields"]] == [path]
    assert refusal(strict) == (400, "INVALID_CONTENT", path)


def test_a_suitetax_account_takes_its_tax_fields(sandbox, rest, acme):
    body = sales_order(acme, order_line(taxDetailsReference="a"),
                       taxDetailsOverride=True, taxRegOverride=False,
                       taxPointDate="2026-11-23", taxDetails={"items": [
                           {"taxDetailsReference": {"id": "a"}, "taxCode": {"id": "-7"},
                            "taxType": "SALES", "taxAmount": Decimal("0.00")}]})

    response = rest.put("salesOrder", "shopify-order-1", body, headers=STRICT_NAMES)

    assert response.status_code == 204, response.text
    assert rest.read("salesOrder", "shopify-order-1")["taxPointDate"] == "2026-11-23"


@pytest.mark.parametrize("references,path", [
    (["b"], "taxDetails.items[0].taxDetailsReference"),
    (["a", "c"], "taxDetails.items[1].taxDetailsReference"),
])
def test_tax_details_must_point_at_an_item_line_of_the_same_order(sandbox, rest, acme,
                                                                   references, path):
    body = sales_order(acme, order_line(taxDetailsReference="a"), taxDetailsOverride=True,
                       taxDetails={"items": [{"taxDetailsReference": {"id": r},
                                              "taxAmount": Decimal("1.00")}
                                             for r in references]})

    assert refusal(rest.put("salesOrder", "shopify-order-1", body)) == (
        400, "INVALID_CONTENT", path)


def test_a_tax_details_reference_is_a_select(sandbox, rest, acme):
    body = sales_order(acme, order_line(taxDetailsReference="a"),
                       taxDetails={"items": [{"taxDetailsReference": "a"}]})

    assert refusal(rest.put("salesOrder", "shopify-order-1", body)) == (
        400, "INVALID_CONTENT", "taxDetails.items[0].taxDetailsReference")


@pytest.mark.parametrize("change,path", LEGACY_TAX + SUITETAX)
def test_rest_on_a_legacy_account_refuses_every_tax_field(sandbox, rest, acme, change, path):
    sandbox.configure(tax_mode="legacy")

    response = rest.put("salesOrder", "shopify-order-1", sales_order(acme, **change))

    assert refusal(response) == (400, "INVALID_CONTENT", path)
    detail = response.json()["o:errorDetails"][0]["detail"]
    assert "REST web services do not support legacy tax" in detail


def test_rest_on_a_legacy_account_still_writes_untaxed_records(sandbox, rest, acme):
    sandbox.configure(tax_mode="legacy")

    assert rest.put("salesOrder", "shopify-order-1", sales_order(acme)).status_code == 204
    assert rest.read("salesOrder", "shopify-order-1")["taxTotal"] == 0


@pytest.mark.parametrize("record_type", ["salesOrder", "customer"])
def test_without_multi_currency_currency_is_not_a_field(sandbox, rest, acme, record_type):
    sandbox.configure(multi_currency=False)
    body = (sales_order(acme) if record_type == "salesOrder"
            else {"companyName": "Carlos Coffee"}) | {"currency": {"id": "1"}}

    assert refusal(rest.put(record_type, "made-here-1", body, headers=STRICT_NAMES)) == (
        400, "INVALID_CONTENT", "currency")
    sandbox.configure(multi_currency=True)
    assert rest.put(record_type, "made-here-1", body, headers=STRICT_NAMES).status_code == 204


def test_a_subsidiary_keeps_its_currency_without_multi_currency(sandbox, rest):
    sandbox.configure(multi_currency=False)

    response = rest.put("subsidiary", "sub-1", {"name": "Parent", "currency": {"id": "1"}},
                        headers=STRICT_NAMES)

    assert response.status_code == 204, response.text


@pytest.mark.parametrize("payment_field,offered,absent", [
    ("paymentOption", "paymentOption", "paymentMethod"),
    ("paymentMethod", "paymentMethod", "paymentOption"),
])
def test_the_account_offers_one_payment_field(sandbox, rest, acme, payment_field, offered,
                                              absent):
    sandbox.configure(payment_field=payment_field)

    taken = rest.put("salesOrder", "shopify-order-1", sales_order(
        acme, handlingMode={"id": "SAVE_ONLY"}, **{offered: {"id": "4"}}), headers=STRICT_NAMES)
    refused = rest.put("salesOrder", "shopify-order-2",
                       sales_order(acme, **{absent: {"id": "4"}}), headers=STRICT_NAMES)
    bare = rest.put("salesOrder", "shopify-order-3", sales_order(acme, **{offered: "4"}))

    assert taken.status_code == 204, taken.text
    assert rest.read("salesOrder", "shopify-order-1")[offered]["id"] == "4"
    assert refusal(refused) == (400, "INVALID_CONTENT", absent)
    assert refusal(bare) == (400, "INVALID_CONTENT", offered)


def test_without_oneworld_records_have_no_subsidiary(sandbox, rest, acme):
    sandbox.configure(oneworld=False)
    journal = {"line": {"items": [{"account": {"id": "1"}, "debit": Decimal("5")},
                                  {"account": {"id": "2"}, "credit": Decimal("5")}]}}

    refused = rest.put("salesOrder", "shopify-order-1",
                       sales_order(acme, subsidiary={"id": "1"}), headers=STRICT_NAMES)

    assert refusal(refused) == (400, "INVALID_CONTENT", "subsidiary")
    assert rest.put("journalEntry", "je-1", journal).status_code == 204
    sandbox.configure(oneworld=True)
    assert refusal(rest.put("journalEntry", "je-2", journal)) == (400, "USER_ERROR",
                                                                  "subsidiary")


def test_default_transaction_dates_are_today_in_the_company_time_zone(sandbox, rest, acme):
    with time_machine.travel(datetime(2026, 11, 23, 20, 30, tzinfo=UTC), tick=False):
        rest.put("salesOrder", "shopify-order-1", sales_order(acme))
        sandbox.configure(time_zone="Pacific/Kiritimati")  # UTC+14: already the 24th
        rest.put("salesOrder", "shopify-order-2", sales_order(acme))

    assert rest.read("salesOrder", "shopify-order-1")["tranDate"] == "2026-11-23"
    assert rest.read("salesOrder", "shopify-order-2")["tranDate"] == "2026-11-24"


def test_the_profile_is_set_in_the_constructor():
    sandbox = NetSuiteSandbox(ACCOUNT, CREDENTIALS, tax_mode="legacy", multi_currency=False,
                              payment_field="paymentMethod", time_zone="Europe/London",
                              oneworld=False)

    assert {k: sandbox.config_snapshot()[k] for k in (
        "tax_mode", "multi_currency", "payment_field", "time_zone", "oneworld")} == {
        "tax_mode": "legacy", "multi_currency": False, "payment_field": "paymentMethod",
        "time_zone": "Europe/London", "oneworld": False}
    with pytest.raises(ValueError, match="tax_mode"):
        NetSuiteSandbox(ACCOUNT, CREDENTIALS, tax_mode="vat")


def test_the_control_endpoint_changes_the_profile_and_refuses_nonsense(live_sandbox):
    control = httpx.Client(base_url=live_sandbox.url, timeout=5)

    changed = control.post("/_sandbox/config", json={
        "tax_mode": "legacy", "payment_field": "paymentMethod", "time_zone": "Europe/London",
        "multi_currency": False, "oneworld": False, "latency_ms": 1})
    refusals = [control.post("/_sandbox/config", json=bad) for bad in (
        {"tax_mode": "vat"}, {"time_zone": "Mars/Olympus_Mons"}, {"oneworld": "yes"},
        {"payment_field": "card"}, {"tax_mode": "suitetax", "nonsense": 1})]

    assert changed.status_code == 200
    assert {k: changed.json()[k] for k in ("tax_mode", "payment_field", "time_zone",
                                           "multi_currency", "oneworld", "latency_ms")} == {
        "tax_mode": "legacy", "payment_field": "paymentMethod", "time_zone": "Europe/London",
        "multi_currency": False, "oneworld": False, "latency_ms": 1}
    assert [r.status_code for r in refusals] == [400] * 5
    assert control.get("/_sandbox/config").json()["tax_mode"] == "legacy"  # all or nothing
    assert control.post("/_sandbox/reset").json()["tax_mode"] == "legacy"  # the account stays
    control.close()
