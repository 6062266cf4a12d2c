"""NetSuite reference lists: which lists there are, which mapping field picks from which, and
what a picked id's state means for a mapping. No database access here.

One table holds every list (`NetSuiteRecord`, keyed by account, kind and internal id) rather
than one model per kind: every list has the same shape (an id, a name, NetSuite's own code, an
inactive flag), is read and refreshed the same way, searched by the same picker and checked by
the same rules; what only one kind has (a tax code's rate and tax type, an item's type, an
account's type) is in `details`.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format


class Kind(models.TextChoices):
    ITEM = "item", "Items"
    LOCATION = "location", "Locations"
    SUBSIDIARY = "subsidiary", "Subsidiaries"
    TAX_CODE = "tax_code", "Tax codes"
    TERM = "term", "Payment terms"
    PRICE_LEVEL = "price_level", "Price levels"
    CUSTOMER = "customer", "Customers (companies)"
    ACCOUNT = "account", "Accounts"
    PAYMENT_METHOD = "payment_method", "Payment methods"
    CURRENCY = "currency", "Currencies"


SINGULAR = {
    Kind.ITEM: "item", Kind.LOCATION: "location", Kind.SUBSIDIARY: "subsidiary",
    Kind.TAX_CODE: "tax code", Kind.TERM: "payment term", Kind.PRICE_LEVEL: "price level",
    Kind.CUSTOMER: "customer", Kind.ACCOUNT: "account", Kind.PAYMENT_METHOD: "payment method",
    Kind.CURRENCY: "currency",
}

# Mapping model label → its fields that hold a NetSuite internal id → the list they pick from.
PICKS: dict[str, dict[str, str]] = {
    "mappings.storemapping": {
        "subsidiary_id": Kind.SUBSIDIARY, "currency_id": Kind.CURRENCY,
        "guest_customer_id": Kind.CUSTOMER, "shipping_item_id": Kind.ITEM,
        "gift_card_item_id": Kind.ITEM, "default_location_id": Kind.LOCATION,
        "non_taxable_tax_code_id": Kind.TAX_CODE,
    },
    "mappings.locationmapping": {"netsuite_location_id": Kind.LOCATION},
    "mappings.itemmapping": {"netsuite_item_id": Kind.ITEM},
    "mappings.bundlemapping": {},
    "mappings.bundlecomponent": {"netsuite_item_id": Kind.ITEM},
    "mappings.taxcodemapping": {"netsuite_tax_code_id": Kind.TAX_CODE},
    "mappings.discountmapping": {"netsuite_discount_item_id": Kind.ITEM},
    "mappings.paymentmethodmapping": {
        "netsuite_payment_method_id": Kind.PAYMENT_METHOD, "netsuite_account_id": Kind.ACCOUNT,
    },
    "mappings.b2bcompanymapping": {
        "netsuite_customer_id": Kind.CUSTOMER, "price_level_id": Kind.PRICE_LEVEL,
        "payment_terms_id": Kind.TERM,
    },
}


def picks_of(model) -> dict[str, str]:
    """The reference fields of a mapping model (class, instance or label) and their kinds."""
    label = model if isinstance(model, str) else model._meta.label_lower
    return PICKS.get(label.lower(), {})


def kinds_picked_by(labels) -> frozenset:
    """The lists that the mappings with these model labels pick from."""
    return frozenset(kind for label in labels for kind in picks_of(label).values())


@dataclass(frozen=True)
class Picked:
    """What the reference list says about one internal id."""

    kind: str
    internal_id: str
    name: str
    code: str = ""
    is_inactive: bool = False
    gone_at: datetime | None = None
    details: dict = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return not self.is_inactive and self.gone_at is None

    @property
    def status(self) -> str:
        if self.gone_at is not None:
            return "no longer in NetSuite"
        return "inactive" if self.is_inactive else "active"

    @property
    def label(self) -> str:
        """'iPod Nano 8GB green (IPOD2008GREEN)': what people call it."""
        if self.code and self.code != self.name:
            return f"{self.name} ({self.code})"
        return self.name or f"{SINGULAR.get(self.kind, self.kind)} {self.internal_id}"

    def summary(self) -> str:
        """'iPod Nano 8GB green — internal id 211, active'."""
        return f"{self.label} — internal id {self.internal_id}, {self.status}"


def percent(fraction) -> str:
    """"0.0725" → "7.25%"."""
    return f"{(Decimal(str(fraction)) * 100).normalize():f}%"


def when(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def refusal(kind: str, internal_id: str, picked: Picked | None, *, account: str,
            list_read_at: datetime | None) -> str | None:
    """Why a mapping may not name this id (None: it may). `list_read_at` is when the list
    was last read from the account (None: never)."""
    what = SINGULAR.get(kind, kind)
    if list_read_at is None:
        return (f"The {Kind(kind).label.lower()} of NetSuite account {account} have never been "
                f"read, so {what} {internal_id} cannot be checked. Read the account's reference "
                "lists (Mappings → NetSuite reference lists → Read now), then save again.")
    if picked is None:
        return (f"{what.capitalize()} {internal_id} is not in the {Kind(kind).label.lower()} "
                f"of NetSuite account {account} (read {when(list_read_at)}): pick one from the "
                "list. Created in NetSuite since? Read the reference lists again.")
    if picked.gone_at is not None:
        return (f"{what.capitalize()} {picked.label} ({internal_id}) was no longer in NetSuite "
                f"account {account} when its list was read {when(picked.gone_at)}: pick "
                "another one.")
    if picked.is_inactive:
        return (f"{what.capitalize()} {picked.label} ({internal_id}) is inactive in NetSuite: "
                "pick an active one, or reactivate it in NetSuite and read the lists again.")
    return None
