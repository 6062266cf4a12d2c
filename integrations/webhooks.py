"""POST /webhooks/shopify/: verify, store, enqueue, answer — in that order, in milliseconds."""

import logging

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .inbox import receive, record_signature_failure, valid_webhook_secrets
from .models import Connection
from .shopify.webhooks import signature_matches

log = logging.getLogger(__name__)


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
        store = (
            Connection.objects.filter(
                kind=Connection.Kind.SHOPIFY, shop_domain=shop_domain, is_active=True
            ).first()
            if shop_domain
            else None
        )
        if store is None:
            log.warning("webhook refused: unknown shop %r", shop_domain[:255])
            return Response({"detail": "unknown shop"}, status=401)
        hmac_header = headers.get("X-Shopify-Hmac-Sha256")
        if not signature_matches(raw, hmac_header, valid_webhook_secrets(store)):
            record_signature_failure(store)
            log.warning("webhook refused: bad signature for %s", store.shop_domain)
            return Response({"detail": "invalid signature"}, status=401)
        receipt = receive(store, headers, raw)
        return Response({"detail": receipt.detail}, status=receipt.status_code)
