"""Ops picks a NetSuite item by name in a real browser (headless Chromium): the item mapping
form's picker searches the store's reference list as she types and shows what she picked."""

import shutil

import pytest
from django.urls import reverse

from mappings.references import Kind
from tests.admin.conftest import PASSWORD, read_references
from tests.admin.test_admin_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_settings(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


def test_ops_picks_an_item_by_name_and_sees_what_she_picked(
        live_server, browser_settings, mappings, references, ops_user, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    read_references(references, {Kind.ITEM: {
        "300": ("Red mug", {"item_type": "InvtPart"}),
        "310": ("Red mug (large)", {"item_type": "InvtPart"}),
        "311": ("Red mug gift set", {"item_type": "Kit"}),
        "312": ("Red mug (2019)", {"item_type": "InvtPart"}),
    }}, inactive={"312"})
    item = mappings["item"]
    url = reverse("admin:mappings_itemmapping_change", args=[item.pk])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{live_server.url}/admin/login/?next={url}")
            page.fill("#id_username", ops_user.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url(f"**{url}")
            assert "Red mug — internal id 300, active" in page.inner_text(".cp-picked")

            page.click(".field-netsuite_item_id .select2-selection")
            page.fill(".select2-search__field", "red mug")
            options = page.locator(".select2-results__option .cp-pick-name")
            expect(options).to_have_text([
                "Red mug", "Red mug (large)", "Red mug gift set", "Red mug (2019)"])
            inactive = page.locator(".select2-results__option[aria-disabled=true]")
            assert "inactive" in inactive.inner_text()
            shot = tmp_path / "item-mapping-picker-open.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0

            page.locator(".select2-results__option").filter(has_text="Red mug (large)").click()
            assert page.inner_text(".cp-picked") == (
                "Red mug (large) — internal id 310, active · InvtPart")
            page.fill("#id_change_reason", "The large mug is what we sell")
            page.screenshot(path=str(tmp_path / "item-mapping-picked.png"), full_page=True)
            page.click("input[name=_save]")
            page.wait_for_url("**/admin/mappings/itemmapping/")
            page.screenshot(path=str(tmp_path / "item-mapping-list.png"), full_page=True)
        finally:
            browser.close()

    item.refresh_from_db()
    assert item.netsuite_item_id == "310"
    assert item.history.latest().history_change_reason == "The large mug is what we sell"
