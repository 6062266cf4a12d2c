"""Where each kind of ticket is fixed: the admin page, pre-filled from the ticket, that its
guidance asks for. Offered only to people the access policy lets use that page."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from . import access, catalogue


@dataclass(frozen=True)
class Fix:
    model: str  # model label
    page: str  # "add" or "changelist" (searched for the key)
    label: str  # {key} and {sku} are filled from the ticket
    prefill: dict = field(default_factory=dict)  # add form field → "key" / "store"


def _add(model, label, key_field=None):
    prefill = {"store": "store", key_field: "key"} if key_field else {"store": "store"}
    return Fix(model, "add", label, prefill)


FIXES = {
    catalogue.UNKNOWN_SKU: _add(access.ITEMS, "Map SKU {key} to a NetSuite item", "sku"),
    catalogue.AMBIGUOUS_SKU: Fix(access.ITEMS, "changelist", "Open the item mapping of {key}"),
    catalogue.UNMAPPED_LOCATION: _add(access.LOCATIONS, "Map Shopify location {key}",
                                      "shopify_location_id"),
    catalogue.UNMAPPED_B2B_COMPANY: _add(access.B2B_COMPANIES, "Map B2B company {key}",
                                         "shopify_company_id"),
    catalogue.UNMAPPED_TAX: _add(access.TAX_CODES, "Map tax “{key}” to a NetSuite tax code",
                                 "tax_title"),
    catalogue.TAX_DRIFT: Fix(access.TAX_CODES, "changelist", "Check the tax code of “{key}”"),
    catalogue.UNMAPPED_DISCOUNT: _add(access.DISCOUNTS, "Map discount {key}", "code"),
    catalogue.UNMAPPED_PAYMENT_METHOD: _add(access.PAYMENT_METHODS, "Map gateway {key}",
                                            "gateway"),
    catalogue.UNMAPPED_GIFT_CARD: Fix(access.STORE_SETTINGS, "changelist",
                                      "Set the store's gift card item"),
    catalogue.CURRENCY_MISMATCH: Fix(access.STORE_SETTINGS, "changelist",
                                     "Check the store's currency"),
    catalogue.STORE_NOT_MAPPED: _add(access.STORE_SETTINGS, "Create the store's ledger settings"),
}


def problem_key(ticket) -> str:
    """The thing to fix (a SKU, a tax title…): the last part of the fingerprint."""
    return ticket.fingerprint.split(":", 2)[-1]


def fix_for(ticket, user) -> tuple[str, str] | None:
    """(label, url) of the page that fixes the ticket, if the person may use it."""
    fix = FIXES.get(ticket.ticket_type.code)
    key = problem_key(ticket)
    if fix is None:
        return _connection_fix(ticket, user)
    verb = "add" if fix.page == "add" else "view"
    if not access.allows(user, verb, fix.model):
        return None
    app, model = fix.model.split(".")
    url = reverse(f"admin:{app}_{model}_{fix.page}")
    if fix.page == "add":
        values = {"key": "" if key.startswith("(") else key, "store": ticket.store_id or ""}
        query = {name: values[source] for name, source in fix.prefill.items()}
    else:
        query = {"q": key} if fix.model != access.STORE_SETTINGS else {}
    query = {name: value for name, value in query.items() if value not in ("", None)}
    return fix.label.format(key=key), f"{url}?{urlencode(query)}" if query else url


def _connection_fix(ticket, user):
    code = ticket.ticket_type.code
    if code not in (catalogue.CONNECTION_AUTH, catalogue.CREDENTIALS_EXPIRING):
        return None
    if ticket.store_id is None or not access.allows(user, "change", access.CONNECTIONS):
        return None
    url = reverse("admin:integrations_connection_change", args=[ticket.store_id])
    return f"Renew the credentials of {ticket.store}", url
