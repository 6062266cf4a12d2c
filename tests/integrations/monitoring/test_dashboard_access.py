"""Every team reads the dashboard; each sees its own tickets and alerts, links only to lists
it may open, and raw figures only if it reads raw payloads (exceptions.access)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from exceptions import access
from exceptions.catalogue import CONNECTION_AUTH, HIGH_RISK_ORDER, UNKNOWN_SKU, UNMAPPED_TAX
from exceptions.models import TicketType
from integrations.monitoring.models import AlertDigest, AlertSent
from tests.admin.conftest import PERSONAS, make_ticket

from .conftest import minutes, seconds, seed_synced

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/dashboard/"


@pytest.fixture
def tickets(store):
    """Per team: Ops two (one overdue), Finance one, CX one, Integration admin one critical."""
    def ticket(code, title, **kwargs):
        return make_ticket(store, ticket_type=TicketType.objects.get(code=code), title=title,
                           **kwargs)

    return [
        ticket(UNKNOWN_SKU, "Unknown SKU MUG-BLUE", due_in_hours=-2),
        ticket(UNKNOWN_SKU, "Unknown SKU MUG-RED"),
        ticket(UNMAPPED_TAX, "Unmapped tax City Tax"),
        ticket(HIGH_RISK_ORDER, "High-risk order #1009"),
        ticket(CONNECTION_AUTH, "Demo store: credentials rejected"),
    ]


@pytest.fixture
def jobs(store):
    now = timezone.now()
    seed_synced(store, now, [(seconds(10), minutes(5))])
    seed_synced(store, now, [(seconds(10), minutes(5))], status="failed")


def board_of(signed_in, user):
    response = signed_in(user).get(DASHBOARD)
    assert response.status_code == 200
    return response, response.context["board"]


def test_every_team_reads_the_dashboard(personas, signed_in):
    for name in PERSONAS:
        assert signed_in(personas[name]).get(DASHBOARD).status_code == 200, name


def test_staff_outside_every_team_are_refused_and_strangers_sent_to_sign_in(
    django_user_model, signed_in, client
):
    nobody = django_user_model.objects.create_user("temp_tom", is_staff=True)

    assert signed_in(nobody).get(DASHBOARD).status_code == 403
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_each_team_counts_only_its_own_tickets(tickets, personas, signed_in):
    seen = {name: [[c.text for c in row] for row in board_of(signed_in, personas[name])[1]
                   .tickets] for name in PERSONAS}

    assert seen["ops_user"] == [["Ops / Warehouse", "2", "1", "0", "0"]]
    assert seen["finance_user"] == [["Finance", "1", "0", "0", "0"]]
    assert seen["cx_user"] == [["CX", "1", "0", "0", "0"]]
    assert seen["integration_admin_user"] == [["Integration admin", "1", "0", "1", "0"]]
    assert [row[0] for row in seen["finance_ops_user"]] == ["Finance", "Ops / Warehouse"]
    assert len(seen["governance_user"]) == len(seen["superuser"]) == 4


def test_ticket_figures_open_the_tickets_behind_them(tickets, ops_user, signed_in):
    browser = signed_in(ops_user)
    (row,) = browser.get(DASHBOARD).context["board"].tickets

    overdue = browser.get(row[2].url)

    assert [t.title for t in overdue.context["cl"].result_list] == ["Unknown SKU MUG-BLUE"]
    assert browser.get(row[1].url).context["cl"].result_count == 2


def test_the_critical_figure_opens_the_critical_tickets(tickets, integration_admin_user,
                                                        signed_in):
    browser = signed_in(integration_admin_user)
    (row,) = browser.get(DASHBOARD).context["board"].tickets

    critical = browser.get(row[3].url)

    assert [t.title for t in critical.context["cl"].result_list] == [
        "Demo store: credentials rejected"]


def test_figures_link_only_to_lists_the_person_may_open(jobs, store, personas, signed_in):
    for name in PERSONAS:
        user = personas[name]
        _, board = board_of(signed_in, user)
        (row,) = board.flows
        failed = row.windows["Last hour"][1]
        assert failed.text == "1"
        assert bool(failed.url) == access.can_view_model(user, "integrations.syncjob"), name
        shop = next(r for r in board.connections if r[0].text == store.name)
        assert bool(shop[0].url) == access.can_view_model(user, "integrations.connection"), name
        if failed.url:
            assert signed_in(user).get(failed.url).status_code == 200


def test_raw_figures_only_for_those_who_read_raw_payloads(jobs, personas, signed_in):
    for name in PERSONAS:
        user = personas[name]
        response, board = board_of(signed_in, user)
        shown = "Technical details" in response.text
        assert shown == access.sees_raw_payloads(user), name
        assert bool(board.technical) == shown


def test_each_team_sees_its_own_standing_alerts(ops_user, integration_admin_user, signed_in):
    now = timezone.now()
    for team, summary in [("ops", "Past its response window: Unknown SKU MUG-BLUE"),
                          ("integration_admin", "Silent store: Demo store")]:
        digest = AlertDigest.objects.create(team=team, sent_at=now, subject="s", body="b")
        AlertSent.objects.create(team=team, kind="overdue_ticket", subject_key=f"{team}-1",
                                 summary=summary, first_sent_at=now, last_sent_at=now,
                                 digest=digest)
    AlertSent.objects.filter(team="ops").update(last_sent_at=now - timedelta(minutes=5))

    ops_response, ops_board = board_of(signed_in, ops_user)
    _, admin_board = board_of(signed_in, integration_admin_user)

    assert [row[2].text for row in ops_board.alerts] == [
        "Past its response window: Unknown SKU MUG-BLUE"]
    assert "Silent store" not in ops_response.text
    assert [row[2].text for row in admin_board.alerts] == ["Silent store: Demo store"]
