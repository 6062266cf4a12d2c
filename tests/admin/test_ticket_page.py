"""A ticket's page tells its team what happened, to what, what it holds up and what to do,
with the button that does it; then its occurrences and history. Raw payloads and keys stay
under "Technical details", the raw body for Integration admin only."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exceptions.catalogue import HIGH_RISK_ORDER
from exceptions.models import TicketType
from exceptions.timezones import COOKIE
from tests.admin.conftest import make_ticket

pytestmark = pytest.mark.django_db


def page_of(ticket):
    return reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk])


@pytest.fixture
def sku_ticket(store, event, parked_job):
    return make_ticket(
        store, jobs=[parked_job], event=event, title="SKU MUG-BLUE ('Blue mug') is not mapped "
        "to a NetSuite item.", fingerprint=f"unknown_sku:{store.pk}:MUG-BLUE",
        detail="SKU MUG-BLUE ('Blue mug') is not mapped to a NetSuite item.",
        order_name="#1001", order_id="820982911946154508", sku="MUG-BLUE",
        customer_email="jane.doe@mail.example.com", amount=Decimal("109.50"), currency="USD",
    )


def test_the_story_in_the_owning_teams_words(signed_in, ops_user, sku_ticket, parked_job):
    html = signed_in(ops_user).get(page_of(sku_ticket)).text

    assert "<h1>Unknown SKU: MUG-BLUE (order #1001)</h1>" in html
    for heading in ("What happened", "What it holds up", "What Ops does", "Occurrences (1)",
                    "History", "Technical details"):
        assert heading in html
    assert "<th>Order</th><td>#1001 (Shopify order 820982911946154508)</td>" in html
    assert "<th>Customer</th><td>jane.doe@mail.example.com</td>" in html
    assert "<th>Order total</th><td>109.50 USD</td>" in html
    assert "1 sync job waits for this: order #1001 (parked)." in html
    assert TicketType.objects.get(code="unknown_sku").guidance in html


def test_the_button_that_fixes_it_is_the_owners_prefilled_mapping_form(
    signed_in, ops_user, finance_user, sku_ticket, store
):
    html = signed_in(ops_user).get(page_of(sku_ticket)).text

    add = reverse("admin:mappings_itemmapping_add")
    assert f'href="{add}?store={store.pk}&amp;sku=MUG-BLUE"' in html
    assert "Map SKU MUG-BLUE to a NetSuite item" in html
    form = signed_in(ops_user).get(f"{add}?store={store.pk}&sku=MUG-BLUE")
    assert form.context["adminform"].form.initial["sku"] == "MUG-BLUE"


def test_the_jobs_link_only_for_those_who_may_read_the_record_of_work(
    signed_in, ops_user, superuser, sku_ticket, parked_job
):
    job_page = reverse("admin:integrations_syncjob_change", args=[parked_job.pk])

    assert job_page not in signed_in(ops_user).get(page_of(sku_ticket)).text
    assert job_page in signed_in(superuser).get(page_of(sku_ticket)).text


def test_keys_are_technical_details_and_the_raw_body_is_for_integration_admin_only(
    signed_in, ops_user, governance_user, integration_admin_user, sku_ticket, store
):
    ia_ticket = make_ticket(store, ticket_type=TicketType.objects.get(code="job_error"),
                            event=sku_ticket.last_event, title="Unexpected error")
    for user, ticket in ((ops_user, sku_ticket), (governance_user, sku_ticket)):
        html = signed_in(user).get(page_of(ticket)).text
        details = html.split('<details class="cp-technical">', 1)[1]
        assert sku_ticket.fingerprint in details
        assert "order:demo-store.myshopify.com:820982911946154508:1" in details
        assert "leave at the door" not in html  # the order note: raw payload
        assert "Integration admin can read it" in details

    html = signed_in(integration_admin_user).get(page_of(ia_ticket)).text
    assert "leave at the door" in html.split('<details class="cp-technical">', 1)[1]


def test_times_are_in_the_persons_time_zone_and_say_which(signed_in, ops_user, sku_ticket):
    browser = signed_in(ops_user)
    browser.cookies[COOKIE] = "America/New_York"

    html = browser.get(page_of(sku_ticket)).text

    assert "Times in America/New_York" in html
    local = timezone.localtime(sku_ticket.first_seen, timezone=__import__(
        "zoneinfo").ZoneInfo("America/New_York"))
    assert local.tzname() in html.split("What happened", 1)[1].split("</p>", 2)[1]


def test_an_unknown_zone_falls_back_to_the_servers(signed_in, ops_user, sku_ticket):
    browser = signed_in(ops_user)
    browser.cookies[COOKIE] = "Mars/Olympus_Mons"

    assert "Times in UTC" in browser.get(page_of(sku_ticket)).text


def test_the_history_says_who_did_what_and_why(signed_in, cx_user, store):
    ticket = make_ticket(store, ticket_type=TicketType.objects.get(code=HIGH_RISK_ORDER),
                         title="Order #1046 is high risk: held for review.")
    browser = signed_in(cx_user)

    browser.post(reverse("admin:exceptions_exceptionticket_act", args=[ticket.pk, "assign"]),
                 {"_ticket_assignee": "me", "_ticket_note": "calling the customer"})
    html = browser.get(page_of(ticket)).text

    history = html.split("<h2>History</h2>", 1)[1]
    assert "<td>Carlos</td><td>calling the customer</td>" in history
    assert "assigned to Carlos" in html
