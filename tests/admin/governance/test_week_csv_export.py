"""The week's CSV: the page's figures, one per row, with unit, this week, last week and the
difference; a separate address, generated on the server."""

import csv
import io

import pytest
from django.urls import reverse

from tests.admin.governance.conftest import WEEK

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(seeded_weeks, governance_user, signed_in, review_day):
    response = signed_in(governance_user).get(reverse("governance-week-csv", args=[WEEK]))
    assert response.status_code == 200
    return response


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def find(rows, **wanted) -> dict:
    (found,) = [r for r in rows if all(r[k] == v for k, v in wanted.items())]
    return found


def test_it_downloads_as_a_csv_file_named_after_the_week(exported):
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert exported["Content-Disposition"] == f'attachment; filename="governance-review-{WEEK}.csv"'
    header = exported.content.decode().splitlines()[0]
    assert header == ("week,section,team,ticket type,figure,unit,this week,last week,"
                      "difference")


def test_ticket_figures_per_team_and_type_with_last_week_and_the_difference(exported):
    rows = rows_of(exported)
    ops = {"section": "tickets", "team": "Ops / Warehouse", "ticket type": "Unknown SKU"}

    opened = find(rows, **ops, figure="Opened")
    assert (opened["unit"], opened["this week"], opened["last week"], opened["difference"]) == (
        "tickets", "4", "1", "3")
    assert find(rows, **ops, figure="Breached window")["this week"] == "4"
    assert find(rows, **ops, figure="Cleared within window")["this week"] == "33.3"
    mean = find(rows, **ops, figure="Mean time to clear")
    assert (mean["unit"], mean["this week"], mean["last week"]) == ("hours", "64.7", "")
    assert find(rows, **ops, figure="p90 time to clear")["this week"] == "144.0"
    total = find(rows, section="tickets", team="All teams", figure="Cleared")
    assert (total["this week"], total["last week"], total["difference"]) == ("4", "1", "3")
    assert all(r["week"] == WEEK for r in rows)


def test_aging_days_fingerprints_changes_and_incidents(exported, store):
    rows = rows_of(exported)

    aged = find(rows, section="open at week's end, by age", team="Ops / Warehouse",
                **{"ticket type": "All types"}, figure="3\u20137 d")
    assert (aged["this week"], aged["last week"]) == ("1", "1")
    thursday = find(rows, section="per day", figure="2026-11-26 cleared")
    assert (thursday["this week"], thursday["last week"]) == ("2", "0")
    blue = find(rows, section="recurring fingerprints", figure=f"unknown_sku:{store.pk}:MUG-BLUE")
    assert (blue["unit"], blue["this week"], blue["last week"]) == ("occurrences", "3", "0")
    incidents = find(rows, section="connection incidents")
    assert (incidents["unit"], incidents["this week"], incidents["last week"],
            incidents["difference"]) == ("incidents", "1", "0", "1")
    assert find(rows, section="changes", figure="mapping and routing changes")["this week"] == "0"


def test_the_csv_and_the_page_show_the_same_figures(exported, governance_user, signed_in):
    page = signed_in(governance_user).get(reverse("governance-week", args=[WEEK]))
    rows = rows_of(exported)

    for figure_row in page.context["report"].rows:
        exported_row = find(rows, section="tickets", team=figure_row.team,
                            **{"ticket type": figure_row.ticket_type}, figure="Open at week's end")
        assert exported_row["this week"] == str(figure_row.this.open_at_end)
