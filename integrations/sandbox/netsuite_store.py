"""The records a NetSuite sandbox account holds, and how a write lands on them.

One store serves REST and the RESTlet alike: a write is cleaned against the account's field
list (netsuite_validation), held to the whole-record rules (netsuite_rules), applied
(netsuite_records.apply_body) and finished (defaults, totals: netsuite_totals). The caller
holds the sandbox's lock.

References are checked against what the account holds: ids registered as known per kind
(`register_known`: item, location, subsidiary, taxCode, customer…), and the stored records.
A kind with nothing registered is not checked, except customers and transactions (their
records are the sandbox's own). Negative ids are NetSuite's built-in records (-1 the custom
price level, -7 the not-taxable tax code…) and always exist.

A known record registered as inactive (`{"isinactive": True}`) is refused as a reference,
as NetSuite refuses an inactive record.

SuiteQL tables (`tables`): one per record type (lower-case columns, references as ids),
`transaction` and `item` across their types, and from the account itself
`companyfeaturesetup` (id, name, isavailable: the profile's features, see netsuite_profile),
`subsidiary` (id, name, currency, country, isinactive: the known subsidiaries, with the
details `set_subsidiaries` gave, else currency "1" and country "US"; stored subsidiary
records follow) and the reference lists of netsuite_reference_tables (items, locations, tax
codes, terms, price levels, customers, accounts, payment methods, currencies).
"""

import copy
import itertools
from decimal import Decimal

from .netsuite_profile import AccountProfile
from .netsuite_records import (
    ITEM_TYPES,
    REF_TYPES,
    TRANSACTION_TYPES,
    Record,
    apply_body,
    suiteql_tables,
)
from .netsuite_reference_tables import merge, reference_tables
from .netsuite_rules import check_record
from .netsuite_schema import account_schema, record_type_named
from .netsuite_totals import compute_totals, has_item_totals
from .netsuite_validation import EXTERNAL_ID, Checks, Problem, clean_body

FIELD_KINDS = {"customer": "customer", "parent": "customer", "terms": "term",
               "createdFrom": "transaction", "inventorylocation": "location"}
VENDOR_TRANSACTIONS = ("purchaseOrder", "itemReceipt")
OPEN_ENTITY_RECORDS = ("journalEntry", "deposit")  # their lines name any kind of entity
BUILT_IN_NAMES = {"price": {"-1": "Custom"}, "taxCode": {"-7": "-Not Taxable-"}}
DEFAULT_SUBSIDIARY = {"currency": "1", "country": "US", "isinactive": False}


def known_kind(field_name: str, record_type: str = "") -> str:
    """The `register_known` kind a reference field's ids belong to."""
    if field_name == "entity":
        if record_type in VENDOR_TRANSACTIONS:
            return "vendor"
        return "entity" if record_type in OPEN_ENTITY_RECORDS else "customer"
    return FIELD_KINDS.get(field_name, field_name)


