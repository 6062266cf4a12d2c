"""Order fixtures and the mappings of the store that sells them, for the pure order tests."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from integrations.flows.order_translation import (
    BundleComponentRef,
    CompanyTerms,
    ItemRef,
    OrderMappings,
    TaxCodeRef,
)
from integrations.shopify.payloads import Order, parse_order

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CUSTOMER_METADATA = (
    Path(__file__).resolve().parents[3] / "integrations" / "sandbox"
    / "netsuite_customer_metadata.json"
)
# The metadata's references name other records' metadata, which is not published with it; a
# reference is the `nsResource` shape given in the OpenAPI form of the same catalog answer.
NS_RESOURCE = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "refName": {"type": "string"},
        "externalId": {"type": "string"},
        "links": {"type": "array"},
    },
}

DISCOUNT_ORDER = "shopify_order_discount_tax_partial_refund.json"
CUSTOM_ITEMS_ORDER = "shopify_order_create_multiple_tax_lines_custom_items.json"
GIFT_CARD_REFUND_ORDER = "shopify_order_cancel_refund_incl_gift_card.json"
B2B_ORDER = "shopify_order_b2b_company_net30.json"
GIFT_CARD_ORDER = "shopify_order_gift_card_sold_and_redeemed.json"
BUNDLE_ORDER = "shopify_order_virtual_bundle.json"
CAD_ORDER = "shopify_order_presentment_cad.json"
ORDER_FIXTURES = sorted(p.name for p in FIXTURES.glob("shopify_order_*.json"))

IPOD_PRODUCT = "632910392"
B2B_COMPANY, B2B_LOCATION = "4219732029", "4219764797"


def order_payload(name: str) -> dict:
    """The bare order object a webhook would deliver (REST envelopes are unwrapped)."""
    data = json.loads((FIXTURES / name).read_text())
    return copy.deepcopy(data["order"] if isinstance(data.get("order"), dict) else data)


def load_order(name: str) -> Order:
    return parse_order(order_payload(name))


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
        tax_codes={"state tax": TaxCodeRef("31", Decimal("0.06000"))},
        discounts={"TENOFF": "61"},
        payment_methods={"bogus": "7", "gift_card": "9"},
        locations={"655441491": "6", "487838322": "8"},
        companies={(B2B_COMPANY, ""): CompanyTerms("900", "3", "2")},
    )


@pytest.fixture
def mappings() -> OrderMappings:
    return docs_store_mappings()


@pytest.fixture(scope="session")
def customer_schema() -> Draft7Validator:
    """NetSuite's published customer metadata (JSON Schema form) as a validator."""
    schema = json.loads(CUSTOMER_METADATA.read_text())
    registry = Registry(retrieve=lambda uri: Resource(contents=NS_RESOURCE, specification=DRAFT7))
    return Draft7Validator(schema, registry=registry)
