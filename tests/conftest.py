"""Shared test wiring: real queue semantics, the two sandboxes behind the real clients,
and a signed-webhook sender that goes through the public endpoint.

Named people (finance_fiona, ops_olga, ...) are fixtures next to the tests they act in.
"""

import json
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from django.conf import settings as django_settings

from integrations.http import mounted
from integrations.models import Connection
from integrations.shopify.webhooks import sign
from tests.docs_store import docs_store_mappings

FIXTURES = Path(__file__).parent / "fixtures"

SHOP_DOMAIN = "demo-store.myshopify.com"
SHOP_URL = "https://demo-store.myshopify.com"
SHOPIFY_TOKEN = "shpat_test_token_0001"
WEBHOOK_SECRET = "whsec_test_secret_0001"
NETSUITE_ACCOUNT = "123456_SB1"
NETSUITE_URL = "https://123456-sb1.suitetalk.api.netsuite.com"
NETSUITE_RESTLET_URL = (
    "https://123456-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl"
    "?script=customscript_scnp_record_upsert&deploy=customdeploy_scnp_record_upsert"
)
NETSUITE_CREDENTIALS = {
    "consumer_key": "ck_test_0001",
    "consumer_secret": "cs_test_0001",
    "token_id": "tk_test_0001",
    "token_secret": "ts_test_0001",
}


def load_fixture(name: str) -> dict:
    """A fixture's order/resource object: REST envelopes ({"order": {...}}) are unwrapped."""
    data = json.loads((FIXTURES / name).read_text())
    if isinstance(data, dict) and len(data) == 1:
        (only,) = data.values()
        if isinstance(only, dict):
            return only
    return data


def pytest_configure(config):
    # The test client and the live server speak plain HTTP: production's HTTPS redirect is
    # switched off for the whole session, before any server thread reads it.
    django_settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.INPROCESS_QUEUE_EAGER = True
    # The people of the tests sign in many times; a slow hash only slows the suite down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SYNC_RETRY_BASE_SECONDS = 1.0
    settings.NETSUITE_AUTH_RETRY_BACKOFF_SECONDS = 0.01


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch):
    """Only the sandboxes answer: a request for any other host (a real Shopify store or
    NetSuite account nobody mounted a sandbox for) fails as an unreachable host would."""
    send = httpx.HTTPTransport.handle_request

    def local_only(transport, request):
        if request.url.host not in ("127.0.0.1", "localhost", "::1"):
            raise httpx.ConnectError(f"tests never reach {request.url.host}", request=request)
        return send(transport, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", local_only)


@pytest.fixture(autouse=True)
def _clean_redis():
    """Each test starts with an empty Redis database (CI points REDIS_URL at a spare db)."""
    if django_settings.REDIS_URL:
        import redis

        connection = redis.Redis.from_url(django_settings.REDIS_URL)
        connection.flushdb()
        yield
        connection.flushdb()
        connection.close()
    else:
        yield


class QueueRunner:
    """Runs what the queue holds, whichever queue the settings chose."""

    def __init__(self, capture):
        self.capture = capture

    def sweep(self):
        """Run the sweeper as its command does (outside any transaction), then the queue."""
        from integrations.sweeper import sweep

        with self.capture(execute=True):
            report = sweep()
        self.run()
        return report

    def committed(self):
        """A block whose on-commit work (enqueues) happens as if it had committed."""
        return self.capture(execute=True)

    def run(self) -> None:
        if not django_settings.REDIS_URL:
            return  # the in-process queue ran each job when its transaction committed
        from rq import SimpleWorker
        from rq.serializers import JSONSerializer

        from integrations.queue import get_rq_queue

        queue = get_rq_queue()
        worker = SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer)
        worker.work(burst=True, with_scheduler=False)


@pytest.fixture
def queue(django_capture_on_commit_callbacks):
    return QueueRunner(django_capture_on_commit_callbacks)


@pytest.fixture
def netsuite_sandbox():
    from integrations.sandbox.netsuite import NetSuiteSandbox

    sandbox = NetSuiteSandbox(account_id=NETSUITE_ACCOUNT, credentials=NETSUITE_CREDENTIALS)
    transport = sandbox.transport()
    with mounted(NETSUITE_URL, transport), mounted(NETSUITE_RESTLET_URL, transport):
        yield sandbox


@pytest.fixture
def shopify_sandbox():
    from integrations.sandbox.shopify import ShopifySandbox

    sandbox = ShopifySandbox(shop_domain=SHOP_DOMAIN, access_token=SHOPIFY_TOKEN)
    with mounted(SHOP_URL, sandbox.transport()):
        yield sandbox


@pytest.fixture
def netsuite_account(db):
    account = Connection(
        name="NetSuite sandbox", kind=Connection.Kind.NETSUITE, account_id=NETSUITE_ACCOUNT,
        base_url=NETSUITE_URL, concurrency_limit=5,
        # Typed from Company Information: a SuiteTax account needs no RESTlet, and REST
        # cannot report the company time zone. Capabilities are read on the first order.
        time_zone="America/Los_Angeles",
    )
    account.credentials = dict(NETSUITE_CREDENTIALS)
    account.save()
    return account