class RecordStore:
    def __init__(self):
        self.known: dict[str, dict[str, str]] = {}
        # kind → id → the SuiteQL columns register_known gave beyond the name
        self.known_columns: dict[str, dict[str, dict]] = {}
        self.tax_rates: dict[str, Decimal] = {}
        self.default_tax_code: str | None = None
        self.subsidiaries: dict[str, dict] = {}
        self.reset()

    def reset(self) -> None:
        self.records: dict[str, dict[str, Record]] = {}
        self.ids = itertools.count(1001)
        self.tran_ids = itertools.count(1)
        self.dropped: list[dict] = []
        self.last_dropped: list[dict] = []  # what the latest accepted write dropped

    # Lookups ---------------------------------------------------------------------------

    def find(self, record_type: str, ident: str) -> Record | None:
        stored = self.records.get(record_type.lower(), {})
        if ident.startswith("eid:"):
            return next((r for r in stored.values() if r.external_id == ident[4:]), None)
        return stored.get(ident)

    def _stored_kinds(self, field_name: str, target: str) -> tuple[str, ...]:
        if field_name == "item" or target == "kitItem":
            return ITEM_TYPES
        if field_name == "createdFrom":
            return tuple(TRANSACTION_TYPES)
        served = record_type_named(target) or record_type_named(REF_TYPES.get(field_name, ""))
        return (served.lower(),) if served else ()

    def resolve(self, field_name: str, target: str, external_id: str) -> str | None:
        kinds = self._stored_kinds(field_name, target)
        if not kinds:
            return ""  # a kind the sandbox does not hold: the reference is kept as sent
        for kind in kinds:
            match = self.find(kind, f"eid:{external_id}")
            if match is not None:
                return match.id
        return None

    def exists(self, record_type: str, field_name: str, target: str, ref_id: str):
        if ref_id.startswith("-"):
            return True
        kind = known_kind(field_name, record_type)
        stored = any(ref_id in self.records.get(k, {})
                     for k in self._stored_kinds(field_name, target))
        if kind in self.known:
            if self.known_columns.get(kind, {}).get(ref_id, {}).get("isinactive"):
                return stored
            return ref_id in self.known[kind] or stored
        if kind in ("customer", "transaction"):
            return stored
        return None

    def ref_name(self, field_name: str, ref_id: str) -> str | None:
        kind = known_kind(field_name)
        name = self.known.get(kind, {}).get(ref_id) or BUILT_IN_NAMES.get(kind, {}).get(ref_id)
        if name:
            return name
        for stored_kind in self._stored_kinds(field_name, REF_TYPES.get(field_name, "")):
            stored = self.records.get(stored_kind, {}).get(ref_id)
            if stored is not None:
                f = stored.fields
                person = " ".join(str(f[k]) for k in ("firstName", "lastName") if f.get(k))
                return (f.get("companyName") or person or f.get("entityId") or f.get("tranId")
                        or f.get("itemId") or f.get("name") or None)
        return None

    # Writes ----------------------------------------------------------------------------

    def write(self, record_type: str, ident: str | None, body: dict, replace: set[str], *,
              profile: AccountProfile, channel: str = "rest", names: str = "warning",
              values: str = "error", extra_fields=frozenset(),
              require_existing: bool = False) -> tuple[Record | None, bool] | Problem:
        """Create or update one record. `ident` is None (create), `eid:<external id>`
        (upsert) or an internal id (update, which `require_existing` makes a 404 when
        missing). Answers (record, created), or the Problem that refuses the body."""
        external_id = ident[4:] if ident and ident.startswith("eid:") else None
        record = self.find(record_type, ident) if ident else None
        if record is None and require_existing:
            return None, False
        schema = account_schema(record_type, profile, channel)
        checks = Checks(
            schema, names=names, values=values, extra_fields=frozenset(extra_fields),
            resolve=self.resolve,
            exists=lambda field_name, target, ref_id: self.exists(
                record_type, field_name, target, ref_id),
        )
        try:
            cleaned = clean_body(body, checks)
            check_record(record_type, cleaned, None if record is None else record.fields,
                         schema.root)
            if ident is None and body.get("externalId"):
                external_id = str(body["externalId"])
                if not EXTERNAL_ID.match(external_id):
                    raise Problem("value", "externalId", external_id)
                if self.find(record_type, f"eid:{external_id}") is not None:
                    raise Problem("duplicate", "externalId", external_id)
        except Problem as problem:
            return problem
        self.dropped.extend(checks.dropped)
        self.last_dropped = checks.dropped
        creating = record is None
        draft = Record(type_name=record_type, id=str(next(self.ids)),
                       external_id=external_id) if creating else copy.deepcopy(record)
        draft.sent.append(copy.deepcopy(body))
        apply_body(draft, cleaned, replace)
        self._finish(draft, schema, profile, creating)
        self.records.setdefault(draft.key, {})[draft.id] = draft
        return draft, creating

    def _finish(self, draft: Record, schema, profile: AccountProfile, creating: bool) -> None:
        fields = draft.fields
        if creating and draft.key in TRANSACTION_TYPES:
            fields.setdefault("tranId", str(next(self.tran_ids)))
            fields.setdefault("tranDate", profile.today())
        if draft.key == "salesorder":
            status = fields.get("orderStatus", "B")
            fields["orderStatus"] = status.get("id") if isinstance(status, dict) else status
            fields["status"] = fields["orderStatus"]
        element = schema.fields_of(f"{draft.type_name}-itemElement")
        if has_item_totals(schema.root, element):
            compute_totals(fields, schema.root, suitetax=profile.suitetax,
                           tax_rates=self.tax_rates, default_tax_code=self.default_tax_code)

    # SuiteQL ---------------------------------------------------------------------------

    def tables(self, profile: AccountProfile) -> dict[str, list[dict]]:
        subsidiaries = [
            {"id": key, "name": name, **DEFAULT_SUBSIDIARY, **self.subsidiaries.get(key, {})}
            for key, name in sorted(self.known.get("subsidiary", {}).items(),
                                    key=lambda item: (len(item[0]), item[0]))
        ]
        tables = suiteql_tables(self.records, {"companyfeaturesetup": profile.feature_rows(),
                                               "subsidiary": subsidiaries})
        merge(tables, reference_tables(self.known, self.known_columns, self.tax_rates))
        return tables
