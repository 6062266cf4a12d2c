"""The durable webhook inbox: store the delivery, create its job, enqueue after commit.

The view verifies the signature first; everything here runs only for authentic deliveries.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .flows import flow_for_topic, topic_flows
from .models import Connection, SyncJob, WebhookEvent
from .order_directory import order_keys, remember
from .queue import enqueue_job
from .shopify.webhooks import kept_headers
from .types import JobSpec

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


def stores_at(shop_domain: str):
    """The active Shopify store with this domain (none for an empty domain)."""
    return Connection.objects.filter(
        kind=Connection.Kind.SHOPIFY, shop_domain=shop_domain, is_active=True
    ).exclude(shop_domain="")


def record_signature_failure(shop_domain: str) -> int:
    """Count a refused delivery on the store it claimed to come from; the same query runs
    (and changes nothing) when no store has that domain. Returns the rows counted on."""
    return stores_at(shop_domain).update(
        signature_failures=F("signature_failures") + 1, last_signature_failure_at=timezone.now()
    )


def receive(store: Connection, headers, raw: bytes) -> Receipt:
    """Record one authentic delivery. Redeliveries of the same event are no-ops.

    The body is read before the database is touched, so the event row is written once, with
    its verdict, in the same transaction as its job (and, for an order, its KnownOrder row):
    one commit per delivery.
    """
    event_id = headers.get("X-Shopify-Event-Id") or headers.get("X-Shopify-Webhook-Id")
    if not event_id:
        # No dedupe key was sent: the body's digest stands in, so a resend is still caught.
        event_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    topic = headers.get("X-Shopify-Topic", "")
    payload, spec, status_code, reason = _read(store, topic, raw)
    order = order_keys(topic, payload)
    now = timezone.now()
    event = WebhookEvent(
        connection=store,
        shop_domain=store.shop_domain,
        topic=topic,
        event_id=event_id,
        webhook_id=headers.get("X-Shopify-Webhook-Id", ""),
        api_version=headers.get("X-Shopify-API-Version", ""),
        triggered_at=_parse_time(headers.get("X-Shopify-Triggered-At")),
        headers=kept_headers(headers),
        body=raw.decode("utf-8", errors="replace"),
        received_at=now,
        last_delivery_at=now,
    )
    if spec is not None:
        event.resource_id = spec.object_id
        event.resource_updated_at = spec.updated_at
    else:
        event.status = WebhookEvent.Status.REJECTED
        event.rejection_reason = reason
        event.processed_at = now
        event.resource_id = order.order_id if order else ""  # its order's timeline shows it
    with transaction.atomic():
        try:
            with transaction.atomic():
                event.save(force_insert=True)
        except IntegrityError:
            WebhookEvent.objects.filter(event_id=event_id).update(
                deliveries=F("deliveries") + 1, last_delivery_at=now
            )
            return Receipt(200, "duplicate delivery: already recorded")
        if order is not None:
            remember(store, order, now)
        if spec is None:
            log.warning("webhook %s rejected: %s", event_id, reason)
            return Receipt(status_code, reason, event)
        _create_job(event, spec, flow_for_topic(topic).name)
    return Receipt(200, "accepted", event)


def _read(store, topic: str, raw: bytes) -> tuple[dict | None, JobSpec | None, int, str]:
    """The body, and what the delivery asks for or the status and reason for refusing it."""
    try:
        payload = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, None, 400, f"malformed JSON body: {exc}"
    if not isinstance(payload, dict):
        return None, None, 400, "body is not a JSON object"
    flow = flow_for_topic(topic)
    if flow is None:
        supported = ", ".join(sorted(topic_flows()))
        return payload, None, 200, f"unsupported topic {topic!r} (handled: {supported})"
    try:
        return payload, flow.describe(store, payload), 200, ""
    except ValueError as exc:
        return payload, None, 400, f"invalid {topic} payload: {exc}"


def dispatch(event: WebhookEvent, payload: dict) -> SyncJob | None:
    """Create (or find) the job a stored event asks for; used when its job went missing."""
    flow = flow_for_topic(event.topic)
    if flow is None:
        raise ValueError(f"no flow handles topic {event.topic!r}")
    spec = flow.describe(event.connection, payload)
    event.resource_id = spec.object_id
    event.resource_updated_at = spec.updated_at
    event.save(update_fields=["resource_id", "resource_updated_at"])
    return _create_job(event, spec, flow.name)


def _create_job(event: WebhookEvent, spec: JobSpec, flow_name: str) -> SyncJob | None:
    """The event's job, enqueued after commit; if that order version already has a job,
    the event is marked a duplicate of it instead."""
    job = SyncJob(
        flow=flow_name,
        idempotency_key=spec.key,
        connection=event.connection,
        event=event,
        object_id=spec.object_id,
        object_label=spec.label,
        enqueued_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            job.save(force_insert=True)
    except IntegrityError:
        existing = SyncJob.objects.filter(idempotency_key=spec.key).only("pk").first()
        event.status = WebhookEvent.Status.DUPLICATE
        event.note = f"same update as sync job #{existing.pk if existing else '?'} ({spec.key})"
        event.processed_at = timezone.now()
        event.save(update_fields=["status", "note", "processed_at"])
        return existing
    enqueue_job(job.pk, mark=False)
    return job


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None

