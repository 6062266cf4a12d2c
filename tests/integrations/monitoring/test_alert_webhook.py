"""A team's digest is also posted to its incoming webhook (Slack-compatible {"text": ...})."""

import json

import httpx
import pytest
from django.core import mail

from exceptions.catalogue import UNKNOWN_SKU
from exceptions.models import TicketType
from integrations.http import mounted
from integrations.monitoring.alerts import send_due_alerts
from integrations.monitoring.models import AlertDigest
from tests.admin.conftest import make_ticket

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.example.com/services/T000/B000/XXXX"


class IncomingWebhook:
    """An incoming-webhook endpoint: keeps what it was sent, answers `status`."""

    def __init__(self, status=200):
        self.status = status
        self.posts = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.posts.append((request.method, str(request.url), request.headers,
                           json.loads(request.content)))
        return httpx.Response(self.status, text="ok" if self.status == 200 else "no_service")


@pytest.fixture
def ops_hooked(member, settings):
    settings.ALERT_WEBHOOK_URLS = {"ops": HOOK}
    settings.ALERT_EMAILS = {}
    settings.CONTROL_PANEL_URL = "https://control-panel.example.com"
    member("Ops", "ops_olga", "olga@example.com")


@pytest.fixture
def late_tickets(store):
    kind = TicketType.objects.get(code=UNKNOWN_SKU)
    for sku in ("MUG-BLUE", "MUG-RED"):
        make_ticket(store, ticket_type=kind, title=f"Unknown SKU {sku}", due_in_hours=-1)


def test_the_digest_is_posted_as_one_message_to_the_teams_webhook(ops_hooked, late_tickets):
    endpoint = IncomingWebhook()

    with mounted(HOOK, httpx.MockTransport(endpoint)):
        assert send_due_alerts() == 2

    ((method, url, headers, body),) = endpoint.posts
    assert (method, url) == ("POST", HOOK)
    assert headers["content-type"] == "application/json"
    assert list(body) == ["text"]
    assert body["text"].startswith("*Ops / Warehouse*: 2 new alerts")
    assert "Unknown SKU MUG-BLUE" in body["text"] and "Unknown SKU MUG-RED" in body["text"]
    assert "https://control-panel.example.com/admin/exceptions/exceptionticket/" in body["text"]
    assert len(mail.outbox) == 1
    assert AlertDigest.objects.get().webhook_status == "200 OK"


def test_a_failing_webhook_is_noted_and_the_mail_still_goes(ops_hooked, late_tickets, caplog):
    with mounted(HOOK, httpx.MockTransport(IncomingWebhook(status=500))):
        assert send_due_alerts() == 2

    assert len(mail.outbox) == 1
    assert AlertDigest.objects.get().webhook_status.startswith("failed: HTTPStatusError")
    assert "the ops webhook failed" in caplog.text


def test_a_digest_only_a_failing_webhook_could_carry_waits_for_the_next_pass(
    settings, late_tickets
):
    settings.ALERT_WEBHOOK_URLS = {"ops": HOOK}
    settings.ALERT_EMAILS = {}
    endpoint = IncomingWebhook(status=503)

    with mounted(HOOK, httpx.MockTransport(endpoint)):
        assert send_due_alerts() == 0
        assert not AlertDigest.objects.exists()
        endpoint.status = 200
        assert send_due_alerts() == 2

    assert len(endpoint.posts) == 2
    assert AlertDigest.objects.get().webhook_status == "200 OK"


def test_the_webhook_call_has_timeouts(ops_hooked, late_tickets, settings):
    settings.HTTP_TIMEOUT_SECONDS = 3.0
    seen = []

    def slow(request):
        seen.append(request.extensions["timeout"])
        raise httpx.ReadTimeout("timed out", request=request)

    with mounted(HOOK, httpx.MockTransport(slow)):
        assert send_due_alerts() == 2  # the mail went; the webhook's failure is noted

    assert seen == [{"connect": 5.0, "read": 3.0, "write": 3.0, "pool": 3.0}]
    assert AlertDigest.objects.get().webhook_status.startswith("failed: ReadTimeout")
