"""A failure pauses or degrades the connection it came from, whichever client raised it:
the store for Shopify, the NetSuite account for NetSuite, and never the other one."""

import pytest

from exceptions.models import ExceptionTicket
from integrations.models import Connection, SyncJob
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def order():
    return load_fixture(ORDER)


def health(connection) -> str:
    connection.refresh_from_db()
    return connection.health


def test_a_shopify_outage_degrades_the_store_and_not_the_netsuite_account(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    netsuite, shopify = sandboxes
    shopify.configure(fail_next=503)

    webhooks.send("orders/create", order)

    job = SyncJob.objects.get()
    assert job.status == SyncJob.Status.RETRYING
    assert health(mapped_store) == Connection.Health.DEGRADED
    assert "Shopify answered 503" in mapped_store.health_detail
    assert health(netsuite_account) == Connection.Health.UNKNOWN
    assert netsuite.stats["requests"] == 0


def test_a_netsuite_outage_degrades_the_netsuite_account_and_not_the_store(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    netsuite.configure(fail_next=[{"status": 503, "times": 1}])

    webhooks.send("orders/create", order)

    assert SyncJob.objects.get().status == SyncJob.Status.RETRYING
    assert health(netsuite_account) == Connection.Health.DEGRADED
    assert health(mapped_store) == Connection.Health.UNKNOWN


def test_a_netsuite_timeout_degrades_the_netsuite_account(
    mapped_store, netsuite_account, sandboxes, webhooks, order, settings
):
    netsuite, _ = sandboxes
    settings.HTTP_TIMEOUT_SECONDS = 0.3
    netsuite.configure(timeout_next={"times": 1, "apply": False, "hang_seconds": 1})

    webhooks.send("orders/create", order)

    assert SyncJob.objects.get().error_class == SyncJob.ErrorClass.TRANSIENT
    assert health(netsuite_account) == Connection.Health.DEGRADED
    assert health(mapped_store) == Connection.Health.UNKNOWN


def test_rejected_netsuite_credentials_pause_the_netsuite_account_only(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    netsuite, _ = sandboxes
    netsuite.configure(token_revoked=True)

    webhooks.send("orders/create", order)

    assert SyncJob.objects.get().status == SyncJob.Status.PAUSED
    assert health(netsuite_account) == Connection.Health.PAUSED
    assert health(mapped_store) != Connection.Health.PAUSED
    (ticket,) = ExceptionTicket.objects.filter(ticket_type__code="connection_auth")
    assert ticket.store == netsuite_account


def test_a_rejected_shopify_token_pauses_the_store_only(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    netsuite, shopify = sandboxes
    shopify.configure(fail_next=401)

    webhooks.send("orders/create", order)

    assert SyncJob.objects.get().status == SyncJob.Status.PAUSED
    assert health(mapped_store) == Connection.Health.PAUSED
    assert health(netsuite_account) != Connection.Health.PAUSED
    (ticket,) = ExceptionTicket.objects.filter(ticket_type__code="connection_auth")
    assert ticket.store == mapped_store
    assert netsuite.stats["requests"] == 0


def test_a_store_without_a_token_pauses_the_store(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    # The webhook secret stays (the delivery is accepted); the API token is gone.
    mapped_store.credentials = {"webhook_secret": mapped_store.credentials["webhook_secret"]}
    mapped_store.save()

    webhooks.send("orders/create", order)

    assert SyncJob.objects.get().status == SyncJob.Status.PAUSED
    assert health(mapped_store) == Connection.Health.PAUSED
    assert health(netsuite_account) != Connection.Health.PAUSED


def test_incomplete_netsuite_credentials_pause_the_netsuite_account(
    mapped_store, netsuite_account, sandboxes, webhooks, order
):
    netsuite_account.credentials = {"consumer_key": "ck_only"}
    netsuite_account.save()

    webhooks.send("orders/create", order)

    assert SyncJob.objects.get().status == SyncJob.Status.PAUSED
    assert health(netsuite_account) == Connection.Health.PAUSED
    assert health(mapped_store) != Connection.Health.PAUSED
