"""The governor keeps our requests in flight at or under the account's share, across threads
(and, with Redis, across processes), against a sandbox on a real port."""

import os
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings

from integrations.errors import TransientError
from integrations.netsuite import governor
from integrations.netsuite.client import NetSuiteClient
from integrations.sandbox.netsuite import NetSuiteSandbox

from .conftest import CREDENTIALS, make_connection


def run_parallel(connection, calls: int, threads: int) -> list:
    """`calls` reads, each through its own client, from `threads` threads at once; each
    result is the record read (None: not found) or the error raised."""
    start = threading.Barrier(threads)

    def one(n: int):
        if n < threads:
            start.wait()
        try:
            with NetSuiteClient(connection, backoff_seconds=0.05) as client:
                return client.get_by_external_id("customer", f"shopify-customer-{n}")
        except TransientError as error:
            return error

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, range(calls)))


@pytest.fixture
def account():
    """A fresh account id per test, so no two tests share slots; Redis keys cleaned after."""
    account_id = f"{uuid.uuid4().int % 10**6}_SB1"
    yield account_id
    if django_settings.REDIS_URL:
        governor.redis_client().delete(governor.KEY_PREFIX + account_id)


@pytest.fixture
def served(account):
    """That account's sandbox on a local port."""
    sandbox = NetSuiteSandbox(account_id=account, credentials=CREDENTIALS)
    with sandbox.serve("127.0.0.1", 0) as server:
        sandbox.url = server.url
        yield sandbox


def test_never_more_than_our_share_in_flight(governor_backend, served, account):
    # The account allows 5; our share is 3. Every request takes 100 ms at the sandbox.
    served.configure(latency_ms=100, concurrency_limit=5)
    connection = make_connection(served.url, account_id=account, concurrency_limit=3)

    results = run_parallel(connection, calls=18, threads=12)

    assert results == [None] * 18
    # Never above our share; the share is actually used (not one request at a time).
    assert 2 <= served.stats["peak_in_flight"] <= 3
    assert served.stats["refused_concurrency"] == 0


def test_a_share_equal_to_the_pool_is_never_refused(governor_backend, served, account):
    served.configure(latency_ms=50, concurrency_limit=2)
    connection = make_connection(served.url, account_id=account, concurrency_limit=2)

    results = run_parallel(connection, calls=12, threads=8)

    assert results == [None] * 12
    assert 1 <= served.stats["peak_in_flight"] <= 2
    assert served.stats["refused_concurrency"] == 0


def test_a_share_above_the_pool_overflows_it(served, account):
    # The same load with a share larger than the pool: the sandbox refuses the excess with
    # 429, which shows the tests above measure something real.
    served.configure(latency_ms=100, concurrency_limit=2)
    connection = make_connection(served.url, account_id=account, concurrency_limit=10)

    run_parallel(connection, calls=10, threads=10)

    assert served.stats["refused_concurrency"] > 0


def test_waiting_too_long_for_a_slot_is_transient(governor_backend, account):
    connection = make_connection(account_id=account, concurrency_limit=1)

    with governor.slot(connection):
        started = time.monotonic()
        with pytest.raises(TransientError, match="no NetSuite concurrency slot free"), \
                governor.slot(connection, wait_seconds=0.2):
            pass
        assert time.monotonic() - started >= 0.2

    with governor.slot(connection, wait_seconds=0.2):
        pass  # released on exit


def test_each_holder_learns_how_many_slots_were_taken_with_its_own(governor_backend, account):
    connection = make_connection(account_id=account, concurrency_limit=3)

    with governor.slot(connection) as first, governor.slot(connection) as second:
        assert (first, second) == (1, 2)
        assert governor.holders(connection) == 2
        with governor.slot(connection) as last:
            assert last == governor.limit_for(connection), "ours was the last free slot"
    assert governor.holders(connection) == 0


def test_a_killed_workers_slot_expires_with_its_lease(redis_governor, account):
    connection = make_connection(account_id=account, concurrency_limit=2)
    client = governor.redis_client()
    server_ms = int(client.time()[0]) * 1000
    # Two holders that took their slots 10 minutes ago and never came back.
    client.zadd(governor.KEY_PREFIX + account, {"dead-1": server_ms - 600_000,
                                                "dead-2": server_ms - 600_000})

    with governor.slot(connection, wait_seconds=0.5, lease_seconds=60):
        assert governor.holders(connection) == 1
    assert governor.holders(connection) == 0


def test_live_holders_are_not_expired(redis_governor, account):
    connection = make_connection(account_id=account, concurrency_limit=1)

    with governor.slot(connection, lease_seconds=60), pytest.raises(TransientError), \
            governor.slot(connection, wait_seconds=0.2, lease_seconds=60):
        pass


HOLD_A_SLOT = """
import sys, time, django
django.setup()
from integrations.models import Connection
from integrations.netsuite import governor
connection = Connection(account_id=sys.argv[1], concurrency_limit=1)
with governor.slot(connection, wait_seconds=5):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_slots_are_shared_with_other_processes(redis_governor, account):
    connection = make_connection(account_id=account, concurrency_limit=1)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
           "REDIS_URL": redis_governor, "PYTHONPATH": str(django_settings.BASE_DIR)}
    other = subprocess.Popen([sys.executable, "-c", HOLD_A_SLOT, account, "1.5"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if other.stdout.readline().strip() != "held":
            other.wait(timeout=10)
            pytest.fail(f"the other process did not take the slot: {other.stderr.read()}")
        held_at = time.monotonic()

        with pytest.raises(TransientError), governor.slot(connection, wait_seconds=0.3):
            pass
        with governor.slot(connection, wait_seconds=10):
            # We got in only once the other process let go, 1.5 s after it took the slot.
            assert time.monotonic() - held_at >= 1.2
    finally:
        other.kill()
        other.wait()
