"""Fix once, clear all: after fixing a mapping, Ops previews what every order stuck on it would
now send to NetSuite (nothing is sent), then retries them all with one button.

Through the public surface: signed webhooks park the orders, Ops edits the mapping and uses
the preview and retry pages as ops_olga, the queue runs the jobs against the sandboxes.
"""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from exceptions import catalogue
from exceptions.models import ExceptionTicket, TicketType
from integrations.models import SyncJob, WebhookEvent
from mappings.models import ItemMapping
from tests.admin.conftest import STUCK_ORDER, STUCK_SKU, make_ticket, numbered
from tests.conftest import load_fixture
from tests.docs_store import IPOD_PRODUCT

pytestmark = pytest.mark.django_db



def preview_url(ticket) -> str:
    return reverse("fix_once_preview", args=[ticket.pk])


def retry_url(ticket) -> str:
    return reverse("fix_once_retry", args=[ticket.pk])


def ops_maps_the_sku(browser, store):
    response = browser.post(reverse("admin:mappings_itemmapping_add"), {
        "store": store.pk, "sku": STUCK_SKU, "netsuite_item_id": "102",
        "shopify_product_id": IPOD_PRODUCT,
    })
    assert response.status_code == 302, response.text


def test_ops_fixes_the_sku_reads_the_preview_and_clears_twenty_orders_at_once(
    twenty_stuck, sku_unmapped, sandboxes, ops_user, signed_in, queue
):
    netsuite, _ = sandboxes
    olga = signed_in(ops_user)
    ops_maps_the_sku(olga, sku_unmapped)

    page = olga.get(reverse("admin:exceptions_exceptionticket_change", args=[twenty_stuck.pk]))
    assert "Fix once, clear all" in page.text
    assert "retry the 20 stuck jobs" in page.text
    assert preview_url(twenty_stuck) in page.text

    preview = olga.get(preview_url(twenty_stuck))
    assert preview.status_code == 200
    entries = preview.context["entries"]
    assert len(entries) == 20
    assert all(e["preview"].would_write for e in entries)
    first = entries[0]["preview"]
    assert {"101", "102", "103"} <= {line.item for line in first.lines}
    assert first.currency == "USD"
    assert "20 would go through" in preview.text
    assert "Retry these 20 jobs" in preview.text
    assert "Would create sales order shopify-order-" in preview.text
    assert "Technical details" not in preview.text  # Ops does not see raw bodies
    assert SyncJob.objects.filter(status=SyncJob.Status.PARKED).count() == 20

    with queue.committed():
        done = olga.post(retry_url(twenty_stuck), {"reason": "mapped the red iPod to item 102"},
                         follow=True)
    queue.run()

    assert "Fix once: 20 jobs of 1 ticket re-queued." in done.text
    assert set(SyncJob.objects.values_list("status", flat=True)) == {SyncJob.Status.SUCCEEDED}
    assert len(netsuite.records("salesOrder")) == 20
    twenty_stuck.refresh_from_db()
    assert twenty_stuck.status == ExceptionTicket.Status.RESOLVED
    asked = twenty_stuck.history.filter(history_user=ops_user).latest()
    assert asked.history_change_reason == (
        f"fix once from #{twenty_stuck.pk}: 20 job(s) of 1 ticket(s) re-queued: mapped the red "
        "iPod to item 102"[:100])


def test_the_preview_writes_nothing_and_calls_neither_system(
    twenty_stuck, sku_unmapped, sandboxes, ops_user, signed_in
):
    netsuite, shopify = sandboxes
    olga = signed_in(ops_user)
    ops_maps_the_sku(olga, sku_unmapped)
    requests_before = list(netsuite.history)
    history_before = ExceptionTicket.history.count()
    jobs_before = list(SyncJob.objects.order_by("pk").values_list("status", "updated_at"))
    shopify.configure(fail_next=503, fail_times=100)  # any call to Shopify would fail

    response = olga.get(preview_url(twenty_stuck))

    assert response.status_code == 200
    assert netsuite.history == requests_before
    assert netsuite.records("salesOrder") == []
    assert ExceptionTicket.history.count() == history_before
    assert list(SyncJob.objects.order_by("pk").values_list("status", "updated_at")) == (
        jobs_before)


def test_before_the_fix_the_preview_says_what_still_stops_each_order(
    twenty_stuck, ops_user, signed_in
):
    response = signed_in(ops_user).get(preview_url(twenty_stuck))

    assert "0 would go through" in response.text
    assert "20 would still be stopped" in response.text
    assert f"SKU {STUCK_SKU} (&#x27;IPod Nano - 8gb - red&#x27;) is not mapped" in response.text
    assert "(Unknown SKU — Ops / Warehouse)" in response.text