@pytest.fixture
def store(db, netsuite_account):
    shop = Connection(
        name="Demo store", kind=Connection.Kind.SHOPIFY, shop_domain=SHOP_DOMAIN,
        base_url=SHOP_URL, api_version="2026-01", netsuite=netsuite_account,
    )
    shop.credentials = {"access_token": SHOPIFY_TOKEN, "webhook_secret": WEBHOOK_SECRET}
    shop.save()
    return shop


class WebhookSender:
    """Posts a signed Shopify delivery to /webhooks/shopify/ and lets the queue run it.

    With run=False the on-commit callbacks are captured but not executed: nothing is
    enqueued, so a test can look at the inbox alone.
    """

    def __init__(self, client, capture, queue):
        self.client = client
        self.capture = capture
        self.queue = queue
        self.sent = 0

    def send(self, topic: str, payload, *, event_id: str | None = None,
             secret: str = WEBHOOK_SECRET, shop: str = SHOP_DOMAIN, raw: bytes | None = None,
             headers: dict | None = None, run: bool = True):
        self.sent += 1
        body = raw if raw is not None else json.dumps(payload).encode()
        all_headers = {
            "X-Shopify-Topic": topic,
            "X-Shopify-Shop-Domain": shop,
            "X-Shopify-API-Version": "2026-01",
            "X-Shopify-Hmac-Sha256": sign(body, secret),
            "X-Shopify-Event-Id": event_id or f"evt-{self.sent}-{topic}",
            "X-Shopify-Webhook-Id": f"wh-{self.sent}",
            "X-Shopify-Triggered-At": "2026-11-23T10:00:00Z",
            **(headers or {}),
        }
        with ExitStack() as stack:
            callbacks = stack.enter_context(self.capture(execute=run))
            response = self.client.post(
                "/webhooks/shopify/", data=body, content_type="application/json",
                headers=all_headers,
            )
        response.on_commit_callbacks = callbacks
        if run:
            self.queue.run()
        return response


@pytest.fixture
def webhooks(client, django_capture_on_commit_callbacks, queue):
    return WebhookSender(client, django_capture_on_commit_callbacks, queue)


@pytest.fixture
def mapped_store(store):
    """The docs store with the same mappings as docs_store_mappings(), saved as an admin would."""
    from mappings.models import (
        B2BCompanyMapping,
        BundleComponent,
        BundleMapping,
        DiscountMapping,
        ItemMapping,
        LocationMapping,
        PaymentMethodMapping,
        StoreMapping,
        TaxCodeMapping,
    )

    snapshot = docs_store_mappings()
    StoreMapping.objects.create(
        store=store, subsidiary_id=snapshot.subsidiary_id, currency_code="USD",
        currency_id=snapshot.currency_id, guest_customer_id=snapshot.guest_customer_id,
        shipping_item_id=snapshot.shipping_item_id, gift_card_item_id=snapshot.gift_card_item_id,
        default_location_id=snapshot.default_location_id,
    )
    for sku, ref in snapshot.items.items():
        ItemMapping.objects.create(store=store, sku=sku, netsuite_item_id=ref.netsuite_item_id,
                                   shopify_product_id=ref.shopify_product_id)
    for parent_sku, components in snapshot.bundles.items():
        bundle = BundleMapping.objects.create(store=store, parent_sku=parent_sku)
        for component in components:
            BundleComponent.objects.create(
                bundle=bundle, netsuite_item_id=component.netsuite_item_id,
                quantity=component.quantity, price_share=component.price_share,
            )
    for title, ref in snapshot.tax_codes.items():
        TaxCodeMapping.objects.create(store=store, tax_title=title.title(), rate=ref.rate,
                                      netsuite_tax_code_id=ref.netsuite_tax_code_id,
                                      netsuite_tax_type=ref.tax_type)
    DiscountMapping.objects.create(store=store, code="TENOFF", netsuite_discount_item_id="61")
    for gateway, method in snapshot.payment_methods.items():
        PaymentMethodMapping.objects.create(store=store, gateway=gateway,
                                            netsuite_payment_method_id=method)
    for shopify_id, netsuite_id in snapshot.locations.items():
        LocationMapping.objects.create(store=store, shopify_location_id=shopify_id,
                                       netsuite_location_id=netsuite_id)
    (company_id, location_id), terms = next(iter(snapshot.companies.items()))
    B2BCompanyMapping.objects.create(
        store=store, shopify_company_id=company_id, shopify_company_location_id=location_id,
        netsuite_customer_id=terms.netsuite_customer_id, price_level_id=terms.price_level_id,
        payment_terms_id=terms.payment_terms_id,
    )
    return store


@pytest.fixture
def sandboxes(netsuite_sandbox, shopify_sandbox):
    """The two sandboxes, with the NetSuite customers the docs store's mappings point at."""
    snapshot = docs_store_mappings()
    (terms,) = snapshot.companies.values()
    netsuite_sandbox.register_known(
        "customer", {terms.netsuite_customer_id: "Docs B2B company",
                     snapshot.guest_customer_id: "Web guest"},
    )
    return netsuite_sandbox, shopify_sandbox
