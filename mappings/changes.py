"""Which mapping change cleared a ticket: what the tickets that close themselves say they owe
their resolution to.

The candidates are the history entries of the store's mappings that can fix the ticket's kind
of problem (an unknown SKU: item and bundle mappings; tax drift: tax mappings…), made since
the ticket opened (or was last reopened). One whose key is the ticket's (the SKU, the tax
title, the gateway…) comes first, then the latest. Problems no mapping fixes (credentials,
retries exhausted) name none.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import NoReverseMatch, reverse

from exceptions import catalogue

from .keys import discount_key, gateway_key, tax_key
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

EVERY_MAPPING = (StoreMapping, ItemMapping, BundleMapping, BundleComponent, LocationMapping,
                 TaxCodeMapping, DiscountMapping, PaymentMethodMapping, B2BCompanyMapping)
FIXED_BY = {
    catalogue.UNKNOWN_SKU: (ItemMapping, BundleMapping, BundleComponent),
    catalogue.AMBIGUOUS_SKU: (ItemMapping,),
    catalogue.UNMAPPED_LOCATION: (LocationMapping, StoreMapping),
    catalogue.UNMAPPED_B2B_COMPANY: (B2BCompanyMapping,),
    catalogue.UNMAPPED_TAX: (TaxCodeMapping, StoreMapping),
    catalogue.TAX_DRIFT: (TaxCodeMapping,),
    catalogue.UNMAPPED_DISCOUNT: (DiscountMapping,),
    catalogue.UNMAPPED_PAYMENT_METHOD: (PaymentMethodMapping,),
    catalogue.UNMAPPED_GIFT_CARD: (StoreMapping,),
    catalogue.CURRENCY_MISMATCH: (StoreMapping,),
    catalogue.STORE_NOT_MAPPED: (StoreMapping,),
    catalogue.NETSUITE_REJECTED_ITEM: (ItemMapping, BundleMapping, BundleComponent),
    catalogue.NETSUITE_REJECTED_LOCATION: (LocationMapping,),
    catalogue.NETSUITE_REJECTED_TAX: (TaxCodeMapping,),
    catalogue.NETSUITE_REJECTED_CUSTOMER: (B2BCompanyMapping, StoreMapping),
    catalogue.NETSUITE_REJECTED_SETTING: (StoreMapping, DiscountMapping, PaymentMethodMapping),
    catalogue.TOTALS_MISMATCH: EVERY_MAPPING,
    catalogue.NETSUITE_REJECTED: EVERY_MAPPING,
}
# The field of a mapping that holds what a ticket's key names, and how the key reads.
KEYS = {
    ItemMapping: ("sku", str.strip),
    BundleMapping: ("parent_sku", str.strip),
    TaxCodeMapping: ("tax_key", tax_key),
    LocationMapping: ("shopify_location_id", str.strip),
    DiscountMapping: ("code", lambda key: discount_key("" if key == "(default)" else key)),
    PaymentMethodMapping: ("gateway", gateway_key),
    B2BCompanyMapping: ("shopify_company_id", str.strip),
}
VERBS = {"+": "created", "~": "changed", "-": "deleted"}
PER_MODEL = 10


@dataclass(frozen=True)
class MappingChange:
    what: str  # "item mapping"
    label: str  # "IPOD2008PINK → item 214"
    verb: str  # created / changed / deleted
    who: str
    reason: str
    at: datetime
    url: str  # the history entry in the admin
    matches_key: bool

    def sentence(self) -> str:
        """The resolution note's account of the change."""
        reason = f": “{self.reason}”" if self.reason else " (no reason given)"
        return (f"{self.what} {self.label} was {self.verb} by {self.who}{reason} — "
                f"history entry {self.url}")

    def short(self) -> str:
        """The same, short enough for a history reason (100 characters)."""
        return f"{self.what} {self.label} {self.verb} by {self.who}"


def ticket_key(ticket) -> str:
    """What the ticket is about (a SKU, a tax title…): its fingerprint's last part."""
    parts = ticket.fingerprint.split(":", 2)
    return parts[2] if len(parts) == 3 else ""


def change_that_cleared(ticket) -> MappingChange | None:
    models = FIXED_BY.get(ticket.ticket_type.code, ())
    if ticket.store_id is None or not models:
        return None
    key = ticket_key(ticket)
    since = getattr(ticket, "reopened_at", None) or ticket.first_seen
    candidates = []
    for model in models:
        for entry in _entries(model, ticket.store_id, since):
            candidates.append((_matches(model, entry, key), entry.history_date, model, entry))
    if not candidates:
        return None
    matches, _, model, entry = max(candidates, key=lambda c: (c[0], c[1]))
    return _described(model, entry, matches)


def _entries(model, store_id, since):
    history = model.history.model.objects.select_related("history_user")
    store = {"bundle__store_id": store_id} if model is BundleComponent else {
        "store_id": store_id}
    return list(history.filter(history_date__gte=since, **store)
                .order_by("-history_date")[:PER_MODEL])


def _matches(model, entry, key: str) -> bool:
    if model not in KEYS or not key:
        return False
    field, read = KEYS[model]
    return (getattr(entry, field) or "") == read(key)


def _described(model, entry, matches: bool) -> MappingChange:
    user = entry.history_user
    who = "the integration" if user is None else (
        f"{user.get_full_name()} ({user.username})" if user.get_full_name() else user.username)
    return MappingChange(
        what=model._meta.verbose_name, label=str(entry.instance), who=who,
        verb=VERBS.get(entry.history_type, "changed"),
        reason=entry.history_change_reason or "", at=entry.history_date,
        url=_history_url(model, entry), matches_key=matches,
    )


def _history_url(model, entry) -> str:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                       args=[entry.id, entry.history_id])
    except NoReverseMatch:  # inline rows (bundle components): their bundle's history
        return reverse("admin:mappings_bundlemapping_history", args=[entry.bundle_id])
