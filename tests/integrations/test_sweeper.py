"""Nothing accepted is lost: the sweeper finishes what a lost enqueue or a dead worker left."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from integrations.models import SyncJob, WebhookEvent
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def order():
    return load_fixture(ORDER)


def later(settings):
    return time_machine.travel(timezone.now() + settings.SWEEPER_STALE_AFTER + timedelta(1))


def test_a_job_whose_enqueue_was_lost_is_run_by_the_sweeper(
    mapped_store, sandboxes, webhooks, order, settings
):
    netsuite, _ = sandboxes
    # run=False: the commit's enqueue never happens, as when the web process dies right after.
    webhooks.send("orders/create", order, run=False)
    job = SyncJob.objects.get()
    assert job.status == SyncJob.Status.PENDING

    with later(settings):
        report = webhooks.queue.sweep()

    assert report.jobs_requeued == 1
    job.refresh_from_db()
    assert job.status == SyncJob.Status.SUCCEEDED
    assert len(netsuite.records("salesOrder")) == 1


def test_an_event_stored_without_its_job_is_dispatched_again(
    mapped_store, sandboxes, webhooks, order, settings
):
    netsuite, _ = sandboxes
    webhooks.send("orders/create", order, run=False)
    SyncJob.objects.all().delete()  # as if the process died between the two writes
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.RECEIVED

    with later(settings):
        report = webhooks.queue.sweep()

    assert report.events_redispatched == 1
    assert SyncJob.objects.get(flow="orders").status == SyncJob.Status.SUCCEEDED
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED
    assert len(netsuite.records("salesOrder")) == 1


def test_a_job_left_running_by_a_killed_worker_is_rescued_and_written_once(
    mapped_store, sandboxes, webhooks, order, settings
):
    netsuite, _ = sandboxes
    webhooks.send("orders/create", order, run=False)
    SyncJob.objects.update(status=SyncJob.Status.RUNNING, started_at=timezone.now(), attempts=1)

    with later(settings):
        report = webhooks.queue.sweep()

    assert report.jobs_rescued == 1
    job = SyncJob.objects.get(flow="orders")
    assert job.status == SyncJob.Status.SUCCEEDED
    assert job.attempts == 2
    assert len(netsuite.records("salesOrder")) == 1


def test_a_job_running_now_is_left_alone(mapped_store, sandboxes, webhooks, order):
    webhooks.send("orders/create", order, run=False)
    SyncJob.objects.update(status=SyncJob.Status.RUNNING, started_at=timezone.now())

    report = webhooks.queue.sweep()

    assert report.jobs_rescued == 0
    assert SyncJob.objects.get(flow="orders").status == SyncJob.Status.RUNNING


def test_the_sweep_command_reports_what_it_did(db, capsys):
    from django.core.management import call_command

    call_command("sweep")

    assert "0 event(s) re-dispatched" in capsys.readouterr().out


def test_credentials_about_to_expire_open_one_ticket_until_renewed(store, queue, settings):
    store.credentials_expire_at = timezone.now() + timedelta(days=3)
    store.save()

    queue.sweep()
    queue.sweep()

    from exceptions.models import ExceptionTicket

    (ticket,) = ExceptionTicket.objects.filter(ticket_type__code="credentials_expiring")
    assert (ticket.team, ticket.occurrences, ticket.status) == ("integration_admin", 1, "open")
    assert "expire on" in ticket.title

    store.credentials_expire_at = timezone.now() + timedelta(days=90)
    store.save()
    queue.sweep()

    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.RESOLVED
