"""The dashboard's figures about capacity: queue depth and the oldest waiting job, each
connection's health, NetSuite concurrency slots in use and Shopify's cost bucket.

The database is the record of work, so its view of the queue (pending and retrying jobs)
is always shown; RQ's own figures are added when Redis runs the queue. Without Redis the
queue lives in the web process and the database view is all there is, said as such. A
Redis that does not answer is shown as unreachable, never as an empty queue.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import redis
from django.conf import settings
from django.db.models import Count, Min, OuterRef, Q, Subquery

from integrations.errors import TransientError
from integrations.models import Connection, SyncJob, WebhookEvent
from integrations.netsuite import governor
from integrations.queue import uses_redis
from integrations.shopify import throttle


@dataclass(frozen=True)
class DatabaseQueue:
    """Unfinished jobs as the database has them."""

    pending: int
    retrying: int
    retrying_due: int  # retries whose time has come: waiting for a worker
    running: int
    oldest_enqueued_at: datetime | None  # of the pending and retrying jobs
    oldest_waiting_since: datetime | None  # pending since enqueued, due retries since due

    @property
    def waiting(self) -> int:
        return self.pending + self.retrying_due


def database_queue(now) -> DatabaseQueue:
    pending = Q(status=SyncJob.Status.PENDING)
    retrying = Q(status=SyncJob.Status.RETRYING)
    due = retrying & (Q(next_retry_at__isnull=True) | Q(next_retry_at__lte=now))
    row = SyncJob.objects.filter(status__in=SyncJob.UNFINISHED).aggregate(
        pending=Count("pk", filter=pending),
        retrying=Count("pk", filter=retrying),
        retrying_due=Count("pk", filter=due),
        running=Count("pk", filter=Q(status=SyncJob.Status.RUNNING)),
        oldest_enqueued=Min("enqueued_at", filter=pending | retrying),
        oldest_pending=Min("enqueued_at", filter=pending),
        oldest_pending_created=Min("created_at", filter=pending & Q(enqueued_at__isnull=True)),
        oldest_due=Min("next_retry_at", filter=due),
    )
    waiting = [row[k] for k in ("oldest_pending", "oldest_pending_created", "oldest_due") if row[k]]
    return DatabaseQueue(
        row["pending"], row["retrying"], row["retrying_due"], row["running"],
        row["oldest_enqueued"], min(waiting, default=None),
    )


@dataclass(frozen=True)
class RQQueue:
    name: str
    reachable: bool
    depth: int = 0
    oldest_enqueued_at: datetime | None = None
    scheduled: int = 0  # delayed retries (enqueue_in), for the scheduler to release
    started: int = 0
    failed: int = 0
    error: str = ""


def rq_queues() -> list[RQQueue]:
    """Each configured RQ queue as Redis has it; [] when there is no Redis (in-process)."""
    if not uses_redis():
        return []
    import django_rq

    found = []
    for name in settings.RQ_QUEUES:
        try:
            queue = django_rq.get_queue(name)
            first = queue.get_job_ids(0, 1)  # offset, length
            job = queue.fetch_job(first[0]) if first else None
            found.append(RQQueue(
                name, True, queue.count, _aware(job.enqueued_at) if job else None,
                queue.scheduled_job_registry.count, queue.started_job_registry.count,
                queue.failed_job_registry.count,
            ))
        except redis.RedisError as exc:
            found.append(RQQueue(name, False, error=f"{type(exc).__name__}: {exc}"))
    return found


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)  # RQ keeps UTC
    return moment


def connections():
    """Every connection, each with its last webhook delivery (`last_delivery_at`)."""
    last = WebhookEvent.objects.filter(connection=OuterRef("pk")).order_by("-received_at")
    return list(
        Connection.objects.defer("credentials")
        .annotate(last_delivery_at=Subquery(last.values("received_at")[:1]))
        .order_by("kind", "name")
    )


@dataclass(frozen=True)
class Slots:
    in_use: int | None  # None: Redis did not answer
    limit: int
    shared: bool  # across every worker (Redis), or this process's threads only


def netsuite_slots(connection) -> Slots:
    limit = governor.limit_for(connection)
    try:
        in_use = governor.holders(connection)
    except redis.RedisError:
        in_use = None
    return Slots(in_use, limit, uses_redis())


@dataclass(frozen=True)
class Bucket:
    """Shopify's cost bucket for a shop as last reported (plus our reservations since)."""

    known: bool
    available: float = 0.0
    maximum: float = 0.0
    restore_rate: float = 0.0
    observed_at: datetime | None = None
    error: str = ""


def shopify_bucket(shop_domain: str) -> Bucket:
    try:
        state = throttle.default_store().get(shop_domain)
    except TransientError as exc:
        return Bucket(False, error=str(exc))
    if state is None:
        return Bucket(False)
    return Bucket(True, state.available, state.maximum, state.restore_rate,
                  datetime.fromtimestamp(state.observed_at, UTC))
