"""A ticket's page says how the latest earlier tickets of its type on its store were cleared:
the mapping change that cleared them (who, what, when) or the note of who resolved them."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from exceptions.models import ExceptionTicket
from mappings.models import ItemMapping
from tests.admin.conftest import RETRIED_AT, make_ticket

pytestmark = pytest.mark.django_db



def ticket_page(browser, ticket):
    return browser.get(reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk]))


def test_the_page_says_which_mapping_cleared_the_last_ticket_who_made_it_and_when(
    stuck_now, cleared_last_time, ops_user, signed_in
):
    page = ticket_page(signed_in(ops_user), stuck_now)

    assert "Suggested resolution" in page.text
    assert ("Last time: SKU IPOD2008RED was mapped to item 102 by ops_olga on 27 Nov 2026, "
            "14:05 UTC, and the ticket cleared.") in page.text
    assert reverse("admin:exceptions_exceptionticket_change",
                   args=[cleared_last_time.pk]) in page.text


def test_the_time_is_in_the_readers_own_time_zone(stuck_now, ops_user, signed_in):
    olga = signed_in(ops_user)
    olga.cookies["cp_tz"] = "Europe/Berlin"

    page = ticket_page(olga, stuck_now)

    assert "by ops_olga on 27 Nov 2026, 15:05 CET, and the ticket cleared." in page.text


def test_a_note_left_by_whoever_resolved_an_earlier_ticket_is_quoted(
    stuck_now, mapped_store, finance_ops_user, ops_user, signed_in
):
    with time_machine.travel(datetime(2026, 11, 28, 9, 30, tzinfo=UTC), tick=False):
        earlier = make_ticket(mapped_store, title="Unknown SKU GIFT-WRAP")
        signed_in(finance_ops_user).post(
            reverse("admin:exceptions_exceptionticket_act", args=[earlier.pk, "resolve"]),
            {"_ticket_note": "Gift wrap is not sold any more: removed it from the theme"})

    page = ticket_page(signed_in(ops_user), stuck_now)

    assert ("Last time: finops_frank resolved it on 28 Nov 2026, 09:30 UTC, noting “Gift wrap "
            "is not sold any more: removed it from the theme”.") in page.text
    assert "Before that: SKU IPOD2008RED was mapped to item 102 by ops_olga" in page.text


def test_earlier_tickets_of_another_team_are_not_shown(
    stuck_now, cleared_last_time, ops_user, signed_in
):
    ExceptionTicket.objects.filter(pk=cleared_last_time.pk).update(team="finance")

    page = ticket_page(signed_in(ops_user), stuck_now)

    assert "Suggested resolution" not in page.text


def test_a_ticket_with_no_earlier_fix_shows_no_suggestion(ticket, ops_user, signed_in):
    page = ticket_page(signed_in(ops_user), ticket)

    assert page.status_code == 200
    assert "Suggested resolution" not in page.text


def test_the_suggestions_cost_the_same_however_many_tickets_came_before(
    stuck_now, mapped_store, ops_user, signed_in, django_assert_max_num_queries
):
    olga = signed_in(ops_user)
    with django_assert_max_num_queries(500) as first:
        ticket_page(olga, stuck_now)
    for n in range(12):
        make_ticket(mapped_store, title=f"Unknown SKU OLD-{n}",
                    status=ExceptionTicket.Status.RESOLVED, resolved_at=RETRIED_AT)
        ItemMapping.objects.create(store=mapped_store, sku=f"OLD-{n}", netsuite_item_id="5")

    with django_assert_max_num_queries(len(first.captured_queries)):
        page = ticket_page(olga, stuck_now)
    assert page.text.count("ticket cleared") == 3
