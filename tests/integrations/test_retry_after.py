"""One reading of Retry-After for both clients: seconds or an HTTP-date (RFC 9110)."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import time_machine

from integrations.errors import TransientError
from integrations.http import mounted
from integrations.models import Connection
from integrations.netsuite.client import NetSuiteClient
from integrations.retry_after import parse_retry_after
from integrations.shopify.client import ShopifyClient
from tests.conftest import NETSUITE_URL, SHOP_DOMAIN, SHOP_URL, SHOPIFY_TOKEN
from tests.integrations.netsuite.conftest import make_connection

NOW = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("value, seconds", [
    ("120", 120.0),
    ("0", 0.0),
    ("1.5", 1.5),
    (" 7 ", 7.0),
    ("-3", 0.0),
])
def test_seconds(value, seconds):
    assert parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize("value", [
    "Mon, 23 Nov 2026 10:01:30 GMT",  # IMF-fixdate
    "Monday, 23-Nov-26 10:01:30 GMT",  # obsolete RFC 850 form
    "Mon Nov 23 10:01:30 2026",  # obsolete asctime form
])
def test_an_http_date_in_each_of_its_three_forms(value):
    assert parse_retry_after(value, now=NOW) == 90.0


def test_a_date_already_past_means_now():
    assert parse_retry_after("Mon, 23 Nov 2026 09:00:00 GMT", now=NOW) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "inf", "nan", "Mon, 99 Nov 2026 10:00 GMT"])
def test_missing_or_unreadable_is_none(value):
    assert parse_retry_after(value, now=NOW) is None


def answering(status: int, body: bytes, headers: dict) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, content=body,
                                                              headers=headers))


@time_machine.travel(NOW, tick=False)
def test_the_netsuite_client_reads_a_date(settings):
    settings.REDIS_URL = ""
    date = format_datetime(NOW + timedelta(seconds=45), usegmt=True)
    transport = answering(503, b"", {"Retry-After": date})

    with mounted(NETSUITE_URL, transport), NetSuiteClient(make_connection()) as netsuite, \
            pytest.raises(TransientError) as caught:
        netsuite.get_by_external_id("customer", "shopify-customer-1")

    assert caught.value.retry_after == 45.0


@time_machine.travel(NOW, tick=False)
def test_the_shopify_client_reads_a_date(settings):
    settings.REDIS_URL = ""
    store = Connection(kind=Connection.Kind.SHOPIFY, shop_domain=SHOP_DOMAIN, base_url=SHOP_URL,
                       credentials={"access_token": SHOPIFY_TOKEN})
    date = format_datetime(NOW + timedelta(seconds=30), usegmt=True)
    transport = answering(429, b'{"errors": "Exceeded 2 calls per second"}',
                          {"Retry-After": date})

    with mounted(SHOP_URL, transport), ShopifyClient(store) as shopify, \
            pytest.raises(TransientError) as caught:
        shopify.order_risk(450789469)

    assert caught.value.retry_after == 30.0
