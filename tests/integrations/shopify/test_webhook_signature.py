"""X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body, compared in constant time."""

import base64
import hashlib
import hmac
import re

import pytest

from integrations.shopify import webhooks
from integrations.shopify.webhooks import sign, signature_matches
from tests.conftest import FIXTURES, WEBHOOK_SECRET

ORDER_BODY = (FIXTURES / "shopify_order_discount_tax_partial_refund.json").read_bytes()


def test_the_signature_is_base64_hmac_sha256_of_the_raw_body():
    expected = base64.b64encode(
        hmac.new(WEBHOOK_SECRET.encode(), ORDER_BODY, hashlib.sha256).digest()).decode()

    assert sign(ORDER_BODY, WEBHOOK_SECRET) == expected


def test_a_genuine_delivery_matches():
    assert signature_matches(ORDER_BODY, sign(ORDER_BODY, WEBHOOK_SECRET), [WEBHOOK_SECRET])


def test_a_tampered_body_does_not_match():
    signature = sign(ORDER_BODY, WEBHOOK_SECRET)
    tampered = re.sub(rb'("total_price": *")[0-9.]+"', rb'\g<1>0.01"', ORDER_BODY, count=1)

    assert tampered != ORDER_BODY
    assert not signature_matches(tampered, signature, [WEBHOOK_SECRET])


def test_a_reserialised_body_does_not_match():
    """Only the raw bytes count: the same JSON re-encoded is not what Shopify signed."""
    signature = sign(ORDER_BODY, WEBHOOK_SECRET)

    assert not signature_matches(ORDER_BODY.strip() + b"\n ", signature, [WEBHOOK_SECRET])


@pytest.mark.parametrize("received", [None, "", "bm90IGEgc2lnbmF0dXJl"])
def test_a_missing_or_wrong_signature_does_not_match(received):
    assert not signature_matches(ORDER_BODY, received, [WEBHOOK_SECRET])


def test_another_secret_does_not_match():
    assert not signature_matches(ORDER_BODY, sign(ORDER_BODY, "whsec_other"), [WEBHOOK_SECRET])


def test_during_a_rotation_both_secrets_are_accepted():
    old, new = "whsec_old", WEBHOOK_SECRET

    assert signature_matches(ORDER_BODY, sign(ORDER_BODY, old), [new, old])
    assert signature_matches(ORDER_BODY, sign(ORDER_BODY, new), [new, old])
    assert not signature_matches(ORDER_BODY, sign(ORDER_BODY, old), [new, ""])


def test_the_comparison_is_constant_time_against_every_secret(monkeypatch):
    compared = []
    original = hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(webhooks.hmac, "compare_digest", spy)
    signature = sign(ORDER_BODY, "whsec_second")

    assert signature_matches(ORDER_BODY, signature, [WEBHOOK_SECRET, "whsec_second"])
    assert len(compared) == 2, "no early exit that would time which secret matched"
    assert all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in compared)
