"""Every run of a job leaves a JobAttempt saying how it ended; writing it never fails the job."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from exceptions.models import ExceptionTicket
from integrations import object_lock
from integrations.jobs import run_sync_job
from integrations.models import JobAttempt, SyncJob
from mappings.models import ItemMapping
from tests.conftest import load_fixture
from tests.db_refusal import refusing

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def order():
    return load_fixture(ORDER)


def attempts_of(job):
    return list(
        JobAttempt.objects.filter(job=job).order_by("finished_at", "pk")
        .values_list("number", "outcome", "error_class")
    )


def test_a_retried_job_has_one_attempt_per_run(mapped_store, sandboxes, webhooks, order):
    netsuite, _ = sandboxes
    netsuite.configure(fail_next=[{"status": 503, "times": 1}])

    webhooks.send("orders/create", order)
    job = SyncJob.objects.get(flow="orders")
    with time_machine.travel(job.next_retry_at + timedelta(seconds=1)):
        webhooks.queue.sweep()

    job.refresh_from_db()
    assert job.status == SyncJob.Status.SUCCEEDED
    assert attempts_of(job) == [(1, "retrying", "transient"), (2, "succeeded", "")]
    first, second = JobAttempt.objects.filter(job=job).order_by("number")
    assert "503" in first.error
    assert second.error == ""
    for attempt in (first, second):
        assert attempt.started_at is not None
        assert attempt.started_at <= attempt.finished_at
        assert attempt.duration_ms is not None


def test_a_parked_job_says_why_on_its_attempt(mapped_store, sandboxes, webhooks, order):
    ItemMapping.objects.filter(sku="IPOD2008BLACK").delete()

    webhooks.send("orders/create", order)

    job = SyncJob.objects.get(flow="orders")
    assert attempts_of(job) == [(1, "parked", "data")]
    assert "IPOD2008BLACK" in JobAttempt.objects.get(job=job).error


def test_an_older_update_is_a_skipped_attempt(mapped_store, sandboxes, webhooks, order):
    webhooks.send("orders/updated", order)
    older = {**order, "updated_at": "2008-01-01T00:00:00-05:00"}

    webhooks.send("orders/updated", older)

    stale = SyncJob.objects.filter(flow="orders").order_by("pk").last()
    assert attempts_of(stale) == [(1, "skipped", "")]


def test_a_run_on_a_paused_connection_is_a_paused_attempt(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    netsuite.configure(token_revoked=True)

    webhooks.send("orders/create", order)

    job = SyncJob.objects.get(flow="orders")
    assert attempts_of(job) == [(1, "paused", "auth")]


def test_waiting_for_a_busy_order_is_deferred_and_not_counted(
    mapped_store, sandboxes, webhooks, order
):
    webhooks.send("orders/create", order, run=False)
    job = SyncJob.objects.get(flow="orders")

    with object_lock.held(f"orders:{mapped_store.pk}:{order['id']}", lease_seconds=60):
        assert run_sync_job(job.pk) == "deferred: object busy"
    job.refresh_from_db()
    with time_machine.travel(job.next_retry_at + timedelta(seconds=1)):
        assert run_sync_job(job.pk) == "succeeded"

    job.refresh_from_db()
    assert job.attempts == 1
    assert attempts_of(job) == [(1, "deferred", ""), (1, "succeeded", "")]
    deferred = JobAttempt.objects.filter(job=job, outcome="deferred").get()
    assert deferred.error == "another job is writing the same object"


def test_a_job_whose_worker_died_has_that_attempt_recorded_by_the_sweeper(
    mapped_store, sandboxes, webhooks, order, settings
):
    webhooks.send("orders/create", order, run=False)
    SyncJob.objects.update(status=SyncJob.Status.RUNNING, started_at=timezone.now(), attempts=1)

    with time_machine.travel(timezone.now() + settings.SWEEPER_STALE_AFTER + timedelta(1)):
        webhooks.queue.sweep()

    job = SyncJob.objects.get(flow="orders")
    assert attempts_of(job) == [(1, "retrying", ""), (2, "succeeded", "")]
    lost = JobAttempt.objects.get(job=job, number=1)
    assert "worker stopped" in lost.error


def test_an_attempt_that_cannot_be_written_leaves_the_job_succeeded_and_says_so(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes

    with refusing(JobAttempt, "INSERT"):
        webhooks.send("orders/create", order)

    job = SyncJob.objects.get(flow="orders")
    assert job.status == SyncJob.Status.SUCCEEDED
    assert job.result["netsuite_id"]
    assert len(netsuite.records("salesOrder")) == 1
    assert not JobAttempt.objects.filter(job=job).exists()
    (ticket,) = ExceptionTicket.objects.filter(ticket_type__code="job_error")
    assert "recording the attempt failed" in ticket.detail
