"""The review's pages read a fixed number of queries, whatever the number of tickets (20 or
500), changes and follow-ups."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from exceptions.catalogue import CONNECTION_AUTH, UNKNOWN_SKU, UNMAPPED_TAX
from exceptions.governance.models import FollowUp, GovernanceReview
from exceptions.models import ExceptionTicket, Team, TicketType
from mappings.models import ItemMapping
from tests.admin.governance.conftest import REVIEW_DAY, WEEK, nov, travel

pytestmark = pytest.mark.django_db

# The most queries each page may make (session, user and groups included).
WEEK_PAGE = 35
WEEK_CSV = 33
TICKET_QUEUE = 13
FOLLOW_UP_LIST = 6
REVIEW_FORM = 6


def busy_weeks(store, tickets: int) -> None:
    """`tickets` tickets over the two weeks (some cleared, some connection incidents), as many
    item mapping changes, and a review per week with a follow-up per team, twice over."""
    types = list(TicketType.objects.filter(code__in=[UNKNOWN_SKU, UNMAPPED_TAX,
                                                     CONNECTION_AUTH]))
    for day in range(14):
        opened = nov(16 + day, 9)
        batch = [
            ExceptionTicket(
                ticket_type=(kind := types[n % len(types)]), team=kind.team,
                severity=kind.severity, fingerprint=f"{kind.code}:{store.pk}:{day}-{n}",
                title=f"case {day}-{n}", store=store, first_seen=opened, last_seen=opened,
                due_at=opened + kind.response_window,
                **({"status": "resolved", "resolved_at": opened + timedelta(hours=n % 50)}
                   if n % 3 else {}),
            )
            for n in range(day, tickets, 14)
        ]
        bulk_create_with_history(batch, ExceptionTicket, default_date=opened)
        items = [ItemMapping(store=store, sku=f"SKU-{day}-{n}", netsuite_item_id=str(n))
                 for n in range(day, tickets, 14)]
        bulk_create_with_history(items, ItemMapping, default_date=opened)
    for monday in (date(2026, 11, 16), date(2026, 11, 23)):
        review = GovernanceReview.objects.create(week_start=monday, attendees="Greta")
        FollowUp.objects.bulk_create(
            FollowUp(review=review, team=team, action=f"{team.label} {n}",
                     due_on=monday + timedelta(days=10))
            for team in Team for n in range(max(tickets // 100, 1)))


@pytest.fixture
def every_record_changed(request, store):
    """A row of every audited model (each mapping, a ticket type, a connection) changed this
    week: the most queries the changes can take."""
    with travel(nov(25, 12)):
        request.getfixturevalue("mappings")
        TicketType.objects.get(code=UNKNOWN_SKU).save()
        store.save()


def queries_of(browser, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("tickets", [20, 500])
def test_the_week_page_and_its_csv(store, every_record_changed, governance_user, signed_in,
                                   tickets, django_assert_max_num_queries):
    busy_weeks(store, tickets)
    assert ExceptionTicket.objects.count() == tickets
    with travel(REVIEW_DAY):
        browser = signed_in(governance_user)
        with django_assert_max_num_queries(WEEK_PAGE):
            page = browser.get(reverse("governance-week", args=[WEEK]))
        with django_assert_max_num_queries(WEEK_CSV):
            browser.get(reverse("governance-week-csv", args=[WEEK]))
    report = page.context["report"]
    assert report.total.this.opened + report.total.last.opened == tickets
    assert report.changes.count + report.changes.last_week_count == tickets + 10
    assert len(report.changes.this_week) == min(report.changes.count, 100)


@pytest.mark.parametrize("tickets", [20, 500])
def test_the_pages_with_follow_ups(store, finance_user, governance_user, signed_in, tickets,
                                   django_assert_max_num_queries):
    busy_weeks(store, tickets)
    fiona, greta = signed_in(finance_user), signed_in(governance_user)
    review = GovernanceReview.objects.get(week_start=date(2026, 11, 23))
    with travel(REVIEW_DAY):
        with django_assert_max_num_queries(TICKET_QUEUE):
            queue = fiona.get(reverse("admin:exceptions_exceptionticket_changelist"))
        with django_assert_max_num_queries(FOLLOW_UP_LIST):
            fiona.get(reverse("admin:exceptions_followup_changelist"))
        with django_assert_max_num_queries(REVIEW_FORM):
            greta.get(reverse("admin:exceptions_governancereview_change", args=[review.pk]))
    assert queue.content.decode().count("gv-done-form") == 2 * max(tickets // 100, 1)


def test_the_counts_above_are_what_the_pages_make(store, every_record_changed, governance_user,
                                                  signed_in):
    """Keeps the ceilings honest: a page that needs fewer queries lowers its number here."""
    busy_weeks(store, 20)
    with travel(REVIEW_DAY):
        browser = signed_in(governance_user)
        assert queries_of(browser, reverse("governance-week", args=[WEEK])) == WEEK_PAGE
        assert queries_of(browser, reverse("governance-week-csv", args=[WEEK])) == WEEK_CSV
