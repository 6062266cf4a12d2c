"""The sandbox's control endpoints over a live port, and `manage.py runsandbox`."""

import os
import subprocess
import sys

import httpx
import pytest
from django.conf import settings

from integrations.errors import TransientError
from integrations.netsuite.client import NetSuiteClient

from .conftest import make_connection


def test_control_endpoints_configure_inspect_and_reset(live_sandbox):
    control = httpx.Client(base_url=live_sandbox.url, timeout=5)
    connection = make_connection(live_sandbox.url)

    known = control.post("/_sandbox/known", json={"item": {"98": "Tulip bulbs"},
                                                  "tax_rates": {"5": "0.08"}})
    assert known.json() == {"registered": ["item", "taxCode"]}
    config = control.post("/_sandbox/config", json={
        "latency_ms": 5,
        "fail_next": [{"status": 503, "code": "UNEXPECTED_ERROR", "method": "PUT"}],
    }).json()
    assert config["latency_ms"] == 5
    assert config["fail_next"][0]["status"] == 503

    with NetSuiteClient(connection) as client:
        with pytest.raises(TransientError):
            client.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})
        customer_id = client.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    records = control.get("/_sandbox/records/customer").json()["items"]
    assert [r["id"] for r in records] == [customer_id]
    assert records[0]["links"][0]["href"].startswith(live_sandbox.url)
    stats = control.get("/_sandbox/stats").json()
    assert stats["statuses"] == {"503": 1, "204": 1}

    assert control.post("/_sandbox/reset").status_code == 200
    assert control.get("/_sandbox/records/customer").json() == {"items": []}
    assert control.get("/_sandbox/config").json()["fail_next"] == []
    assert control.post("/_sandbox/config", json={"nonsense": 1}).status_code == 400
    control.close()


def test_runsandbox_serves_a_signed_netsuite_api():
    env = {**os.environ, "NETSUITE_SANDBOX_TOKEN_SECRET": "from-the-environment",
           "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "runsandbox",
               "--netsuite-port", "0", "--no-shopify", "--concurrency", "3",
               "--tax-mode", "legacy", "--payment-field", "paymentMethod"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True,
                              cwd=settings.BASE_DIR)
    try:
        banner = server.stdout.readline()
        assert banner.startswith("NetSuite sandbox: http://127.0.0.1:"), banner
        url = banner.split()[2]
        credentials = {"consumer_key": "sandbox-consumer-key",
                       "consumer_secret": "sandbox-consumer-secret",
                       "token_id": "sandbox-token-id", "token_secret": "from-the-environment"}

        with NetSuiteClient(make_connection(url, credentials=credentials)) as client:
            customer_id = client.upsert("customer", "shopify-customer-1", {"companyName": "A"})
            assert client.get("customer", customer_id)["companyName"] == "A"
        config = httpx.get(f"{url}/_sandbox/config").json()
        assert (config["concurrency_limit"], config["tax_mode"], config["payment_field"]) == (
            3, "legacy", "paymentMethod")
    finally:
        server.terminate()
        server.wait(timeout=10)
