"""Translating Shopify orders: who buys (the Shopify customer or the guest) and B2B companies."""

import dataclasses

from exceptions import catalogue
from integrations.flows.orders.translate import CompanyTerms, customer_plan, translate_order
from tests.docs_store import B2B_COMPANY, B2B_LOCATION, LEGACY_ACCOUNT

from .conftest import (
    B2B_ORDER,
    DISCOUNT_ORDER,
    codes_and_keys,
    lines,
    load_order,
    problems_of,
)


def test_customer_is_matched_by_shopify_id_and_upserted_first(mappings):
    plan = translate_order(load_order(DISCOUNT_ORDER), mappings, LEGACY_ACCOUNT)

    assert plan.entity_id is None and "entity" not in plan.body
    assert plan.customer.external_id == "shopify-customer-207119551"
    assert plan.customer.body == {
        "externalId": "shopify-customer-207119551", "isPerson": True, "firstName": "Bob",
        "lastName": "Norman", "email": "bob.norman@mail.example.com", "phone": "+16136120707",
        "subsidiary": {"id": "1"}, "currency": {"id": "1"},
    }


def test_customer_bodies_validate_against_netsuite_customer_metadata(mappings, customer_schema):
    order = load_order(DISCOUNT_ORDER)
    nameless = dataclasses.replace(order.customer, first_name="", last_name="", phone="12")
    with_company = dataclasses.replace(
        order.customer,
        default_address=dataclasses.replace(order.customer.default_address, company="Acme"),
    )

    for customer in (order.customer, nameless, with_company):
        body = customer_plan(customer, mappings, LEGACY_ACCOUNT).body
        customer_schema.validate(body)
        assert set(body) <= set(customer_schema.schema["properties"])
    assert customer_plan(nameless, mappings, LEGACY_ACCOUNT).body["lastName"] == (
        "bob.norman@mail.example.com")
    assert "phone" not in customer_plan(nameless, mappings, LEGACY_ACCOUNT).body
    assert customer_plan(with_company, mappings, LEGACY_ACCOUNT).body["companyName"] == "Acme"


def test_b2b_order_uses_the_company_customer_and_terms(mappings):
    plan = translate_order(load_order(B2B_ORDER), mappings, LEGACY_ACCOUNT)

    assert plan.customer is None
    assert plan.entity_id == "900" and plan.body["entity"] == {"id": "900"}
    assert plan.body["terms"] == {"id": "2"}
    assert plan.price_level_id == "3"
    assert "paymentMethod" not in plan.body
    assert {r.get("price", {}).get("id") for r in lines(plan)} <= {"-1", None}
    assert plan.body["shippingAddress"]["addressee"] == "Norman Hardware Supply"
    assert plan.body["shippingAddress"]["attention"] == "Bob Norman"


def test_b2b_location_mapping_wins_over_the_company_wide_one(mappings):
    companies = {**mappings.companies, (B2B_COMPANY, B2B_LOCATION): CompanyTerms("901", "", "4")}
    store = dataclasses.replace(mappings, companies=companies)

    plan = translate_order(load_order(B2B_ORDER), store, LEGACY_ACCOUNT)

    assert (plan.entity_id, plan.body["terms"]) == ("901", {"id": "4"})


def test_unmapped_b2b_company_is_held_for_finance_never_prepaid(mappings):
    problems = problems_of(load_order(B2B_ORDER), dataclasses.replace(mappings, companies={}))

    assert codes_and_keys(problems) == [(catalogue.UNMAPPED_B2B_COMPANY, B2B_COMPANY)]
    assert "not booked as prepaid" in problems[0].message
