"""Running one SyncJob: claim it, run its flow, record and classify the outcome.

RQ (or the in-process queue) calls `run_sync_job(job_id)` with the id only. Running the same
id twice is harmless: only a pending or due job can be claimed, and flows write idempotently.
"""

import logging
import random
import time

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from exceptions.catalogue import JOB_ERROR, NETSUITE_REJECTED, RETRIES_EXHAUSTED
from exceptions.tickets import open_or_bump, resolve_cleared_by

from . import object_lock
from .connections import mark_degraded, mark_healthy, pause_connection
from .errors import (
    AuthError,
    DataError,
    ParkJob,
    Problem,
    SkipJob,
    TransientError,
    UnknownOutcomeError,
)
from .flows import flow_named
from .models import SyncJob, WebhookEvent
from .queue import enqueue_job
from .retry import backoff_seconds, may_retry

log = logging.getLogger(__name__)

EVENT_STATUS_AFTER = {
    SyncJob.Status.SUCCEEDED: WebhookEvent.Status.PROCESSED,
    SyncJob.Status.SKIPPED: WebhookEvent.Status.PROCESSED,
    SyncJob.Status.PARKED: WebhookEvent.Status.FAILED,
    SyncJob.Status.FAILED: WebhookEvent.Status.FAILED,
}

# A job whose object is being written by another job waits about this long and tries again.
BUSY_OBJECT_DELAY = 5.0
# Longer than any job may run (RQ's job timeout is 300 s): a dead worker's lock expires.
OBJECT_LOCK_LEASE = 600.0


def run_sync_job(job_id: int) -> str:
    job = _claim(job_id)
    if job is None:
        return "not runnable (finished, running elsewhere or not yet due)"
    key = f"{job.flow}:{job.connection_id}:{job.object_id}"
    with object_lock.held(key, OBJECT_LOCK_LEASE) as acquired:
        if not acquired:
            job.attempts -= 1  # waiting for another job is not an attempt
            delay = BUSY_OBJECT_DELAY * random.uniform(1, 2)
            _reschedule(job, delay, "another job is writing the same object", "")
            return "deferred: object busy"
        return _run_claimed(job)


def _run_claimed(job: SyncJob) -> str:
    paused = _paused_connection(job)
    if paused is not None:
        _finish(job, SyncJob.Status.PAUSED, error=f"{paused} is paused",
                error_class=SyncJob.ErrorClass.AUTH)
        return "paused"
    started = time.monotonic()
    try:
        result = flow_named(job.flow).run(job) or {}
    except SkipJob as exc:
        _finish(job, SyncJob.Status.SKIPPED, started, result={"skipped": str(exc)})
        resolve_cleared_by(job)
        return "skipped"
    except ParkJob as exc:
        _park(job, exc.problems, started, SyncJob.ErrorClass.DATA)
        return "parked"
    except AuthError as exc:
        connection = exc.connection or job.connection
        _finish(job, SyncJob.Status.PAUSED, started, error=str(exc),
                error_class=SyncJob.ErrorClass.AUTH)
        pause_connection(connection, str(exc), job=job)
        return "paused"
    except TransientError as exc:
        return _retry_or_fail(job, exc, started)
    except DataError as exc:
        problem = Problem(
            NETSUITE_REJECTED, key=f"{job.flow}:{exc.code}:{exc.path}",
            message=f"NetSuite rejected {job.object_label}: {exc}",
        )
        _park(job, [problem], started, SyncJob.ErrorClass.DATA)
        return "parked"
    except Exception as exc:
        log.exception("sync job %s failed unexpectedly", job.pk)
        problem = Problem(
            JOB_ERROR, key=f"{job.flow}:{type(exc).__name__}",
            message=f"Unexpected error in {job.flow} sync of {job.object_label}: "
            f"{type(exc).__name__}: {exc}",
        )
        _park(job, [problem], started, SyncJob.ErrorClass.BUG, status=SyncJob.Status.FAILED)
        return "failed"
    _finish(job, SyncJob.Status.SUCCEEDED, started, result=result)
    mark_healthy(job.connection, job.connection.netsuite)
    resolve_cleared_by(job)
    return "succeeded"


def _claim(job_id: int) -> SyncJob | None:
    now = timezone.now()
    claimed = (
        SyncJob.objects.filter(pk=job_id, status__in=[SyncJob.Status.PENDING,
                                                       SyncJob.Status.RETRYING])
        .filter(Q(next_retry_at__isnull=True) | Q(next_retry_at__lte=now))
        .update(status=SyncJob.Status.RUNNING, started_at=now, finished_at=None,
                attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return SyncJob.objects.select_related("connection__netsuite", "event").get(pk=job_id)


def _paused_connection(job: SyncJob):
    for connection in (job.connection, job.connection.netsuite):
        if connection is not None and connection.is_paused:
            return connection
    return None


def _retry_or_fail(job: SyncJob, exc: TransientError, started: float) -> str:
    mark_degraded(exc.connection or job.connection, str(exc))
    error_class = (
        SyncJob.ErrorClass.UNKNOWN_OUTCOME
        if isinstance(exc, UnknownOutcomeError)
        else SyncJob.ErrorClass.TRANSIENT
    )
    if may_retry(job.attempts):
        delay = backoff_seconds(job.attempts, exc.retry_after)
        _reschedule(job, delay, str(exc), error_class, started)
        return f"retrying in {delay:.1f}s"
    problem = Problem(
        RETRIES_EXHAUSTED, key=f"{job.flow}:{job.connection_id}",
        message=f"{job.object_label} could not be synced after {job.attempts} attempts: {exc}",
    )
    _park(job, [problem], started, error_class, status=SyncJob.Status.FAILED)
    return "failed"


def _reschedule(job, delay, error, error_class, started=None):
    job.status = SyncJob.Status.RETRYING
    job.next_retry_at = timezone.now() + timezone.timedelta(seconds=delay)
    job.last_error = error
    job.error_class = error_class
    if started is not None:
        job.duration_ms = int((time.monotonic() - started) * 1000)
    job.save(update_fields=["status", "next_retry_at", "last_error", "error_class",
                            "duration_ms", "attempts", "updated_at"])
    enqueue_job(job.pk, delay_seconds=delay)


def _park(job, problems, started, error_class, status=SyncJob.Status.PARKED):
    with transaction.atomic():
        _finish(job, status, started, error="; ".join(p.message for p in problems),
                error_class=error_class)
        for problem in problems:
            open_or_bump(problem, store=job.connection, job=job, event=job.event)


def _finish(job, status, started=None, *, result=None, error="", error_class=""):
    now = timezone.now()
    job.status = status
    job.finished_at = now
    job.next_retry_at = None
    job.last_error = error
    job.error_class = error_class
    if result is not None:
        job.result = result
    if started is not None:
        job.duration_ms = int((time.monotonic() - started) * 1000)
    job.save(update_fields=["status", "finished_at", "next_retry_at", "last_error",
                            "error_class", "result", "duration_ms", "updated_at"])
    event_status = EVENT_STATUS_AFTER.get(status)
    if job.event_id and event_status:
        WebhookEvent.objects.filter(pk=job.event_id).exclude(
            status__in=[WebhookEvent.Status.REJECTED, WebhookEvent.Status.DUPLICATE]
        ).update(
            status=event_status, processed_at=now
        )
