"""Where jobs go to run: RQ on Redis when REDIS_URL is set, an in-process queue otherwise.

Only a SyncJob id travels (RQ's JSON serializer); the database row is the record of work.
Everything is enqueued after the surrounding transaction commits.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import SyncJob

log = logging.getLogger(__name__)

JOB_FUNCTION = "integrations.jobs.run_sync_job"

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def uses_redis() -> bool:
    return bool(settings.REDIS_URL)


def get_rq_queue():
    import django_rq

    return django_rq.get_queue(settings.SYNC_QUEUE, commit_mode="auto")


def enqueue_job(job_id: int, delay_seconds: float = 0, *, mark: bool = True) -> None:
    """Hand the job to the queue once the current transaction commits.

    `enqueued_at` is written in the caller's transaction (pass mark=False when the caller
    already set it), so the sweeper can tell a job never handed over from one in a queue.
    """
    if mark:
        SyncJob.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
    transaction.on_commit(lambda: _send(job_id, delay_seconds))


def _send(job_id: int, delay_seconds: float) -> None:
    if uses_redis():
        queue = get_rq_queue()
        if delay_seconds > 0:
            queue.enqueue_in(timedelta(seconds=delay_seconds), JOB_FUNCTION, job_id)
        else:
            queue.enqueue(JOB_FUNCTION, job_id)
    elif settings.INPROCESS_QUEUE_EAGER:
        if delay_seconds <= 0:
            _run_inline(job_id)
        # Delayed work in eager mode is left to the sweeper, which finds it when it is due.
    elif delay_seconds > 0:
        timer = threading.Timer(delay_seconds, _submit, args=(job_id,))
        timer.daemon = True
        timer.start()
    else:
        _submit(job_id)


def _submit(job_id: int) -> None:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=settings.INPROCESS_QUEUE_THREADS, thread_name_prefix="sync"
            )
    _executor.submit(_run_in_thread, job_id)


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        _run_inline(job_id)
    finally:
        close_old_connections()


def _run_inline(job_id: int) -> None:
    # By name, as RQ workers do: the runner imports this module, not the other way round.
    run_sync_job = import_string(JOB_FUNCTION)
    try:
        run_sync_job(job_id)
    except Exception:
        log.exception("sync job %s crashed in the in-process queue", job_id)

