"""A NetSuite account's capabilities, read from the (sandbox) account by the
account_capabilities flow and kept on its connection: SuiteTax or legacy, currencies, the
payment field, the company time zone; what happens when they cannot be read."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from exceptions.catalogue import NETSUITE_CAPABILITIES
from exceptions.models import ExceptionTicket
from integrations.account_capabilities import capabilities_for, refresh_capabilities
from integrations.errors import ParkJob
from integrations.models import Connection, SyncJob
from integrations.runs import start_run
from tests.conftest import NETSUITE_RESTLET_URL

pytestmark = pytest.mark.django_db

FLOW = "account_capabilities"


@pytest.fixture
def account(netsuite_account):
    netsuite_account.time_zone = "America/New_York"
    netsuite_account.save()
    return netsuite_account


def read_now(account, queue) -> SyncJob:
    """Press "Read account capabilities now": the run goes through the queue and a worker."""
    with queue.committed():
        job, _ = start_run(FLOW, account)
    queue.run()
    job.refresh_from_db()
    account.refresh_from_db()
    return job


def tickets(account):
    return ExceptionTicket.objects.filter(ticket_type__code=NETSUITE_CAPABILITIES, store=account)


def test_a_suitetax_account_with_currencies_and_payment_instruments(netsuite_sandbox, account,
                                                                    queue):
    netsuite_sandbox.set_subsidiaries({"1": {"name": "Honeycomb US", "currency": "1",
                                             "country": "US"}})

    job = read_now(account, queue)

    assert job.status == SyncJob.Status.SUCCEEDED
    caps = account.account_capabilities
    assert (caps.tax_mode, caps.multi_currency, caps.payment_field) == (
        "suitetax", True, "paymentOption")
    assert (caps.time_zone, caps.time_zone_source) == ("America/New_York", "connection")
    assert caps.subsidiary("1").country == "US"
    assert caps.features == {"TAX_OVERHAULING": True, "MULTICURRENCY": True,
                             "SUBSIDIARIES": True}
    assert not caps.writes_tax_through_restlet
    assert account.capabilities_read_at is not None and account.capabilities_error == ""
    assert job.result["capabilities"] == account.capabilities


def test_a_legacy_account_reports_its_time_zone_through_the_restlet(netsuite_sandbox, account,
                                                                    queue):
    netsuite_sandbox.configure(tax_mode="legacy", time_zone="America/Los_Angeles")
    Connection.objects.filter(pk=account.pk).update(restlet_url=NETSUITE_RESTLET_URL)

    job = read_now(account, queue)

    assert job.status == SyncJob.Status.SUCCEEDED
    caps = account.account_capabilities
    assert caps.tax_mode == "legacy" and caps.writes_tax_through_restlet
    # The RESTlet's answer wins over the zone typed on the connection.
    assert (caps.time_zone, caps.time_zone_source, caps.restlet_version) == (
        "America/Los_Angeles", "restlet", "1")
    assert ("GET", "/app/site/hosting/restlet.nl", 200) in netsuite_sandbox.history


def test_an_account_whose_sales_order_offers_payment_method(netsuite_sandbox, account, queue):
    netsuite_sandbox.configure(payment_field="paymentMethod")

    read_now(account, queue)

    assert account.account_capabilities.payment_field == "paymentMethod"


def test_a_single_currency_account_without_subsidiaries(netsuite_sandbox, account, queue):
    netsuite_sandbox.configure(multi_currency=False, oneworld=False)

    read_now(account, queue)

    caps = account.account_capabilities
    assert (caps.multi_currency, caps.subsidiaries) == (False, ())
    assert caps.features["SUBSIDIARIES"] is False
    queries = [path for method, path, _ in netsuite_sandbox.history if "suiteql" in path]
    assert len(queries) == 1  # no subsidiary to ask about


def test_without_a_time_zone_the_read_parks_on_an_integration_admin_ticket(
    netsuite_sandbox, account, queue, admin_client
):
    Connection.objects.filter(pk=account.pk).update(time_zone="")

    job = read_now(account, queue)

    assert (job.status, job.error_class) == (SyncJob.Status.PARKED, SyncJob.ErrorClass.DATA)
    (ticket,) = tickets(account)
    assert (ticket.team, ticket.severity, ticket.status) == ("integration_admin", "high", "open")
    assert ticket.ticket_type.title == "NetSuite account capabilities unreadable"
    assert "time zone is unknown" in ticket.detail
    assert list(ticket.jobs.all()) == [job]
    assert account.account_capabilities is None
    assert "time zone is unknown" in account.capabilities_error
    page = admin_client.get(reverse("admin:integrations_connection_change", args=[account.pk]))
    assert "last read failed" in page.text
    assert "time zone is unknown" in page.text


def test_a_role_without_the_permission_parks_the_read_with_netsuites_answer(
    netsuite_sandbox, account, queue
):
    netsuite_sandbox.configure(fail_next=[{
        "status": 403, "code": "INSUFFICIENT_PERMISSION", "path_contains": "metadata-catalog",
        "detail": "Permission Violation: You need the REST Web Services permission.",
    }])

    job = read_now(account, queue)

    assert job.status == SyncJob.Status.PARKED
    (ticket,) = tickets(account)
    assert "INSUFFICIENT_PERMISSION" in ticket.detail
    assert "INSUFFICIENT_PERMISSION" in account.capabilities_error
    assert "REST Web Services" in ticket.ticket_type.guidance


def test_a_later_good_read_resolves_the_ticket_by_itself(netsuite_sandbox, account, queue):
    Connection.objects.filter(pk=account.pk).update(time_zone="")
    failed = read_now(account, queue)
    (ticket,) = tickets(account)

    Connection.objects.filter(pk=account.pk).update(time_zone="America/Chicago")
    job = read_now(account, queue)

    ticket.refresh_from_db()
    failed.refresh_from_db()
    assert job.status == SyncJob.Status.SUCCEEDED
    assert ticket.status == ExceptionTicket.Status.RESOLVED
    assert ticket.resolution_note.startswith("Resolved by itself")
    assert failed.status == SyncJob.Status.SKIPPED  # superseded, no longer waiting
    assert account.capabilities_error == ""
    assert account.account_capabilities.time_zone == "America/Chicago"


def test_jobs_of_the_accounts_stores_that_waited_go_back_to_the_queue(
    netsuite_sandbox, account, store, django_capture_on_commit_callbacks
):
    from exceptions.tickets import open_or_bump
    from integrations.account_capabilities import unreadable_problem

    waiting = SyncJob.objects.create(
        flow="orders", idempotency_key="order:demo:1:1", connection=store, object_id="1",
        object_label="order #1001", status=SyncJob.Status.PARKED,
    )
    open_or_bump(unreadable_problem(account, "No time zone."), store=store, job=waiting)

    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        refresh_capabilities(account)

    waiting.refresh_from_db()
    assert waiting.status == SyncJob.Status.PENDING
    assert len(enqueued) == 1
    (ticket,) = ExceptionTicket.objects.filter(ticket_type__code=NETSUITE_CAPABILITIES)
    assert ticket.status == ExceptionTicket.Status.RESOLVED
    assert "1 waiting job(s) queued again" in ticket.resolution_note


def test_a_busy_account_retries_the_read_without_a_ticket(netsuite_sandbox, account, queue):
    netsuite_sandbox.configure(fail_next=[{"status": 503, "times": 3}])

    job = read_now(account, queue)

    assert (job.status, job.error_class) == (SyncJob.Status.RETRYING,
                                             SyncJob.ErrorClass.TRANSIENT)
    assert not tickets(account).exists()
    assert "503" in account.capabilities_error


def test_rejected_credentials_pause_the_account(netsuite_sandbox, account, queue):
    netsuite_sandbox.configure(token_revoked=True)

    job = read_now(account, queue)

    assert job.status == SyncJob.Status.PAUSED
    assert account.health == Connection.Health.PAUSED
    assert not tickets(account).exists()


def test_capabilities_for_uses_what_is_stored_and_reads_only_when_nothing_is(
    netsuite_sandbox, account
):
    first = capabilities_for(account)
    asked = netsuite_sandbox.stats["requests"]

    again = capabilities_for(Connection.objects.get(pk=account.pk))

    assert again == first
    assert netsuite_sandbox.stats["requests"] == asked


def test_capabilities_for_parks_the_caller_when_they_cannot_be_read(netsuite_sandbox, account):
    account.time_zone = ""

    with pytest.raises(ParkJob) as caught:
        capabilities_for(account)

    (problem,) = caught.value.problems
    assert (problem.code, problem.key) == (NETSUITE_CAPABILITIES, f"connection-{account.pk}")
    assert "time zone is unknown" in problem.message


def test_the_sweeper_reads_each_active_account_once_a_day(netsuite_sandbox, account, store,
                                                          queue):
    inactive = Connection.objects.create(name="Old account", kind="netsuite",
                                         account_id="999", base_url="https://999.example",
                                         is_active=False)

    queue.sweep()
    queue.sweep()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        queue.sweep()

    runs = SyncJob.objects.filter(flow=FLOW)
    assert [job.connection for job in runs] == [account, account]
    assert {job.status for job in runs} == {SyncJob.Status.SUCCEEDED}
    assert not runs.filter(connection=inactive).exists()
