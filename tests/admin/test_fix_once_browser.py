"""Ops, in a real browser (headless Chromium), maps the missing SKU, reads the fix-once
preview of the twenty orders stuck on it and clears them with one button."""

import pytest

from exceptions.models import ExceptionTicket
from integrations.models import SyncJob
from tests.admin.conftest import PASSWORD
from tests.admin.test_admin_browser import CHROMIUM, CHROMIUM_ARGS, pytestmark  # noqa: F401
from tests.docs_store import IPOD_PRODUCT


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_settings(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


def test_ops_clears_twenty_stuck_orders_with_one_fix_once_in_the_browser(
    live_server, browser_settings, twenty_stuck, mapped_store, sandboxes, ops_user, queue,
    tmp_path
):
    from playwright.sync_api import sync_playwright

    netsuite, _ = sandboxes
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/admin/login/?next=/admin/mappings/itemmapping/add/")
            page.fill("#id_username", ops_user.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url("**/admin/mappings/itemmapping/add/")

            page.select_option("#id_store", str(mapped_store.pk))
            page.fill("#id_sku", "IPOD2008RED")
            page.fill("#id_netsuite_item_id", "102")
            page.fill("#id_shopify_product_id", IPOD_PRODUCT)
            page.click("input[name=_save]")
            page.wait_for_url("**/admin/mappings/itemmapping/")

            page.goto(f"{base}/admin/exceptions/exceptionticket/{twenty_stuck.pk}/change/")
            offer = page.locator(".cp-fix-once-offer")
            assert "retry the 20 stuck jobs" in offer.inner_text()
            page.screenshot(path=str(tmp_path / "fix-once-ticket.png"), full_page=True)

            offer.get_by_text("Preview, then retry them").click()
            page.wait_for_url(f"**/admin/fix-once/{twenty_stuck.pk}/")
            assert page.locator(".cp-fix-job").count() == 20
            assert page.get_by_text("20 would go through").is_visible()
            first = page.locator(".cp-fix-job").first
            assert first.locator(".cp-fix-lines tbody tr").count() >= 4
            assert "USD" in first.locator(".cp-fix-lines").inner_text()
            assert page.locator("details.cp-technical").count() == 0
            page.screenshot(path=str(tmp_path / "fix-once-preview.png"), full_page=False)
            first.screenshot(path=str(tmp_path / "fix-once-preview-job.png"))
            assert netsuite.records("salesOrder") == []

            page.fill("#id_reason", "mapped the red iPod to item 102")
            page.get_by_role("button", name="Retry these 20 jobs").click()
            page.wait_for_url(f"**/admin/exceptions/exceptionticket/{twenty_stuck.pk}/change/")
            assert "Fix once: 20 jobs of 1 ticket re-queued." in page.locator(
                ".messagelist").inner_text()
            page.screenshot(path=str(tmp_path / "fix-once-done.png"), full_page=True)
        finally:
            browser.close()

    queue.run()  # with Redis the jobs wait for a worker; in-process they ran on commit
    assert set(SyncJob.objects.values_list("status", flat=True)) == {SyncJob.Status.SUCCEEDED}
    assert len(netsuite.records("salesOrder")) == 20
    twenty_stuck.refresh_from_db()
    assert twenty_stuck.status == ExceptionTicket.Status.RESOLVED


def test_before_the_fix_the_page_suggests_last_times_fix_and_the_preview_says_what_stops(
    live_server, browser_settings, stuck_now, ops_user, tmp_path
):
    from playwright.sync_api import sync_playwright

    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/admin/login/?next=/admin/exceptions/exceptionticket/"
                      f"{stuck_now.pk}/change/")
            page.fill("#id_username", ops_user.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url(f"**/admin/exceptions/exceptionticket/{stuck_now.pk}/change/")

            suggested = page.locator(".cp-suggestions").inner_text()
            assert ("Last time: SKU IPOD2008RED was mapped to item 102 by ops_olga on "
                    "27 Nov 2026, 14:05 UTC, and the ticket cleared.") in suggested
            page.screenshot(path=str(tmp_path / "suggested-resolution.png"))

            page.locator(".cp-fix-once-offer").get_by_text("Preview, then retry them").click()
            page.wait_for_url(f"**/admin/fix-once/{stuck_now.pk}/")
            job = page.locator(".cp-fix-job").first
            assert "Still stopped" in job.inner_text()
            assert "SKU IPOD2008BLACK" in job.locator(".cp-fix-problems").inner_text()
            job.screenshot(path=str(tmp_path / "fix-once-still-stopped.png"))
        finally:
            browser.close()
