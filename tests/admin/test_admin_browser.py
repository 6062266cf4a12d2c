"""Each team signs in with a real browser (headless Chromium) and lands on its own queue,
which fits a 1366x768 screen; Finance typing the address of a CX ticket is refused.

Screenshots of each queue and of a ticket's page are kept under var/test-artifacts/.
"""

import shutil
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from exceptions import catalogue
from exceptions.models import ExceptionTicket, TicketType
from tests.admin.conftest import PASSWORD, make_ticket

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
SCREEN = {"width": 1366, "height": 768}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not shutil.which(CHROMIUM),
        reason=f"{CHROMIUM} is not installed (Debian: apt-get install -y chromium)",
    ),
]

# (ticket type, title, order, SKU, email, amount, hours until due)
DAY = [
    (catalogue.UNKNOWN_SKU, "SKU IPOD2008PINK ('iPod Nano - 8GB Pink') is not mapped to a "
     "NetSuite item.", "#1043", "IPOD2008PINK", "jane.doe@mail.example.com", "199.00", -3),
    (catalogue.UNKNOWN_SKU, "SKU MUG-BLUE ('Blue mug') is not mapped to a NetSuite item.",
     "#1051", "MUG-BLUE", "sam.lee@mail.example.com", "24.50", 2),
    (catalogue.UNMAPPED_LOCATION, "Shopify location 655441499 (order #1047) is not mapped to "
     "a NetSuite location.", "#1047", "", "kim@mail.example.com", "88.10", 3),
    (catalogue.TAX_DRIFT, "Shopify charged City Tax at 6% on order #1044; NetSuite tax code "
     "403 says 5.5%.", "#1044", "", "ana@mail.example.com", "312.40", -1),
    (catalogue.UNMAPPED_B2B_COMPANY, "B2B company 4219800417 (location -) has no NetSuite "
     "customer and terms; order #1045 is held, not booked as prepaid.", "#1045", "",
     "buyer@acme-retail.example", "4,310.00", 6),
    (catalogue.TOTALS_MISMATCH, "Order #1049 would not add up in NetSuite: shipping: 12.00 in "
     "the sales order vs 10.00 in Shopify (off by 2.00 USD).", "#1049", "",
     "lee@mail.example.com", "152.00", 7),
    (catalogue.HIGH_RISK_ORDER, "Order #1046 is high risk: held for review.", "#1046", "",
     "fraud.check@mail.example.com", "1,299.00", -0.5),
    (catalogue.HIGH_RISK_ORDER, "Order #1052 is high risk: created pending approval in "
     "NetSuite.", "#1052", "", "max@mail.example.com", "640.00", 1.5),
    (catalogue.CONNECTION_AUTH, "NetSuite account NetSuite sandbox: credentials rejected; its "
     "jobs are paused until the credentials are renewed.", "", "", "", None, -0.25),
    (catalogue.JOB_ERROR, "Unexpected error in orders sync of order #1050: KeyError: "
     "'line_items'", "#1050", "", "", None, 3),
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
def day(store):
    tickets = {}
    for n, (code, title, order, sku, email, amount, hours) in enumerate(DAY):
        ticket_type = TicketType.objects.get(code=code)
        ticket = make_ticket(
            store, ticket_type=ticket_type, title=title,
            fingerprint=f"{code}:{store.pk}:{sku or n}",
            due_in_hours=hours, order_name=order, sku=sku, customer_email=email,
            amount=Decimal(amount.replace(",", "")) if amount else None,
            currency="USD" if amount else "", detail=title,
        )
        ExceptionTicket.objects.filter(pk=ticket.pk).update(
            first_seen=timezone.now() - timedelta(hours=n * 7))
        tickets.setdefault(ticket.team, []).append(ticket)
    return tickets


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(chromium, live_server, user):
    context = chromium.new_context(viewport=SCREEN, timezone_id="Europe/Paris")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/exceptions/exceptionticket/?status__exact=open")
    return page


@pytest.mark.parametrize(("persona", "teams"), [
    ("finance_user", {"finance"}), ("cx_user", {"cx"}), ("ops_user", {"ops"}),
    ("integration_admin_user", {"integration_admin"}),
    ("governance_user", {"finance", "cx", "ops", "integration_admin"}),
])
def test_each_team_lands_on_its_own_queue_and_it_fits_the_screen(
    live_server, browser_settings, day, chromium, request, persona, teams
):
    user = request.getfixturevalue(persona)
    page = sign_in(chromium, live_server, user)

    rows = page.locator("#result_list tbody tr")
    expected = [t for team in teams for t in day.get(team, [])]
    assert rows.count() == len(expected)
    for ticket in expected:
        assert rows.filter(has_text=ticket.title[:40]).count() == 1
    first = page.locator("#result_list tbody tr").first
    assert first.locator(".cp-overdue").count() == 1  # a breached window leads the queue
    assert "Times in Europe/Paris" in page.locator("#user-tools").text_content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SCREEN["width"], f"the queue is {width}px wide"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"queue-{persona.removesuffix('_user')}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 0


def test_an_ops_ticket_reads_as_a_story(live_server, browser_settings, day, chromium,
                                        ops_user):
    ticket = day["ops"][0]
    page = sign_in(chromium, live_server, ops_user)

    page.click(f"text={ticket.title[:30]}")

    story = page.locator(".cp-story")
    assert "What happened" in story.inner_text()
    assert "IPOD2008PINK" in story.inner_text()
    assert page.locator("a.cp-fix").inner_text() == "Map SKU IPOD2008PINK to a NetSuite item"
    assert page.locator("details.cp-technical").get_attribute("open") is None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ticket-ops.png"), full_page=True)


def test_finance_typing_the_address_of_a_cx_ticket_is_refused(
    live_server, browser_settings, day, chromium, finance_user
):
    cx_ticket = day["cx"][0]
    page = sign_in(chromium, live_server, finance_user)

    for suffix in ("change/", "history/"):
        response = page.goto(
            f"{live_server.url}/admin/exceptions/exceptionticket/{cx_ticket.pk}/{suffix}")
        assert response.status in (403, 404), suffix
        assert cx_ticket.title not in page.content()
