"""The sweeper sends the alerts that are due on every pass, and never fails because an
alert could not be sent."""

import io
from datetime import timedelta

import httpx
import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from exceptions.catalogue import UNKNOWN_SKU
from exceptions.models import TicketType
from integrations.http import mounted
from integrations.models import SyncJob
from integrations.monitoring.models import AlertDigest, AlertSent
from tests.admin.conftest import make_ticket
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.example.com/services/T000/B000/OPS"


@pytest.fixture
def ops(member, settings):
    settings.ALERT_EMAILS = {}
    settings.ALERT_WEBHOOK_URLS = {}
    member("Ops", "ops_olga", "olga@example.com")


@pytest.fixture
def late_ticket(store):
    return make_ticket(store, ticket_type=TicketType.objects.get(code=UNKNOWN_SKU),
                       title="Unknown SKU MUG-BLUE", due_in_hours=-1)


def sweep() -> str:
    out = io.StringIO()
    call_command("sweep", stdout=out)
    return out.getvalue()


def test_each_pass_sends_what_is_due_once(ops, late_ticket):
    assert "1 alert(s) sent" in sweep()
    assert "0 alert(s) sent" in sweep()

    assert len(mail.outbox) == 1
    assert AlertSent.objects.get().summary.startswith(
        "Past its response window: Unknown SKU MUG-BLUE")


def test_a_pass_that_cannot_mail_still_does_its_work_and_the_next_one_sends(
    ops, late_ticket, mapped_store, sandboxes, webhooks, settings, caplog
):
    webhooks.send("orders/create", load_fixture("shopify_order_discount_tax_partial_refund.json"),
                  run=False)  # a job whose enqueue was lost, for the sweeper to re-queue
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2

    with time_machine.travel(timezone.now() + settings.SWEEPER_STALE_AFTER + timedelta(1)):
        report = webhooks.queue.sweep()

    assert report.jobs_requeued == 1
    assert SyncJob.objects.get(flow="orders").status == SyncJob.Status.SUCCEEDED
    assert report.alerts_sent == 0
    assert "mailing the ops digest failed" in caplog.text
    assert not AlertDigest.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "1 alert(s) sent" in sweep()
    assert len(mail.outbox) == 1


def test_a_pass_survives_alerting_that_breaks(ops, late_ticket, settings, caplog):
    settings.SILENT_STORE_HISTORY = "four weeks"  # a misconfiguration the checks missed

    assert "0 alert(s) sent" in sweep()

    assert "alerts could not be checked or sent" in caplog.text
    assert mail.outbox == []


def test_a_pass_posts_to_the_teams_webhook(ops, late_ticket, settings):
    settings.ALERT_WEBHOOK_URLS = {"ops": HOOK}
    posted = []

    def endpoint(request):
        posted.append(request.content)
        return httpx.Response(200, text="ok")

    with mounted(HOOK, httpx.MockTransport(endpoint)):
        assert "1 alert(s) sent" in sweep()

    assert len(posted) == 1 and b"Unknown SKU MUG-BLUE" in posted[0]
