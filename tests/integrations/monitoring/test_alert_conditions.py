"""What raises an alert, end to end: rejected credentials, a backed-up queue, a silent store;
and how each clears."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from integrations.models import SyncJob
from integrations.monitoring.alerts import send_due_alerts
from integrations.monitoring.models import AlertSent
from tests.conftest import load_fixture

from .conftest import seed_weeks_of_traffic

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"
BLACK_FRIDAY_AFTERNOON = datetime(2026, 11, 27, 15, 2, tzinfo=UTC)


@pytest.fixture
def on_call(member, settings):
    settings.ALERT_EMAILS = {}
    settings.ALERT_WEBHOOK_URLS = {}
    member("Integration admin", "integration_ada", "ada@example.com")


def only_mail():
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    return message


def test_rejected_credentials_alert_integration_admin_at_once(
    mapped_store, sandboxes, webhooks, on_call
):
    netsuite, _ = sandboxes
    netsuite.configure(token_revoked=True)

    webhooks.send("orders/create", load_fixture(ORDER))
    call_command("sweep", stdout=io.StringIO())

    message = only_mail()
    assert "Critical ticket open (1)" in message.body
    assert "Critical: NetSuite account NetSuite sandbox: credentials rejected" in message.body
    assert AlertSent.objects.get().kind == "critical_ticket"


def test_a_backed_up_queue_alerts_until_its_jobs_run(store, webhooks, on_call, settings):
    settings.QUEUE_DEPTH_ALERT = 3
    for n in range(3):
        order = load_fixture(ORDER)
        order["id"] = 9000 + n
        webhooks.send("orders/create", order, run=False)  # accepted, not yet run

    assert send_due_alerts() == 1

    message = only_mail()
    assert "Sync queue backed up: 3 job(s) waiting for a worker" in message.body
    SyncJob.objects.update(status=SyncJob.Status.SUCCEEDED)
    send_due_alerts()
    assert AlertSent.objects.get(subject_key="queue-sync").cleared_at is not None


def test_a_job_waiting_too_long_is_a_backlog_too(store, webhooks, on_call, settings):
    settings.QUEUE_WAIT_ALERT = timedelta(minutes=15)
    webhooks.send("orders/create", load_fixture(ORDER), run=False)

    with time_machine.travel(SyncJob.objects.get().enqueued_at + timedelta(minutes=14)):
        assert send_due_alerts() == 0
    with time_machine.travel(SyncJob.objects.get().enqueued_at + timedelta(minutes=16)):
        assert send_due_alerts() == 1

    assert "the oldest for 16 minutes" in only_mail().body


def busy_week(hour: datetime) -> int:
    if hour.weekday() == 4 and 13 <= hour.hour < 18:
        return 30  # Friday afternoons
    return 6 if 8 <= hour.hour < 22 else 0


def test_a_silent_store_alerts_integration_admin_and_clears_with_the_next_webhook(
    mapped_store, sandboxes, webhooks, on_call, settings
):
    settings.SILENT_STORE_FLOOR = timedelta(minutes=30)
    seed_weeks_of_traffic(mapped_store, BLACK_FRIDAY_AFTERNOON, busy_week)
    with time_machine.travel(BLACK_FRIDAY_AFTERNOON, tick=False) as clock:
        webhooks.send("orders/create", load_fixture(ORDER))

        clock.shift(timedelta(minutes=25))
        assert send_due_alerts() == 0  # under the floor
        clock.shift(timedelta(minutes=10))
        assert send_due_alerts() == 1

        message = only_mail()
        assert "Silent store (1)" in message.body
        assert ("Silent store: Demo store has had no webhook for 35 minutes (last at Nov. 27, "
                "2026, 3:02 p.m. UTC)") in message.body
        assert "would typically have had 18 by now (alert after 30 minutes)" in message.body

        clock.shift(timedelta(minutes=5))
        order = load_fixture(ORDER)
        order["id"] = 9100
        webhooks.send("orders/create", order)
        send_due_alerts()

    alert = AlertSent.objects.get(kind="silent_store")
    assert alert.cleared_at == BLACK_FRIDAY_AFTERNOON + timedelta(minutes=40)


def test_a_quiet_sunday_night_raises_nothing(mapped_store, sandboxes, webhooks, on_call):
    sunday_night = datetime(2026, 11, 29, 1, 30, tzinfo=UTC)
    seed_weeks_of_traffic(mapped_store, sunday_night, busy_week)
    with time_machine.travel(sunday_night, tick=False) as clock:
        webhooks.send("orders/create", load_fixture(ORDER))
        clock.shift(timedelta(hours=5))

        assert send_due_alerts() == 0

    assert mail.outbox == []
