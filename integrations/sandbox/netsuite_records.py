"""Records as the NetSuite sandbox keeps them, and as SuiteTalk REST shows them.

Stored fields are what clients wrote, normalised: references become `{"id": "<str>"}`,
sublists `{"items": [lines]}` with a `line` number per line, amounts Decimal. Rendering
follows a real answer (oracle-devrel's salesOrder GET): `links`, ids as strings, references
as `{links, id, refName}`, sublists and subrecords only as links unless expanded.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from .netsuite_schema import RECORD_TYPES

RECORD_ROOT = "/services/rest/record/v1"

# The record types the sandbox serves (those with a published field list) and, for links
# and SuiteQL table names only, a few it points at.
CANONICAL_TYPES = {name.lower(): name for name in (
    *RECORD_TYPES, "nonInventorySaleItem", "currency", "salesTaxItem", "term", "priceLevel",
    "account",
)}
ITEM_TYPES = ("inventoryitem", "kititem")
ITEM_TYPE_CODES = {"inventoryitem": "InvtPart", "kititem": "Kit"}  # SuiteQL `item.itemtype`

# SuiteQL `transaction.type` of each transaction record type.
TRANSACTION_TYPES = {
    "salesorder": "SalesOrd", "invoice": "CustInvc", "cashsale": "CashSale",
    "creditmemo": "CustCred", "itemfulfillment": "ItemShip", "returnauthorization": "RtnAuth",
    "customerrefund": "CustRfnd", "customerpayment": "CustPymt", "customerdeposit": "CustDep",
    "deposit": "Deposit", "journalentry": "Journal", "inventoryadjustment": "InvAdjst",
    "cashrefund": "CashRfnd", "purchaseorder": "PurchOrd", "itemreceipt": "ItemRcpt",
}

# Which record type a reference field points at (for its link and its existence check).
REF_TYPES = {
    "entity": "customer", "customer": "customer", "parent": "customer",
    "subsidiary": "subsidiary", "location": "location", "currency": "currency",
    "item": "inventoryItem", "taxCode": "salesTaxItem", "terms": "term",
    "priceLevel": "priceLevel", "account": "account", "createdFrom": "salesOrder",
}

ORDER_STATUSES = {
    "A": "Pending Approval", "B": "Pending Fulfillment", "C": "Cancelled",
    "D": "Partially Fulfilled", "E": "Pending Billing/Partially Fulfilled",
    "F": "Pending Billing", "G": "Billed", "H": "Closed",
}



def canonical_type(name: str) -> str:
    return CANONICAL_TYPES.get(name.lower(), name)


def now_text() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def is_ref(value) -> bool:
    return isinstance(value, dict) and ("id" in value or "externalId" in value) and set(
        value) <= {"id", "externalId", "refName", "links"}


def is_sublist(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("items"), list)


@dataclass
class Record:
    type_name: str
    id: str
    external_id: str | None = None
    fields: dict = field(default_factory=dict)
    created: str = field(default_factory=now_text)
    modified: str = field(default_factory=now_text)
    sent: list = field(default_factory=list)  # the bodies as clients sent them, in order

    @property
    def key(self) -> str:
        return self.type_name.lower()


def normalize(value):
    """A body value as stored: refs → {"id": str}, sublists numbered, floats → Decimal."""
    if is_ref(value):
        return {"id": str(value["id"])} if "id" in value else {"externalId": value["externalId"]}
    if is_sublist(value):
        return {"items": [normalize(line) for line in value["items"]]}
    if isinstance(value, dict):
        return {key: normalize(item) for key, item in value.items() if key != "links"}
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def apply_body(record: Record, body: dict, replace: set[str]) -> None:
    """Write a body onto a record: fields set, null unsets, sublists merged or replaced.

    NetSuite appends non-keyed sublist lines on update unless `?replace=<sublist>`; a line
    carrying an existing `line` number updates that line.
    """
    for name, raw in body.items():
        if name in ("id", "links", "externalId"):
            continue
        if raw is None:
            record.fields.pop(name, None)
            continue
        value = normalize(raw)
        current = record.fields.get(name)
        if is_sublist(value) and is_sublist(current) and name not in replace:
            value = {"items": _merge_lines(current["items"], value["items"])}
        if is_sublist(value):
            _number_lines(value["items"])
        record.fields[name] = value
    record.modified = now_text()


def _merge_lines(existing: list[dict], incoming: list[dict]) -> list[dict]:
    merged = [dict(line) for line in existing]
    by_number = {str(line.get("line")): line for line in merged}
    for line in incoming:
        target = by_number.get(str(line.get("line"))) if "line" in line else None
        if target is not None:
            target.update(line)
        else:
            merged.append({k: v for k, v in line.items() if k != "line"})
    return merged


def _number_lines(lines: list[dict]) -> None:
    used = {int(line["line"]) for line in lines if str(line.get("line", "")).isdigit()}
    next_number = max(used, default=0) + 1
    for line in lines:
        if not str(line.get("line", "")).isdigit():
            line["line"] = next_number
            next_number += 1
        else:
            line["line"] = int(line["line"])


def _link(href: str, rel: str = "self") -> list[dict]:
    return [{"rel": rel, "href": href}]


def render(record: Record, origin: str, *, expand: bool,
           ref_name=lambda field_name, ref_id: None) -> dict:
    base = f"{origin}{RECORD_ROOT}"
    lower = f"{base}/{record.key}/{record.id}"
    out = {"links": _link(f"{base}/{record.type_name}/{record.id}")}
    if record.key in TRANSACTION_TYPES:
        out["createdDate"] = record.created
    else:
        out["dateCreated"] = record.created
    for name, value in sorted(record.fields.items()):
        if is_ref(value):
            out[name] = _render_ref(base, name, value, ref_name)
        elif is_sublist(value):
            out[name] = {"links": _link(f"{lower}/{name}")}
            if expand:
                lines = [_render_line(base, f"{lower}/{name}", line, ref_name)
                         for line in value["items"]]
                out[name].update(count=len(lines), hasMore=False, items=lines, offset=0,
                                 totalResults=len(lines))
        elif isinstance(value, dict):
            out[name] = {"links": _link(f"{lower}/{name}")}
            if expand:
                out[name].update(value)
        else:
            out[name] = value
    if record.external_id:
        out["externalId"] = record.external_id
    out["id"] = record.id
    out["lastModifiedDate"] = record.modified
    return out


def _render_ref(base: str, name: str, value: dict, ref_name) -> dict:
    if "id" not in value:
        return dict(value)  # an external-id reference to a kind the sandbox does not hold
    if not str(value["id"]).lstrip("-").isdigit():
        return dict(value)  # a select value ({"id": "SAVE_ONLY"}): no record to link to
    ref_type = REF_TYPES.get(name, name)
    out = {"links": _link(f"{base}/{ref_type}/{value['id']}"), "id": value["id"]}
    label = ref_name(name, value["id"])
    if label:
        out["refName"] = label
    return out


def _render_line(base: str, sublist_href: str, line: dict, ref_name) -> dict:
    out = {"links": _link(f"{sublist_href}/{line['line']}")}
    for name, value in line.items():
        out[name] = _render_ref(base, name, value, ref_name) if is_ref(value) else value
    return out


def row_of(record: Record) -> dict:
    """The record as a SuiteQL row: lower-case columns, references as their id."""
    row = {}
    for name, value in record.fields.items():
        if is_ref(value):
            row[name.lower()] = value.get("id")
        elif not isinstance(value, dict | list):
            row[name.lower()] = value
    row.update(id=record.id, externalid=record.external_id, lastmodifieddate=record.modified)
    if record.key in TRANSACTION_TYPES:
        row.update(type=TRANSACTION_TYPES[record.key], recordtype=record.key,
                   createddate=record.created, foreigntotal=record.fields.get("total"))
    else:
        row["datecreated"] = record.created
    return row


def suiteql_value(value) -> str:
    """SuiteQL answers every value as text; booleans as T/F."""
    if isinstance(value, bool):
        return "T" if value else "F"
    return str(value)


def suiteql_tables(records_by_kind: dict[str, dict[str, Record]],
                   extra: dict[str, list[dict]] | None = None) -> dict[str, list[dict]]:
    """SuiteQL tables: one per record type, `transaction` across transaction types, `item`
    across item types, and the `extra` tables (their rows before the stored records')."""
    tables: dict[str, list[dict]] = {name: [] for name in CANONICAL_TYPES}
    tables.update({name: list(rows) for name, rows in (extra or {}).items()})
    tables["transaction"], tables["item"] = [], []
    for kind, stored in records_by_kind.items():
        rows = [row_of(r) for r in sorted(stored.values(), key=lambda r: int(r.id))]
        tables.setdefault(kind, []).extend(rows)
        if kind in TRANSACTION_TYPES:
            tables["transaction"].extend(rows)
        if kind in ITEM_TYPE_CODES:
            tables["item"].extend({**row, "itemtype": ITEM_TYPE_CODES[kind]} for row in rows)
    for name in ("transaction", "item"):
        tables[name].sort(key=lambda row: int(row["id"]))
    return tables
