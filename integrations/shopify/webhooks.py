"""Shopify's webhook contract: signature and headers. No knowledge of our models."""

import base64
import hashlib
import hmac
from collections.abc import Iterable

# Headers worth keeping with an event; anything else (cookies, auth, proxies) is dropped.
KEPT_HEADERS = (
    "X-Shopify-Topic",
    "X-Shopify-Shop-Domain",
    "X-Shopify-API-Version",
    "X-Shopify-Webhook-Id",
    "X-Shopify-Event-Id",
    "X-Shopify-Triggered-At",
    "X-Shopify-Name",
)


def sign(body: bytes, secret: str) -> str:
    """base64(HMAC-SHA256(secret, raw body)), as Shopify sends in X-Shopify-Hmac-Sha256."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signature_matches(body: bytes, received: str | None, secrets: Iterable[str]) -> bool:
    """Constant-time comparison against every currently valid secret."""
    if not received:
        return False
    received_bytes = received.strip().encode()
    matched = False
    for secret in secrets:
        if secret and hmac.compare_digest(sign(body, secret).encode(), received_bytes):
            matched = True
    return matched


def kept_headers(headers) -> dict[str, str]:
    return {name: headers[name] for name in KEPT_HEADERS if headers.get(name)}
