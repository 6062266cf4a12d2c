"""Finance, in a real browser, clears a totals ticket a real order opened: it reads which part
of the order does not add up, is refused a resolve without a note, and resolves it with one.
"""

import pytest

from exceptions.models import ExceptionTicket
from integrations.models import SyncJob
from tests.admin.test_admin_browser import (  # the browser fixtures and marks
    ARTIFACTS,
    _sync_orm_beside_playwright,  # noqa: F401 (autouse fixture)
    browser_settings,  # noqa: F401 (fixture)
    chromium,  # noqa: F401 (fixture)
    pytestmark,  # noqa: F401 (browser marks)
    sign_in,
)
from tests.conftest import load_fixture

DISCOUNT_ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def totals_ticket(mapped_store, sandboxes, webhooks):
    """An order whose Shopify total is 10.00 more than its lines, taxes and discounts."""
    order = load_fixture(DISCOUNT_ORDER)
    for key in ("total_price",):
        order[key] = "608.94"
        order[f"{key}_set"]["shop_money"]["amount"] = "608.94"
        order[f"{key}_set"]["presentment_money"]["amount"] = "608.94"
    webhooks.send("orders/create", order)
    assert SyncJob.objects.get().status == SyncJob.Status.PARKED
    return ExceptionTicket.objects.get(ticket_type__code="totals_mismatch")


def test_finance_reads_what_does_not_add_up_and_clears_it_with_a_note(
    live_server, browser_settings, chromium, finance_user, totals_ticket  # noqa: F811
):
    page = sign_in(chromium, live_server, finance_user)
    page.click("text=Order #1001 would not add up")

    story = page.locator(".cp-story").inner_text()
    assert "total: 598.94 in the sales order vs 608.94 in Shopify" in story
    assert "off by -10.00 USD" in story
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ticket-finance-totals.png"), full_page=True)

    with page.expect_navigation():  # the refusal comes back as a new page
        page.click("input[name=_ticket_resolve]")
    assert page.locator(".errornote, .messagelist .error").count() >= 1
    totals_ticket.refresh_from_db()
    assert totals_ticket.is_open

    page.fill("#id__ticket_note", "Shopify double-counted a 10.00 tip; corrected in Shopify.")
    with page.expect_navigation():
        page.click("input[name=_ticket_resolve]")

    totals_ticket.refresh_from_db()
    assert totals_ticket.status == ExceptionTicket.Status.RESOLVED
    assert totals_ticket.resolved_by == finance_user
    last = totals_ticket.history.order_by("-history_date").first()
    assert last.history_user == finance_user
    assert "corrected in Shopify" in totals_ticket.resolution_note
    page.goto(f"{live_server.url}/admin/exceptions/exceptionticket/?status__exact=open")
    assert page.locator("#result_list tbody tr").filter(
        has_text="would not add up").count() == 0
