"""The body follows what the NetSuite account said it can do: its time zone, its currencies
and the payment field its sales order offers."""

import dataclasses

from integrations.flows.orders.translate import customer_plan, translate_order
from integrations.shopify.payloads import parse_order
from tests.docs_store import LEGACY_ACCOUNT, SUITETAX_ACCOUNT

from .conftest import DISCOUNT_ORDER, load_order, order_payload


def late_evening_order():
    """Placed at 02:30 UTC on the 28th: still the 27th for a company in Los Angeles."""
    payload = order_payload(DISCOUNT_ORDER)
    payload["created_at"] = "2026-11-28T02:30:00Z"
    payload["updated_at"] = "2026-11-28T02:31:00Z"
    return parse_order(payload)


def test_the_transaction_date_is_the_order_day_in_the_company_time_zone(mappings):
    los_angeles = translate_order(late_evening_order(), mappings, SUITETAX_ACCOUNT)
    utc = translate_order(late_evening_order(), mappings,
                          dataclasses.replace(SUITETAX_ACCOUNT, time_zone="UTC"))
    tokyo = translate_order(late_evening_order(), mappings,
                            dataclasses.replace(SUITETAX_ACCOUNT, time_zone="Asia/Tokyo"))

    assert los_angeles.body["tranDate"] == "2026-11-27"
    assert utc.body["tranDate"] == "2026-11-28"
    assert tokyo.body["tranDate"] == "2026-11-28"


def test_payment_instruments_get_the_payment_option_recorded_as_an_external_event(mappings):
    body = translate_order(load_order(DISCOUNT_ORDER), mappings, SUITETAX_ACCOUNT).body

    assert body["paymentOption"] == {"id": "7"}
    assert body["handlingMode"] == {"id": "MIMIC"}  # Record External Event: never charged
    assert "paymentMethod" not in body


def test_older_accounts_get_the_payment_method_and_no_handling_mode(mappings):
    body = translate_order(load_order(DISCOUNT_ORDER), mappings, LEGACY_ACCOUNT).body

    assert body["paymentMethod"] == {"id": "7"}
    assert "paymentOption" not in body and "handlingMode" not in body


def test_an_account_offering_neither_payment_field_gets_none(mappings):
    neither = dataclasses.replace(SUITETAX_ACCOUNT, payment_field="")
    unmapped = dataclasses.replace(mappings, payment_methods={})

    body = translate_order(load_order(DISCOUNT_ORDER), unmapped, neither).body

    assert not {"paymentOption", "paymentMethod", "handlingMode"} & set(body)


def test_a_single_currency_account_gets_no_currency_field(mappings):
    single = dataclasses.replace(SUITETAX_ACCOUNT, multi_currency=False)
    order = load_order(DISCOUNT_ORDER)

    assert "currency" not in translate_order(order, mappings, single).body
    assert "currency" not in customer_plan(order.customer, mappings, single).body
    assert customer_plan(order.customer, mappings, SUITETAX_ACCOUNT).body["currency"] == {
        "id": "1"}


def test_addresses_name_their_country_by_code(mappings):
    body = translate_order(load_order(DISCOUNT_ORDER), mappings, SUITETAX_ACCOUNT).body

    assert body["shippingAddress"]["country"] == {"id": "US"}
    assert body["billingAddress"]["country"] == {"id": "US"}
