"""Every error the NetSuite client raises, or lets through from the governor, names the
account it came from."""

import pytest

from integrations.errors import AuthError, DataError, TransientError, UnknownOutcomeError
from integrations.netsuite import governor
from integrations.netsuite.client import NetSuiteClient

from .conftest import make_connection


@pytest.mark.parametrize("fault, error_class", [
    ({"status": 503}, TransientError),
    ({"status": 401, "code": "INVALID_LOGIN"}, AuthError),
    ({"status": 400, "code": "INVALID_CONTENT"}, DataError),
])
def test_an_error_answer_names_the_account(sandbox, netsuite, connection, fault, error_class):
    sandbox.configure(fail_next=[fault])

    with pytest.raises(error_class) as caught:
        netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    assert caught.value.connection is connection


def test_a_timed_out_write_names_the_account(sandbox, netsuite, connection, settings):
    settings.HTTP_TIMEOUT_SECONDS = 0.2
    sandbox.configure(timeout_next={"times": 1, "method": "PUT", "hang_seconds": 1})

    with NetSuiteClient(connection) as client, pytest.raises(UnknownOutcomeError) as caught:
        client.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    assert caught.value.connection is connection


def test_no_free_slot_names_the_account(sandbox, settings):
    settings.REDIS_URL = ""
    settings.HTTP_TIMEOUT_SECONDS = 0.1  # the governor waits one request timeout
    connection = make_connection(concurrency_limit=1)

    with governor.slot(connection), NetSuiteClient(connection) as client, \
            pytest.raises(TransientError) as caught:
        client.get_by_external_id("customer", "shopify-customer-1")

    assert caught.value.code == "GOVERNOR_TIMEOUT"
    assert caught.value.connection is connection


def test_incomplete_credentials_name_the_account():
    connection = make_connection(credentials={"consumer_key": "ck_only"})

    with pytest.raises(AuthError) as caught:
        NetSuiteClient(connection)

    assert caught.value.connection is connection
