"""A NetSuite refusal that names a field, said in words and routed to the team that owns it.
Pure: no database, no HTTP.

NetSuite answers a body it refuses with the JSON path of the field at fault (`o:errorPath`:
`item.items[2].item`, `location`, `item.items[0].taxCode`, `taxDetails.items[1].taxCode`,
`entity`, `subsidiary`...). The value the sent body holds there is a NetSuite id that one
of the store's mappings produced, so the ticket goes to the owner of that mapping, saying
which Shopify thing is mapped to it:

    field at the path                       mapped from               ticket (team)
    item                                    SKU, bundle component     NETSUITE_REJECTED_ITEM (Ops)
                                            discount code, store's
                                            shipping/gift card item   ..._SETTING (Finance)
    location (body or line)                 Shopify location          ..._LOCATION (Ops)
                                            store's default location  ..._SETTING (Finance)
    taxCode, taxType (line or tax detail)   Shopify tax title         ..._TAX (Finance)
                                            store's non-taxable code  ..._SETTING (Finance)
    entity, terms                           B2B company, guest        ..._CUSTOMER (Finance)
    subsidiary, currency, paymentOption,    store's ledger settings,  ..._SETTING (Finance)
    paymentMethod                           payment gateway

An id nothing of the store maps to still goes by the field's row above (its first line). A
ticket is keyed by the field's kind and the NetSuite id, so every order stuck on one id
shares one ticket. A path this module does not know, or one the body holds no id at, is
not routed (`reference_at` answers None): the caller keeps NetSuite's own words for
Integration admin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exceptions import catalogue

from .types import Problem

ITEM, LOCATION, TAX_CODE, TAX_TYPE, CUSTOMER, TERMS, SUBSIDIARY, CURRENCY, PAYMENT = (
    "item", "location", "tax code", "tax type", "customer", "payment terms", "subsidiary",
    "currency", "payment method",
)
# The last field name of the path → what kind of NetSuite record it names.
FIELD_KINDS = {
    "item": ITEM, "location": LOCATION, "taxCode": TAX_CODE, "taxType": TAX_TYPE,
    "entity": CUSTOMER, "terms": TERMS, "subsidiary": SUBSIDIARY, "currency": CURRENCY,
    "paymentOption": PAYMENT, "paymentMethod": PAYMENT,
}
# Who gets a refused id of each kind when no mapping of the store names it.
DEFAULT_CODES = {
    ITEM: catalogue.NETSUITE_REJECTED_ITEM, LOCATION: catalogue.NETSUITE_REJECTED_LOCATION,
    TAX_CODE: catalogue.NETSUITE_REJECTED_TAX, TAX_TYPE: catalogue.NETSUITE_REJECTED_TAX,
    CUSTOMER: catalogue.NETSUITE_REJECTED_CUSTOMER, TERMS: catalogue.NETSUITE_REJECTED_CUSTOMER,
    SUBSIDIARY: catalogue.NETSUITE_REJECTED_SETTING,
    CURRENCY: catalogue.NETSUITE_REJECTED_SETTING, PAYMENT: catalogue.NETSUITE_REJECTED_SETTING,
}
# NetSuite's words for an id it does not accept in a reference field.
INVALID_REFERENCE = ("INVALID_CONTENT", "INVALID_FLD_VALUE", "INVALID_KEY_OR_REF")
STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


@dataclass(frozen=True)
class Reference:
    """The NetSuite id a refused body held at the path NetSuite named."""

    kind: str  # one of FIELD_KINDS' values
    netsuite_id: str
    path: str
    line: str = ""  # the sublist line's description, when the field is on a line


@dataclass(frozen=True)
class MappedFrom:
    """What of one store's mappings produce one NetSuite id of one kind (see
    integrations.rejection_lookups). Each tuple holds words ready to show."""

    skus: tuple[str, ...] = ()  # item mappings
    bundles: tuple[str, ...] = ()  # parent SKUs of bundles with the item as a component
    locations: tuple[str, ...] = ()  # "655441491 (Main warehouse)"
    tax_titles: tuple[str, ...] = ()  # "'State Tax' in US-CA"
    companies: tuple[str, ...] = ()  # "4411 (Acme Retail)"
    discount_codes: tuple[str, ...] = ()  # "TENOFF", "(default)"
    gateways: tuple[str, ...] = ()
    store_settings: tuple[str, ...] = ()  # verbose names: "shipping item", "guest customer"


def record_body(sent) -> dict | None:
    """The record a request carried: the body itself, or the record inside a RESTlet
    request (`{"recordType", "externalId", "body": {...}}`), whose paths are REST paths."""
    if not isinstance(sent, dict):
        return None
    inner = sent.get("body")
    if "recordType" in sent and isinstance(inner, dict):
        return inner
    return sent


def reference_at(path: str, sent) -> Reference | None:
    """The id the sent body holds at `path`, if the path ends on a field this module routes."""
    body = record_body(sent)
    steps = _steps(path or "")
    if body is None or not steps or steps[-1] not in FIELD_KINDS:
        return None
    value, line = body, None
    for step in steps:
        value = _child(value, step)
        if value is None:
            return None
        if isinstance(value, dict) and "description" in value and isinstance(step, int):
            line = value
    netsuite_id = value.get("id") if isinstance(value, dict) else value
    if isinstance(netsuite_id, bool) or not isinstance(netsuite_id, str | int) or netsuite_id == "":
        return None
    description = str(line.get("description") or "") if line else ""
    return Reference(FIELD_KINDS[steps[-1]], str(netsuite_id), path, description)


def rejection_problem(ref: Reference, mapped: MappedFrom, *, label: str, code: str = "",
                      detail: str = "") -> Problem:
    """The ticket for a refused id: its owner's type, keyed by kind and id, in words.
    `label` names what was being written ("order #1001"); `detail` is NetSuite's message."""
    ticket_code, origin = _owner(ref, mapped)
    what = f"{ref.kind} {ref.netsuite_id}"
    refused = (f"NetSuite has no active {what}" if code in INVALID_REFERENCE or not code
               else f"NetSuite refused {what}")
    message = f"{refused}{origin}: {label} is held."
    if detail:
        message += f" NetSuite said: {detail}"
    context = {"path": ref.path, "netsuite_id": ref.netsuite_id, "kind": ref.kind}
    return Problem(ticket_code, key=f"{ref.kind}:{ref.netsuite_id}", message=message,
                   context=context)


