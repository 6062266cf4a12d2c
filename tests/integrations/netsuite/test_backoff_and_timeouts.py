"""Concurrency refusals are retried briefly in the client; a timed-out write is an unknown."""

import time

import pytest

from integrations.errors import TransientError, UnknownOutcomeError
from integrations.netsuite.client import NetSuiteClient

from .conftest import make_connection

REFUSED = {"status": 429, "code": "CONCURRENCY_LIMIT_EXCEEDED"}


def puts(sandbox) -> list[int]:
    return [status for method, _, status in sandbox.history if method == "PUT"]


def test_a_concurrency_refusal_is_retried_with_backoff_then_succeeds(sandbox, netsuite):
    sandbox.configure(fail_next=[{**REFUSED, "times": 2}])

    customer_id = netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    assert customer_id
    assert puts(sandbox) == [429, 429, 204]


def test_persistent_concurrency_refusals_become_a_transient_error(sandbox, netsuite):
    sandbox.configure(fail_next=[{**REFUSED, "times": 5}])

    with pytest.raises(TransientError) as caught:
        netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    assert caught.value.code == "CONCURRENCY_LIMIT_EXCEEDED"
    assert not caught.value.permanent
    assert puts(sandbox) == [429, 429, 429]  # the first try and two retries
    assert sandbox.records("customer") == []


def test_the_restlet_style_refusal_is_retried_too(sandbox, netsuite):
    sandbox.configure(fail_next=[{"status": 400, "code": "SSS_REQUEST_LIMIT_EXCEEDED"}])

    assert netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})
    assert puts(sandbox) == [400, 204]


def test_retry_after_is_honoured(sandbox, netsuite):
    sandbox.configure(fail_next=[{**REFUSED, "retry_after": 0.3}])

    started = time.monotonic()
    netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    assert time.monotonic() - started >= 0.3


def test_a_long_retry_after_is_left_to_the_job(sandbox, netsuite):
    sandbox.configure(fail_next=[{**REFUSED, "retry_after": 120}])

    with pytest.raises(TransientError) as caught:
        netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    assert caught.value.retry_after == 120
    assert puts(sandbox) == [429]


def test_other_server_errors_are_not_retried_in_the_client(sandbox, netsuite):
    sandbox.configure(fail_next=[{"status": 503, "code": "UNEXPECTED_ERROR"}])

    with pytest.raises(TransientError):
        netsuite.get_by_external_id("customer", "shopify-customer-1")

    assert sandbox.stats["statuses"] == {"503": 1}


def test_a_put_whose_answer_never_comes_is_an_unknown_outcome(sandbox, netsuite):
    sandbox.configure(timeout_next={"times": 1, "method": "PUT", "apply": True})

    with pytest.raises(UnknownOutcomeError) as caught:
        netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    assert not caught.value.permanent
    # It did happen: reading back by external id finds it, and the rewrite does not duplicate.
    found = netsuite.get_by_external_id("customer", "shopify-customer-1")
    assert found is not None
    assert netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"}) == found["id"]
    assert len(sandbox.records("customer")) == 1


def test_a_read_timeout_on_a_read_is_only_transient(sandbox, netsuite):
    sandbox.configure(timeout_next={"times": 1, "method": "GET"})

    with pytest.raises(TransientError) as caught:
        netsuite.get_by_external_id("customer", "shopify-customer-1")

    assert not isinstance(caught.value, UnknownOutcomeError)


def test_a_real_socket_read_timeout_on_a_write(live_sandbox, settings):
    settings.HTTP_TIMEOUT_SECONDS = 0.5
    live_sandbox.configure(timeout_next={"times": 1, "method": "PUT", "hang_seconds": 1.5})

    with NetSuiteClient(make_connection(live_sandbox.url)) as client, \
            pytest.raises(UnknownOutcomeError, match="ReadTimeout"):
        client.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})

    assert len(live_sandbox.records("customer")) == 1
