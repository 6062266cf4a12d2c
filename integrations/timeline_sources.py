"""The integration's own parts of an order's timeline: the webhook deliveries, the sync jobs
with each of their attempts, and the NetSuite records written. Registered in
integrations.timeline like any later flow's source (IntegrationsConfig.ready).

Each source runs a fixed number of queries whatever the number of rows. Raw payloads (the
bodies and headers Shopify sent, a job's result) become "technical details" only for viewers
who see raw payloads; everyone else reads the topic, time, status, order name and amounts.
"""

import json

from django.db.models import Q
from django.urls import reverse

from exceptions import access

from .admin_display import ATTEMPT_TONES, pretty_json
from .models import JobAttempt, SyncJob, SyncLink, WebhookEvent
from .netsuite.payloads import SALES_ORDER_STATUSES
from .order_directory import ORDER_FLOWS, ORDER_TOPICS
from .record_urls import netsuite_record_url, shopify_order_url
from .timeline import (
    INTEGRATION,
    NETSUITE,
    SHOPIFY,
    Link,
    Status,
    TimelineEntry,
    register_source,
)
from .wording import duration_in_words, local_time, money

NETSUITE_NAMES = {"salesOrder": "sales order", "customer": "customer"}
ERROR_SHOWN = 300


def deliveries(order, user):
    raw = access.sees_raw_payloads(user)
    events = WebhookEvent.objects.filter(
        shop_domain=order.store.shop_domain, resource_id=order.order_id,
        topic__startswith=ORDER_TOPICS,
    ).order_by("received_at", "pk")
    if not raw:
        events = events.defer("headers")
    linked = access.can_view_model(user, WebhookEvent)
    for event in events:
        yield TimelineEntry(
            at=event.received_at, kind="delivery", system=SHOPIFY,
            title=f"Webhook {event.topic}",
            detail=delivery_detail(event),
            status=Status(event.get_status_display(), f"cp-event-{event.status}"),
            link=_admin_link(event, f"Event #{event.pk}") if linked else None,
            technical=_technical(headers=event.headers, body=event.body) if raw else "",
        )


def delivery_detail(event) -> str:
    """What a person reads of a delivery: the order and its amounts as sent, how often it
    came, and why it was refused or set aside."""
    parts = [order_summary(event.body)]
    if event.deliveries > 1:
        parts.append(f"delivered {event.deliveries} times ({event.deliveries - 1} "
                     f"redeliver{'y' if event.deliveries == 2 else 'ies'} of the same event)")
    if event.status == WebhookEvent.Status.REJECTED:
        parts.append(f"rejected: {event.rejection_reason}")
    elif event.status == WebhookEvent.Status.DUPLICATE:
        parts.append(f"duplicate: {event.note}" if event.note else "duplicate")
    elif event.note:
        parts.append(event.note)
    return " · ".join(p for p in parts if p)


def order_summary(body: str) -> str:
    """"Order #1001 · 598.94 USD · paid" from an order body; "" when it says none of it."""
    try:
        payload = json.loads(body)
    except ValueError:
        return ""
    if not isinstance(payload, dict):
        return ""
    words = []
    if isinstance(payload.get("name"), str) and payload["name"]:
        words.append(f"Order {payload['name']}")
    total, currency = payload.get("total_price"), payload.get("currency")
    if isinstance(total, str) and isinstance(currency, str):
        words.append(money(total, currency))
    for key in ("financial_status", "fulfillment_status", "cancelled_at"):
        value = payload.get(key)
        if isinstance(value, str) and value:
            words.append("cancelled" if key == "cancelled_at" else value.replace("_", " "))
    return " · ".join(words)


