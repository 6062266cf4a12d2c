"""The dashboard costs the same handful of queries with 10 jobs as with 1,000."""

from datetime import timedelta

import pytest
from django.utils import timezone

from exceptions.catalogue import UNKNOWN_SKU
from exceptions.models import TicketType
from integrations.models import Connection, WebhookEvent
from tests.admin.conftest import make_ticket

from .conftest import event_at, seed_jobs

pytestmark = pytest.mark.django_db

# The session and its user, then one query each: connections with their last delivery, jobs
# by outcome, lag percentiles, the database queue, traffic by hour for the silence
# thresholds, deliveries by topic, ticket counts and standing alerts.
MOST_QUERIES = 10


@pytest.fixture
def second_store(store, netsuite_account):
    return Connection.objects.create(
        name="Wholesale store", kind=Connection.Kind.SHOPIFY,
        shop_domain="wholesale-store.myshopify.com",
        base_url="https://wholesale-store.myshopify.com", netsuite=netsuite_account,
    )


@pytest.mark.parametrize("jobs", [10, 1000])
def test_the_query_count_does_not_grow_with_the_rows(
    jobs, store, second_store, superuser, signed_in, django_assert_max_num_queries
):
    now = timezone.now()
    for shop in (store, second_store):
        seed_jobs(shop, now, jobs)
        # Four weeks of history for the silence thresholds: one delivery every two hours.
        WebhookEvent.objects.bulk_create(
            [event_at(shop, now - timedelta(hours=2 * n)) for n in range(1, 14 * 24)])
        Connection.objects.filter(pk=shop.pk).update(created_at=now - timedelta(weeks=5))
    for n in range(jobs // 10):
        make_ticket(store, ticket_type=TicketType.objects.get(code=UNKNOWN_SKU),
                    title=f"Unknown SKU {n}", due_in_hours=-1 if n % 2 else 4)
    browser = signed_in(superuser)  # every team's tickets, the raw figures too

    with django_assert_max_num_queries(MOST_QUERIES):
        response = browser.get("/admin/dashboard/")

    assert response.status_code == 200
    board = response.context["board"]
    processed = [row.windows["Last 24 hours"][0].text for row in board.flows]
    assert sum(int(n.replace(",", "")) for n in processed) == 2 * jobs * 7 // 10
    ops = next(row for row in board.tickets if row[0].text == "Ops / Warehouse")
    assert ops[1].text == f"{jobs // 10:,}"
