"""A ticket that clears after a mapping change names it: which mapping, which row, who, why,
with a link to that history entry — on the ticket's resolution and in its history."""

import json

import pytest
from django.urls import reverse

from exceptions.models import ExceptionTicket
from integrations.models import SyncJob
from integrations.runs import start_run
from mappings.models import ItemMapping, TaxCodeMapping
from tests.conftest import load_fixture
from tests.integrations.flows.test_ops_clears_an_unknown_sku import DOCS_STORE_ITEMS

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"  # SKU IPOD2008BLACK, 'State Tax' 6%


@pytest.fixture
def account_read(mapped_store, sandboxes, queue):
    """The docs store's NetSuite account knows its items and tax codes, and its reference
    lists have been read."""
    netsuite, _ = sandboxes
    netsuite.register_known("item", DOCS_STORE_ITEMS)
    netsuite.register_known("taxCode", {"31": {"name": "State Tax", "taxtype": "1"},
                                        "32": {"name": "State Tax 2027", "taxtype": "1"}})
    netsuite.set_tax_rates({"31": "0.06", "32": "0.065"})
    with queue.committed():
        start_run("netsuite_references", mapped_store.netsuite)
    return netsuite


def retry(browser, ticket, queue, note=""):
    with queue.committed():
        browser.post(reverse("admin:exceptions_exceptionticket_act", args=[ticket.pk, "retry"]),
                     {"_ticket_note": note})
    queue.run()
    ticket.refresh_from_db()


def test_a_ticket_cleared_after_an_item_mapping_names_the_change(
        mapped_store, account_read, webhooks, signed_in, ops_user, queue):
    ItemMapping.objects.filter(sku="IPOD2008BLACK").delete()
    webhooks.send("orders/create", load_fixture(ORDER))
    ticket = ExceptionTicket.objects.get(ticket_type__code="unknown_sku")
    browser = signed_in(ops_user)

    added = browser.post(reverse("admin:mappings_itemmapping_add"), {
        "store": mapped_store.pk, "sku": "IPOD2008BLACK", "netsuite_item_id": "103",
        "shopify_product_id": "632910392", "change_reason": "Black iPod is NetSuite item 103"})
    assert added.status_code == 302
    retry(browser, ticket, queue)

    assert ticket.status == ExceptionTicket.Status.RESOLVED
    entry = ItemMapping.objects.get(sku="IPOD2008BLACK").history.get()
    link = reverse("admin:mappings_itemmapping_simple_history", args=[entry.id, entry.history_id])
    assert ticket.resolution_note == (
        f"Resolved by itself: sync job #{SyncJob.objects.get(flow='orders').pk} went through. "
        "It went through after item mapping IPOD2008BLACK → item 103 was created by Olga "
        f"(ops_olga): “Black iPod is NetSuite item 103” — history entry {link}")
    assert ticket.history.first().history_change_reason == (
        "Resolved by itself after item mapping IPOD2008BLACK → item 103 created by Olga "
        "(ops_olga)")
    page = browser.get(reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk]))
    assert f'<a href="{link}">{link}</a>' in page.content.decode()
    assert browser.get(link).status_code == 200


def test_a_tax_drift_cleared_by_picking_the_code_at_shopifys_rate_names_it(
        mapped_store, account_read, webhooks, signed_in, finance_user, queue):
    order = load_fixture(ORDER)
    for line in order["line_items"]:
        for tax in line["tax_lines"]:
            tax["rate"] = 0.065
    webhooks.send("orders/create", json.loads(json.dumps(order)))
    ticket = ExceptionTicket.objects.get(ticket_type__code="tax_drift")
    mapping = TaxCodeMapping.objects.get(store=mapped_store, tax_title="State Tax")
    browser = signed_in(finance_user)
    form = reverse("admin:mappings_taxcodemapping_change", args=[mapping.pk])
    assert "Shopify charged: <strong>6.5% on order #1001" in browser.get(form).content.decode()

    changed = browser.post(form, {
        "store": mapped_store.pk, "tax_title": "State Tax", "jurisdiction": "", "rate": "",
        "netsuite_tax_code_id": "32", "netsuite_tax_type": "1",
        "change_reason": "State tax went up to 6.5%"})
    assert changed.status_code == 302
    retry(browser, ticket, queue)

    assert ticket.status == ExceptionTicket.Status.RESOLVED
    assert "tax code mapping State Tax (0.06500) → tax code 32 was changed by Fiona " \
           "(finance_fiona): “State tax went up to 6.5%”" in ticket.resolution_note
    entry = mapping.history.latest()
    assert reverse("admin:mappings_taxcodemapping_simple_history",
                   args=[mapping.pk, entry.history_id]) in ticket.resolution_note


def test_a_ticket_no_mapping_change_cleared_says_only_that_it_went_through(
        mapped_store, account_read, webhooks, signed_in, ops_user, queue):
    ItemMapping.objects.filter(sku="IPOD2008BLACK").delete()
    webhooks.send("orders/create", load_fixture(ORDER))
    ticket = ExceptionTicket.objects.get(ticket_type__code="unknown_sku")
    ItemMapping.objects.create(store=mapped_store, sku="IPOD2008BLACK",
                               netsuite_item_id="103")
    ItemMapping.history.all().delete()  # as if mapped before the ticket opened

    retry(signed_in(ops_user), ticket, queue)

    assert ticket.status == ExceptionTicket.Status.RESOLVED
    assert ticket.resolution_note.endswith("went through.")
