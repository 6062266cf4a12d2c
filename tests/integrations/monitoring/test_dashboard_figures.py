"""The dashboard's figures, on seeded jobs and deliveries, each linked to the rows behind it.

Black Friday 2026, 15:40 UTC. Integration admin (integration_ada) reads the dashboard.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from integrations.models import SyncJob, WebhookEvent
from integrations.netsuite import governor
from integrations.shopify.throttle import CostThrottle
from tests.conftest import SHOP_DOMAIN

from .conftest import event_at, job_for, minutes, seconds, seed_synced

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 27, 15, 40, tzinfo=UTC)
DASHBOARD = "/admin/dashboard/"


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def traffic(now, store):
    # The last hour: three written (10 s, 20 s and 60 s after their webhook), one failed,
    # one parked, one paused with its connection, one skipped.
    seed_synced(store, now, [(seconds(10), minutes(5)), (seconds(20), minutes(15)),
                             (seconds(60), minutes(50))])
    for status in ("failed", "parked", "paused", "skipped"):
        seed_synced(store, now, [(seconds(5), minutes(30))], status=status)
    # Earlier today: two more written (2 and 4 minutes), one more failed.
    seed_synced(store, now, [(minutes(2), minutes(300)), (minutes(4), minutes(400))])
    seed_synced(store, now, [(seconds(5), minutes(600))], status="failed")
    # The day before: not counted.
    seed_synced(store, now, [(seconds(1), minutes(1500))] * 3)


def texts(row):
    return [cell.text for cell in row]


def board_for(browser):
    response = browser.get(DASHBOARD)
    assert response.status_code == 200
    return response, response.context["board"]


def test_jobs_by_outcome_and_lag_percentiles_per_window(traffic, integration_admin_user,
                                                         signed_in):
    _, board = board_for(signed_in(integration_admin_user))

    (row,) = board.flows
    assert (row.store.text, row.flow.text) == ("Demo store", "Orders → sales orders")
    # processed, failed, parked (paused included), skipped, went wrong, lag p50, p95
    assert {label: texts(cells) for label, cells in row.windows.items()} == {
        "Last hour": ["3", "1", "2", "1", "42.9%", "20 seconds", "56 seconds"],
        "Last 24 hours": ["5", "2", "2", "1", "40%", "1 minute", "3 minutes 36 seconds"],
    }


def test_each_job_figure_opens_the_jobs_behind_it(traffic, integration_admin_user, signed_in):
    browser = signed_in(integration_admin_user)
    _, board = board_for(browser)
    (row,) = board.flows
    hour, day = row.windows["Last hour"], row.windows["Last 24 hours"]
    processed_hour, failed_hour, parked_hour, failed_day, lag_p95_day = (
        hour[0], hour[1], hour[2], day[1], day[6])

    for cell, expected in [(processed_hour, 3), (failed_hour, 1), (parked_hour, 2),
                           (failed_day, 2), (lag_p95_day, 5)]:
        listed = browser.get(cell.url)
        assert listed.status_code == 200, cell.url
        assert listed.context["cl"].result_count == expected, cell.url
    assert {job.status for job in browser.get(parked_hour.url).context["cl"].result_list} == {
        "parked", "paused"}


def test_the_database_queue_is_shown_whatever_runs_the_jobs(now, store, integration_admin_user,
                                                             signed_in, settings):
    settings.REDIS_URL = ""  # the in-process queue: nothing to read but the database
    SyncJob.objects.bulk_create([
        job_for(store, None, "pending", enqueued_at=now - minutes(20)),
        job_for(store, None, "pending", enqueued_at=now - minutes(5)),
        job_for(store, None, "retrying", enqueued_at=now - minutes(9),
                next_retry_at=now - minutes(1)),
        job_for(store, None, "retrying", enqueued_at=now - minutes(2),
                next_retry_at=now + minutes(30)),
        job_for(store, None, "running", started_at=now - seconds(3)),
    ])
    browser = signed_in(integration_admin_user)

    response, board = board_for(browser)

    (database,) = board.queues
    assert texts(database) == ["sync (database)", "3", "20 minutes", "2", "1",
                               "Nov. 27, 2026, 3:20 p.m. UTC"]
    assert database[1].note == "2 pending, 1 retries due"
    assert browser.get(database[1].url).context["cl"].result_count == 4
    assert "No Redis: jobs run in the web process" in board.queue_note
    assert "No Redis: jobs run in the web process" in response.text


def test_connections_show_health_last_success_slots_and_the_shopify_bucket(
    now, store, netsuite_account, integration_admin_user, signed_in
):
    store.health, store.last_success_at = "healthy", now - minutes(3)
    store.save()
    CostThrottle(SHOP_DOMAIN).record(
        {"throttleStatus": {"maximumAvailable": 2000, "currentlyAvailable": 1500,
                            "restoreRate": 100}})
    browser = signed_in(integration_admin_user)
    try:
        with governor.slot(netsuite_account, wait_seconds=0):
            _, board = board_for(browser)
    finally:
        CostThrottle(SHOP_DOMAIN).store.clear(SHOP_DOMAIN)

    rows = {row[0].text: row for row in board.connections}
    netsuite, shop = rows["NetSuite sandbox"], rows["Demo store"]
    assert texts(netsuite)[:5] == ["NetSuite sandbox", "NetSuite account", "Not yet used",
                                   "never", "1 of 5 NetSuite slots in use (20%)"]
    assert texts(shop)[:5] == ["Demo store", "Shopify store", "Healthy", "3 minutes ago",
                               "1,500 of 2,000 cost points free (75%)"]
    assert shop[2].tone == "ok"
    assert shop[3].note == "Nov. 27, 2026, 3:37 p.m. UTC"
    assert browser.get(shop[0].url).status_code == 200  # the connection's own page


def test_deliveries_per_topic_and_the_time_since_the_last_one(now, store,
                                                                integration_admin_user,
                                                                signed_in):
    WebhookEvent.objects.bulk_create(
        [event_at(store, now - minutes(m)) for m in (12, 30, 50, 200)]
        + [event_at(store, now - minutes(m), topic="orders/paid") for m in (45, 2000)]
    )
    browser = signed_in(integration_admin_user)

    _, board = board_for(browser)

    assert [texts(row) for row in board.deliveries] == [
        ["Demo store", "orders/create", "3", "4"],
        ["Demo store", "orders/paid", "1", "1"],
    ]
    assert browser.get(board.deliveries[0][2].url).context["cl"].result_count == 3
    (shop,) = [row for row in board.connections if row[0].text == "Demo store"]
    assert shop[5].text == "12 minutes ago"
    assert browser.get(shop[5].url).context["cl"].result_count == 6


def test_a_dashboard_with_no_traffic_says_so(now, integration_admin_user, signed_in):
    response, board = board_for(signed_in(integration_admin_user))

    assert board.flows == [] and board.deliveries == []
    assert "No job finished in the last 24 hours." in response.text
    assert "No webhook in the last 24 hours." in response.text
    assert reverse("admin-dashboard") == DASHBOARD
