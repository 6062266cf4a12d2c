"""Running one SyncJob: claim it, run its flow, classify the outcome and record it.

RQ (or the in-process queue) calls `run_sync_job(job_id)` with the id only. Running the same
id twice is harmless: only a pending or due job can be claimed, and flows write idempotently.
Recording the outcome (integrations.outcomes) never raises: a claimed job always leaves
"running".
"""

import logging
import random
import time

from django.db.models import F, Q
from django.utils import timezone

from exceptions.catalogue import JOB_ERROR, NETSUITE_REJECTED, RETRIES_EXHAUSTED
from exceptions.tickets import resolve_cleared_by

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
from .models import SyncJob
from .outcomes import Outcome
from .rejection_lookups import routed_rejection
from .retry import backoff_seconds, may_retry

log = logging.getLogger(__name__)

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
            outcome = Outcome(job)  # waiting for another job is not an attempt
            outcome.defer(BUSY_OBJECT_DELAY * random.uniform(1, 2),
                          "another job is writing the same object")
            outcome.report()
            return "deferred: object busy"
        return _run_claimed(job)


def _run_claimed(job: SyncJob) -> str:
    paused = _paused_connection(job)
    if paused is not None:
        outcome = Outcome(job)
        outcome.finish(SyncJob.Status.PAUSED, error=f"{paused} is paused",
                       error_class=SyncJob.ErrorClass.AUTH)
        outcome.report()
        return "paused"
    outcome = Outcome(job, started=time.monotonic())
    try:
        said = _run_flow(job, outcome)
    except Exception as exc:  # classifying the failure failed: still end the job, and say so
        log.exception("sync job %s: classifying its outcome failed", job.pk)
        note = f"classifying the outcome failed ({type(exc).__name__}: {exc})"
        outcome.failures.append(note)
        outcome.finish(SyncJob.Status.FAILED, error=note, error_class=SyncJob.ErrorClass.BUG)
        said = "failed"
    outcome.report()
    return said


def _run_flow(job: SyncJob, outcome: Outcome) -> str:
    try:
        result = flow_named(job.flow).run(job) or {}
    except SkipJob as exc:
        outcome.finish(SyncJob.Status.SKIPPED, result={"skipped": str(exc)})
        outcome.step("closing the tickets the job cleared", resolve_cleared_by, job)
        return "skipped"
    except ParkJob as exc:
        _park(outcome, exc.problems, SyncJob.ErrorClass.DATA)
        return "parked"
    except AuthError as exc:
        connection = exc.connection or job.connection
        outcome.finish(SyncJob.Status.PAUSED, error=str(exc),
                       error_class=SyncJob.ErrorClass.AUTH)
        outcome.step(f"pausing {connection}", pause_connection, connection, str(exc), job=job,
                     atomic=False)
        return "paused"
    except TransientError as exc:
        return _retry_or_fail(outcome, exc)
    except DataError as exc:
        # A refused field that a mapping filled in goes to that mapping's owner, in words.
        problem = routed_rejection(job, exc) or Problem(
            NETSUITE_REJECTED, key=f"{job.flow}:{exc.code}:{exc.path}",
            message=f"NetSuite rejected {job.object_label}: {exc}",
        )
        _park(outcome, [problem], SyncJob.ErrorClass.DATA)
        return "parked"
    except Exception as exc:
        log.exception("sync job %s failed unexpectedly", job.pk)
        problem = Problem(
            JOB_ERROR, key=f"{job.flow}:{type(exc).__name__}",
            message=f"Unexpected error in {job.flow} sync of {job.object_label}: "
            f"{type(exc).__name__}: {exc}",
        )
        _park(outcome, [problem], SyncJob.ErrorClass.BUG, status=SyncJob.Status.FAILED)
        return "failed"
    outcome.finish(SyncJob.Status.SUCCEEDED, result=result)
    outcome.step("marking the connections healthy", mark_healthy, job.connection,
                 job.connection.netsuite)
    outcome.step("closing the tickets the job cleared", resolve_cleared_by, job)
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


def _retry_or_fail(outcome: Outcome, exc: TransientError) -> str:
    job = outcome.job
    connection = exc.connection or job.connection
    outcome.step(f"marking {connection} degraded", mark_degraded, connection, str(exc))
    error_class = (
        SyncJob.ErrorClass.UNKNOWN_OUTCOME
        if isinstance(exc, UnknownOutcomeError)
        else SyncJob.ErrorClass.TRANSIENT
    )
    if may_retry(job.attempts):
        delay = backoff_seconds(job.attempts, exc.retry_after)
        outcome.reschedule(delay, str(exc), error_class)
        return f"retrying in {delay:.1f}s"
    problem = Problem(
        RETRIES_EXHAUSTED, key=f"{job.flow}:{job.connection_id}",
        message=f"{job.object_label} could not be synced after {job.attempts} attempts: {exc}",
    )
    _park(outcome, [problem], error_class, status=SyncJob.Status.FAILED)
    return "failed"


def _park(outcome: Outcome, problems, error_class, status=SyncJob.Status.PARKED) -> None:
    outcome.finish(status, error="; ".join(p.message for p in problems),
                   error_class=error_class, problems=problems)
