"""NetSuite can answer overload with a slow INVALID_LOGIN. A 401 that came slowly, or while
every one of our slots was taken, is tried once more before the account is paused; a quick
401 with slots free is a real credential failure and pauses the account at once."""

from contextlib import ExitStack

import pytest

from integrations.jobs import run_sync_job
from integrations.models import Connection, SyncJob
from integrations.netsuite import governor
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"
INVALID_LOGIN = {"status": 401, "code": "INVALID_LOGIN"}


@pytest.fixture
def job(mapped_store, sandboxes, webhooks):
    """An order job, stored and not yet run (nothing enqueued)."""
    webhooks.send("orders/create", load_fixture(ORDER), run=False)
    return SyncJob.objects.get()


@pytest.fixture
def slow(settings, netsuite_sandbox):
    """NetSuite takes 150 ms to answer; a 401 slower than 100 ms counts as slow."""
    settings.NETSUITE_SLOW_AUTH_SECONDS = 0.1
    netsuite_sandbox.configure(latency_ms=150)


def outcome(job, account):
    job.refresh_from_db()
    account.refresh_from_db()
    return job.status, account.health


def test_a_slow_401_then_success_does_not_pause_the_account(
    job, netsuite_account, netsuite_sandbox, slow
):
    netsuite_sandbox.configure(fail_next=[{**INVALID_LOGIN, "times": 1}])

    assert run_sync_job(job.pk) == "succeeded"

    assert outcome(job, netsuite_account) == (SyncJob.Status.SUCCEEDED,
                                              Connection.Health.HEALTHY)
    assert netsuite_sandbox.history[0][2] == 401
    assert len(netsuite_sandbox.records("salesOrder")) == 1


def test_a_401_while_every_slot_is_taken_then_success_does_not_pause_the_account(
    governor_backend, job, netsuite_account, netsuite_sandbox
):
    netsuite_sandbox.configure(fail_next=[{**INVALID_LOGIN, "times": 1}])
    with ExitStack() as others:
        # Other workers hold all but one of the account's slots: the job takes the last.
        for _ in range(netsuite_account.concurrency_limit - 1):
            others.enter_context(governor.slot(netsuite_account))
        assert governor.holders(netsuite_account) == netsuite_account.concurrency_limit - 1

        assert run_sync_job(job.pk) == "succeeded"

    assert outcome(job, netsuite_account) == (SyncJob.Status.SUCCEEDED,
                                              Connection.Health.HEALTHY)
    assert netsuite_sandbox.history[0][2] == 401


def test_a_quick_401_with_free_slots_pauses_the_account_at_once(
    governor_backend, job, netsuite_account, netsuite_sandbox
):
    netsuite_sandbox.configure(fail_next=[{**INVALID_LOGIN, "times": 1}])

    assert run_sync_job(job.pk) == "paused"

    assert outcome(job, netsuite_account) == (SyncJob.Status.PAUSED,
                                              Connection.Health.PAUSED)
    assert netsuite_sandbox.stats["requests"] == 1, "a real credential failure is not retried"


def test_a_slow_401_twice_pauses_the_account(job, netsuite_account, netsuite_sandbox, slow):
    netsuite_sandbox.configure(fail_next=[{**INVALID_LOGIN, "times": 5}])

    assert run_sync_job(job.pk) == "paused"

    assert outcome(job, netsuite_account) == (SyncJob.Status.PAUSED,
                                              Connection.Health.PAUSED)
    assert netsuite_sandbox.stats["statuses"] == {"401": 2}, "retried once, not more"


def test_the_retry_waits_the_configured_backoff(job, netsuite_account, netsuite_sandbox,
                                                settings):
    settings.NETSUITE_AUTH_RETRY_BACKOFF_SECONDS = 0.3
    netsuite_sandbox.configure(fail_next=[{**INVALID_LOGIN, "times": 1}])
    with ExitStack() as others:
        for _ in range(netsuite_account.concurrency_limit - 1):
            others.enter_context(governor.slot(netsuite_account))

        assert run_sync_job(job.pk) == "succeeded"

    job.refresh_from_db()
    # The sandbox answers at once: the job's time is the pause (1-2 x 0.3 s) before the retry.
    assert job.duration_ms >= 300
