"""NetSuite client tests: the sandbox behind the real client, in-process or on a live port."""

import pytest
from django.conf import settings as django_settings

from integrations.models import Connection
from integrations.netsuite.client import NetSuiteClient
from integrations.sandbox.netsuite import NetSuiteSandbox
from tests.conftest import NETSUITE_ACCOUNT as ACCOUNT
from tests.conftest import NETSUITE_CREDENTIALS as CREDENTIALS
from tests.conftest import NETSUITE_URL as BASE_URL

TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def make_connection(base_url: str = BASE_URL, *, account_id: str = ACCOUNT,
                    concurrency_limit: int = 5, credentials: dict | None = None) -> Connection:
    """An unsaved NetSuite connection: the client reads its fields, never the database."""
    connection = Connection(
        name="NetSuite sandbox", kind=Connection.Kind.NETSUITE, account_id=account_id,
        base_url=base_url, concurrency_limit=concurrency_limit,
    )
    connection.credentials = dict(credentials or CREDENTIALS)
    return connection


@pytest.fixture
def sandbox(netsuite_sandbox):
    """A fresh NetSuite sandbox mounted in-process behind the account's real URL."""
    return netsuite_sandbox


@pytest.fixture
def connection():
    return make_connection()


@pytest.fixture
def netsuite(sandbox, connection):
    """The real client against the sandbox, with short in-client backoff."""
    with NetSuiteClient(connection, backoff_seconds=0.05) as client:
        yield client


@pytest.fixture
def live_sandbox():
    """The sandbox on a local port, for real sockets, threads and timeouts."""
    ns = NetSuiteSandbox(account_id=ACCOUNT, credentials=CREDENTIALS)
    with ns.serve("127.0.0.1", 0) as server:
        ns.url = server.url
        yield ns


def use_redis(settings) -> str:
    """Point the governor at a reachable Redis, or skip the test saying why."""
    import redis

    url = django_settings.REDIS_URL or TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"the Redis governor needs a Redis server at {url}: {exc}")
    settings.REDIS_URL = url
    return url


@pytest.fixture(params=["in-process", "redis"])
def governor_backend(request, settings):
    """Both governor backends: an in-process semaphore, and the Redis semaphore."""
    if request.param == "redis":
        use_redis(settings)
    else:
        settings.REDIS_URL = ""
    return request.param


@pytest.fixture
def redis_governor(settings):
    return use_redis(settings)
