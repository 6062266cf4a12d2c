"""NetSuite's published REST field lists (netsuite_schemas/), as one account sees them.

netsuite_schemas/<record>.json holds the REST API Browser field list (Record API v1, 2026.1)
of one record type: `fields` (the record's own) and `definitions` (its sublist collections
and elements, addresses, inventory detail). Format and caveats: netsuite_schemas/README.md;
origin of each file: netsuite_schemas/SOURCE.txt.

`account_schema(record_type, profile, channel)` is that list shaped by the account profile
(netsuite_profile): the tax fields of the other tax mode, `currency` without multi-currency,
`paymentOption`/`paymentMethod`, `subsidiary` without OneWorld. Channels:

- "account": the fields the account's records have (what the metadata catalog describes);
- "restlet": the same (the RESTlet writes with N/record, legacy tax included);
- "rest": the same, except that on a legacy-tax account every tax field is marked `refuse`
  (REST web services do not support legacy tax).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .netsuite_profile import (
    LEGACY_TAX_BODY,
    LEGACY_TAX_LINE,
    REST_TAX_REFUSAL,
    SUITETAX_BODY,
    SUITETAX_LINE,
    AccountProfile,
)

SCHEMA_DIR = Path(__file__).parent / "netsuite_schemas"
CHANNELS = ("account", "rest", "restlet")
# Shared collections the lists point at without owning them: {"items": [references]}.
SHARED_COLLECTIONS = {
    "subsidiaryCollection": "subsidiary", "nsResourceCollection": "nsResource",
    "shipItemCollection": "shipItem", "contactCollection": "contact",
    "purchaseRequisitionCollection": "purchaseRequisition",
}
NO_CURRENCY_FIELDS = frozenset({"currency", "currencyList"})
NON_TRANSACTIONS = frozenset({"customer", "inventoryItem", "kitItem", "location", "subsidiary",
                              "giftCertificate"})


@cache
def _published() -> dict[str, dict]:
    return {data["record"]: data for data in (
        json.loads(path.read_text()) for path in sorted(SCHEMA_DIR.glob("*.json")))}


RECORD_TYPES: tuple[str, ...] = tuple(_published())


def published(record_type: str) -> dict:
    """The field list file of a record type (canonical name), as published."""
    return _published()[record_type]


def record_type_named(name: str) -> str | None:
    """The canonical record type for a URL segment (the segment is case-insensitive)."""
    return next((t for t in RECORD_TYPES if t.lower() == str(name).lower()), None)


def is_collection(fields: dict) -> bool:
    items = fields.get("items")
    return bool(items) and items.get("type") == "array"


@dataclass(frozen=True)
class AccountSchema:
    """One record type's fields as one account has them: `root` is the record's own fields,
    `defs` its owned definitions by name; each field is the published entry (a dict)."""

    record_type: str
    root: dict
    defs: dict

    def fields_of(self, definition: str) -> dict | None:
        return self.defs.get(definition)


@cache
def account_schema(record_type: str, profile: AccountProfile,
                   channel: str = "rest") -> AccountSchema:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    data = published(record_type)
    shape = _Shaper(record_type, profile, refuse_tax=channel == "rest" and not profile.suitetax)
    root = shape.body(data["fields"])
    defs = {}
    for name, definition in data["definitions"].items():
        fields = definition.get("fields", {})
        defs[name] = shape.lines(fields) if name.endswith("Element") and not name.endswith(
            "taxDetailsElement") else dict(fields)
    return AccountSchema(record_type, root, defs)


class _Shaper:
    def __init__(self, record_type: str, profile: AccountProfile, *, refuse_tax: bool):
        self.record_type = record_type
        self.profile = profile
        self.refuse_tax = refuse_tax
        self.transaction = record_type not in NON_TRANSACTIONS

    def body(self, fields: dict) -> dict:
        out = self._tax(fields, LEGACY_TAX_BODY, SUITETAX_BODY)
        if not self.profile.multi_currency and (self.transaction or
                                                self.record_type == "customer"):
            out = {k: v for k, v in out.items() if k not in NO_CURRENCY_FIELDS}
        if not self.profile.oneworld and self.record_type != "subsidiary":
            out.pop("subsidiary", None)
        if "paymentOption" in out and self.profile.payment_field == "paymentMethod":
            out = {("paymentMethod" if k == "paymentOption" else k):
                   ({"type": "ref", "ref": "paymentMethod", "read_only": False}
                    if k == "paymentOption" else v) for k, v in out.items()}
        return out

    def lines(self, fields: dict) -> dict:
        out = self._tax(fields, LEGACY_TAX_LINE, SUITETAX_LINE)
        if not self.profile.oneworld:
            out = {k: v for k, v in out.items() if k not in ("subsidiary", "inventorysubsidiary")}
        return out

    def _tax(self, fields: dict, legacy: frozenset, suitetax: frozenset) -> dict:
        if self.refuse_tax:
            return {k: ({**v, "refuse": REST_TAX_REFUSAL.format(field=k)}
                        if k in legacy | suitetax else v) for k, v in fields.items()}
        absent = legacy if self.profile.suitetax else suitetax
        return {k: v for k, v in fields.items() if k not in absent}
