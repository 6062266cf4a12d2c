"""The store of Shopify's docs examples (the iPod Nano shop, USD) and its NetSuite mappings."""

from decimal import Decimal

from integrations.flows.orders.translate import (
    BundleComponentRef,
    CompanyTerms,
    ItemRef,
    OrderMappings,
    TaxCodeRef,
)
from integrations.netsuite.capabilities import LEGACY, SUITETAX, AccountCapabilities

IPOD_PRODUCT = "632910392"
B2B_COMPANY, B2B_LOCATION = "4219732029", "4219764797"


def docs_store_mappings() -> OrderMappings:
    """The mappings of the store in Shopify's docs examples (the iPod Nano shop, USD)."""
    return OrderMappings(
        subsidiary_id="1",
        currency_code="USD",
        currency_id="1",
        guest_customer_id="410",
        shipping_item_id="77",
        gift_card_item_id="88",
        default_location_id="6",
        items={
            "IPOD2008GREEN": ItemRef("101", IPOD_PRODUCT),
            "IPOD2008RED": ItemRef("102", IPOD_PRODUCT),
            "IPOD2008BLACK": ItemRef("103", IPOD_PRODUCT),
        },
        bundles={
            "KIT-IPOD-RED": (
                BundleComponentRef("102", 1, Decimal("0.7")),
                BundleComponentRef("201", 2, Decimal("0.2")),
                BundleComponentRef("202", 1, Decimal("0.1")),
            ),
        },
        tax_codes={"state tax": TaxCodeRef("31", Decimal("0.06000"), "1")},
        discounts={"TENOFF": "61"},
        payment_methods={"bogus": "7", "gift_card": "9"},
        locations={"655441491": "6", "487838322": "8"},
        companies={(B2B_COMPANY, ""): CompanyTerms("900", "3", "2")},
    )


# The NetSuite accounts the docs store's orders are translated for. The legacy account is
# dated in UTC and offers paymentMethod, as older accounts without payment instruments do.
SUITETAX_ACCOUNT = AccountCapabilities(tax_mode=SUITETAX, multi_currency=True,
                                       payment_field="paymentOption",
                                       time_zone="America/Los_Angeles")
LEGACY_ACCOUNT = AccountCapabilities(tax_mode=LEGACY, multi_currency=True,
                                     payment_field="paymentMethod", time_zone="UTC")
