"""A sales order's link keeps the status NetSuite has it in, as the job last saw it."""

import copy

import pytest

from integrations.models import SyncLink
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def order():
    return load_fixture(ORDER)


def order_link() -> SyncLink:
    return SyncLink.objects.get(shopify_type="order")


def test_a_new_order_is_pending_fulfillment(mapped_store, sandboxes, webhooks, order):
    webhooks.send("orders/create", order)

    assert order_link().netsuite_status == "B"
    assert SyncLink.objects.get(shopify_type="customer").netsuite_status == ""


def test_a_held_high_risk_order_is_pending_approval(mapped_store, sandboxes, webhooks, order):
    _, shopify = sandboxes
    shopify.add_order(order["id"], risk_recommendation="CANCEL", risk_level="HIGH")

    webhooks.send("orders/create", order)

    assert order_link().netsuite_status == "A"


def test_an_update_keeps_the_status_netsuite_gave_the_order(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    webhooks.send("orders/create", order)
    netsuite.set_order_status("shopify-order-450789469", "A")  # someone in NetSuite held it
    edited = copy.deepcopy(order)
    edited["updated_at"] = "2008-01-11T09:00:00-05:00"

    webhooks.send("orders/updated", edited)

    assert order_link().netsuite_status == "A"