def jobs_and_attempts(order, user):
    raw = access.sees_raw_payloads(user)
    jobs = list(
        SyncJob.objects.filter(connection=order.store, flow__in=ORDER_FLOWS,
                               object_id=order.order_id)
        .defer(*(() if raw else ("result",))).order_by("created_at", "pk")
    )
    if not jobs:
        return
    linked = access.can_view_model(user, SyncJob)
    by_id = {job.pk: job for job in jobs}
    for job in jobs:
        yield TimelineEntry(
            at=job.created_at, kind="job", system=INTEGRATION,
            title=f"Sync job #{job.pk}: {job.get_flow_display()}",
            detail=job_detail(job),
            status=Status(job.get_status_display(), f"cp-job-{job.status}"),
            link=_admin_link(job, f"Job #{job.pk}") if linked else None,
            technical=_technical(result=job.result) if raw and job.result else "",
        )
    attempts = JobAttempt.objects.filter(job_id__in=list(by_id)).order_by("finished_at", "pk")
    for attempt in attempts:
        job = by_id[attempt.job_id]
        yield TimelineEntry(
            at=attempt.finished_at, kind="attempt", system=INTEGRATION,
            title=f"Attempt {attempt.number} of sync job #{job.pk}",
            detail=attempt_detail(attempt),
            status=Status(attempt.get_outcome_display(), ATTEMPT_TONES.get(attempt.outcome, "")),
            link=_admin_link(job, f"Job #{job.pk}") if linked else None,
        )


def job_detail(job) -> str:
    parts = [f"{job.object_label or job.object_id}", _attempts(job.attempts)]
    if job.next_retry_at and not job.is_finished:
        parts.append(f"next try {local_time(job.next_retry_at)}")
    if job.last_error:
        kind = job.get_error_class_display() if job.error_class else "error"
        parts.append(f"{kind}: {_short(job.last_error)}")
    return " · ".join(parts)


def attempt_detail(attempt) -> str:
    parts = [f"took {duration_in_words(attempt.duration_ms)}"]
    if attempt.error:
        kind = attempt.get_error_class_display() if attempt.error_class else "note"
        parts.append(f"{kind}: {_short(attempt.error)}")
    return " · ".join(parts)


def netsuite_records(order, user):
    wanted = Q(shopify_type="order", shopify_id=order.order_id)
    if order.customer_id:
        wanted |= Q(shopify_type="customer", shopify_id=order.customer_id)
    records = SyncLink.objects.filter(wanted, connection=order.store).order_by("last_synced_at")
    account = order.store.netsuite
    account_id = account.account_id if account is not None else ""
    linked = access.can_view_model(user, SyncLink)
    for record in records:
        name = NETSUITE_NAMES.get(record.netsuite_type, record.netsuite_type)
        url = netsuite_record_url(account_id, record.netsuite_type, record.netsuite_id)
        more = []
        if record.shopify_type == "order":
            shopify = shopify_order_url(order.store.shop_domain, order.order_id)
            if shopify:
                more.append(Link(shopify, "Order in Shopify admin"))
        if linked:
            more.append(_admin_link(record, f"Sync link #{record.pk}"))
        yield TimelineEntry(
            at=record.last_synced_at, kind="netsuite", system=NETSUITE,
            title=f"NetSuite {name} {record.netsuite_id or '(no internal id)'}",
            detail=record_detail(record),
            status=_record_status(record),
            link=Link(url, f"Open the {name} in NetSuite") if url else None,
            more_links=tuple(more),
        )


def record_detail(record) -> str:
    parts = [f"internal id {record.netsuite_id or '—'}", f"external id {record.external_id}"]
    if record.last_job_id:
        parts.append(f"last written by sync job #{record.last_job_id}")
    if record.created_at and record.created_at < record.last_synced_at:
        parts.append(f"first written {local_time(record.created_at)}")
    return " · ".join(parts)


def _record_status(record) -> Status:
    if record.netsuite_type == "salesOrder" and record.netsuite_status:
        label = SALES_ORDER_STATUSES.get(record.netsuite_status, record.netsuite_status)
        return Status(label, "cp-info")
    return Status("Written", "cp-ok")


def _admin_link(obj, label: str) -> Link:
    opts = obj._meta
    return Link(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]), label)


def _technical(**parts) -> str:
    return "\n\n".join(f"{name}:\n{pretty_json(value)}" for name, value in parts.items())


def _attempts(n: int) -> str:
    return "not run yet" if n == 0 else f"{n} attempt{'s' if n != 1 else ''}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ERROR_SHOWN else text[: ERROR_SHOWN - 1] + "…"


def register() -> None:
    register_source("deliveries", deliveries)
    register_source("jobs", jobs_and_attempts)
    register_source("netsuite", netsuite_records)