def test_the_integration_admin_sees_the_translated_body_under_technical_details(
    twenty_stuck, sku_unmapped, superuser, signed_in
):
    ItemMapping.objects.create(store=sku_unmapped, sku=STUCK_SKU, netsuite_item_id="102")

    response = signed_in(superuser).get(preview_url(twenty_stuck))

    assert "Technical details" in response.text
    assert "&quot;externalId&quot;: &quot;shopify-order-" in response.text


def test_the_accounts_capabilities_never_read_are_said_not_fetched(
    twenty_stuck, sku_unmapped, sandboxes, ops_user, signed_in
):
    netsuite, _ = sandboxes
    ItemMapping.objects.create(store=sku_unmapped, sku=STUCK_SKU, netsuite_item_id="102")
    sku_unmapped.netsuite.capabilities = {}
    sku_unmapped.netsuite.save(update_fields=["capabilities"])
    requests_before = list(netsuite.history)

    response = signed_in(ops_user).get(preview_url(twenty_stuck))

    assert "its capabilities (tax mode, currencies, payment field, time zone) have never " \
        "been read" in response.text
    assert netsuite.history == requests_before


def test_the_group_takes_in_the_other_open_tickets_of_the_type_on_the_store(
    store, parked_job, ticket, ops_user, signed_in, django_capture_on_commit_callbacks
):
    other_job = SyncJob.objects.create(
        flow="orders", idempotency_key="order:other:1", connection=store,
        event=parked_job.event, object_id="2", object_label="order #1002",
        status=SyncJob.Status.FAILED)
    same_type = make_ticket(store, jobs=[other_job], title="Unknown SKU MUG-GREEN")
    other_type = make_ticket(store, title="Unmapped tax", jobs=[SyncJob.objects.create(
        flow="orders", idempotency_key="order:other:2", connection=store,
        status=SyncJob.Status.PARKED, object_id="3")],
        ticket_type=TicketType.objects.get(code=catalogue.UNMAPPED_LOCATION))
    make_ticket(store, title="Old", status=ExceptionTicket.Status.RESOLVED,
                jobs=[SyncJob.objects.create(flow="orders", idempotency_key="order:old",
                                             connection=store, object_id="4",
                                             status=SyncJob.Status.PARKED)])

    olga = signed_in(ops_user)
    preview = olga.get(preview_url(ticket))

    assert {t.pk for t in preview.context["tickets"]} == {ticket.pk, same_type.pk}
    assert preview.context["total"] == 2
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        olga.post(retry_url(ticket))
    assert len(enqueued) == 2
    for job in (parked_job, other_job):
        job.refresh_from_db()
        assert job.status == SyncJob.Status.PENDING
    assert other_type.jobs.get().status == SyncJob.Status.PARKED
    assert same_type.history.latest().history_user == ops_user


def test_a_ticket_of_the_group_routed_to_another_team_is_left_out(
    store, parked_job, ticket, ops_user, signed_in, django_capture_on_commit_callbacks
):
    finance_job = SyncJob.objects.create(
        flow="orders", idempotency_key="order:finance:1", connection=store, object_id="9",
        status=SyncJob.Status.PARKED)
    rerouted = make_ticket(store, jobs=[finance_job], title="Unknown SKU GIFT-WRAP")
    rerouted.team = "finance"
    rerouted.save(update_fields=["team"])

    olga = signed_in(ops_user)
    preview = olga.get(preview_url(ticket))
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        olga.post(retry_url(ticket))

    assert [t.pk for t in preview.context["tickets"]] == [ticket.pk]
    assert len(enqueued) == 1
    finance_job.refresh_from_db()
    assert finance_job.status == SyncJob.Status.PARKED
    assert rerouted.history.count() == 2  # made, rerouted: nothing recorded by Ops


@pytest.mark.parametrize("persona, status", [
    ("finance_user", 404), ("cx_user", 404), ("governance_user", 403),
])
def test_another_teams_user_can_neither_preview_nor_retry(
    persona, status, request, ticket, parked_job, signed_in
):
    browser = signed_in(request.getfixturevalue(persona))

    assert browser.get(preview_url(ticket)).status_code == status
    assert browser.post(retry_url(ticket)).status_code == status
    page = browser.get(reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk]))
    assert preview_url(ticket) not in page.text
    parked_job.refresh_from_db()
    assert parked_job.status == SyncJob.Status.PARKED


def test_retry_answers_only_a_post(ticket, ops_user, signed_in):
    assert signed_in(ops_user).get(retry_url(ticket)).status_code == 405


