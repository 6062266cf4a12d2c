"""Writing down how a sync job ended. Nothing here raises.

A worker that leaves a job "running" because its bookkeeping failed has the sweeper run the
job again, so every write is a step of its own, in its own transaction. A step that fails is
logged and reported on a JOB_ERROR ticket; when even that ticket cannot be written, the job
row itself says so (error class BUG). Either way the job ends in the state it earned.

Each run also leaves a `JobAttempt` row saying how it ended (its own step: a run whose
attempt cannot be written still ends as it earned, and the failure is reported like any other).
"""

import logging
import time

from django.db import transaction
from django.utils import timezone

from exceptions.catalogue import JOB_ERROR
from exceptions.tickets import open_or_bump

from .models import JobAttempt, SyncJob, WebhookEvent
from .queue import enqueue_job
from .types import Problem

log = logging.getLogger(__name__)

EVENT_STATUS_AFTER = {
    SyncJob.Status.SUCCEEDED: WebhookEvent.Status.PROCESSED,
    SyncJob.Status.SKIPPED: WebhookEvent.Status.PROCESSED,
    SyncJob.Status.PARKED: WebhookEvent.Status.FAILED,
    SyncJob.Status.FAILED: WebhookEvent.Status.FAILED,
}
ATTEMPT_OUTCOME_AFTER = {
    SyncJob.Status.SUCCEEDED: JobAttempt.Outcome.SUCCEEDED,
    SyncJob.Status.SKIPPED: JobAttempt.Outcome.SKIPPED,
    SyncJob.Status.PARKED: JobAttempt.Outcome.PARKED,
    SyncJob.Status.PAUSED: JobAttempt.Outcome.PAUSED,
    SyncJob.Status.FAILED: JobAttempt.Outcome.FAILED,
    SyncJob.Status.RETRYING: JobAttempt.Outcome.RETRYING,
}


