"""Orders end to end: a signed webhook in, a NetSuite sales order (or a ticket) out.

Everything goes through the public surface: POST /webhooks/shopify/, the queue, the real
clients, and the two sandboxes speaking Shopify's and NetSuite's contracts.
"""

import copy
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from exceptions import actions
from exceptions.models import ExceptionTicket
from integrations.connections import resume_connection
from integrations.models import Connection, SyncJob, SyncLink, WebhookEvent
from mappings.models import B2BCompanyMapping, ItemMapping, StoreMapping, TaxCodeMapping
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

DISCOUNT_ORDER = "shopify_order_discount_tax_partial_refund.json"
CUSTOM_ITEMS_ORDER = "shopify_order_create_multiple_tax_lines_custom_items.json"


@pytest.fixture
def order():
    return load_fixture(DISCOUNT_ORDER)


def sales_orders(sandbox):
    return sandbox.records("salesOrder")


def only_ticket(**filters):
    (ticket,) = ExceptionTicket.objects.filter(**filters)
    return ticket


def test_an_order_becomes_one_sales_order_for_its_customer(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes

    response = webhooks.send("orders/create", order)

    assert response.status_code == 200
    job = SyncJob.objects.get()
    assert job.status == SyncJob.Status.SUCCEEDED, job.last_error
    (sales_order,) = sales_orders(netsuite)
    (customer,) = netsuite.records("customer")
    assert sales_order["externalId"] == "shopify-order-450789469"
    assert customer["externalId"] == "shopify-customer-207119551"
    assert sales_order["entity"]["id"] == customer["id"]
    assert Decimal(str(sales_order["total"])) == Decimal(order["total_price"])
    assert job.result["netsuite_id"] == sales_order["id"]
    link = SyncLink.objects.get(shopify_type="order", shopify_id="450789469")
    assert link.netsuite_id == sales_order["id"]
    # The job's "records written": the customer and the sales order it made.
    written = SyncLink.objects.filter(last_job=job).values_list("netsuite_type", "netsuite_id")
    assert set(written) == {("customer", customer["id"]), ("salesOrder", sales_order["id"])}
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED
    assert not ExceptionTicket.objects.exists()


@pytest.mark.parametrize(
    "fixture",
    [
        "shopify_order_gift_card_sold_and_redeemed.json",
        "shopify_order_virtual_bundle.json",
        "shopify_order_presentment_cad.json",
        "shopify_order_b2b_company_net30.json",
    ],
)
def test_each_kind_of_order_adds_up_in_netsuite_to_what_shopify_captured(
    mapped_store, sandboxes, webhooks, fixture
):
    netsuite, _ = sandboxes
    payload = load_fixture(fixture)

    webhooks.send("orders/create", payload)

    job = SyncJob.objects.get()
    assert job.status == SyncJob.Status.SUCCEEDED, job.last_error
    (sales_order,) = sales_orders(netsuite)
    assert Decimal(str(sales_order["total"])) == Decimal(payload["total_price"])


def test_the_b2b_order_is_billed_to_the_company_on_its_terms(
    mapped_store, sandboxes, webhooks
):
    netsuite, _ = sandboxes

    webhooks.send("orders/create", load_fixture("shopify_order_b2b_company_net30.json"))

    (sales_order,) = sales_orders(netsuite)
    assert sales_order["entity"]["id"] == "900"
    assert sales_order["terms"]["id"] == "2"
    assert netsuite.records("customer") == []


def test_deliveries_three_times_and_a_rerun_leave_exactly_one_sales_order(
    mapped_store, sandboxes, webhooks, order, django_capture_on_commit_callbacks
):
    netsuite, _ = sandboxes

    webhooks.send("orders/create", order, event_id="evt-a")
    webhooks.send("orders/create", order, event_id="evt-a")
    webhooks.send("orders/paid", order, event_id="evt-b")
    job = SyncJob.objects.get()
    SyncJob.objects.filter(pk=job.pk).update(status=SyncJob.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        actions.requeue_jobs(SyncJob.objects.filter(pk=job.pk))
        SyncJob.objects.filter(pk=job.pk).update(status=SyncJob.Status.PENDING)
    from integrations.jobs import run_sync_job

    run_sync_job(job.pk)

    assert len(sales_orders(netsuite)) == 1
    assert len(netsuite.records("customer")) == 1
    assert SyncJob.objects.get().status == SyncJob.Status.SUCCEEDED


def test_an_unknown_sku_parks_the_order_with_one_ops_ticket_until_it_is_mapped(
    mapped_store, sandboxes, webhooks, order, django_capture_on_commit_callbacks
):
    netsuite, _ = sandboxes
    ItemMapping.objects.filter(sku="IPOD2008BLACK").delete()
    second = copy.deepcopy(order)
    second["id"], second["name"] = 450789470, "#1002"

    webhooks.send("orders/create", order)
    webhooks.send("orders/create", second)

    assert sales_orders(netsuite) == []
    assert set(SyncJob.objects.values_list("status", flat=True)) == {SyncJob.Status.PARKED}
    ticket = only_ticket(ticket_type__code="unknown_sku")
    assert ticket.team == "ops"
    assert ticket.occurrences == 2
    assert ticket.jobs.count() == 2
    assert "IPOD2008BLACK" in ticket.title

    ItemMapping.objects.create(store=mapped_store, sku="IPOD2008BLACK",
                               netsuite_item_id="103", shopify_product_id="632910392")
    with django_capture_on_commit_callbacks(execute=True):
        requeued = actions.retry_ticket(ticket, user=None)
    webhooks.queue.run()

    assert requeued == 2
    assert len(sales_orders(netsuite)) == 2
    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.RESOLVED
    assert "went through" in ticket.resolution_note
    assert ticket.history.filter(history_change_reason__contains="Resolved by itself").exists()


def test_custom_items_without_sku_are_parked_not_dropped(mapped_store, sandboxes, webhooks):
    netsuite, _ = sandboxes

    webhooks.send("orders/create", load_fixture(CUSTOM_ITEMS_ORDER))

    job = SyncJob.objects.get()
    assert job.status == SyncJob.Status.PARKED
    assert sales_orders(netsuite) == []
    assert ExceptionTicket.objects.filter(ticket_type__code="unknown_sku", team="ops").count() == 3


def test_an_unmapped_b2b_company_opens_a_finance_ticket_and_writes_nothing(
    mapped_store, sandboxes, webhooks
):
    netsuite, _ = sandboxes
    B2BCompanyMapping.objects.all().delete()

    webhooks.send("orders/create", load_fixture("shopify_order_b2b_company_net30.json"))

    assert SyncJob.objects.get().status == SyncJob.Status.PARKED
    ticket = only_ticket(ticket_type__code="unmapped_b2b_company")
    assert ticket.team == "finance"
    assert sales_orders(netsuite) == []
    assert netsuite.records("customer") == []


def test_tax_charged_at_another_rate_than_netsuite_opens_a_finance_ticket(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    TaxCodeMapping.objects.filter(tax_title="State Tax").update(rate=Decimal("0.07"))

    webhooks.send("orders/create", order)

    ticket = only_ticket(ticket_type__code="tax_drift")
    assert ticket.team == "finance"
    assert sales_orders(netsuite) == []


def test_totals_that_do_not_add_up_are_parked_with_the_part_that_differs(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    order["total_tax"] = "12.94"
    order["total_tax_set"]["shop_money"]["amount"] = "12.94"
    order["total_tax_set"]["presentment_money"]["amount"] = "12.94"

    webhooks.send("orders/create", order)

    ticket = only_ticket(ticket_type__code="totals_mismatch")
    assert ticket.team == "finance"
    assert "tax" in ticket.detail
    assert sales_orders(netsuite) == []


def test_a_high_risk_order_is_created_pending_approval_with_a_cx_ticket(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, shopify = sandboxes
    shopify.add_order(order["id"], risk_recommendation="CANCEL", risk_level="HIGH")

    webhooks.send("orders/create", order)

    (sales_order,) = sales_orders(netsuite)
    assert sales_order["orderStatus"] in ("A", {"id": "A"}) or sales_order["orderStatus"].get(
        "id") == "A"
    assert SyncJob.objects.get().status == SyncJob.Status.SUCCEEDED
    ticket = only_ticket(ticket_type__code="high_risk_order")
    assert ticket.team == "cx"
    assert ticket.status == ExceptionTicket.Status.OPEN, "a held order waits for a person"


def test_a_parked_high_risk_order_goes_through_once_cx_resolves_its_ticket(
    mapped_store, sandboxes, webhooks, order, django_capture_on_commit_callbacks
):
    netsuite, shopify = sandboxes
    StoreMapping.objects.filter(store=mapped_store).update(high_risk_policy="park")
    shopify.add_order(order["id"], risk_recommendation="INVESTIGATE", risk_level="HIGH")

    webhooks.send("orders/create", order)

    assert sales_orders(netsuite) == []
    ticket = only_ticket(ticket_type__code="high_risk_order")
    with django_capture_on_commit_callbacks(execute=True):
        actions.resolve_ticket(ticket, user=None, note="Called the customer; genuine order.")
    webhooks.queue.run()

    assert len(sales_orders(netsuite)) == 1
    assert SyncJob.objects.get().status == SyncJob.Status.SUCCEEDED


def test_an_older_update_never_overwrites_a_newer_one(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    newer = copy.deepcopy(order)
    newer["updated_at"] = "2008-01-10T12:00:00-05:00"
    newer["email"] = "bob.new@mail.example.com"
    older = copy.deepcopy(order)
    older["updated_at"] = "2008-01-10T11:30:00-05:00"
    older["email"] = "bob.old@mail.example.com"

    webhooks.send("orders/updated", newer)
    webhooks.send("orders/updated", older)

    (sales_order,) = sales_orders(netsuite)
    assert sales_order["email"] == "bob.new@mail.example.com"
    stale = SyncJob.objects.get(idempotency_key__endswith="11:30:00-05:00")
    assert stale.status == SyncJob.Status.SKIPPED
    assert "older than the version already written" in stale.result["skipped"]


def test_an_edit_after_netsuite_released_the_order_opens_an_ops_ticket(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    webhooks.send("orders/create", order)
    netsuite.set_order_status("shopify-order-450789469", "D")
    edited = copy.deepcopy(order)
    edited["updated_at"] = "2008-01-11T09:00:00-05:00"

    webhooks.send("orders/updated", edited)

    ticket = only_ticket(ticket_type__code="order_locked")
    assert ticket.team == "ops"
    assert SyncJob.objects.filter(status=SyncJob.Status.PARKED).count() == 1
    (sales_order,) = sales_orders(netsuite)
    assert sales_order["orderStatus"] in ("D", {"id": "D"})


def test_rejected_netsuite_credentials_pause_the_account_until_renewed(
    mapped_store, sandboxes, webhooks, order, django_capture_on_commit_callbacks
):
    netsuite, _ = sandboxes
    netsuite.configure(token_revoked=True)
    second = copy.deepcopy(order)
    second["id"], second["name"] = 450789470, "#1002"

    webhooks.send("orders/create", order)
    webhooks.send("orders/create", second)

    account = Connection.objects.get(kind=Connection.Kind.NETSUITE)
    assert account.health == Connection.Health.PAUSED
    assert set(SyncJob.objects.values_list("status", flat=True)) == {SyncJob.Status.PAUSED}
    ticket = only_ticket(ticket_type__code="connection_auth")
    assert (ticket.team, ticket.severity) == ("integration_admin", "critical")
    requests_while_paused = netsuite.stats["requests"]

    netsuite.configure(token_revoked=False)
    with django_capture_on_commit_callbacks(execute=True):
        resumed = resume_connection(account)
    webhooks.queue.run()

    assert requests_while_paused <= 2, "paused jobs must not keep calling NetSuite"
    assert resumed == 2
    assert len(sales_orders(netsuite)) == 2
    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.RESOLVED


def test_a_netsuite_outage_is_retried_later_and_then_goes_through(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    netsuite.configure(fail_next=[{"status": 503, "times": 1}])

    webhooks.send("orders/create", order)

    job = SyncJob.objects.get()
    assert job.status == SyncJob.Status.RETRYING
    assert job.error_class == SyncJob.ErrorClass.TRANSIENT
    assert job.next_retry_at > timezone.now()
    assert sales_orders(netsuite) == []

    with time_machine.travel(job.next_retry_at + timedelta(seconds=1)):
        webhooks.queue.sweep()

    job.refresh_from_db()
    assert job.status == SyncJob.Status.SUCCEEDED
    assert job.attempts == 2
    assert len(sales_orders(netsuite)) == 1


def test_a_write_that_timed_out_is_retried_without_duplicating_the_order(
    mapped_store, sandboxes, webhooks, order, settings
):
    netsuite, _ = sandboxes
    settings.HTTP_TIMEOUT_SECONDS = 0.5
    netsuite.configure(timeout_next={"times": 1, "apply": True, "method": "PUT",
                                     "hang_seconds": 1})

    webhooks.send("orders/create", order)

    job = SyncJob.objects.get()
    assert job.status == SyncJob.Status.RETRYING
    with time_machine.travel(job.next_retry_at + timedelta(seconds=1)):
        webhooks.queue.sweep()

    job.refresh_from_db()
    assert job.status == SyncJob.Status.SUCCEEDED
    assert len(sales_orders(netsuite)) == 1


def test_a_store_without_a_ledger_mapping_parks_with_an_admin_ticket(
    store, sandboxes, webhooks, order
):
    webhooks.send("orders/create", order)

    assert SyncJob.objects.get().status == SyncJob.Status.PARKED
    assert only_ticket(ticket_type__code="store_not_mapped").team == "integration_admin"
