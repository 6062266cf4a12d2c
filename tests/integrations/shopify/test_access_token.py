"""The access token: sent as X-Shopify-Access-Token, refused tokens pause, never logged."""

import logging

import pytest

from integrations.errors import AuthError
from integrations.shopify.auth import ShopifyAccessTokenAuth
from integrations.shopify.client import ShopifyClient
from tests.conftest import SHOPIFY_TOKEN
from tests.integrations.shopify.conftest import HIGH_RISK_ORDER


def test_an_invalid_token_is_an_auth_error(seeded, connection):
    connection.credentials = {"access_token": "shpat_revoked"}

    with ShopifyClient(connection) as shopify, pytest.raises(AuthError) as raised:
        shopify.order_risk(HIGH_RISK_ORDER)

    assert raised.value.status == 401
    assert raised.value.code == "INVALID_TOKEN"
    assert "Invalid API key or access token" in raised.value.message
    assert raised.value.permanent


def test_a_connection_without_a_token_cannot_make_a_client(connection):
    connection.credentials = {"webhook_secret": "whsec"}

    with pytest.raises(AuthError) as raised:
        ShopifyClient(connection)

    assert raised.value.code == "MISSING_TOKEN"


def test_the_token_never_reaches_the_logs_or_reprs(seeded, connection, caplog):
    caplog.set_level(logging.DEBUG)

    with ShopifyClient(connection) as shopify:
        shopify.order_risk(HIGH_RISK_ORDER)
        client_repr = repr(shopify._http.auth)

    assert caplog.records, "the exchange was logged"
    assert SHOPIFY_TOKEN not in caplog.text
    assert SHOPIFY_TOKEN not in client_repr
    assert SHOPIFY_TOKEN not in repr(ShopifyAccessTokenAuth(SHOPIFY_TOKEN))
