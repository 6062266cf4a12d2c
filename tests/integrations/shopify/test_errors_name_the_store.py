"""Every error the Shopify client raises names the store it came from."""

import pytest

from integrations.errors import AuthError, DataError, TransientError
from integrations.shopify.client import ShopifyClient


@pytest.mark.parametrize("status, error_class", [(503, TransientError), (401, AuthError),
                                                 (404, DataError)])
def test_an_http_refusal_names_the_store(shopify_sandbox, connection, status, error_class):
    shopify_sandbox.configure(fail_next=status)

    with ShopifyClient(connection) as shopify, pytest.raises(error_class) as caught:
        shopify.order_risk(450789469)

    assert caught.value.connection is connection


def test_an_unreachable_store_names_the_store(connection):
    connection.base_url = "http://127.0.0.1:9"  # nothing listens on the discard port

    with ShopifyClient(connection) as shopify, pytest.raises(TransientError) as caught:
        shopify.order_risk(450789469)

    assert caught.value.connection is connection


def test_an_invalid_order_id_names_the_store(connection):
    with ShopifyClient(connection) as shopify, pytest.raises(DataError) as caught:
        shopify.order_risk("not-an-order")

    assert caught.value.connection is connection


def test_a_missing_token_names_the_store(connection):
    connection.credentials = {}

    with pytest.raises(AuthError) as caught:
        ShopifyClient(connection)

    assert caught.value.connection is connection
