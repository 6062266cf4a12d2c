"""NetSuite client tests: the sandbox behind the real client, in-process or on a live port."""

from decimal import Decimal

import httpx
import pytest
from django.conf import settings as django_settings

from integrations.http import build_client, mounted
from integrations.models import Connection
from integrations.netsuite.auth import NetSuiteAuth
from integrations.netsuite.client import NetSuiteClient, encode_body
from integrations.sandbox.netsuite import NetSuiteSandbox
from tests.conftest import NETSUITE_ACCOUNT as ACCOUNT
from tests.conftest import NETSUITE_CREDENTIALS as CREDENTIALS
from tests.conftest import NETSUITE_URL as BASE_URL

TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
RECORDS = "/services/rest/record/v1"
RESTLET_URL = "https://123456-sb1.restlets.api.netsuite.com"
RESTLET_PATH = "/app/site/hosting/restlet.nl"
RESTLET_IDS = {"script": "customscript_scnp_record_upsert",
               "deploy": "customdeploy_scnp_record_upsert"}
STRICT_NAMES = {"X-NetSuite-PropertyNameValidation": "Error"}


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


class SignedHTTP:
    """Signed requests to the sandbox as any NetSuite client sends them, for what the product
    client does not send (validation headers, the RESTlet, the metadata catalog)."""

    def __init__(self, base_url: str, credentials: dict | None = None):
        self.base_url = base_url
        self.auth = NetSuiteAuth(ACCOUNT, credentials or CREDENTIALS)

    def request(self, method: str, path: str, *, body=None, headers=None,
                params=None) -> httpx.Response:
        all_headers = dict(headers or {})
        content = None
        if body is not None:
            content = encode_body(body)
            all_headers.setdefault("Content-Type", "application/json")
        with build_client(self.base_url) as http:
            return http.request(method, path, content=content, headers=all_headers,
                                params=params, auth=self.auth)

    def put(self, record_type: str, external_id: str, body: dict, **options):
        return self.request("PUT", f"{RECORDS}/{record_type}/eid:{external_id}", body=body,
                            **options)

    def post(self, record_type: str, body: dict, **options):
        return self.request("POST", f"{RECORDS}/{record_type}", body=body, **options)

    def patch(self, record_type: str, internal_id: str, body: dict, **options):
        return self.request("PATCH", f"{RECORDS}/{record_type}/{internal_id}", body=body,
                            **options)

    def get(self, path: str, **options):
        return self.request("GET", path, **options)

    def read(self, record_type: str, external_id: str) -> dict:
        response = self.get(f"{RECORDS}/{record_type}/eid:{external_id}",
                            params={"expandSubResources": "true"})
        assert response.status_code == 200, response.text
        return response.json()


def refusal(response: httpx.Response) -> tuple[int, str, str]:
    """(status, o:errorCode, o:errorPath) of a NetSuite REST error answer."""
    (detail,) = response.json()["o:errorDetails"]
    return response.status_code, detail["o:errorCode"], detail.get("o:errorPath", "")


@pytest.fixture
def rest(sandbox) -> SignedHTTP:
    return SignedHTTP(BASE_URL)


@pytest.fixture
def restlet(sandbox):
    """The RESTlet host of the account, served by the same sandbox."""
    with mounted(RESTLET_URL, sandbox.transport()):
        yield SignedHTTP(RESTLET_URL)


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


def order_line(item: str = "98", quantity=1, rate="10.00", **fields) -> dict:
    line = {"item": {"id": item}, "rate": Decimal(rate)}
    if quantity is not None:
        line["quantity"] = quantity
    return {**line, **fields}


def sales_order(customer_id: str, *lines: dict, **fields) -> dict:
    """A sales order body a SuiteTax account takes: the customer and the lines given (one
    line of item 98 when none)."""
    return {"entity": {"id": customer_id}, "item": {"items": list(lines) or [order_line()]},
            **fields}


@pytest.fixture
def acme(sandbox, netsuite) -> str:
    """A customer, the items 98 and 99 and location 1 known to the account: Acme's id."""
    sandbox.register_known("item", {"98": "Tulip bulbs", "99": "Shipping box"})
    sandbox.register_known("location", {"1": "Austin DC"})
    return netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})
