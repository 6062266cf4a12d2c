"""A CX agent finds an order by the customer's email in a real browser (headless Chromium)
and reads its timeline, in their own time zone."""

import shutil

import pytest

from tests.admin.conftest import PASSWORD
from tests.admin.order_story import EMAIL, STREET, tell
from tests.admin.test_admin_browser import CHROMIUM, CHROMIUM_ARGS

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
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_settings(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


def test_cx_finds_an_order_by_email_and_reads_its_timeline(
    live_server, browser_settings, mapped_store, sandboxes, webhooks, cx_user, tmp_path
):
    from playwright.sync_api import sync_playwright

    netsuite, shopify = sandboxes
    tell(webhooks, shopify, netsuite, mapped_store)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(timezone_id="America/New_York",
                                    viewport={"width": 1400, "height": 1000})
            page.goto(f"{live_server.url}/admin/login/")
            page.fill("#id_username", cx_user.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url("**/admin/exceptions/exceptionticket/**")

            page.fill("#cp-order-q", EMAIL.upper())
            page.click(".cp-order-search button")
            page.wait_for_url("**/admin/order-timeline/*/*/")

            assert page.locator("h1").inner_text() == "Order #1001"
            entries = page.locator("li.cp-entry")
            assert entries.count() >= 11
            titles = page.locator(".cp-entry-title").all_inner_texts()
            assert "Webhook orders/create" in titles
            assert "A ticket of Ops / Warehouse" in titles
            assert any(t.startswith("Ticket: Order #1001 is high risk") for t in titles)
            rejected = entries.filter(has_text="rejected: invalid orders/updated payload")
            assert rejected.count() == 1
            sales_order = entries.filter(has_text="NetSuite sales order")
            assert "Pending Approval" in sales_order.inner_text()
            assert page.locator("time.cp-when").first.inner_text().endswith(("EST", "EDT"))
            assert page.get_by_text("Times in America/New_York.").count() == 1
            body = page.content()
            assert STREET not in body and EMAIL not in body, "CX reads no raw payload"
            assert page.locator("details").count() == 0

            page.click("text=Oldest first")
            page.wait_for_url("**?order=oldest")
            assert page.locator(".cp-entry-title").first.inner_text() == "Webhook orders/create"

            shot = tmp_path / "order-timeline.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
        finally:
            browser.close()
