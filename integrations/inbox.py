"""The durable webhook inbox: store the delivery, create its job, enqueue after commit.

The view verifies the signature first; everything here runs only for authentic deliveries.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .errors import IntegrationError
from .flows import TOPIC_FLOWS, flow_for
from .models import Connection, SyncJob, WebhookEvent
from .queue import enqueue_job
from .shopify.webhooks import kept_headers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Receipt:
    status_code: int
    detail: str
    event: WebhookEvent | None = None


def valid_webhook_secrets(store: Connection) -> list[str]:
    """The current secret, and the previous one while its grace period lasts."""
    creds = store.credentials
    secrets = [creds.get("webhook_secret", "")]
    until = store.previous_webhook_secret_valid_until
    if creds.get("previous_webhook_secret") and until and until > timezone.now():
        secrets.append(creds["previous_webhook_secret"])
    return [s for s in secrets if s]


def record_signature_failure(store: Connection) -> None:
    Connection.objects.filter(pk=store.pk).update(
        signature_failures=F("signature_failures") + 1, last_signature_failure_at=timezone.now()
    )


def receive(store: Connection, headers, raw: bytes) -> Receipt:
    """Record one authentic delivery. Redeliveries of the same event are no-ops."""
    event_id = headers.get("X-Shopify-Event-Id") or headers.get("X-Shopify-Webhook-Id")
    if not event_id:
        # No dedupe key was sent: the body's digest stands in, so a resend is still caught.
        event_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        event, created = WebhookEvent.objects.get_or_create(
            event_id=event_id,
            defaults={
                "connection": store,
                "shop_domain": store.shop_domain,
                "topic": headers.get("X-Shopify-Topic", ""),
                "webhook_id": headers.get("X-Shopify-Webhook-Id", ""),
                "api_version": headers.get("X-Shopify-API-Version", ""),
                "triggered_at": _parse_time(headers.get("X-Shopify-Triggered-At")),
                "headers": kept_headers(headers),
                "body": raw.decode("utf-8", errors="replace"),
                "received_at": now,
                "last_delivery_at": now,
            },
        )
        if not created:
            WebhookEvent.objects.filter(pk=event.pk).update(
                deliveries=F("deliveries") + 1, last_delivery_at=now
            )
            return Receipt(200, "duplicate delivery: already recorded", event)
        return _accept(event, raw)


def _accept(event: WebhookEvent, raw: bytes) -> Receipt:
    try:
        payload = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _reject(event, 400, f"malformed JSON body: {exc}")
    if not isinstance(payload, dict):
        return _reject(event, 400, "body is not a JSON object")
    if event.topic not in TOPIC_FLOWS:
        supported = ", ".join(sorted(TOPIC_FLOWS))
        return _reject(event, 200, f"unsupported topic {event.topic!r} (handled: {supported})")
    try:
        dispatch(event, payload)
    except ValueError as exc:
        return _reject(event, 400, f"invalid {event.topic} payload: {exc}")
    return Receipt(200, "accepted", event)


def _reject(event: WebhookEvent, status_code: int, reason: str) -> Receipt:
    event.status = WebhookEvent.Status.REJECTED
    event.rejection_reason = reason
    event.processed_at = timezone.now()
    event.save(update_fields=["status", "rejection_reason", "processed_at"])
    log.warning("webhook %s rejected: %s", event.event_id, reason)
    return Receipt(status_code, reason, event)


def dispatch(event: WebhookEvent, payload: dict) -> SyncJob:
    """Create (or find) the job this event asks for and enqueue it after commit."""
    flow = flow_for(event.topic)
    spec = flow.describe(event.connection, payload)
    event.resource_id = spec.object_id
    event.resource_updated_at = spec.updated_at
    job, created = SyncJob.objects.get_or_create(
        idempotency_key=spec.key,
        defaults={
            "flow": flow.NAME,
            "connection": event.connection,
            "event": event,
            "object_id": spec.object_id,
            "object_label": spec.label,
            "enqueued_at": timezone.now(),
        },
    )
    fields = ["resource_id", "resource_updated_at"]
    if created:
        enqueue_job(job.pk, mark=False)
    else:
        event.status = WebhookEvent.Status.DUPLICATE
        event.note = f"same update as sync job #{job.pk} ({job.idempotency_key})"
        event.processed_at = timezone.now()
        fields += ["status", "note", "processed_at"]
    event.save(update_fields=fields)
    return job


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None


__all__ = ["IntegrationError", "Receipt", "dispatch", "receive", "valid_webhook_secrets"]
