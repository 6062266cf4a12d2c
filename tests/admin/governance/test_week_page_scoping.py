"""Who opens the review and what it links to: ticket figures for every team (they are not
personal data), links only to tickets the viewer may open (exceptions.access)."""

import pytest
from django.urls import reverse

from tests.admin.governance.conftest import WEEK

pytestmark = pytest.mark.django_db

WEEK_URL = reverse("governance-week", args=[WEEK])


def ticket_url(ticket):
    return reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk])


def test_finance_sees_every_teams_figures_but_links_only_to_finance_tickets(
    seeded_weeks, finance_user, signed_in, review_day
):
    fiona = signed_in(finance_user)
    response = fiona.get(WEEK_URL)
    report, html = response.context["report"], response.content.decode()

    assert report.total.this.opened == 6
    assert {r.team for r in report.rows} >= {"Finance", "Ops / Warehouse", "Integration admin"}
    linked = {r.ticket_type: r.tickets_url for r in report.rows if r.level == "type"}
    assert linked["Unmapped tax"] is not None
    assert linked["Unknown SKU"] is None
    by_fingerprint = {r.fingerprint.split(":")[0]: r for r in report.recurring}
    assert by_fingerprint["unmapped_tax"].ticket_url == ticket_url(seeded_weeks["county"])
    assert by_fingerprint["unknown_sku"].ticket_url is None
    assert by_fingerprint["unknown_sku"].ticket_title is None
    assert ticket_url(seeded_weeks["blue_again"]) not in html
    assert "unknown sku MUG-BLUE" not in html  # another team's ticket title
    (incident,) = report.incidents
    assert incident.ticket_url is None and incident.connection_url is None
    assert fiona.get(ticket_url(seeded_weeks["blue_again"])).status_code == 404


def test_governance_links_to_every_ticket_and_connection(seeded_weeks, governance_user,
                                                         netsuite_account, signed_in,
                                                         review_day):
    report = signed_in(governance_user).get(WEEK_URL).context["report"]

    assert all(r.ticket_url for r in report.recurring)
    (incident,) = report.incidents
    assert incident.connection_url == reverse("admin:integrations_connection_change",
                                              args=[netsuite_account.pk])


def test_the_review_is_linked_from_the_admin_for_those_who_may_open_it(
    governance_user, cx_user, signed_in
):
    page = signed_in(cx_user).get(reverse("admin:index")).content.decode()

    assert f'<a href="{reverse("governance")}">Governance review</a>' in page
    assert signed_in(governance_user).get(reverse("governance")).status_code == 302


def test_signed_out_visitors_are_sent_to_the_login_page(client, review_day):
    for url in (WEEK_URL, reverse("governance-week-csv", args=[WEEK]), reverse("governance")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert client.post(reverse("governance-sign-off", args=[WEEK])).status_code == 302


def test_staff_outside_every_team_may_not_open_it(django_user_model, signed_in, review_day):
    nobody = django_user_model.objects.create_user("temp_tom", is_staff=True)
    browser = signed_in(nobody)

    assert browser.get(WEEK_URL).status_code == 403
    assert browser.get(reverse("governance-week-csv", args=[WEEK])).status_code == 403
    page = browser.get(reverse("admin:index")).content.decode()
    assert "Governance review" not in page
