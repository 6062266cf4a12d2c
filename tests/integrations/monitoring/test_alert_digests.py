"""Alerts reach the owning team: one digest per team per interval holding all its new
alerts, nothing sent twice, sent again once an alert cleared and came back."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from exceptions.catalogue import CONNECTION_AUTH, UNKNOWN_SKU, UNMAPPED_TAX
from exceptions.models import ExceptionTicket, TicketType
from integrations.monitoring.alerts import send_due_alerts
from integrations.monitoring.models import AlertDigest, AlertSent
from tests.admin.conftest import make_ticket

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def teams(member, settings):
    settings.ALERT_DIGEST_INTERVAL = timedelta(minutes=15)
    settings.ALERT_EMAILS = {"ops": ["warehouse-lead@example.com"], "finance": [],
                             "cx": [], "integration_admin": ["oncall@example.com"]}
    settings.ALERT_WEBHOOK_URLS = {}
    settings.CONTROL_PANEL_URL = "https://control-panel.example.com"
    member("Ops", "ops_olga", "olga@example.com")
    member("Ops", "ops_oscar", "Oscar@Example.com")
    member("Ops", "ops_otto")  # no email: nothing to send to
    member("Finance", "finance_fiona", "fiona@example.com")


def ticket(store, code, title, **kwargs):
    return make_ticket(store, ticket_type=TicketType.objects.get(code=code), title=title,
                       **kwargs)


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_one_digest_per_team_with_all_its_alerts(clock, store, teams):
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-BLUE", due_in_hours=-1)
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-RED", due_in_hours=-3)
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-TEAL", due_in_hours=2)  # within its window
    ticket(store, UNMAPPED_TAX, "Unmapped tax City Tax", due_in_hours=-1)
    ticket(store, CONNECTION_AUTH, "NetSuite sandbox: credentials rejected", due_in_hours=1)

    sent = send_due_alerts()

    assert sent == 4
    assert len(mail.outbox) == 3  # Ops, Finance, Integration admin
    (ops,) = mails_to("olga@example.com")
    assert ops.to == ["olga@example.com", "oscar@example.com", "warehouse-lead@example.com"]
    assert ops.subject == "[Shopify ⇄ NetSuite control panel] Ops / Warehouse: 2 new alerts"
    assert "Unknown SKU MUG-BLUE" in ops.body and "Unknown SKU MUG-RED" in ops.body
    assert "MUG-TEAL" not in ops.body and "City Tax" not in ops.body
    assert "due Nov. 27, 2026, 8 a.m. UTC (1 hour ago)" in ops.body
    assert "https://control-panel.example.com/admin/exceptions/exceptionticket/" in ops.body
    (finance,) = mails_to("fiona@example.com")
    assert finance.to == ["fiona@example.com"]
    assert "Unmapped tax City Tax" in finance.body and "MUG" not in finance.body
    (admin,) = mails_to("oncall@example.com")
    assert "Critical: NetSuite sandbox: credentials rejected" in admin.body
    digest = AlertDigest.objects.get(team="ops")
    assert digest.recipients.split() == ops.to
    assert set(digest.alerts.values_list("summary", flat=True)) == {
        line.strip()[2:] for line in ops.body.splitlines() if line.startswith("  - ")}


def test_an_alert_sent_is_not_sent_again_while_it_stands(clock, store, teams):
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-BLUE", due_in_hours=-1)
    send_due_alerts()

    clock.shift(timedelta(minutes=1))
    assert send_due_alerts() == 0
    clock.shift(timedelta(hours=6))
    assert send_due_alerts() == 0

    assert len(mail.outbox) == 1
    alert = AlertSent.objects.get()
    assert (alert.times_sent, alert.cleared_at) == (1, None)


def test_new_alerts_wait_for_the_next_digest_of_their_team(clock, store, teams):
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-BLUE", due_in_hours=-1)
    send_due_alerts()

    clock.shift(timedelta(minutes=5))
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-RED", due_in_hours=-1)
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-GOLD", due_in_hours=-1)
    assert send_due_alerts() == 0  # Ops heard from us five minutes ago
    ticket(store, UNMAPPED_TAX, "Unmapped tax City Tax", due_in_hours=-1)
    assert send_due_alerts() == 1  # Finance did not: its digest goes now
    clock.shift(timedelta(minutes=10, seconds=1))

    assert send_due_alerts() == 2

    ops = mails_to("olga@example.com")
    assert len(ops) == 2
    assert "MUG-RED" in ops[1].body and "MUG-GOLD" in ops[1].body
    assert "MUG-BLUE" not in ops[1].body
    assert "Still standing from earlier digests: 1." in ops[1].body


def test_an_alert_is_sent_again_after_it_cleared_and_came_back(clock, store, teams):
    late = ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-BLUE", due_in_hours=-1)
    send_due_alerts()

    clock.shift(timedelta(minutes=20))
    late.status = ExceptionTicket.Status.RESOLVED
    late.save()
    send_due_alerts()
    alert = AlertSent.objects.get()
    assert alert.cleared_at == timezone.now()

    clock.shift(timedelta(minutes=20))
    late.status = ExceptionTicket.Status.OPEN  # reopened, still past its window
    late.save()
    assert send_due_alerts() == 1

    assert len(mails_to("olga@example.com")) == 2
    alert.refresh_from_db()
    assert (alert.times_sent, alert.cleared_at) == (2, None)
    assert alert.first_sent_at == START
    assert alert.last_sent_at == START + timedelta(minutes=40)


def test_a_snoozed_ticket_is_not_chased(clock, store, teams):
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-BLUE", due_in_hours=-1,
           status=ExceptionTicket.Status.SNOOZED)

    assert send_due_alerts() == 0
    assert mail.outbox == []


def test_a_team_nobody_can_be_told_is_recorded_and_logged(clock, store, teams, settings,
                                                          caplog):
    settings.ALERT_EMAILS = {**settings.ALERT_EMAILS, "integration_admin": []}
    ticket(store, CONNECTION_AUTH, "NetSuite sandbox: credentials rejected")

    assert send_due_alerts() == 1

    assert mail.outbox == []
    digest = AlertDigest.objects.get()
    assert digest.recipients == ""
    assert "nobody to tell" in digest.delivery_note
    assert "ALERT_EMAILS_INTEGRATION_ADMIN is empty" in digest.delivery_note
    assert "nobody to tell" in caplog.text


def test_a_digest_whose_mail_fails_is_tried_again_on_the_next_pass(clock, store, teams,
                                                                    settings, caplog):
    ticket(store, UNKNOWN_SKU, "Unknown SKU MUG-BLUE", due_in_hours=-1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2

    assert send_due_alerts() == 0
    assert not AlertDigest.objects.exists()
    assert "mailing the ops digest failed" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.shift(timedelta(minutes=1))
    assert send_due_alerts() == 1
    assert len(mail.outbox) == 1
