"""The dashboard in a real browser (headless Chromium), with a day of traffic behind it."""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from exceptions.catalogue import CONNECTION_AUTH, UNKNOWN_SKU, UNMAPPED_TAX
from exceptions.models import TicketType
from integrations.models import Connection, WebhookEvent
from integrations.monitoring.alerts import send_due_alerts
from integrations.shopify.throttle import CostThrottle
from tests.admin.conftest import PASSWORD, make_ticket
from tests.admin.test_admin_browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import SHOP_DOMAIN

from .conftest import event_at, minutes, seconds, seed_synced, seed_weeks_of_traffic

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch, settings):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def bucket():
    throttle = CostThrottle(SHOP_DOMAIN)
    throttle.record({"throttleStatus": {"maximumAvailable": 2000, "currentlyAvailable": 1640,
                                        "restoreRate": 100}})
    yield
    throttle.store.clear(SHOP_DOMAIN)


@pytest.fixture
def day_of_traffic(store, netsuite_account, bucket):
    now = timezone.now()
    seed_weeks_of_traffic(store, now - minutes(20), lambda hour: 4 if 8 <= hour.hour < 22 else 1)
    seed_synced(store, now, [(seconds(8 + n % 40), minutes(3 + n * 4)) for n in range(14)])
    seed_synced(store, now, [(minutes(3 + n), minutes(90 + n * 60)) for n in range(20)])
    for status, ages in [("failed", (35, 300)), ("parked", (12, 200, 700)), ("skipped", (50,))]:
        seed_synced(store, now, [(seconds(5), minutes(a)) for a in ages], status=status)
    WebhookEvent.objects.bulk_create(
        [event_at(store, now - minutes(m), topic="orders/paid") for m in (6, 44, 130)]
        + [event_at(store, now - minutes(m), topic="orders/updated") for m in (260, 900)])
    Connection.objects.filter(pk=store.pk).update(health="healthy",
                                                  last_success_at=now - minutes(3))
    Connection.objects.filter(pk=netsuite_account.pk).update(
        health="degraded", health_detail="503 Service Unavailable (retried)",
        last_success_at=now - minutes(9))
    for code, title, due in [(UNKNOWN_SKU, "Unknown SKU MUG-BLUE", -2),
                             (UNMAPPED_TAX, "Unmapped tax City Tax", 5),
                             (CONNECTION_AUTH, "NetSuite sandbox: credentials rejected", 1)]:
        make_ticket(store, ticket_type=TicketType.objects.get(code=code), title=title,
                    due_in_hours=due)
    send_due_alerts()  # Integration admin's critical ticket, Ops's late one: standing alerts
    return now


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/dashboard/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/dashboard/")


def test_the_dashboard_with_traffic(live_server, day_of_traffic, integration_admin_user,
                                    ops_user, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 900})
            sign_in(page, live_server, integration_admin_user)

            flows = page.locator("#flows tbody tr")
            assert flows.count() == 2  # the last hour, the last 24 hours
            failed = flows.first.locator("td").nth(4)
            assert failed.inner_text() == "1"
            colour = failed.locator("strong").evaluate(
                "element => getComputedStyle(element).color")
            assert colour == "rgb(192, 57, 43)"
            connections = page.locator("#connections").inner_text()
            assert connections.count("receiving") == 1
            assert "1,640 of 2,000 cost points free (82%)" in connections
            details = page.locator("details#technical")
            assert details.evaluate("element => element.open") is False
            page.screenshot(path=str(tmp_path / "dashboard-integration-admin.png"),
                            full_page=True)

            assert "Critical: NetSuite sandbox: credentials rejected" in page.locator(
                "#alerts").inner_text()
            details.locator("summary").click()
            assert '"netsuite_slots"' in details.inner_text()
            page.screenshot(path=str(tmp_path / "dashboard-technical-details.png"),
                            full_page=True)

            failed.locator("a").click()
            page.wait_for_url("**/admin/integrations/syncjob/**")
            assert page.locator("#result_list tbody tr").count() == 1

            page.goto(f"{live_server.url}/admin/monitoring/alertsent/")
            # Integration admin reads every alert sent, to every team.
            assert page.locator("#result_list tbody tr").count() == 2
            page.screenshot(path=str(tmp_path / "alerts-sent.png"), full_page=True)
            page.locator("#result_list tbody tr a").last.click()
            page.wait_for_url("**/admin/monitoring/alertdigest/*/change/")
            assert "nobody to tell" in page.locator("#content").inner_text()
            page.screenshot(path=str(tmp_path / "alert-digest.png"), full_page=True)

            other = browser.new_page(viewport={"width": 1500, "height": 900})
            sign_in(other, live_server, ops_user)
            assert other.locator("#tickets tbody tr").count() == 1
            assert other.locator("details#technical").count() == 0
            assert other.locator("#flows a").count() == 0  # Ops does not open job lists
            other.screenshot(path=str(tmp_path / "dashboard-ops.png"), full_page=True)
        finally:
            browser.close()

    for shot in ("dashboard-integration-admin.png", "dashboard-technical-details.png",
                 "alerts-sent.png", "alert-digest.png", "dashboard-ops.png"):
        assert (tmp_path / shot).stat().st_size > 0
    assert day_of_traffic - timedelta(days=1) < timezone.now()
