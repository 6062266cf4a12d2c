"""Shopify client wiring: the sandbox behind the real client over HTTP semantics.

`connection` is the demo store as its Connection row holds it, unsaved, so most tests need
no database. `sandbox_factory` mounts a sandbox with a chosen bucket; `recorder` keeps every
answer the sandbox gave, to check what happened on the wire.
"""

import json
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from integrations.http import mounted
from integrations.models import Connection
from integrations.sandbox.shopify import ShopifySandbox
from integrations.shopify.throttle import default_store
from tests.conftest import SHOP_DOMAIN, SHOP_URL, SHOPIFY_TOKEN, WEBHOOK_SECRET

FIXTURES = Path(__file__).parent / "fixtures"

HIGH_RISK_ORDER = 450789469
LOW_RISK_ORDER = 450789470
UNKNOWN_ORDER = 999999999


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


class Recorder(httpx.BaseTransport):
    """Passes requests to the sandbox and keeps each JSON answer."""

    def __init__(self, inner: httpx.BaseTransport):
        self.inner = inner
        self.answers: list[tuple[int, dict]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        self.answers.append((response.status_code, json.loads(response.read())))
        return response

    @property
    def throttled(self) -> int:
        return sum(1 for _, body in self.answers
                   if any(e.get("extensions", {}).get("code") == "THROTTLED"
                          for e in body.get("errors") or [] if isinstance(e, dict)))


@pytest.fixture(autouse=True)
def _fresh_bucket_state():
    """No bucket state left over from another test for the demo shop."""
    default_store().clear(SHOP_DOMAIN)
    yield
    default_store().clear(SHOP_DOMAIN)


@pytest.fixture
def connection() -> Connection:
    return Connection(
        name="Demo store", kind=Connection.Kind.SHOPIFY, shop_domain=SHOP_DOMAIN,
        base_url=SHOP_URL, api_version="2026-01",
        credentials={"access_token": SHOPIFY_TOKEN, "webhook_secret": WEBHOOK_SECRET},
    )


@pytest.fixture
def sandbox_factory():
    """`make(**ShopifySandbox kwargs)` -> (sandbox, recorder), mounted for the demo shop."""
    with ExitStack() as stack:
        def make(**kwargs) -> tuple[ShopifySandbox, Recorder]:
            kwargs.setdefault("shop_domain", SHOP_DOMAIN)
            kwargs.setdefault("access_token", SHOPIFY_TOKEN)
            sandbox = ShopifySandbox(**kwargs)
            recorder = Recorder(sandbox.transport())
            stack.enter_context(mounted(SHOP_URL, recorder))
            return sandbox, recorder

        yield make


@pytest.fixture
def seeded(shopify_sandbox) -> ShopifySandbox:
    """The standard sandbox (Standard plan bucket) with a high- and a low-risk order."""
    shopify_sandbox.add_order(HIGH_RISK_ORDER, name="#1001", risk_recommendation="CANCEL",
                              risk_level="HIGH")
    shopify_sandbox.add_order(LOW_RISK_ORDER, name="#1002", risk_recommendation="ACCEPT",
                              risk_level="LOW")
    return shopify_sandbox
