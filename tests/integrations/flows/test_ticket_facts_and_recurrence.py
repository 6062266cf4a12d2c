"""A ticket opened by a parked order carries what the team searches by (order, customer,
SKU, total), and the same failure coming back after it was resolved reopens that ticket."""

from decimal import Decimal

import pytest

from exceptions.models import ExceptionTicket
from integrations.models import SyncJob
from mappings.models import ItemMapping
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"


def another_order(number: int) -> dict:
    order = load_fixture(ORDER)
    order.update(id=order["id"] + number, name=f"#{1001 + number}",
                 order_number=1001 + number, updated_at="2008-01-11T09:00:00-05:00")
    return order


def test_the_ticket_carries_the_order_customer_sku_and_total(mapped_store, sandboxes, webhooks):
    ItemMapping.objects.filter(sku="IPOD2008BLACK").delete()

    webhooks.send("orders/create", load_fixture(ORDER))

    ticket = ExceptionTicket.objects.get(ticket_type__code="unknown_sku")
    assert (ticket.order_name, ticket.order_id, ticket.sku) == ("#1001", "450789469",
                                                                "IPOD2008BLACK")
    assert ticket.customer_email == "bob.norman@mail.example.com"
    assert (ticket.amount, ticket.currency) == (Decimal("598.94"), "USD")
    assert ticket.netsuite_id == ""  # the order never reached NetSuite


def test_a_resolved_failure_that_comes_back_reopens_its_ticket_and_says_so(
    mapped_store, sandboxes, webhooks, admin_client, admin_user
):
    black = ItemMapping.objects.get(sku="IPOD2008BLACK")
    black.delete()
    webhooks.send("orders/create", load_fixture(ORDER))
    ticket = ExceptionTicket.objects.get(ticket_type__code="unknown_sku")
    admin_client.post(f"/admin/exceptions/exceptionticket/{ticket.pk}/act/resolve/",
                      {"_ticket_note": "Asked the store to stop selling it"})
    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.RESOLVED

    webhooks.send("orders/create", another_order(1))

    assert ExceptionTicket.objects.filter(ticket_type__code="unknown_sku").count() == 1
    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.OPEN
    assert ticket.occurrences == 2
    assert ticket.order_name == "#1002"
    assert ticket.reopened_at is not None and ticket.resolved_at is None
    job = SyncJob.objects.get(object_id=str(another_order(1)["id"]))
    assert ticket.history.latest().history_change_reason == (
        f"reopened: seen again after it was resolved by sync job #{job.pk}")
    page = admin_client.get(f"/admin/exceptions/exceptionticket/{ticket.pk}/change/").text
    assert "This came back on" in page
    assert "Asked the store to stop selling it" in page
