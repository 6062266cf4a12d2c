"""One order, one timeline: found by name, number, email or id, read as each team may read it.

Given the order's eventful day (tests/admin/order_story.py: a retried write, a redelivery, a
duplicate topic, a parked edit with an Ops ticket, a rejected update, a high-risk CX ticket),
each persona opens the timeline through the admin and reads what the access policy lets them.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from exceptions.catalogue import HIGH_RISK_ORDER, UNKNOWN_SKU
from exceptions.models import ExceptionTicket, TicketType
from integrations.models import JobAttempt, KnownOrder, SyncJob, SyncLink, WebhookEvent
from integrations.timeline import (
    SHOPIFY,
    Status,
    TimelineEntry,
    register_source,
    unregister_source,
)
from tests.admin.order_story import EMAIL, STREET, UNMAPPED_SKU, tell

pytestmark = pytest.mark.django_db

SALES_ORDER_URL = "https://123456-sb1.app.netsuite.com/app/accounting/transactions/salesord.nl?id="
CUSTOMER_URL = "https://123456-sb1.app.netsuite.com/app/common/entity/custjob.nl?id="
SHOPIFY_URL = "https://admin.shopify.com/store/demo-store/orders/450789469"


@pytest.fixture
def story(mapped_store, sandboxes, webhooks):
    netsuite, shopify = sandboxes
    tell(webhooks, shopify, netsuite, mapped_store)
    return KnownOrder.objects.get()


def timeline_of(known) -> str:
    return reverse("order_timeline", args=[known.store_id, known.order_id])


def read(browser, known, **params):
    response = browser.get(timeline_of(known), params)
    assert response.status_code == 200
    return response.text


# Finding the order -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["#1001", "1001", EMAIL, EMAIL.upper(), "450789469"])
def test_cx_finds_the_order_by_name_number_email_or_id(story, signed_in, cx_user, typed):
    response = signed_in(cx_user).get(reverse("order_timeline_search"), {"q": typed})

    assert response.status_code == 302
    assert response.headers["Location"] == timeline_of(story)


def test_several_matches_are_listed_and_none_is_said(story, signed_in, cx_user, webhooks):
    from tests.conftest import load_fixture

    second = {**load_fixture("shopify_order_discount_tax_partial_refund.json"),
              "id": 450789470, "name": "#1002", "order_number": 1002}
    webhooks.send("orders/create", second, run=False)
    browser = signed_in(cx_user)

    listed = browser.get(reverse("order_timeline_search"), {"q": EMAIL})
    nothing = browser.get(reverse("order_timeline_search"), {"q": "#4242"})

    assert listed.status_code == 200
    assert [row["name"] for row in listed.context["orders"]] == ["#1002", "#1001"]
    assert timeline_of(story) in listed.text
    assert "No order matches “#4242”" in nothing.text


def test_listing_many_orders_costs_the_same_as_listing_a_few(
    mapped_store, signed_in, cx_user, django_assert_max_num_queries
):
    browser = signed_in(cx_user)
    counts = []
    for n in (3, 30):
        KnownOrder.objects.bulk_create(
            KnownOrder(store=mapped_store, order_id=f"{n}{i:04d}", name=f"#{n}{i:04d}",
                       email="regular@example.com", currency="USD", total_price="10.00")
            for i in range(n - len(counts) * 3))
        with django_assert_max_num_queries(5) as captured:
            listed = browser.get(reverse("order_timeline_search"), {"q": "regular@example.com"})
        assert len(listed.context["orders"]) == n
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1], counts


def test_the_search_box_is_on_the_index_and_the_team_queue(signed_in, cx_user):
    browser = signed_in(cx_user)
    for page in (reverse("admin:index"), reverse("admin:exceptions_exceptionticket_changelist")):
        html = browser.get(page).text
        assert f'action="{reverse("order_timeline_search")}"' in html
        assert 'name="q"' in html


def test_people_outside_every_team_get_neither_box_nor_pages(story, signed_in, staff_stella,
                                                             client):
    browser = signed_in(staff_stella)

    assert 'class="cp-order-search"' not in browser.get(reverse("admin:index")).text
    assert browser.get(reverse("order_timeline_search"), {"q": "#1001"}).status_code == 403
    assert browser.get(timeline_of(story)).status_code == 403
    anonymous = client.get(timeline_of(story))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.headers["Location"]


def test_an_order_never_received_is_not_found(story, signed_in, cx_user):
    missing = reverse("order_timeline", args=[story.store_id, "999"])

    assert signed_in(cx_user).get(missing).status_code == 404


# What each team reads ----------------------------------------------------------------------


def test_cx_reads_one_timeline_across_the_systems(story, signed_in, cx_user):
    html = read(signed_in(cx_user), story)

    for topic in ("orders/create", "orders/paid", "orders/updated"):
        assert f"Webhook {topic}" in html
    assert "delivered 2 times (1 redelivery of the same event)" in html
    assert "duplicate: same update as sync job" in html
    assert "rejected: invalid orders/updated payload" in html
    assert "Order #1001 · 598.94 USD" in html
    job = SyncJob.objects.filter(flow="orders").order_by("pk").first()
    assert f"Sync job #{job.pk}: Orders" in html
    assert f"Attempt 1 of sync job #{job.pk}" in html and "Will be retried" in html
    assert f"Attempt 2 of sync job #{job.pk}" in html
    assert "503" in html
    link = SyncLink.objects.get(shopify_type="order")
    assert f"NetSuite sales order {link.netsuite_id}" in html
    assert "Pending Approval" in html
    assert f'href="{SALES_ORDER_URL}{link.netsuite_id}"' in html
    customer = SyncLink.objects.get(shopify_type="customer")
    assert f'href="{CUSTOMER_URL}{customer.netsuite_id}"' in html
    assert f'href="{SHOPIFY_URL}"' in html


def test_cx_opens_its_own_tickets_and_sees_only_who_holds_the_others(story, signed_in, cx_user):
    html = read(signed_in(cx_user), story)

    cx_ticket = ExceptionTicket.objects.get(team="cx")
    ops_ticket = ExceptionTicket.objects.get(team="ops")
    assert escape(f"Ticket: {cx_ticket.title}") in html
    assert reverse("admin:exceptions_exceptionticket_change", args=[cx_ticket.pk]) in html
    assert "A ticket of Ops / Warehouse" in html
    assert escape(f"Ticket: {ops_ticket.title}") not in html
    assert reverse("admin:exceptions_exceptionticket_change", args=[ops_ticket.pk]) not in html
    assert UNMAPPED_SKU in html, "the parked job still says why it waits"


def test_nobody_but_the_integration_admin_reads_raw_payloads(
    story, signed_in, cx_user, finance_user, ops_user, governance_user
):
    for person in (cx_user, finance_user, ops_user, governance_user):
        html = read(signed_in(person), story)
        assert "Technical details" not in html
        assert STREET not in html
        assert EMAIL not in html
        assert "X-Shopify-Hmac" not in html


def test_the_integration_admin_reads_the_technical_details(
    story, signed_in, integration_admin_user
):
    html = read(signed_in(integration_admin_user), story)

    assert html.count("<summary>Technical details</summary>") >= 5  # 4 deliveries, a result
    assert STREET in html
    assert EMAIL in html
    event = WebhookEvent.objects.order_by("pk").first()
    assert reverse("admin:integrations_webhookevent_change", args=[event.pk]) in html
    assert "A ticket of CX" in html and "A ticket of Ops / Warehouse" in html


def test_finance_reads_the_story_without_links_to_records_it_may_not_open(
    story, signed_in, finance_user
):
    html = read(signed_in(finance_user), story)

    job = SyncJob.objects.filter(flow="orders").order_by("pk").first()
    assert f"Sync job #{job.pk}: Orders" in html
    assert reverse("admin:integrations_syncjob_change", args=[job.pk]) not in html
    event = WebhookEvent.objects.order_by("pk").first()
    assert reverse("admin:integrations_webhookevent_change", args=[event.pk]) not in html
    assert "A ticket of CX" in html and "A ticket of Ops / Warehouse" in html
    link = SyncLink.objects.get(shopify_type="order")
    assert reverse("admin:integrations_synclink_change", args=[link.pk]) in html


def test_governance_reads_every_ticket_but_no_raw_payload(story, signed_in, governance_user):
    html = read(signed_in(governance_user), story)

    for ticket in ExceptionTicket.objects.all():
        assert escape(f"Ticket: {ticket.title}") in html
        assert reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk]) in html
    assert "A ticket of" not in html
    assert "Technical details" not in html


def test_newest_or_oldest_first(story, signed_in, cx_user):
    browser = signed_in(cx_user)

    newest = browser.get(timeline_of(story)).context["days"][0].rows
    oldest = browser.get(timeline_of(story), {"order": "oldest"}).context["days"][0].rows

    assert oldest[0].title == "Webhook orders/create"
    assert [r.title for r in newest] == [r.title for r in reversed(oldest)]
    assert all(r.when.endswith("UTC") for r in newest)


def test_times_are_in_the_viewers_zone(story, signed_in, cx_user):
    browser = signed_in(cx_user)
    browser.cookies["cp_tz"] = "Asia/Tokyo"

    html = read(browser, story)

    assert "Times in Asia/Tokyo." in html
    assert " JST</time>" in html


# Later flows add their entries by registering a source ---------------------------------------


@pytest.fixture
def refunds_source():
    def refund_entries(order, user):
        yield TimelineEntry(
            at=timezone.now() + timedelta(hours=1), kind="refund", system=SHOPIFY,
            title=f"Refund of 10.00 USD on {order.name}", status=Status("Booked", "cp-ok"),
            detail="credit memo and customer refund in NetSuite",
        )

    register_source("refunds", refund_entries)
    yield
    unregister_source("refunds")


def test_a_registered_source_shows_on_the_page(story, signed_in, cx_user, refunds_source):
    html = read(signed_in(cx_user), story)

    assert "Refund of 10.00 USD on #1001" in html
    assert '<span class="cp-pill cp-ok">Booked</span>' in html
    assert "1 refund" in html


@pytest.fixture
def broken_source():
    def broken(order, user):
        raise RuntimeError("the refunds table is not there")

    register_source("broken", broken)
    yield
    unregister_source("broken")


def test_a_failing_source_leaves_the_rest_of_the_story(story, signed_in, cx_user, broken_source):
    html = read(signed_in(cx_user), story)

    assert "Part of this timeline could not be read (broken)" in html
    assert "Webhook orders/create" in html


# Reached from the records ------------------------------------------------------------------


def test_jobs_events_and_tickets_link_to_their_orders_timeline(
    story, signed_in, integration_admin_user, cx_user
):
    job = SyncJob.objects.filter(flow="orders").order_by("pk").first()
    event = WebhookEvent.objects.order_by("pk").first()
    cx_ticket = ExceptionTicket.objects.get(team="cx")
    pages = [
        (integration_admin_user, reverse("admin:integrations_syncjob_change", args=[job.pk])),
        (integration_admin_user,
         reverse("admin:integrations_webhookevent_change", args=[event.pk])),
        (cx_user, reverse("admin:exceptions_exceptionticket_change", args=[cx_ticket.pk])),
    ]
    for person, page in pages:
        html = signed_in(person).get(page).text
        assert f'<a href="{timeline_of(story)}">Order timeline</a>' in html, page


def test_an_order_delivered_before_orders_were_kept_still_has_its_timeline(
    story, signed_in, cx_user
):
    KnownOrder.objects.all().delete()

    html = read(signed_in(cx_user), story)

    assert "Order #1001" in html
    assert "Webhook orders/create" in html


# The page costs the same whatever the order went through --------------------------------------

# Session, user, the order, the user's groups, deliveries, jobs, attempts, NetSuite links, the
# tickets the user sees and the others.
QUERIES = 10


def crowd(known, n: int) -> None:
    """n more deliveries, n more jobs with two attempts each, and n more tickets (half CX,
    half Ops), all about the order."""
    store, now = known.store, timezone.now()
    events = WebhookEvent.objects.bulk_create(
        WebhookEvent(connection=store, shop_domain=store.shop_domain, topic="orders/updated",
                     event_id=f"crowd-{n}-{i}", body='{"name": "#1001"}',
                     resource_id=known.order_id, status=WebhookEvent.Status.PROCESSED)
        for i in range(n))
    jobs = SyncJob.objects.bulk_create(
        SyncJob(flow="orders", idempotency_key=f"crowd:{n}:{i}", connection=store,
                event=events[i], object_id=known.order_id, object_label="order #1001",
                status=SyncJob.Status.SUCCEEDED, attempts=2, result={"netsuite_id": "1"})
        for i in range(n))
    JobAttempt.objects.bulk_create(
        JobAttempt(job=job, number=k, outcome=JobAttempt.Outcome.SUCCEEDED, duration_ms=40)
        for job in jobs for k in (1, 2))
    cx_type = TicketType.objects.get(code=HIGH_RISK_ORDER)
    ops_type = TicketType.objects.get(code=UNKNOWN_SKU)
    for i, job in enumerate(jobs):
        kind = cx_type if i % 2 else ops_type
        ticket = ExceptionTicket.objects.create(
            ticket_type=kind, team=kind.team, severity=kind.severity,
            fingerprint=f"crowd:{n}:{i}", title=f"Crowd ticket {i}", store=store,
            due_at=now + timedelta(hours=4))
        ticket.jobs.add(job)


def rows_on(response) -> int:
    return sum(len(day.rows) for day in response.context["days"])


@pytest.mark.parametrize("persona", ["cx_user", "finance_user", "integration_admin_user"])
def test_the_query_count_does_not_grow_with_the_orders_history(
    story, signed_in, request, persona, django_assert_max_num_queries
):
    browser = signed_in(request.getfixturevalue(persona))
    before = rows_on(browser.get(timeline_of(story)))
    counts, added = [], 0
    for n in (3, 30):
        crowd(story, n)
        added += n * 5  # a delivery, a job, two attempts and a ticket each
        with django_assert_max_num_queries(QUERIES) as captured:
            response = browser.get(timeline_of(story))
        assert response.status_code == 200
        assert rows_on(response) == before + added
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1], counts
