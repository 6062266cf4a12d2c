"""Mappings from Shopify concepts to NetSuite records, per store, each with its history.

Model clean() rules surface as form errors through the admin's ModelForm validation. NetSuite
records are picked by name from the account's reference lists and checked on save, and every
change asks for a reason (mappings.forms). Which team views or edits which mapping is
exceptions.access (Ops: locations, items, bundles; Finance: store ledger settings, tax codes,
discounts, payment methods, B2B companies).
"""

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from exceptions.access_admin import PolicyAdmin, PolicyInline
from integrations.admin_display import UsedConnectionFilter

from . import admin_references  # noqa: F401 (registers the reference lists' admin)
from .admin_columns import NamedReferencesChangeList, named_column
from .forms import MappingForm, PickerForm, StoreMappingForm
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
from .reference_lookup import ReferenceLookup
from .references import picks_of
from .tax_form import TaxCodeMappingForm

STORE_FILTER = ("store", UsedConnectionFilter)


class MappingAdmin(PolicyAdmin, SimpleHistoryAdmin):
    # The form asks for the reason (required) and save_model keeps it in the history, which
    # the governance review reads; ticket routing uses the review's ChangeReasonAdmin.
    form = MappingForm
    list_filter = (STORE_FILTER,)
    list_select_related = ("store",)
    list_per_page = 100

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("store")
        return qs.defer("store__credentials")

    def get_changelist(self, request, **kwargs):
        return NamedReferencesChangeList

    def get_list_display(self, request):
        """Internal-id columns show the NetSuite record's name beside the id."""
        picks = picks_of(self.model)
        return [named_column(f, picks[f], self.model._meta.get_field(f).verbose_name)
                if isinstance(f, str) and f in picks else f
                for f in super().get_list_display(request)]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        may_edit = (self.has_change_permission(request, obj) if obj is not None
                    else self.has_add_permission(request))
        return fields if may_edit else [f for f in fields if f != "change_reason"]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason", "")
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Inline rows keep the reason given on the form they were saved with."""
        reason = form.cleaned_data.get("change_reason", "")
        for obj in formset.save(commit=False):
            obj._change_reason = reason
            obj.save()
        for obj in formset.deleted_objects:
            obj._change_reason = reason
            obj.delete()
        formset.save_m2m()


@admin.register(StoreMapping)
class StoreMappingAdmin(MappingAdmin):
    form = StoreMappingForm
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
    """The bundle price is split by the components' shares: they must add up to more than 0.
    The components' items are looked up together, in the bundle's store's NetSuite account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.references = ReferenceLookup(store_of=lambda: self.instance.store_id)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "references": self.references}

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
    form = PickerForm
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
    form = TaxCodeMappingForm
    # The code first: its NetSuite rate is shown beside the rate field.
    fields = ("store", "tax_title", "jurisdiction", "netsuite_tax_code_id", "rate",
              "netsuite_tax_type", "change_reason")
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