def test_the_list_action_opens_the_preview_of_the_one_ticket_selected(
    ticket, new_ticket, ops_user, signed_in
):
    olga = signed_in(ops_user)
    changelist = reverse("admin:exceptions_exceptionticket_changelist")

    one = olga.post(changelist, {"action": "fix_once_selected", "_selected_action": [ticket.pk]})
    two = olga.post(changelist, {"action": "fix_once_selected",
                                 "_selected_action": [ticket.pk, new_ticket(title="B").pk]},
                    follow=True)

    assert one.status_code == 302 and one["Location"] == preview_url(ticket)
    assert "Fix once works on one ticket: select just one." in two.text


# -- Query counts: the pages cost the same whatever the size of the group.


def stuck_orders(store, ticket, count: int, start: int = 0) -> None:
    payload = load_fixture(STUCK_ORDER)
    for n in range(start, start + count):
        order = numbered(payload, n)
        event = WebhookEvent.objects.create(
            connection=store, shop_domain=store.shop_domain, topic="orders/create",
            event_id=f"evt-bulk-{n}", body=json.dumps(order), resource_id=str(order["id"]),
            status=WebhookEvent.Status.FAILED, processed_at=timezone.now())
        ticket.jobs.add(SyncJob.objects.create(
            flow="orders", idempotency_key=f"order:bulk:{n}", connection=store, event=event,
            object_id=str(order["id"]), object_label=f"order {order['name']}",
            status=SyncJob.Status.PARKED, error_class=SyncJob.ErrorClass.DATA))


@pytest.fixture
def bulk_ticket(sku_unmapped):
    ticket = make_ticket(sku_unmapped, title=f"Unknown SKU {STUCK_SKU}")
    ItemMapping.objects.create(store=sku_unmapped, sku=STUCK_SKU, netsuite_item_id="102")
    return ticket


def queries_of(django_assert_max_num_queries, browser, url, limit=2000) -> int:
    with django_assert_max_num_queries(limit) as captured:
        response = browser.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_preview_costs_the_same_for_sixty_jobs_as_for_two_hundred(
    bulk_ticket, sku_unmapped, ops_user, signed_in, django_assert_max_num_queries
):
    olga = signed_in(ops_user)
    stuck_orders(sku_unmapped, bulk_ticket, 60)
    sixty = queries_of(django_assert_max_num_queries, olga, preview_url(bulk_ticket))
    stuck_orders(sku_unmapped, bulk_ticket, 140, start=60)

    with django_assert_max_num_queries(sixty):
        response = olga.get(preview_url(bulk_ticket))

    assert response.context["total"] == 200
    assert len(response.context["entries"]) == 50
    assert "150 more not shown" in response.text
    assert "Retry these 200 jobs" in response.text


def test_each_previewed_job_costs_a_fixed_number_of_queries(
    bulk_ticket, sku_unmapped, ops_user, signed_in, django_assert_max_num_queries
):
    olga = signed_in(ops_user)
    stuck_orders(sku_unmapped, bulk_ticket, 1)
    one = queries_of(django_assert_max_num_queries, olga, preview_url(bulk_ticket))
    stuck_orders(sku_unmapped, bulk_ticket, 1, start=1)
    two = queries_of(django_assert_max_num_queries, olga, preview_url(bulk_ticket))
    stuck_orders(sku_unmapped, bulk_ticket, 10, start=2)
    twelve = queries_of(django_assert_max_num_queries, olga, preview_url(bulk_ticket))

    per_job = two - one
    assert per_job <= 10  # its link and the mappings the order uses
    assert twelve == one + 11 * per_job


def test_the_ticket_page_costs_the_same_whatever_the_group_holds(
    bulk_ticket, sku_unmapped, ops_user, signed_in, django_assert_max_num_queries
):
    olga = signed_in(ops_user)
    url = reverse("admin:exceptions_exceptionticket_change", args=[bulk_ticket.pk])
    stuck_orders(sku_unmapped, bulk_ticket, 2)
    few = queries_of(django_assert_max_num_queries, olga, url)
    stuck_orders(sku_unmapped, bulk_ticket, 30, start=2)
    for n in range(5):
        make_ticket(sku_unmapped, title=f"Unknown SKU OTHER-{n}")

    with django_assert_max_num_queries(few):
        response = olga.get(url)
    assert "retry the 32 stuck jobs" in response.text


def test_an_order_whose_stored_event_cannot_be_read_says_so(
    store, parked_job, ticket, ops_user, signed_in
):
    WebhookEvent.objects.filter(pk=parked_job.event_id).update(body="[]")

    response = signed_in(ops_user).get(preview_url(ticket))

    (entry,) = response.context["entries"]
    assert not entry["preview"].would_write
    assert "order #1001: unreadable payload: order: expected an object" in response.text
