"""The job runner's guarantees: one run at a time per object, bounded retries, no reruns."""

from datetime import timedelta

import pytest
import time_machine

from exceptions.models import ExceptionTicket
from integrations import object_lock
from integrations.jobs import run_sync_job
from integrations.models import SyncJob
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def order():
    return load_fixture(ORDER)


def test_a_finished_job_is_not_run_again(mapped_store, sandboxes, webhooks, order):
    netsuite, _ = sandboxes
    webhooks.send("orders/create", order)
    requests = netsuite.stats["requests"]

    outcome = run_sync_job(SyncJob.objects.get().pk)

    assert outcome.startswith("not runnable")
    assert netsuite.stats["requests"] == requests


def test_a_job_waits_while_another_job_writes_the_same_order(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    newer = {**order, "updated_at": "2008-01-10T12:00:00-05:00"}
    webhooks.send("orders/create", order, run=False)
    webhooks.send("orders/updated", newer, run=False)
    _, second = SyncJob.objects.order_by("pk")
    key = f"orders:{mapped_store.pk}:{order['id']}"

    with object_lock.held(key, lease_seconds=60) as held_by_first:  # another worker's run
        assert held_by_first
        outcome = run_sync_job(second.pk)

    second.refresh_from_db()
    assert outcome == "deferred: object busy"
    assert second.status == SyncJob.Status.RETRYING
    assert second.attempts == 0, "waiting for another job is not an attempt"
    assert netsuite.records("salesOrder") == []

    with time_machine.travel(second.next_retry_at + timedelta(seconds=1)):
        assert run_sync_job(second.pk) == "succeeded"
    assert len(netsuite.records("salesOrder")) == 1


def test_retries_stop_after_the_limit_with_a_ticket_for_the_integration_admin(
    mapped_store, sandboxes, webhooks, order, settings
):
    netsuite, _ = sandboxes
    settings.SYNC_MAX_ATTEMPTS = 2
    netsuite.configure(fail_next=[{"status": 503, "times": 10}])

    webhooks.send("orders/create", order)
    job = SyncJob.objects.get()
    with time_machine.travel(job.next_retry_at + timedelta(seconds=1)):
        webhooks.queue.sweep()

    job.refresh_from_db()
    assert job.status == SyncJob.Status.FAILED
    assert job.attempts == 2
    (ticket,) = ExceptionTicket.objects.all()
    assert ticket.ticket_type.code == "retries_exhausted"
    assert ticket.team == "integration_admin"
    assert list(ticket.jobs.all()) == [job]