def _owner(ref: Reference, m: MappedFrom) -> tuple[str, str]:
    """(ticket type, the words that say what maps to the id, each starting with its own
    separator: " for SKU X", ", the store's shipping item") for the refused reference."""
    setting = catalogue.NETSUITE_REJECTED_SETTING
    item_words = " and ".join(
        ([_listed("SKU", m.skus)] if m.skus else [])
        + ([f"{_listed('bundle', m.bundles)} (a component)"] if m.bundles else []))
    mapped = {  # kind → (words, ticket type) of the store's own mappings, most specific first
        ITEM: [(item_words, catalogue.NETSUITE_REJECTED_ITEM),
               (_listed("discount code", m.discount_codes), setting)],
        LOCATION: [(_listed("Shopify location", m.locations),
                    catalogue.NETSUITE_REJECTED_LOCATION)],
        TAX_CODE: [(_listed("Shopify tax", m.tax_titles), catalogue.NETSUITE_REJECTED_TAX)],
        CUSTOMER: [(_listed("B2B company", m.companies), catalogue.NETSUITE_REJECTED_CUSTOMER)],
        PAYMENT: [(_listed("Shopify gateway", m.gateways), setting)],
    }
    mapped[TAX_TYPE], mapped[TERMS] = mapped[TAX_CODE], mapped[CUSTOMER]
    stores = f", the store's {' and '.join(m.store_settings)}" if m.store_settings else ""
    for words, code in mapped.get(ref.kind, []):
        if words:
            return code, f" for {words}{stores}"
    if stores:
        owner = DEFAULT_CODES[ref.kind] if ref.kind in (CUSTOMER, TERMS) else setting
        return owner, stores
    line = f" (on line '{ref.line}')" if ref.line else ""
    return DEFAULT_CODES[ref.kind], f"{line}, which no mapping of this store names"


def _listed(noun: str, names: tuple[str, ...]) -> str:
    if not names:
        return ""
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"{noun}{'s' if len(names) > 1 else ''} {shown}"


def _child(value, step):
    if isinstance(value, dict):
        return value.get(step)
    if isinstance(value, list) and isinstance(step, int) and step < len(value):
        return value[step]
    return None


def _steps(path: str) -> list:
    """`item.items[2].item` → ["item", "items", 2, "item"]; [] if it is not such a path."""
    steps: list = []
    for part in path.split("."):
        match = STEP.fullmatch(part)
        if match is None:
            return []
        steps.append(match.group(1))
        steps += [int(i) for i in re.findall(r"\[(\d+)\]", match.group(2))]
    return steps
