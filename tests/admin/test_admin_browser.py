"""A person opens the exception queue in a real browser (headless Chromium) and sees a ticket."""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from exceptions.catalogue import DEFAULT_TYPES, UNKNOWN_SKU, window
from exceptions.models import ExceptionTicket, TicketType
from tests.admin.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not shutil.which(CHROMIUM),
        reason=f"{CHROMIUM} is not installed (Debian: apt-get install -y chromium)",
    ),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_settings(settings):
    # The live server speaks plain HTTP.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def open_ticket(store):
    default = next(d for d in DEFAULT_TYPES if d.code == UNKNOWN_SKU)
    ticket_type, _ = TicketType.objects.get_or_create(
        code=UNKNOWN_SKU,
        defaults={"title": default.title, "team": default.team, "severity": default.severity,
                  "response_window": window(default), "guidance": default.guidance},
    )
    return ExceptionTicket.objects.create(
        ticket_type=ticket_type, team=ticket_type.team, severity=ticket_type.severity,
        fingerprint=f"{UNKNOWN_SKU}:{store.pk}:MUG-BLUE", title="Unknown SKU MUG-BLUE",
        detail="Order #1001 sells MUG-BLUE, which has no item mapping.", store=store,
        due_at=timezone.now() + timedelta(hours=4),
    )


def test_staff_log_in_and_see_the_ticket_in_the_queue(
    live_server, browser_settings, open_ticket, ops_user, tmp_path
):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{live_server.url}/admin/login/?next=/admin/exceptions/exceptionticket/")
            page.fill("#id_username", ops_user.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url("**/admin/exceptions/exceptionticket/")

            row = page.locator("#result_list tbody tr").filter(has_text="Unknown SKU MUG-BLUE")
            assert row.count() == 1
            status = row.locator(".cp-ticket-open")
            assert status.inner_text() == "Open"
            colour = status.evaluate("element => getComputedStyle(element).backgroundColor")
            assert colour == "rgb(192, 57, 43)"
            assert "Shopify ⇄ NetSuite control panel" in page.title()

            shot = tmp_path / "ticket-queue.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
        finally:
            browser.close()
