"""Whatever goes wrong while a job's outcome is written down, the job ends in the state it
earned, with a ticket that says what went wrong or, when no ticket can be written, with the
reason on the job row. A job is never left "running" for the sweeper to run again.

The failures are real: rows missing from the database, or the database refusing a write
(tests.db_refusal installs a trigger that raises)."""

import logging

import pytest

from exceptions import catalogue
from exceptions.actions import requeue_jobs
from exceptions.models import ExceptionTicket, TicketType
from integrations.jobs import run_sync_job
from integrations.models import Connection, SyncJob
from mappings.models import ItemMapping
from tests.conftest import load_fixture
from tests.db_refusal import MESSAGE, refusing

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"
SKU = "IPOD2008BLACK"


@pytest.fixture
def order():
    return load_fixture(ORDER)


@pytest.fixture
def unknown_sku(mapped_store):
    ItemMapping.objects.filter(sku=SKU).delete()


def the_job() -> SyncJob:
    return SyncJob.objects.get()


def tickets(code: str):
    return list(ExceptionTicket.objects.filter(ticket_type__code=code))


def without(code: str):
    return [d for d in catalogue.DEFAULT_TYPES if d.code != code]


# A ticket type missing from the database --------------------------------------------------


def test_a_ticket_type_missing_from_the_database_is_restored_from_the_catalogue(
    unknown_sku, sandboxes, webhooks, order
):
    TicketType.objects.filter(code=catalogue.UNKNOWN_SKU).delete()

    webhooks.send("orders/create", order)

    assert the_job().status == SyncJob.Status.PARKED
    (ticket,) = tickets(catalogue.UNKNOWN_SKU)
    assert ticket.team == "ops"
    assert SKU in ticket.title


def test_a_type_the_catalogue_no_longer_knows_opens_an_unexpected_error_ticket(
    unknown_sku, sandboxes, webhooks, order, monkeypatch
):
    monkeypatch.setattr(catalogue, "DEFAULT_TYPES", without(catalogue.UNKNOWN_SKU))
    TicketType.objects.filter(code=catalogue.UNKNOWN_SKU).delete()

    webhooks.send("orders/create", order)

    job = the_job()
    assert (job.status, job.error_class) == (SyncJob.Status.PARKED, SyncJob.ErrorClass.DATA)
    (ticket,) = tickets(catalogue.JOB_ERROR)
    assert SKU in ticket.title
    assert list(ticket.jobs.all()) == [job]


def test_with_no_ticket_type_anywhere_the_job_row_says_why(
    unknown_sku, sandboxes, webhooks, order, monkeypatch
):
    monkeypatch.setattr(catalogue, "DEFAULT_TYPES", [])
    TicketType.objects.all().delete()

    webhooks.send("orders/create", order)

    job = the_job()
    assert (job.status, job.error_class) == (SyncJob.Status.PARKED, SyncJob.ErrorClass.BUG)
    assert "The ticket could not be opened" in job.last_error
    assert "neither ticket type 'unknown_sku' nor 'job_error' exists" in job.last_error
    assert SKU in job.last_error, "the original problem is still on the row"
    assert not ExceptionTicket.objects.exists()


# The database refusing a write ------------------------------------------------------------


def test_when_no_ticket_can_be_written_the_job_is_parked_and_says_why(
    unknown_sku, sandboxes, webhooks, order, caplog
):
    with refusing(ExceptionTicket, "INSERT"), caplog.at_level(logging.ERROR):
        webhooks.send("orders/create", order)

    job = the_job()
    assert (job.status, job.error_class) == (SyncJob.Status.PARKED, SyncJob.ErrorClass.BUG)
    assert job.finished_at is not None
    assert "The ticket could not be opened" in job.last_error
    assert MESSAGE in job.last_error
    assert not ExceptionTicket.objects.exists()
    logged = [r for r in caplog.records if r.name == "integrations.outcomes"]
    assert logged and all(r.exc_info for r in logged), "each failure is logged with its trace"


def test_a_result_that_cannot_be_saved_still_ends_the_job_succeeded(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes

    with refusing(SyncJob, "UPDATE", when="NEW.result <> OLD.result"):
        webhooks.send("orders/create", order)

    job = the_job()
    assert job.status == SyncJob.Status.SUCCEEDED
    assert job.result == {}
    assert "recording the outcome failed" in job.last_error
    assert len(netsuite.records("salesOrder")) == 1
    (ticket,) = tickets(catalogue.JOB_ERROR)
    assert ticket.team == "integration_admin"
    assert "ended succeeded, but recording the outcome failed" in ticket.detail


def test_a_pause_the_database_refuses_still_ends_the_job_paused_with_a_ticket(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    netsuite.configure(token_revoked=True)

    with refusing(Connection, "UPDATE", when="NEW.health = 'paused'"):
        webhooks.send("orders/create", order)

    assert the_job().status == SyncJob.Status.PAUSED
    (ticket,) = tickets(catalogue.JOB_ERROR)
    assert f"pausing {netsuite_account} failed" in ticket.detail


def test_an_auth_ticket_that_cannot_be_opened_leaves_the_account_paused(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    netsuite.configure(token_revoked=True)
    auth_type = TicketType.objects.get(code=catalogue.CONNECTION_AUTH)

    with refusing(ExceptionTicket, "INSERT", when=f"NEW.ticket_type_id = {auth_type.pk}"):
        webhooks.send("orders/create", order)

    assert the_job().status == SyncJob.Status.PAUSED
    netsuite_account.refresh_from_db()
    assert netsuite_account.health == Connection.Health.PAUSED
    assert tickets(catalogue.CONNECTION_AUTH) == []
    (ticket,) = tickets(catalogue.JOB_ERROR)
    assert f"pausing {netsuite_account} failed" in ticket.detail


def test_a_degraded_mark_the_database_refuses_still_schedules_the_retry(
    mapped_store, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    netsuite.configure(fail_next=[{"status": 503, "times": 1}])

    with refusing(Connection, "UPDATE", when="NEW.health = 'degraded'"):
        webhooks.send("orders/create", order)

    job = the_job()
    assert job.status == SyncJob.Status.RETRYING
    assert job.next_retry_at is not None
    assert job.error_class == SyncJob.ErrorClass.TRANSIENT
    (ticket,) = tickets(catalogue.JOB_ERROR)
    assert "degraded failed" in ticket.detail


def test_tickets_that_cannot_be_closed_leave_the_job_succeeded(
    unknown_sku, mapped_store, sandboxes, webhooks, order, django_capture_on_commit_callbacks
):
    netsuite, _ = sandboxes
    webhooks.send("orders/create", order)
    (parked_on,) = tickets(catalogue.UNKNOWN_SKU)
    ItemMapping.objects.create(store=mapped_store, sku=SKU, netsuite_item_id="103",
                               shopify_product_id="632910392")
    with django_capture_on_commit_callbacks(execute=False):
        requeue_jobs(SyncJob.objects.all())

    with refusing(ExceptionTicket, "UPDATE", when="NEW.status = 'resolved'"):
        assert run_sync_job(the_job().pk) == "succeeded"

    job = the_job()
    assert job.status == SyncJob.Status.SUCCEEDED
    assert job.result["netsuite_id"]
    assert len(netsuite.records("salesOrder")) == 1
    parked_on.refresh_from_db()
    assert parked_on.is_open
    (ticket,) = tickets(catalogue.JOB_ERROR)
    assert "closing the tickets the job cleared failed" in ticket.detail
