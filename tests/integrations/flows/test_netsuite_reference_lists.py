"""The NetSuite reference lists flow: every list of an account read through the sandbox and
kept; a refresh marks what vanished or was inactivated; every six hours and on demand."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from exceptions.models import ExceptionTicket
from integrations.flows.netsuite_references.lists import rate_of
from integrations.models import SyncJob
from integrations.runs import start_due_runs, start_run
from mappings.reference_models import NetSuiteRecord, ReferenceList
from mappings.references import Kind

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 27, 12, 0, 30, tzinfo=UTC)


@pytest.fixture
def account_records(netsuite_sandbox):
    """A small account: a few of every list."""
    sandbox = netsuite_sandbox
    sandbox.register_known("item", {
        "211": {"name": "iPod Nano 8GB green", "itemid": "IPOD2008GREEN"},
        "301": {"name": "Shipping", "itemtype": "OthCharge"},
        "5": {"name": "Old charger", "isinactive": True},
    })
    sandbox.register_known("location", {"1": "Main warehouse", "2": "Flagship store"})
    sandbox.set_subsidiaries({"1": {"name": "Demo Inc. (US)", "currency": "1", "country": "US"}})
    sandbox.register_known("taxCode", {"401": {"name": "State Tax", "taxtype": "1"}})
    sandbox.set_tax_rates({"401": "0.06"})
    sandbox.register_known("term", {"2": "Net 30"})
    sandbox.register_known("priceLevel", {"3": "Wholesale"})
    sandbox.register_known("customer", {"502": "Norman Hardware Supply"})
    sandbox.register_known("account", {"120": {"name": "Undeposited Funds", "acctnumber": "1200",
                                               "accttype": "OthCurrAsset"}})
    sandbox.register_known("paymentMethod", {"9": "Shopify Payments"})
    sandbox.register_known("currency", {"1": {"name": "US Dollar", "symbol": "USD"}})
    return sandbox


def read_now(account, queue) -> SyncJob:
    with queue.committed():
        job, _ = start_run("netsuite_references", account)
    queue.run()
    job.refresh_from_db()
    return job


def listed(account, kind) -> dict[str, NetSuiteRecord]:
    return {r.internal_id: r for r in NetSuiteRecord.objects.filter(connection=account,
                                                                    kind=kind)}


def test_a_read_keeps_every_list_with_names_codes_and_details(
        netsuite_account, account_records, queue):
    job = read_now(netsuite_account, queue)

    assert job.status == SyncJob.Status.SUCCEEDED, job.last_error
    items = listed(netsuite_account, Kind.ITEM)
    assert (items["211"].name, items["211"].code) == ("iPod Nano 8GB green", "IPOD2008GREEN")
    assert items["301"].details == {"item_type": "OthCharge"}
    assert items["5"].is_inactive
    tax = listed(netsuite_account, Kind.TAX_CODE)
    assert tax["401"].details == {"rate": "0.06", "tax_type": "1"}
    assert "-7" in tax  # NetSuite's -Not Taxable- code
    assert listed(netsuite_account, Kind.SUBSIDIARY)["1"].details == {
        "currency": "1", "country": "US"}
    assert listed(netsuite_account, Kind.ACCOUNT)["120"].code == "1200"
    assert listed(netsuite_account, Kind.CURRENCY)["1"].code == "USD"
    assert set(listed(netsuite_account, Kind.CUSTOMER)) == {"502"}
    lists = {r.kind: r for r in ReferenceList.objects.filter(connection=netsuite_account)}
    assert set(lists) == set(Kind)
    assert (lists[Kind.ITEM].records, lists[Kind.ITEM].inactive) == (3, 1)
    assert all(r.read_at is not None and not r.error for r in lists.values())
    assert job.result[Kind.ITEM] == {"records": 3, "inactive": 1, "newly_gone": 0,
                                     "skipped": 0}


def test_a_refresh_marks_what_vanished_or_was_inactivated_and_deletes_nothing(
        netsuite_account, account_records, queue):
    read_now(netsuite_account, queue)
    first_read = ReferenceList.objects.get(connection=netsuite_account, kind=Kind.ITEM).read_at
    account_records.forget_known("item", ["301"])
    account_records.register_known("location", {"2": {"name": "Flagship store",
                                                      "isinactive": True}})

    job = read_now(netsuite_account, queue)

    assert job.status == SyncJob.Status.SUCCEEDED
    shipping = NetSuiteRecord.objects.get(connection=netsuite_account, kind=Kind.ITEM,
                                          internal_id="301")
    assert shipping.gone_at is not None and shipping.read_at < shipping.gone_at
    assert shipping.picked().status == "no longer in NetSuite"
    assert listed(netsuite_account, Kind.LOCATION)["2"].is_inactive
    items = ReferenceList.objects.get(connection=netsuite_account, kind=Kind.ITEM)
    assert (items.records, items.gone) == (2, 1) and items.read_at > first_read
    assert job.result[Kind.ITEM]["newly_gone"] == 1

    account_records.register_known("item", {"301": "Shipping"})
    read_now(netsuite_account, queue)
    assert listed(netsuite_account, Kind.ITEM)["301"].gone_at is None


def test_lists_are_read_every_six_hours_per_account(netsuite_account, account_records, queue):
    runs = SyncJob.objects.filter(flow="netsuite_references", connection=netsuite_account)
    with queue.committed():
        start_due_runs(NOON)
        start_due_runs(NOON + timedelta(hours=1))
    queue.run()

    assert runs.get().status == SyncJob.Status.SUCCEEDED
    assert NetSuiteRecord.objects.filter(connection=netsuite_account).exists()

    with queue.committed():
        start_due_runs(NOON + timedelta(hours=6))
    queue.run()
    assert runs.count() == 2


def test_a_read_on_demand_from_the_command(netsuite_account, account_records, queue):
    out = StringIO()
    with queue.committed():
        call_command("runflow", "netsuite_references", netsuite_account.account_id, stdout=out)
    queue.run()

    assert "NetSuite reference lists: NetSuite sandbox" in out.getvalue()
    assert SyncJob.objects.get(flow="netsuite_references").status == SyncJob.Status.SUCCEEDED
    assert listed(netsuite_account, Kind.TERM)["2"].name == "Net 30"


def test_a_list_netsuite_refuses_leaves_the_others_read_and_opens_a_ticket(
        netsuite_account, account_records, queue):
    account_records.configure(fail_next=[{
        "status": 400, "code": "INVALID_PARAMETER", "path_contains": "suiteql",
        "detail": "Invalid search query. Search error occurred: Record 'item' was not found."}])

    job = read_now(netsuite_account, queue)

    assert job.status == SyncJob.Status.PARKED
    items = ReferenceList.objects.get(connection=netsuite_account, kind=Kind.ITEM)
    assert items.read_at is None and "Record 'item' was not found" in items.error
    assert listed(netsuite_account, Kind.LOCATION)  # the other lists were read
    assert not listed(netsuite_account, Kind.ITEM)
    ticket = ExceptionTicket.objects.get()
    assert ticket.team == "integration_admin"
    assert "refused reading 1 reference list(s)" in ticket.detail


@pytest.mark.parametrize(("text", "rate"), [
    ("7.25%", Decimal("0.0725")), ("6.00%", Decimal("0.06")), ("8.5", Decimal("0.085")),
    ("", None), ("n/a", None), (None, None),
])
def test_rates_are_read_from_netsuite_percentages(text, rate):
    assert rate_of(text) == rate
