"""The sweeper: nothing accepted is ever lost, whatever happened to Redis or a worker.

It re-dispatches events that never got a job, re-enqueues jobs that were due but are not in
any queue (lost enqueue, flushed Redis), and rescues jobs whose worker died mid-run. It also
wakes snoozed tickets, warns before connection credentials expire and starts the scheduled
runs of flows (integrations.runs), and sends the alerts that are due
(integrations.monitoring.alerts); an alert that cannot be sent never stops a pass.
"""

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .connections import warn_expiring_credentials
from .inbox import dispatch
from .models import JobAttempt, SyncJob, WebhookEvent
from .queue import enqueue_job
from .runs import start_due_runs

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    events_redispatched: int = 0
    jobs_requeued: int = 0
    jobs_rescued: int = 0
    tickets_woken: int = 0
    expiry_warnings: int = 0
    runs_started: int = 0
    alerts_sent: int = 0

    def __str__(self):
        return (
            f"{self.events_redispatched} event(s) re-dispatched, {self.jobs_requeued} job(s) "
            f"re-queued, {self.jobs_rescued} stuck job(s) rescued, "
            f"{self.tickets_woken} snoozed ticket(s) woken, "
            f"{self.expiry_warnings} credential expiry warning(s), "
            f"{self.runs_started} scheduled run(s) started, {self.alerts_sent} alert(s) sent"
        )


def sweep(now=None) -> SweepReport:
    from exceptions.actions import wake_snoozed

    now = now or timezone.now()
    grace = settings.SWEEPER_STALE_AFTER
    report = SweepReport()
    report.events_redispatched = _redispatch_orphan_events(now - grace)
    report.jobs_rescued = _rescue_stuck_jobs(now - grace)
    report.jobs_requeued = _requeue_due_jobs(now, now - grace)
    report.tickets_woken = wake_snoozed(now)
    report.expiry_warnings = warn_expiring_credentials(now)
    report.runs_started = start_due_runs(now)
    report.alerts_sent = _send_alerts(now)
    if any((report.events_redispatched, report.jobs_requeued, report.jobs_rescued)):
        log.warning("sweeper: %s", report)
    return report


def _send_alerts(now) -> int:
    from .monitoring.alerts import send_due_alerts

    try:
        return send_due_alerts(now)
    except Exception:
        log.exception("sweeper: alerts could not be checked or sent; the next pass tries again")
        return 0


def _redispatch_orphan_events(older_than) -> int:
    count = 0
    events = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.RECEIVED, received_at__lt=older_than, jobs__isnull=True
    ).select_related("connection")
    for event in events:
        with transaction.atomic():
            try:
                dispatch(event, json.loads(event.body))
            except ValueError as exc:
                event.status = WebhookEvent.Status.REJECTED
                event.rejection_reason = f"invalid payload: {exc}"
                event.save(update_fields=["status", "rejection_reason"])
                continue
        count += 1
    return count


RESCUED = "worker stopped while running this job; re-queued by the sweeper"


def _rescue_stuck_jobs(started_before) -> int:
    """A job 'running' far longer than any job takes had its worker killed under it: that
    attempt ended without an outcome, and is written down as one to retry."""
    stuck = SyncJob.objects.filter(status=SyncJob.Status.RUNNING, started_at__lt=started_before)
    runs = list(stuck.values_list("pk", "attempts", "started_at"))
    ids = [pk for pk, _, _ in runs]
    SyncJob.objects.filter(pk__in=ids, status=SyncJob.Status.RUNNING).update(
        status=SyncJob.Status.RETRYING, next_retry_at=None, last_error=RESCUED,
    )
    _record_lost_attempts(runs)
    for job_id in ids:
        enqueue_job(job_id)
    return len(ids)


def _record_lost_attempts(runs) -> None:
    now = timezone.now()
    try:
        with transaction.atomic():
            JobAttempt.objects.bulk_create(
                JobAttempt(job_id=pk, number=attempts, started_at=started_at, finished_at=now,
                           outcome=JobAttempt.Outcome.RETRYING, error=RESCUED)
                for pk, attempts, started_at in runs
            )
    except Exception:  # the rescue matters more than its record
        log.exception("sweeper: the attempts of %d rescued job(s) were not recorded", len(runs))


def _requeue_due_jobs(now, enqueued_before) -> int:
    """Pending jobs never picked up, and retries whose time has come."""
    pending = SyncJob.objects.filter(status=SyncJob.Status.PENDING).exclude(
        enqueued_at__gte=enqueued_before
    )
    # Enqueuing a due retry twice is harmless: only one run can claim it.
    due = SyncJob.objects.filter(status=SyncJob.Status.RETRYING).exclude(next_retry_at__gt=now)
    ids = list(pending.values_list("pk", flat=True)) + list(due.values_list("pk", flat=True))
    for job_id in ids:
        enqueue_job(job_id)
    return len(ids)
