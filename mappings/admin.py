"""Mappings from Shopify concepts to NetSuite records, per store, each with its history.

Model clean() rules surface as form errors through the admin's ModelForm validation. Which
team views or edits which mapping is exceptions.access (Ops: locations, items, bundles;
Finance: store ledger settings, tax codes, discounts, payment methods, B2B companies).
"""

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from exceptions.access_admin import PolicyAdmin, PolicyInline
from integrations.admin_display import UsedConnectionFilter

from .models import (
    B2BCompanyMapping,
    BundleComponent,
    BundleMapping,
    DiscountMapping,
    ItemMapping,
    LocationMapping,
    PaymentMethodMapping,
    StoreMapping,
    TaxCodeMapping,
)

STORE_FILTER = ("store", UsedConnectionFilter)


class MappingAdmin(PolicyAdmin, SimpleHistoryAdmin):
    list_filter = (STORE_FILTER,)
    list_select_related = ("store",)
    list_per_page = 100

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("store")
        return qs.defer("store__credentials")


@admin.register(StoreMapping)
class StoreMappingAdmin(MappingAdmin):
    list_display = (
        "store", "subsidiary_id", "currency_code", "currency_id", "shipping_item_id",
        "guest_customer_id", "gift_card_item_id", "default_location_id", "high_risk_policy",
    )
    list_filter = ("high_risk_policy", "currency_code")
    search_fields = ("store__name", "store__shop_domain", "subsidiary_id", "currency_code")
    ordering = ("store__name",)


@admin.register(LocationMapping)
class LocationMappingAdmin(MappingAdmin):
    list_display = ("shopify_location_id", "name", "netsuite_location_id", "store")
    search_fields = ("shopify_location_id", "name", "netsuite_location_id")
    ordering = ("store__name", "name", "shopify_location_id")


@admin.register(ItemMapping)
class ItemMappingAdmin(MappingAdmin):
    list_display = ("sku", "netsuite_item_id", "shopify_product_id", "store")
    search_fields = ("sku", "netsuite_item_id", "shopify_product_id")
    ordering = ("store__name", "sku")


class BundleComponentFormSet(BaseInlineFormSet):
    """The bundle price is split by the components' shares: they must add up to more than 0."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        if not kept:
            raise ValidationError("A bundle needs at least one component.")
        total = sum((data.get("price_share") or Decimal("0") for data in kept), Decimal("0"))
        if total <= 0:
            raise ValidationError(
                "The price shares add up to 0: give at least one component a share above 0, "
                "or the bundle price cannot be split across its lines."
            )


class BundleComponentInline(PolicyInline, admin.TabularInline):
    model = BundleComponent
    formset = BundleComponentFormSet
    fields = ("netsuite_item_id", "quantity", "price_share")
    extra = 1


@admin.register(BundleMapping)
class BundleMappingAdmin(MappingAdmin):
    list_display = ("parent_sku", "name", "component_count", "store")
    search_fields = ("parent_sku", "name", "components__netsuite_item_id")
    ordering = ("store__name", "parent_sku")
    inlines = (BundleComponentInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_components=Count("components"))

    @admin.display(description="components", ordering="n_components")
    def component_count(self, obj):
        return obj.n_components


@admin.register(TaxCodeMapping)
class TaxCodeMappingAdmin(MappingAdmin):
    list_display = ("tax_title", "rate", "netsuite_tax_code_id", "store")
    search_fields = ("tax_title", "netsuite_tax_code_id")
    ordering = ("store__name", "tax_title")


@admin.register(DiscountMapping)
class DiscountMappingAdmin(MappingAdmin):
    list_display = (
        "code_or_default", "netsuite_discount_item_id", "netsuite_promotion_id", "store",
    )
    search_fields = ("code", "netsuite_discount_item_id", "netsuite_promotion_id")
    ordering = ("store__name", "code")

    @admin.display(description="code", ordering="code")
    def code_or_default(self, obj):
        return obj.code or "(default)"


@admin.register(PaymentMethodMapping)
class PaymentMethodMappingAdmin(MappingAdmin):
    list_display = ("gateway", "netsuite_payment_method_id", "netsuite_account_id", "store")
    search_fields = ("gateway", "netsuite_payment_method_id", "netsuite_account_id")
    ordering = ("store__name", "gateway")


@admin.register(B2BCompanyMapping)
class B2BCompanyMappingAdmin(MappingAdmin):
    list_display = (
        "name", "shopify_company_id", "shopify_company_location_id", "netsuite_customer_id",
        "price_level_id", "payment_terms_id", "store",
    )
    search_fields = (
        "name", "shopify_company_id", "shopify_company_location_id", "netsuite_customer_id",
    )
    ordering = ("store__name", "name", "shopify_company_id")
