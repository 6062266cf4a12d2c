"""Governance opens 2026-W48 and reads the figures of the seeded tickets, each beside W47's."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.admin.governance.conftest import LAST_WEEK, WEEK

pytestmark = pytest.mark.django_db


def row(report, team, ticket_type):
    return next(r for r in report.rows if r.team == team and r.ticket_type == ticket_type)


def cells(figure_row) -> dict:
    return {c.label: c for c in [*figure_row.ticket_cells, *figure_row.aging_cells]}


@pytest.fixture
def page(seeded_weeks, governance_user, signed_in, review_day):
    response = signed_in(governance_user).get(reverse("governance-week", args=[WEEK]))
    assert response.status_code == 200
    return response


def test_ops_unknown_skus_opened_cleared_open_and_breached(page):
    ops = row(page.context["report"], "Ops / Warehouse", "Unknown SKU")

    # Opened: blue, red, green, blue again (reopened). Cleared: blue (2 h), red (2 days, late)
    # and grey (opened last week, 6 days, late). Open at the end: green and blue again, late.
    assert (ops.this.opened, ops.this.cleared, ops.this.open_at_end) == (4, 3, 2)
    assert ops.this.reopened == 1  # MUG-BLUE came back on Saturday: its ticket reopened
    assert ops.this.breached == 4
    assert ops.this.mean_to_clear == (timedelta(hours=2) + timedelta(days=2)
                                      + timedelta(days=6)) / 3
    assert ops.this.p90_to_clear == timedelta(days=6)
    # Last week: grey opened and still open past its window at the end.
    assert (ops.last.opened, ops.last.cleared, ops.last.open_at_end, ops.last.breached) == (
        1, 0, 1, 1)


def test_each_figure_is_written_beside_last_weeks_with_the_difference(page):
    shown = cells(row(page.context["report"], "Ops / Warehouse", "Unknown SKU"))

    assert (shown["Opened"].value, shown["Opened"].last, shown["Opened"].delta) == (
        "4", "1", "+3")
    assert shown["Cleared within window"].value == "33%"
    assert shown["Mean time to clear"].value == "2 days 16 hours"
    assert shown["p90 time to clear"].value == "6 days"
    # What is open at the end, by age: green 4 days 16 hours, blue again 1 day 14 hours.
    assert [shown[b].value for b in ("0\u20131 d", "1\u20133 d", "3\u20137 d", "older")] == [
        "0", "1", "1", "0"]
    html = page.content.decode()
    assert "2 days 16 hours" in html
    assert ('4<span class="gv-last">last week 1</span><span class="gv-last">+3</span>'
            in html)


def test_finance_and_integration_admin_and_the_totals(page):
    report = page.context["report"]
    tax = row(report, "Finance", "Unmapped tax")
    auth = row(report, "Integration admin", "Connection credentials rejected")
    total = report.total

    assert (tax.this.opened, tax.this.open_at_end, tax.this.breached) == (1, 1, 0)
    assert tax.this.aging[0] == 1  # four hours old at the end, within its 8-hour window
    assert tax.last.mean_to_clear == timedelta(hours=4)
    assert (auth.this.opened, auth.this.cleared, auth.this.breached) == (1, 1, 1)
    assert auth.this.mean_to_clear == timedelta(hours=3)
    assert (total.this.opened, total.this.cleared, total.this.open_at_end) == (6, 4, 3)
    assert (total.last.opened, total.last.cleared, total.last.open_at_end) == (2, 1, 1)
    assert row(report, "CX", "All types").this.is_empty


def test_opened_and_cleared_per_day_in_the_chart_and_its_table(page):
    report = page.context["report"]

    assert [(d.opened, d.cleared) for d in report.days] == [
        (1, 1), (1, 1), (1, 0), (1, 2), (0, 0), (1, 0), (1, 0)]
    assert [(d.last_opened, d.last_cleared) for d in report.days] == [
        (0, 0), (0, 0), (1, 0), (0, 0), (1, 1), (0, 0), (0, 0)]
    html = page.content.decode()
    assert '<svg class="gv-chart"' in html and 'role="img"' in html
    assert "<title id=\"gv-chart-title\">Tickets opened and cleared per day, 2026-W48</title>" \
        in html
    assert "Thursday 26 Nov: 1 opened, 2 cleared" in html


def test_top_recurring_fingerprints_count_this_weeks_occurrences(page, seeded_weeks, store):
    recurring = page.context["report"].recurring

    top = [(r.fingerprint, r.this_week, r.last_week) for r in recurring[:2]]
    # MUG-BLUE: twice on its first ticket, once on the ticket that came back on Saturday.
    assert top == [(f"unknown_sku:{store.pk}:MUG-BLUE", 3, 0),
                   (f"unknown_sku:{store.pk}:MUG-GREEN", 3, 0)]
    assert recurring[0].ticket_url == reverse("admin:exceptions_exceptionticket_change",
                                              args=[seeded_weeks["blue_again"].pk])
    assert f"unknown_sku:{store.pk}:MUG-GREY" not in {r.fingerprint for r in recurring}


def test_connection_incidents_say_which_connection_and_how_long(page, netsuite_account):
    (incident,) = page.context["report"].incidents

    assert incident.connection == netsuite_account.name
    assert incident.what == "Connection credentials rejected"
    assert incident.lasted_words == "3 hours"
    assert page.context["report"].incidents_last_week == 0
    assert "26 Nov 2026, 10:00 UTC" in page.content.decode()


def test_previous_and_next_weeks_and_the_picker(page, governance_user, signed_in):
    html = page.content.decode()
    browser = signed_in(governance_user)

    assert f'href="{reverse("governance-week", args=[LAST_WEEK])}"' in html
    assert f'href="{reverse("governance-week", args=["2026-W49"])}"' in html
    assert 'type="week"' in html
    picked = browser.get(reverse("governance"), {"week": "2026-W40"})
    assert picked["Location"] == reverse("governance-week", args=["2026-W40"])
    assert browser.get(reverse("governance"))["Location"] == reverse("governance-week",
                                                                     args=[WEEK])


def test_a_week_that_has_not_started_is_not_there(governance_user, signed_in, review_day):
    browser = signed_in(governance_user)

    assert browser.get(reverse("governance-week", args=["2026-W50"])).status_code == 404
    assert browser.get(reverse("governance-week", args=["2026-W60"])).status_code == 404
    chosen = browser.get(reverse("governance"), {"week": "2027-W02"})
    assert chosen["Location"] == reverse("governance-week", args=["2026-W49"])


def test_the_week_and_its_times_follow_the_viewers_time_zone(
    seeded_weeks, governance_user, signed_in, review_day, settings
):
    settings.TIME_ZONE = "Europe/Paris"

    response = signed_in(governance_user).get(reverse("governance-week", args=[WEEK]))

    html = response.content.decode()
    assert "Monday 23 Nov 2026, 00:00 CET" in html
    assert "26 Nov 2026, 11:00 CET" in html  # the pause, at 10:00 UTC
    # Sunday 29 Nov 20:00 UTC is 21:00 in Paris: still in the week.
    assert response.context["report"].days[6].opened == 1
