"""The order flow reads only the mappings one order uses, whatever the catalogue's size."""

from decimal import Decimal as D

import pytest

from integrations.flows.orders.mappings import (
    BundleComponentRef,
    CompanyTerms,
    ItemRef,
    TaxCodeRef,
    load_order_mappings,
)
from integrations.models import Connection
from mappings import models as m
from tests.docs_store import B2B_COMPANY, LEGACY_ACCOUNT

from .conftest import B2B_ORDER, BUNDLE_ORDER, DISCOUNT_ORDER, load_order

pytestmark = pytest.mark.django_db

# The ledger, items, bundles and their components, tax codes, discounts, gateways, locations.
QUERIES_PER_ORDER = 8


def seed_store(store, unrelated: int):
    m.StoreMapping.objects.create(store=store, subsidiary_id="1", currency_code="usd",
                                  currency_id="1", guest_customer_id="410", shipping_item_id="77",
                                  gift_card_item_id="88", default_location_id="6")
    for sku, item in (("IPOD2008GREEN", "101"), ("IPOD2008RED", "102"), ("IPOD2008BLACK", "103")):
        m.ItemMapping.objects.create(store=store, sku=sku, netsuite_item_id=item,
                                     shopify_product_id="632910392")
    m.ItemMapping.objects.bulk_create(
        m.ItemMapping(store=store, sku=f"OTHER-{n}", netsuite_item_id=str(5000 + n))
        for n in range(unrelated)
    )
    kit = m.BundleMapping.objects.create(store=store, parent_sku="KIT-IPOD-RED")
    for item, quantity, share in (("102", 1, "0.7"), ("201", 2, "0.2"), ("202", 1, "0.1")):
        m.BundleComponent.objects.create(bundle=kit, netsuite_item_id=item, quantity=quantity,
                                         price_share=D(share))
    m.TaxCodeMapping.objects.create(store=store, tax_title="State Tax", rate=D("0.06"),
                                    netsuite_tax_code_id="31", netsuite_tax_type="2")
    m.TaxCodeMapping.objects.create(store=store, tax_title="State Tax", jurisdiction="US-KY",
                                    rate=D("0.06"), netsuite_tax_code_id="33",
                                    netsuite_tax_type="2")
    m.TaxCodeMapping.objects.create(store=store, tax_title="State Tax", jurisdiction="CA-ON",
                                    rate=D("0.13"), netsuite_tax_code_id="34")
    m.TaxCodeMapping.objects.create(store=store, tax_title="State tax + County Tax",
                                    rate=D("0.085"), netsuite_tax_code_id="32")
    for n in range(unrelated // 10):
        m.TaxCodeMapping.objects.create(store=store, tax_title=f"Other Tax {n}", rate=D("0.01"),
                                        netsuite_tax_code_id=str(700 + n))
    m.DiscountMapping.objects.create(store=store, code="tenoff", netsuite_discount_item_id="61")
    m.DiscountMapping.objects.create(store=store, code="", netsuite_discount_item_id="60")
    m.DiscountMapping.objects.create(store=store, code="SUMMER", netsuite_discount_item_id="62")
    m.PaymentMethodMapping.objects.create(store=store, gateway=" Bogus",
                                          netsuite_payment_method_id="7")
    m.PaymentMethodMapping.objects.create(store=store, gateway="paypal",
                                          netsuite_payment_method_id="8")
    m.LocationMapping.objects.create(store=store, shopify_location_id="655441491",
                                     netsuite_location_id="6")
    m.LocationMapping.objects.create(store=store, shopify_location_id="999",
                                     netsuite_location_id="9")
    m.B2BCompanyMapping.objects.create(store=store, shopify_company_id=B2B_COMPANY,
                                       netsuite_customer_id="900", price_level_id="3",
                                       payment_terms_id="2")


def test_only_the_rows_the_order_uses_are_read(store, django_assert_max_num_queries):
    seed_store(store, unrelated=300)
    order = load_order(BUNDLE_ORDER)

    with django_assert_max_num_queries(QUERIES_PER_ORDER):
        loaded = load_order_mappings(store, order)

    assert loaded.currency_code == "USD"
    # The order sells GREEN, BLACK and the KIT-IPOD-RED bundle; RED and the 300 others stay out.
    assert set(loaded.items) == {"IPOD2008GREEN", "IPOD2008BLACK"}
    assert loaded.items["IPOD2008GREEN"] == ItemRef("101", "632910392")
    assert loaded.bundles["KIT-IPOD-RED"][1] == BundleComponentRef("201", 2, D("0.2000"))
    assert set(loaded.tax_codes) == {"state tax"}
    assert loaded.tax_codes_by_jurisdiction == {
        ("state tax", "US-KY"): TaxCodeRef("33", D("0.06000"), "2")}
    assert loaded.discounts == {"TENOFF": "61", "": "60"}
    assert loaded.payment_methods == {"bogus": "7"}
    assert loaded.locations == {}  # the order names no location: none is read
    assert loaded.companies == {}


def test_the_locations_an_order_was_fulfilled_from_are_read(store):
    seed_store(store, unrelated=10)
    loaded = load_order_mappings(store, load_order(DISCOUNT_ORDER))
    assert loaded.locations == {"655441491": "6"}


def test_the_query_count_does_not_grow_with_the_catalogue(store, django_assert_max_num_queries):
    seed_store(store, unrelated=3000)
    with django_assert_max_num_queries(QUERIES_PER_ORDER):
        loaded = load_order_mappings(store, load_order(BUNDLE_ORDER))
    assert len(loaded.items) == 2


def test_a_b2b_order_reads_its_company_and_translates(store, django_assert_max_num_queries):
    from integrations.flows.orders.translate import translate_order

    seed_store(store, unrelated=10)
    order = load_order(B2B_ORDER)
    with django_assert_max_num_queries(QUERIES_PER_ORDER + 1):
        loaded = load_order_mappings(store, order)
    assert loaded.companies == {(B2B_COMPANY, ""): CompanyTerms("900", "3", "2")}
    assert translate_order(order, loaded, LEGACY_ACCOUNT).entity_id == "900"


def test_a_store_without_a_ledger_mapping_has_no_snapshot(store, django_assert_num_queries):
    other = Connection.objects.create(name="Other", kind="shopify", shop_domain="o.myshopify.com",
                                      base_url="https://o.myshopify.com")
    seed_store(store, unrelated=0)
    with django_assert_num_queries(1):
        assert load_order_mappings(other, load_order(BUNDLE_ORDER)) is None