class Outcome:
    """The bookkeeping of one run of one job: `finish`, `reschedule` or `defer`, then any
    `step`s (pausing a connection, closing tickets...), then `report` what could not be done."""

    def __init__(self, job: SyncJob, started: float | None = None):
        self.job = job
        self.started = started
        self.status = job.status
        self.error = ""
        self.error_class = ""
        self.failures: list[str] = []
        self.attempt: JobAttempt | None = None

    def step(self, what: str, action, *args, atomic: bool = True, **kwargs) -> bool:
        """Run one piece of bookkeeping; a failure is logged and kept for `report`.

        `atomic=False` lets what the action committed before it failed stand (a pause that
        took effect although its ticket could not be opened).
        """
        try:
            if atomic:
                with transaction.atomic():
                    action(*args, **kwargs)
            else:
                action(*args, **kwargs)
        except Exception as exc:
            log.exception("sync job %s: %s failed", self.job.pk, what)
            self.failures.append(f"{what} failed ({type(exc).__name__}: {exc})")
            return False
        return True

    def finish(self, status: str, *, result: dict | None = None, error: str = "",
               error_class: str = "", problems: tuple[Problem, ...] | list[Problem] = ()):
        """End the job in `status` with one ticket per problem, in one transaction; if that
        fails, write the state alone (without the result), then each ticket on its own."""
        self.status, self.error, self.error_class = status, error, error_class
        if not self.step("recording the outcome", self._finish_with_tickets, result, problems):
            self.step("recording the job's state", self._write_state, error, error_class)
            for problem in problems:
                self.step(f"opening a {problem.code} ticket", self._open, problem)
        self.step("recording the attempt", self._record_attempt, ATTEMPT_OUTCOME_AFTER[status])

    def reschedule(self, delay: float, error: str, error_class: str) -> None:
        """Put the job back to wait `delay` seconds (it stays unfinished, as it should)."""
        self.status, self.error, self.error_class = SyncJob.Status.RETRYING, error, error_class
        self.step("scheduling the retry", self._write_retry, delay)
        self.step("recording the attempt", self._record_attempt, JobAttempt.Outcome.RETRYING)

    def defer(self, delay: float, why: str) -> None:
        """Put off a run that could not start (its object is busy): not an attempt, so the
        job's count is left as it was before the claim."""
        self.job.attempts -= 1
        self.status, self.error, self.error_class = SyncJob.Status.RETRYING, why, ""
        self.step("scheduling the retry", self._write_retry, delay)
        self.step("recording the attempt", self._record_attempt, JobAttempt.Outcome.DEFERRED,
                  number=self.job.attempts + 1)

    def report(self) -> None:
        """Tell someone about failed steps: a JOB_ERROR ticket, or else the job row."""
        if not self.failures:
            return
        job = self.job
        what = "; ".join(self.failures)
        problem = Problem(
            JOB_ERROR, key=f"{job.flow}:recording",
            message=f"Sync job #{job.pk} ({job.object_label or job.object_id}) ended "
            f"{self.status}, but {what}. {self.error}".strip(),
        )
        if self.step("opening a job_error ticket", self._open, problem):
            self.step("noting it on the job", self._write_state,
                      _joined(self.error, f"Bookkeeping: {what}."), self.error_class)
            return
        note = "The ticket could not be opened: " + "; ".join(self.failures) + "."
        self.step("noting it on the job", self._write_state, _joined(self.error, note),
                  SyncJob.ErrorClass.BUG)

    # Writes ------------------------------------------------------------------------------

    def _finish_with_tickets(self, result, problems) -> None:
        job = self.job
        job.status = self.status
        job.finished_at = timezone.now()
        job.next_retry_at = None
        job.last_error = self.error
        job.error_class = self.error_class
        if result is not None:
            job.result = result
        job.duration_ms = self._duration()
        job.save(update_fields=["status", "finished_at", "next_retry_at", "last_error",
                                "error_class", "result", "duration_ms", "updated_at"])
        self._mark_event()
        for problem in problems:
            self._open(problem)

    def _write_state(self, error: str, error_class: str) -> None:
        """The job's state, and nothing else (not the result). A job left to retry keeps
        its retry time."""
        job = self.job
        now = timezone.now()
        job.status, job.last_error, job.error_class = self.status, error, error_class
        job.duration_ms = self._duration()
        fields = {"status": job.status, "last_error": error, "error_class": error_class,
                  "duration_ms": job.duration_ms, "updated_at": now}
        if job.status not in SyncJob.UNFINISHED:
            job.finished_at, job.next_retry_at = now, None
            fields.update(finished_at=now, next_retry_at=None)
        SyncJob.objects.filter(pk=job.pk).update(**fields)
        self._mark_event()

    def _write_retry(self, delay: float) -> None:
        job = self.job
        job.status = SyncJob.Status.RETRYING
        job.next_retry_at = timezone.now() + timezone.timedelta(seconds=delay)
        job.last_error = self.error
        job.error_class = self.error_class
        if self.started is not None:
            job.duration_ms = self._duration()
        job.save(update_fields=["status", "next_retry_at", "last_error", "error_class",
                                "duration_ms", "attempts", "updated_at"])
        enqueue_job(job.pk, delay_seconds=delay)

    def _record_attempt(self, outcome: str, number: int | None = None) -> None:
        """This run's JobAttempt row (one per run: recording again corrects the same row)."""
        job = self.job
        finished = timezone.now()
        attempt = self.attempt or JobAttempt(job=job)
        attempt.number = job.attempts if number is None else number
        attempt.started_at = job.started_at
        attempt.finished_at = finished
        attempt.outcome = outcome
        attempt.error_class = self.error_class
        attempt.error = _shortened(self.error, JobAttempt.ERROR_LENGTH)
        attempt.duration_ms = self._attempt_duration(finished)
        attempt.save()
        self.attempt = attempt

    def _attempt_duration(self, finished) -> int | None:
        if self.started is not None:
            return int((time.monotonic() - self.started) * 1000)
        if self.job.started_at is not None:
            return max(int((finished - self.job.started_at).total_seconds() * 1000), 0)
        return None

    def _open(self, problem: Problem) -> None:
        job = self.job
        open_or_bump(problem, store=job.connection, job=job, event=job.event)

    def _mark_event(self) -> None:
        job = self.job
        event_status = EVENT_STATUS_AFTER.get(self.status)
        if job.event_id and event_status:
            WebhookEvent.objects.filter(pk=job.event_id).exclude(
                status__in=[WebhookEvent.Status.REJECTED, WebhookEvent.Status.DUPLICATE]
            ).update(status=event_status, processed_at=timezone.now())

    def _duration(self) -> int | None:
        if self.started is None:
            return self.job.duration_ms
        return int((time.monotonic() - self.started) * 1000)


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _joined(*parts: str) -> str:
    return "\n".join(p for p in parts if p)
