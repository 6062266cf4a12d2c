"""The webhook inbox, through POST /webhooks/shopify/ as Shopify calls it."""

import hmac
import json
import zlib
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from integrations.models import Connection, SyncJob, WebhookEvent
from integrations.queue import enqueue_job, get_rq_queue
from tests.conftest import WEBHOOK_SECRET, load_fixture

pytestmark = pytest.mark.django_db

ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def order():
    return load_fixture(ORDER)


def test_a_valid_delivery_is_stored_raw_and_enqueued_after_commit(store, webhooks, order):
    body = json.dumps(order, indent=1).encode()

    response = webhooks.send("orders/create", None, raw=body, event_id="evt-1", run=False)

    assert response.status_code == 200
    event = WebhookEvent.objects.get(event_id="evt-1")
    assert event.body.encode() == body
    assert event.topic == "orders/create"
    assert event.resource_id == str(order["id"])
    assert "X-Shopify-Hmac-Sha256" not in event.headers
    assert event.headers["X-Shopify-Shop-Domain"] == store.shop_domain
    job = SyncJob.objects.get(event=event)
    assert job.idempotency_key.startswith(f"order:{store.shop_domain}:{order['id']}:")
    assert len(response.on_commit_callbacks) == 1, "the job is enqueued only once committed"


def test_a_redelivery_answers_200_and_creates_no_second_job(store, webhooks, order):
    first = webhooks.send("orders/create", order, event_id="evt-same", run=False)
    again = webhooks.send("orders/create", order, event_id="evt-same", run=False)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["detail"].startswith("duplicate delivery")
    event = WebhookEvent.objects.get(event_id="evt-same")
    assert event.deliveries == 2
    assert SyncJob.objects.count() == 1
    assert again.on_commit_callbacks == []


def test_the_same_order_version_from_another_topic_joins_the_existing_job(store, webhooks, order):
    webhooks.send("orders/create", order, event_id="evt-create", run=False)
    response = webhooks.send("orders/paid", order, event_id="evt-paid", run=False)

    assert response.status_code == 200
    paid = WebhookEvent.objects.get(event_id="evt-paid")
    assert paid.status == WebhookEvent.Status.DUPLICATE
    assert "same update as sync job" in paid.note
    assert SyncJob.objects.count() == 1


