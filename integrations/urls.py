from django.urls import path

from .webhooks import ShopifyWebhookView

app_name = "webhooks"

urlpatterns = [
    path("shopify/", ShopifyWebhookView.as_view(), name="shopify"),
]
