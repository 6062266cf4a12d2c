"""Governance opens last week's review in Chromium, exports its CSV, records the review with a
follow-up for Finance and signs it off."""

import csv
import io
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from exceptions.catalogue import UNKNOWN_SKU, UNMAPPED_TAX
from exceptions.governance.models import GovernanceReview
from exceptions.governance.weeks import IsoWeek
from tests.admin.conftest import PASSWORD
from tests.admin.governance.conftest import Seeder
from tests.admin.test_admin_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM),
                       reason=f"{CHROMIUM} is not installed (Debian: apt-get install -y chromium)"),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_settings(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def last_week(store, ops_user, finance_user):
    """Last week, with tickets opened and cleared on several days."""
    week = IsoWeek.last_complete(timezone.now(), timezone.get_current_timezone())
    start, _ = week.bounds(timezone.get_current_timezone())
    seeder = Seeder(store)
    for day, sku in enumerate(["MUG-BLUE", "MUG-RED", "MUG-GREEN", "MUG-GREY"]):
        ticket = seeder.seen(UNKNOWN_SKU, sku, start + timedelta(days=day, hours=9))
        seeder.seen(UNKNOWN_SKU, sku, start + timedelta(days=day, hours=10))
        if day % 2 == 0:
            seeder.cleared(ticket, ops_user, start + timedelta(days=day + 1, hours=11))
    seeder.seen(UNMAPPED_TAX, "County Tax", start + timedelta(days=5, hours=15))
    return week


def test_governance_reviews_the_week_exports_it_and_signs_it_off(
    live_server, browser_settings, last_week, governance_user, tmp_path
):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(accept_downloads=True, viewport={"width": 1400, "height": 900})
            page.goto(f"{live_server.url}/admin/login/?next=/admin/")
            page.fill("#id_username", governance_user.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.click("text=Governance review")
            page.wait_for_url(f"**/admin/governance/{last_week}/")

            totals = page.locator("#gv-ticket-figures tr.gv-all td")
            assert totals.nth(1).inner_text().startswith("5")  # opened
            chart = page.locator("svg.gv-chart")
            assert chart.get_attribute("role") == "img"
            described = chart.locator("desc").text_content()
            assert described.startswith(f"Monday {last_week.monday.day} ")
            assert "1 opened" in described
            assert chart.locator("rect").count() == 14

            with page.expect_download() as download:
                page.click("text=Export CSV")
            exported = download.value
            assert exported.suggested_filename == f"governance-review-{last_week}.csv"
            rows = list(csv.DictReader(io.StringIO(Path(exported.path()).read_text())))
            opened = next(r for r in rows if r["team"] == "All teams"
                          and r["figure"] == "Opened" and r["section"] == "tickets")
            assert opened["this week"] == "5"

            page.click("text=Record the review")
            page.fill("#id_attendees", "Greta (Governance)\nFiona (Finance)\nOlga (Ops)")
            page.fill("#id_notes", "Unknown SKUs keep coming back: Ops to map new SKUs daily.")
            page.select_option("#id_follow_ups-0-team", "finance")
            page.fill("#id_follow_ups-0-action", "Map the County Tax title")
            page.fill("#id_follow_ups-0-due_on",
                      (last_week.sunday + timedelta(days=7)).isoformat())
            page.click("input[name=_save]")
            page.wait_for_url(f"**/admin/governance/{last_week}/")
            assert "Map the County Tax title" in page.locator("#gv-follow-ups").inner_text()

            page.click("#gv-sign-off-button")
            page.wait_for_selector("#gv-sign-off .gv-signed")  # the same page, signed off
            assert "is signed off" in page.locator("ul.messagelist").inner_text()
            assert "Signed off by Greta" in page.locator("#gv-sign-off").inner_text()

            shot = tmp_path / "governance-week.png"
            page.screenshot(path=str(shot), full_page=True)
            shutil.copy(shot, "/tmp/governance-week.png")
        finally:
            browser.close()

    review = GovernanceReview.objects.get(week_start=last_week.monday)
    assert review.signed_off_by == governance_user
    assert review.follow_ups.get().team == "finance"
