"""POST /webhooks/shopify/: verify, store, enqueue, answer — in that order, in milliseconds."""

import logging
import secrets

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .inbox import receive, record_signature_failure, stores_at, valid_webhook_secrets
from .shopify.webhooks import signature_matches

log = logging.getLogger(__name__)

# One answer for every unauthenticated delivery, whichever check failed.
REFUSED = {"detail": "webhook signature not verified"}
# Keys nobody holds, as many as a store can have valid at once (current and previous).
_THROWAWAY_SECRETS = [secrets.token_urlsafe(32) for _ in range(2)]


class ReceiptSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What happened to the delivery.")


SHOPIFY_HEADERS = [
    OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.HEADER, required=required)
    for name, required in [
        ("X-Shopify-Hmac-Sha256", True), ("X-Shopify-Shop-Domain", True),
        ("X-Shopify-Topic", True), ("X-Shopify-Event-Id", False),
        ("X-Shopify-Webhook-Id", False), ("X-Shopify-Triggered-At", False),
        ("X-Shopify-API-Version", False),
    ]
]


class ShopifyWebhookView(APIView):
    """Shopify webhook deliveries. Authenticated by HMAC of the raw body, not by session."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        summary="Receive a Shopify webhook delivery",
        description="Body: the topic's resource as Shopify sends it (e.g. the order object), "
        "signed with the store's webhook secret.",
        request=OpenApiTypes.OBJECT,
        parameters=SHOPIFY_HEADERS,
        responses={
            200: ReceiptSerializer, 400: ReceiptSerializer, 401: ReceiptSerializer,
        },
    )
    def post(self, request):
        raw = request.body  # read before any parsing: the signature covers these exact bytes
        headers = request.headers
        shop_domain = headers.get("X-Shopify-Shop-Domain", "").strip().lower()
        store = stores_at(shop_domain).first()
        # An unknown shop is checked against throwaway keys, the same number of them, and
        # refused with the same answer and the same query as a bad signature: neither the
        # answer nor its timing tells which shop domains exist.
        authentic = signature_matches(raw, headers.get("X-Shopify-Hmac-Sha256"),
                                      _secrets_to_check(store))
        if store is None or not authentic:
            record_signature_failure(shop_domain)
            if store is None:
                log.warning("webhook refused: unknown shop %r", shop_domain[:255])
            else:
                log.warning("webhook refused: bad signature for %s", store.shop_domain)
            return Response(REFUSED, status=401)
        receipt = receive(store, headers, raw)
        return Response({"detail": receipt.detail}, status=receipt.status_code)


def _secrets_to_check(store) -> list[str]:
    known = valid_webhook_secrets(store) if store is not None else []
    return known + _THROWAWAY_SECRETS[len(known):]
