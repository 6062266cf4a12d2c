"""Ops olga's morning: an order is parked on an unknown SKU; she maps it in the admin,
presses Retry on the ticket, and the order reaches NetSuite while the ticket closes itself."""

import pytest
from django.contrib.auth.models import Group

from exceptions.models import ExceptionTicket
from integrations.models import SyncJob
from mappings.models import ItemMapping
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def ops_olga(django_user_model):
    user = django_user_model.objects.create_user("ops_olga", password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name="Ops"))  # what Ops may do: exceptions.access
    return user


def test_ops_maps_the_sku_retries_and_the_ticket_closes_itself(
    mapped_store, sandboxes, webhooks, client, ops_olga, queue
):
    netsuite, _ = sandboxes
    ItemMapping.objects.filter(sku="IPOD2008BLACK").delete()
    webhooks.send("orders/create", load_fixture(ORDER))
    ticket = ExceptionTicket.objects.get(ticket_type__code="unknown_sku")
    assert netsuite.records("salesOrder") == []
    client.force_login(ops_olga)

    page = client.get(f"/admin/exceptions/exceptionticket/{ticket.pk}/change/")
    assert page.status_code == 200
    assert b"IPOD2008BLACK" in page.content

    added = client.post("/admin/mappings/itemmapping/add/", {
        "store": mapped_store.pk, "sku": "IPOD2008BLACK", "netsuite_item_id": "103",
        "shopify_product_id": "632910392",
    })
    assert added.status_code == 302, added.content.decode()[:2000]

    with queue.committed():
        retried = client.post(f"/admin/exceptions/exceptionticket/{ticket.pk}/act/retry/",
                              {"_ticket_note": "Mapped the black iPod"})
    queue.run()

    assert retried.status_code == 302
    (sales_order,) = netsuite.records("salesOrder")
    assert sales_order["externalId"] == "shopify-order-450789469"
    assert SyncJob.objects.get().status == SyncJob.Status.SUCCEEDED
    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.RESOLVED
    reasons = list(ticket.history.order_by("history_date").values_list(
        "history_change_reason", "history_user__username"))
    assert ("Mapped the black iPod", "ops_olga") in reasons
    assert reasons[-1][0].startswith("Resolved by itself")
    mapping = ItemMapping.objects.get(sku="IPOD2008BLACK")
    assert mapping.history.get().history_user == ops_olga
