"""Which of a store's mappings produce a NetSuite id that NetSuite refused, and the ticket
it means (the words and the routing are integrations.rejections, which is pure).

The job runner asks `routed_rejection(job, error)` when NetSuite refuses a body
(DataError): it reads the refused id from the body the client sent, looks up only the
mappings of that kind that name the id (a few indexed queries), and answers the owner's
Problem, or None when the path is not one that routes (NetSuite's own words then go to
Integration admin, as before). It never raises: routing is bookkeeping, and a job must end.
"""

import logging

from mappings.models import (
    B2BCompanyMapping,
    BundleComponent,
    DiscountMapping,
    ItemMapping,
    LocationMapping,
    PaymentMethodMapping,
    StoreMapping,
    TaxCodeMapping,
)

from .rejections import (
    CURRENCY,
    CUSTOMER,
    ITEM,
    LOCATION,
    PAYMENT,
    SUBSIDIARY,
    TAX_CODE,
    TAX_TYPE,
    TERMS,
    MappedFrom,
    Reference,
    reference_at,
    rejection_problem,
)
from .types import Problem

log = logging.getLogger(__name__)

# The store's ledger settings (StoreMapping fields) that hold an id of each kind.
STORE_SETTINGS = {
    ITEM: ("shipping_item_id", "gift_card_item_id"),
    LOCATION: ("default_location_id",),
    TAX_CODE: ("non_taxable_tax_code_id",),
    CUSTOMER: ("guest_customer_id",),
    SUBSIDIARY: ("subsidiary_id",),
    CURRENCY: ("currency_id",),
}
SHOWN = 20  # names read per kind: the words list five and count the rest


def routed_rejection(job, error) -> Problem | None:
    """The owner's ticket for NetSuite's refusal of what `job` sent, or None."""
    try:
        ref = reference_at(error.path, getattr(error, "sent_body", None))
        if ref is None:
            return None
        return rejection_problem(ref, mapped_from(job.connection, ref),
                                 label=job.object_label or f"{job.flow} {job.object_id}",
                                 code=error.code, detail=str(error))
    except Exception:
        log.exception("sync job %s: routing NetSuite's refusal failed", job.pk)
        return None


def mapped_from(store, ref: Reference) -> MappedFrom:
    """What of `store`'s mappings name the refused id (nothing for a NetSuite connection)."""
    found = {"store_settings": _store_settings(store, ref)}
    key = ref.netsuite_id
    if ref.kind == ITEM:
        found["skus"] = _names(ItemMapping.objects.filter(store=store, netsuite_item_id=key)
                               .order_by("sku").values_list("sku", flat=True)[:SHOWN])
        found["bundles"] = _names(
            BundleComponent.objects.filter(bundle__store=store, netsuite_item_id=key)
            .order_by("bundle__parent_sku").values_list("bundle__parent_sku", flat=True)[:SHOWN])
        found["discount_codes"] = _names(
            code or "(default)" for code in DiscountMapping.objects.filter(
                store=store, netsuite_discount_item_id=key).order_by("code")
            .values_list("code", flat=True)[:SHOWN])
    elif ref.kind == LOCATION:
        found["locations"] = _names(
            f"{shopify_id} ({name})" if name else shopify_id
            for shopify_id, name in LocationMapping.objects.filter(
                store=store, netsuite_location_id=key).order_by("shopify_location_id")
            .values_list("shopify_location_id", "name")[:SHOWN])
    elif ref.kind in (TAX_CODE, TAX_TYPE):
        field = "netsuite_tax_code_id" if ref.kind == TAX_CODE else "netsuite_tax_type"
        found["tax_titles"] = _names(
            f"'{title}' in {where}" if where else f"'{title}'"
            for title, where in TaxCodeMapping.objects.filter(store=store, **{field: key})
            .order_by("tax_key", "jurisdiction").values_list("tax_title", "jurisdiction")[:SHOWN])
    elif ref.kind in (CUSTOMER, TERMS):
        field = "netsuite_customer_id" if ref.kind == CUSTOMER else "payment_terms_id"
        found["companies"] = _names(
            _company(company, location, name)
            for company, location, name in B2BCompanyMapping.objects.filter(
                store=store, **{field: key}).order_by("shopify_company_id")
            .values_list("shopify_company_id", "shopify_company_location_id", "name")[:SHOWN])
    elif ref.kind == PAYMENT:
        found["gateways"] = _names(PaymentMethodMapping.objects.filter(
            store=store, netsuite_payment_method_id=key).order_by("gateway")
            .values_list("gateway", flat=True)[:SHOWN])
    return MappedFrom(**found)


def _store_settings(store, ref: Reference) -> tuple[str, ...]:
    fields = STORE_SETTINGS.get(ref.kind, ())
    if not fields:
        return ()
    row = StoreMapping.objects.filter(store=store).values(*fields).first() or {}
    return tuple(str(StoreMapping._meta.get_field(name).verbose_name)
                 for name in fields if row.get(name) == ref.netsuite_id)


def _company(company: str, location: str, name: str) -> str:
    shown = f"{company} ({name})" if name else company
    return f"{shown}, location {location}" if location else shown


def _names(values) -> tuple[str, ...]:
    out = []
    for value in values:
        if value not in out:
            out.append(value)
        if len(out) >= SHOWN:
            break
    return tuple(out)
