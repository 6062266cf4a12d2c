"""NetSuite refuses an order for a field a mapping filled in: the ticket goes to the team that
owns that mapping and says, in words, which Shopify thing is mapped to the refused id.

Through the public surface: signed webhooks, the queue, the real clients and the NetSuite
sandbox, which refuses ids of a kind once ids of that kind are registered as known.
"""

import copy

import pytest

from exceptions import catalogue
from exceptions.models import ExceptionTicket
from integrations.models import SyncJob
from mappings.models import LocationMapping
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"  # IPOD2008* SKUs, TENOFF, 655441491
# Every item the docs store's mappings name (SKUs, bundle components, shipping, gift card,
# discount), as the account knows them.
ITEMS = {"101": "iPod green", "102": "iPod red", "103": "iPod black", "201": "Case",
         "202": "Cable", "77": "Shipping", "88": "Gift card", "61": "Discount"}


def known_items_but(*missing):
    return {k: v for k, v in ITEMS.items() if k not in missing}


def only_ticket() -> ExceptionTicket:
    (ticket,) = ExceptionTicket.objects.all()
    return ticket


def another_order(payload, number: int) -> dict:
    other = copy.deepcopy(payload)
    other["id"] += number
    other["name"] = f"#{2000 + number}"
    return other


def test_an_inactive_item_goes_to_ops_naming_its_skus_and_every_order_shares_the_ticket(
    mapped_store, sandboxes, webhooks
):
    netsuite, _ = sandboxes
    netsuite.register_known("item", known_items_but("102"))
    order = load_fixture(ORDER)

    webhooks.send("orders/create", order)
    webhooks.send("orders/create", another_order(order, 1))

    assert set(SyncJob.objects.values_list("status", flat=True)) == {SyncJob.Status.PARKED}
    ticket = only_ticket()
    assert ticket.ticket_type.code == catalogue.NETSUITE_REJECTED_ITEM
    assert ticket.team == "ops"
    assert ticket.title.startswith(
        "NetSuite has no active item 102 for SKU IPOD2008RED and bundle KIT-IPOD-RED "
        "(a component): order #1001 is held.")
    assert "item.items[" in ticket.detail  # NetSuite's own words stay in the detail
    assert ticket.jobs.count() == 2
    assert ticket.occurrences == 2
    assert netsuite.records("salesOrder") == []


def test_an_inactive_location_goes_to_ops_naming_the_shopify_location(
    mapped_store, sandboxes, webhooks
):
    netsuite, _ = sandboxes
    netsuite.register_known("item", ITEMS)
    netsuite.register_known("location", {"8": "East"})
    LocationMapping.objects.filter(shopify_location_id="655441491").update(name="Main warehouse")

    webhooks.send("orders/create", load_fixture(ORDER))

    ticket = only_ticket()
    assert ticket.ticket_type.code == catalogue.NETSUITE_REJECTED_LOCATION
    assert ticket.team == "ops"
    # Location 6 is both the mapped warehouse and the store's default location.
    assert ticket.title.startswith(
        "NetSuite has no active location 6 for Shopify location 655441491 (Main warehouse), "
        "the store's default location: order #1001 is held.")


def test_an_inactive_tax_code_goes_to_finance_naming_the_tax_title(
    mapped_store, sandboxes, webhooks
):
    netsuite, _ = sandboxes
    netsuite.register_known("item", ITEMS)
    netsuite.register_known("taxCode", {"99": "Another code"})

    webhooks.send("orders/create", load_fixture(ORDER))

    ticket = only_ticket()
    assert ticket.ticket_type.code == catalogue.NETSUITE_REJECTED_TAX
    assert ticket.team == "finance"
    assert ticket.title.startswith(
        "NetSuite has no active tax code 31 for Shopify tax 'State Tax': order #1001 is held.")
    assert "taxDetails.items[" in ticket.detail


def test_an_inactive_b2b_customer_goes_to_finance_naming_the_company(
    mapped_store, netsuite_sandbox, shopify_sandbox, webhooks
):
    netsuite_sandbox.register_known("item", ITEMS)
    netsuite_sandbox.register_known("customer", {"410": "Web guest"})

    webhooks.send("orders/create", load_fixture("shopify_order_b2b_company_net30.json"))

    ticket = only_ticket()
    assert ticket.ticket_type.code == catalogue.NETSUITE_REJECTED_CUSTOMER
    assert ticket.team == "finance"
    assert ticket.title.startswith(
        "NetSuite has no active customer 900 for B2B company 4219732029: order #1004 is held.")


def test_the_customer_record_refused_for_the_stores_subsidiary_goes_to_finance(
    mapped_store, sandboxes, webhooks
):
    netsuite, _ = sandboxes
    netsuite.register_known("subsidiary", {"2": "Canada"})

    webhooks.send("orders/create", load_fixture(ORDER))

    ticket = only_ticket()
    assert ticket.ticket_type.code == catalogue.NETSUITE_REJECTED_SETTING
    assert ticket.team == "finance"
    assert ticket.title.startswith(
        "NetSuite has no active subsidiary 1, the store's subsidiary: order #1001 is held.")
    assert netsuite.records("customer") == []


def test_a_refused_field_no_mapping_fills_in_stays_with_integration_admin(
    mapped_store, sandboxes, webhooks
):
    netsuite, _ = sandboxes
    # As a SuiteScript on the account refuses a PO number it has seen before.
    netsuite.configure(fail_next=[{
        "status": 400, "code": "USER_ERROR", "method": "PUT", "path_contains": "salesOrder",
        "detail": "Duplicate PO number.", "error_path": "otherRefNum",
    }])

    webhooks.send("orders/create", load_fixture(ORDER))

    ticket = only_ticket()
    assert ticket.ticket_type.code == catalogue.NETSUITE_REJECTED
    assert ticket.team == "integration_admin"
    assert ticket.title.startswith("NetSuite rejected order #1001: ")
    assert "Duplicate PO number. [USER_ERROR] at otherRefNum" in ticket.title