def test_webhook_id_is_the_dedupe_key_when_no_event_id_is_sent(store, client, order):
    from integrations.shopify.webhooks import sign

    body = json.dumps(order).encode()
    headers = {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Shop-Domain": store.shop_domain,
        "X-Shopify-Hmac-Sha256": sign(body, WEBHOOK_SECRET),
        "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    }
    for _ in range(2):
        response = client.post("/webhooks/shopify/", data=body,
                               content_type="application/json", headers=headers)
        assert response.status_code == 200
    assert WebhookEvent.objects.get().event_id == "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"


@pytest.mark.parametrize("secret", ["not-the-secret", ""])
def test_a_bad_signature_is_refused_and_nothing_is_kept(store, webhooks, order, secret):
    response = webhooks.send("orders/create", order, secret=secret, run=False)

    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 0
    assert SyncJob.objects.count() == 0
    assert response.on_commit_callbacks == []
    store.refresh_from_db()
    assert store.signature_failures == 1


def test_a_body_changed_after_signing_is_refused(store, client, order):
    from integrations.shopify.webhooks import sign

    signed = json.dumps(order).encode()
    tampered = signed.replace(b'"598.94"', b'"0.01"')
    response = client.post(
        "/webhooks/shopify/", data=tampered, content_type="application/json",
        headers={"X-Shopify-Topic": "orders/create", "X-Shopify-Event-Id": "evt-t",
                 "X-Shopify-Shop-Domain": store.shop_domain,
                 "X-Shopify-Hmac-Sha256": sign(signed, WEBHOOK_SECRET)},
    )
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists()


def test_an_unknown_shop_is_refused(store, webhooks, order):
    response = webhooks.send("orders/create", order, shop="someone-else.myshopify.com", run=False)

    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 0
    store.refresh_from_db()
    assert store.signature_failures == 0, "another shop's refusal is not counted on ours"


def test_an_unknown_shop_and_a_bad_signature_get_the_same_answer(store, webhooks, order):
    unknown = webhooks.send("orders/create", order, shop="someone-else.myshopify.com",
                            run=False)
    forged = webhooks.send("orders/create", order, secret="not-the-secret", run=False)

    assert unknown.status_code == forged.status_code == 401
    assert unknown.content == forged.content
    assert unknown.headers.get("Content-Type") == forged.headers.get("Content-Type")
    assert store.shop_domain.encode() not in forged.content


def test_an_unknown_shop_costs_as_many_signature_checks_as_a_known_one(
    store, webhooks, order, monkeypatch
):
    # Counts HMAC computations over the delivered body (a spy on the standard library; what
    # it computes is unchanged): timing must not tell which shop domains exist.
    body = json.dumps(order).encode()
    computed = []
    real_new = hmac.new

    def counting_new(key, msg=None, digestmod=None):
        if msg == body:
            computed.append(key)
        return real_new(key, msg, digestmod)

    monkeypatch.setattr(hmac, "new", counting_new)

    # Each count leaves out the test's own signing of the delivery it sends.
    webhooks.send("orders/create", None, raw=body, shop="someone-else.myshopify.com",
                  run=False)
    for_unknown_shop = len(computed) - 1
    computed.clear()
    webhooks.send("orders/create", None, raw=body, secret="not-the-secret", run=False)
    for_known_shop = len(computed) - 1

    assert for_unknown_shop == for_known_shop >= 1


def test_malformed_json_is_kept_as_a_rejected_event_with_its_reason(store, webhooks):
    response = webhooks.send("orders/create", None, raw=b'{"id": 1, "line_items": [', run=False,
                             event_id="evt-broken")

    assert response.status_code == 400
    event = WebhookEvent.objects.get(event_id="evt-broken")
    assert event.status == WebhookEvent.Status.REJECTED
    assert event.rejection_reason.startswith("malformed JSON body")
    assert event.body == '{"id": 1, "line_items": ['
    assert SyncJob.objects.count() == 0


def test_an_order_without_an_id_is_rejected_with_a_clear_reason(store, webhooks, order):
    del order["id"]
    response = webhooks.send("orders/create", order, event_id="evt-noid", run=False)

    assert response.status_code == 400
    event = WebhookEvent.objects.get(event_id="evt-noid")
    assert event.status == WebhookEvent.Status.REJECTED
    assert "no numeric id" in event.rejection_reason


def test_an_unsupported_topic_is_acknowledged_and_kept_as_rejected(store, webhooks, order):
    response = webhooks.send("products/create", order, event_id="evt-product", run=False)

    assert response.status_code == 200
    event = WebhookEvent.objects.get(event_id="evt-product")
    assert event.status == WebhookEvent.Status.REJECTED
    assert "unsupported topic 'products/create'" in event.rejection_reason
    assert SyncJob.objects.count() == 0


def test_a_rotated_secret_stays_valid_for_its_grace_period(store, webhooks, order, settings):
    store.credentials = {**store.credentials, "webhook_secret": "whsec_new",
                         "previous_webhook_secret": WEBHOOK_SECRET}
    store.previous_webhook_secret_valid_until = timezone.now() + settings.SHOPIFY_SECRET_GRACE
    store.save()

    assert webhooks.send("orders/create", order, secret="whsec_new", run=False,
                         event_id="evt-new").status_code == 200
    assert webhooks.send("orders/create", order, secret=WEBHOOK_SECRET, run=False,
                         event_id="evt-old").status_code == 200
    with time_machine.travel(timezone.now() + settings.SHOPIFY_SECRET_GRACE + timedelta(1)):
        late = webhooks.send("orders/create", order, secret=WEBHOOK_SECRET, run=False,
                             event_id="evt-late")
    assert late.status_code == 401


def test_an_inactive_store_is_refused(store, webhooks, order):
    Connection.objects.filter(pk=store.pk).update(is_active=False)

    assert webhooks.send("orders/create", order, run=False).status_code == 401


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs REDIS_URL (CI runs with Redis)")
def test_the_queued_job_carries_only_the_job_id_as_json(store, webhooks, order, queue):
    webhooks.send("orders/create", order, event_id="evt-json", run=False)
    with queue.committed():
        enqueue_job(SyncJob.objects.get().pk)

    rq_queue = get_rq_queue()
    (rq_job_id,) = rq_queue.job_ids
    raw = rq_queue.connection.hget(f"rq:job:{rq_job_id}", "data")
    decoded = json.loads(zlib.decompress(raw))
    assert decoded[0] == "integrations.jobs.run_sync_job"
    assert decoded[2] == [SyncJob.objects.get().pk]
