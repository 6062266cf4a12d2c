"""Order fixtures and the mappings of the store that sells them, for the pure order tests,
and readers of what a translation returns or parks."""

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from integrations.errors import ParkJob
from integrations.flows.orders.translate import OrderMappings, translate_order
from integrations.shopify.payloads import Order, parse_order
from tests.docs_store import LEGACY_ACCOUNT, docs_store_mappings

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


def order_payload(name: str) -> dict:
    """The bare order object a webhook would deliver (REST envelopes are unwrapped)."""
    data = json.loads((FIXTURES / name).read_text())
    return copy.deepcopy(data["order"] if isinstance(data.get("order"), dict) else data)


def load_order(name: str) -> Order:
    return parse_order(order_payload(name))


def problems_of(order, mappings, account=LEGACY_ACCOUNT, **kwargs):
    with pytest.raises(ParkJob) as parked:
        translate_order(order, mappings, account, **kwargs)
    return parked.value.problems


def codes_and_keys(problems):
    return [(p.code, p.key) for p in problems]


def lines(plan):
    return plan.body["item"]["items"]


@pytest.fixture
def mappings() -> OrderMappings:
    return docs_store_mappings()


@pytest.fixture(scope="session")
def customer_schema() -> Draft7Validator:
    """NetSuite's published customer metadata (JSON Schema form) as a validator."""
    schema = json.loads(CUSTOMER_METADATA.read_text())
    registry = Registry(retrieve=lambda uri: Resource(contents=NS_RESOURCE, specification=DRAFT7))
    return Draft7Validator(schema, registry=registry)

