"""What starts a flow: webhook topics, schedules, cursors and runs on demand, treated alike."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from integrations import flows as registry
from integrations.cursors import advance_cursor, read_cursor
from integrations.flows import Flow, cursor, flow_for_topic, on_demand, schedule
from integrations.models import SyncJob
from integrations.runs import start_due_runs, start_run

pytestmark = pytest.mark.django_db

POLLED = []


def poll_fulfilments(job):
    """A polling flow as a later one will be: read from the cursor, advance it."""
    since = read_cursor(job.connection, "test_poll", "fulfilments")
    POLLED.append(since)
    advance_cursor(job.connection, "test_poll", "fulfilments", f"{since}+")
    return {"read_from": since}


@pytest.fixture
def polling_flow(monkeypatch):
    flow = Flow(name="test_poll", label="Test poll", connection_kind="netsuite",
                triggers=(cursor("fulfilments", timedelta(minutes=5)), on_demand()),
                run=poll_fulfilments)
    monkeypatch.setattr(registry, "_registry", {flow.name: flow})  # alone: counts are its own
    POLLED.clear()
    return flow


def test_webhook_topics_name_the_flow_they_start():
    assert flow_for_topic("orders/create").name == "orders"
    assert flow_for_topic("orders/updated").name == "orders"
    assert flow_for_topic("products/update") is None


def test_triggers_describe_themselves_in_words():
    assert str(schedule(timedelta(days=1))) == "scheduled every 1 day"
    assert str(cursor("fulfilments", timedelta(minutes=5))) == (
        "cursor fulfilments, polled every 5 minutes")
    assert str(on_demand()) == "on demand"


def test_a_scheduled_flow_runs_once_per_period_per_connection(polling_flow, netsuite_account,
                                                              queue):
    noon = datetime(2026, 11, 27, 12, 0, 30, tzinfo=UTC)
    with queue.committed():
        first = start_due_runs(noon)
        again = start_due_runs(noon + timedelta(seconds=20))
    queue.run()

    assert (first, again) == (1, 0)
    job = SyncJob.objects.get(flow="test_poll")
    assert job.status == SyncJob.Status.SUCCEEDED
    assert job.result == {"read_from": ""}

    with queue.committed():
        assert start_due_runs(noon + timedelta(minutes=5)) == 1
    queue.run()
    assert POLLED == ["", "+"]  # the second poll resumed where the first stopped
    assert read_cursor(netsuite_account, "test_poll", "fulfilments") == "++"


def test_inactive_connections_are_not_scheduled(polling_flow, netsuite_account, queue):
    netsuite_account.is_active = False
    netsuite_account.save()
    with queue.committed():
        assert start_due_runs() == 0


def test_a_run_on_demand_from_the_command(polling_flow, netsuite_account, queue):
    out = StringIO()
    with queue.committed():
        call_command("runflow", "test_poll", netsuite_account.account_id, stdout=out)
    queue.run()

    assert "started: sync job #" in out.getvalue()
    assert SyncJob.objects.get(flow="test_poll").status == SyncJob.Status.SUCCEEDED


def test_a_flow_refuses_a_connection_of_the_other_kind(polling_flow, store):
    with pytest.raises(ValueError, match="runs for netsuite connections"):
        start_run("test_poll", store)
    with pytest.raises(CommandError, match="runs for netsuite connections"):
        call_command("runflow", "test_poll", store.shop_domain)


def test_the_command_names_a_connection_it_cannot_tell_apart(polling_flow, netsuite_account):
    with pytest.raises(CommandError, match="0 connections match"):
        call_command("runflow", "test_poll", "no-such-account")


def test_the_sweeper_starts_the_scheduled_runs(polling_flow, netsuite_account, queue):
    report = queue.sweep()
    assert report.runs_started == 1
    assert "1 scheduled run(s) started" in str(report)
    assert POLLED == [""]
