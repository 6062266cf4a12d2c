"""What the NetSuite sandbox refuses in a record body, field by field.

Every write (REST POST/PUT/PATCH and the RESTlet's upsert) is walked against the record's
published field list as the account profile shapes it (netsuite_schema.account_schema): body
fields, sublist collections and their lines, subrecords (addresses, inventory detail).
Customers also take the fields only the recorded customer metadata names (netsuite_customer).
Whole-record rules (required values, tax details, balance) are netsuite_rules'.

Request headers, as NetSuite's REST API Browser documents them on every record write
(`enum Error, Warning, Ignore`), and what the sandbox does with them:

- `X-NetSuite-PropertyNameValidation` (default Warning): an unknown body field, line field or
  subrecord field is refused (400 INVALID_CONTENT, `o:errorPath` naming it) with `Error`; with
  `Warning` or `Ignore` it is dropped and the write goes on (the sandbox lists every dropped
  path in `stats["dropped_fields"]`, reason "unknown field"). With `Warning` the answer says
  so in an `X-NetSuite-PropertyValidation` header (a real account's metadata catalog documents
  that header, "Description of property validation failure", on record writes).
- `X-NetSuite-PropertyValueValidation` (default Error): a value the field list rules out is
  refused with `Error`; with `Warning` or `Ignore` that field is dropped (reason "invalid
  value"). Value problems are: a wrong JSON type (string / number / integer / boolean /
  object), a date that is not `YYYY-MM-DD`, a date-time that is not ISO 8601, a select value
  outside its `id_enum` or not shaped `{"id": ...}`, a reference not shaped `{"id": ...}` or
  `{"externalId": ...}` (refName and links may ride along; a bare string or number is
  refused; ids are digits, NetSuite's built-in records have negative ids such as "-7").
  Whether a referenced record exists is the account's data, not the body's shape: an unknown
  id or external id is refused whatever the header says.

Sources: the REST API Browser (2026.1) lists both headers on every record POST, PUT and
PATCH, `enum Error, Warning, Ignore`, defaults Warning (names) and Error (values); the
recorded customer metadata answer (a real 2020 account) lists the same two with the same
defaults. What Warning and Ignore do beyond "not an error" is not documented: the sandbox
drops the field, as an account does with an unknown field by default.

Always refused: read-only fields (`links`, a collection's `count`/`hasMore`/`offset`/
`totalResults`) and, on a legacy-tax account through REST, every tax field.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .netsuite_customer import metadata_error, metadata_only_fields
from .netsuite_schema import SHARED_COLLECTIONS, AccountSchema, is_collection

MODES = ("error", "warning", "ignore")
NAME_HEADER = "x-netsuite-propertynamevalidation"
VALUE_HEADER = "x-netsuite-propertyvaluevalidation"
INTERNAL_ID = re.compile(r"^-?[0-9]+$")
EXTERNAL_ID = re.compile(r"^[A-Za-z0-9_-]+$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
REF_KEYS = frozenset({"id", "externalId", "refName", "links"})
SELECT_KEYS = frozenset({"id", "refName", "links"})


@dataclass
class Problem(Exception):
    """One way a body breaks the account's rules. `kind`: unknown, read_only, value,
    reference, tax_unsupported (here); required, no_lines, tax_reference, unbalanced,
    duplicate (netsuite_rules, netsuite_store)."""

    kind: str
    path: str = ""
    value: object = None
    label: str = ""
    detail: str = ""


@dataclass
class Checks:
    """How one write is checked: the schema, the two header modes, and the account's data.

    `resolve(field, target, external_id)` answers the internal id of the record an
    external-id reference names, "" when the sandbox does not hold that kind (the reference
    is kept as sent), or None when there is no such record. `exists(field, target, id)`
    answers True, False, or None when that kind is not checked.
    """

    schema: AccountSchema
    names: str = "warning"
    values: str = "error"
    resolve: Callable = lambda field_name, target, external_id: ""
    exists: Callable = lambda field_name, target, ref_id: None
    extra_fields: frozenset = frozenset()
    dropped: list = field(default_factory=list)

    def drop(self, path: str, reason: str) -> None:
        self.dropped.append({"record": self.schema.record_type, "path": path, "reason": reason})


def clean_body(body: dict, checks: Checks) -> dict:
    """The body as the account takes it (dropped fields gone, external-id references resolved
    to internal ids), or Problem raised for the first thing it refuses."""
    root = dict(checks.schema.root)
    if checks.schema.record_type == "customer":
        for name in metadata_only_fields():
            root.setdefault(name, {"type": "metadata"})
    for name in checks.extra_fields:
        root.setdefault(name, {"type": "any"})
    return _object(body, root, "", checks)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _object(value: dict, fields: dict, prefix: str, checks: Checks) -> dict:
    out = {}
    for name, raw in value.items():
        path = _join(prefix, name)
        spec = fields.get(name)
        if spec is None:
            if checks.names == "error":
                raise Problem("unknown", path, raw)
            checks.drop(path, "unknown field")
            continue
        if spec.get("refuse"):
            raise Problem("tax_unsupported", path, raw, detail=spec["refuse"])
        if spec.get("read_only"):
            raise Problem("read_only", path, raw)
        if raw is None:
            out[name] = None
            continue
        try:
            out[name] = _value(raw, spec, path, name, checks)
        except Problem as problem:
            # A value problem met here (and not by a deeper field) drops this whole field.
            if problem.kind != "value" or checks.values == "error":
                raise
            checks.drop(problem.path, "invalid value")
    return out


def _value(raw, spec: dict, path: str, name: str, checks: Checks):
    kind = spec["type"]
    if kind == "any":
        return raw
    if kind == "metadata":
        error = metadata_error(name, raw)
        if error is not None:
            raise Problem("value", error[0], error[1])
        return raw
    if kind == "string":
        return _string(raw, spec.get("format"), path)
    if kind in ("number", "integer"):
        return _number(raw, kind, path)
    if kind == "boolean":
        if not isinstance(raw, bool):
            raise Problem("value", path, raw)
        return raw
    if kind == "ref":
        return _reference(raw, name, spec.get("ref", "nsResource"), path, checks)
    if kind == "object":
        return _compound(raw, spec, path, name, checks)
    if kind == "array":
        if not isinstance(raw, list):
            raise Problem("value", path, raw)
        return raw
    raise Problem("value", path, raw)


def _string(raw, fmt: str | None, path: str) -> str:
    if not isinstance(raw, str):
        raise Problem("value", path, raw)
    if fmt == "date":
        try:
            if not DATE.match(raw):
                raise ValueError(raw)
            date.fromisoformat(raw)
        except ValueError:
            raise Problem("value", path, raw) from None
    elif fmt == "date-time":
        try:
            if "T" not in raw:
                raise ValueError(raw)
            datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise Problem("value", path, raw) from None
    return raw


def _number(raw, kind: str, path: str):
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        raise Problem("value", path, raw)
    if kind == "integer" and not isinstance(raw, int):
        if raw != int(raw):
            raise Problem("value", path, raw)
        return int(raw)
    return raw


def _reference(raw, name: str, target: str, path: str, checks: Checks) -> dict:
    if not isinstance(raw, dict) or not set(raw) <= REF_KEYS or not (
            "id" in raw or "externalId" in raw):
        raise Problem("value", path, raw)
    if "id" in raw:
        ref_id = raw["id"]
        if isinstance(ref_id, bool) or not isinstance(ref_id, str | int) or not INTERNAL_ID.match(
                str(ref_id)):
            raise Problem("value", path, ref_id)
        ref_id = str(ref_id)
    else:
        external_id = raw["externalId"]
        if not isinstance(external_id, str) or not EXTERNAL_ID.match(external_id):
            raise Problem("value", path, external_id)
        ref_id = checks.resolve(name, target, external_id)
        if ref_id is None:
            raise Problem("reference", path, external_id)
        if ref_id == "":
            return {"externalId": external_id}
    if checks.exists(name, target, ref_id) is False:
        raise Problem("reference", path, ref_id)
    return {"id": ref_id}


def _compound(raw, spec: dict, path: str, name: str, checks: Checks):
    if not isinstance(raw, dict):
        raise Problem("value", path, raw)
    if "id_type" in spec:  # a select field: {"id": one of id_enum}
        if not set(raw) <= SELECT_KEYS or "id" not in raw:
            raise Problem("value", path, raw)
        value = raw["id"]
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise Problem("value", path, value)
        if "id_enum" in spec and str(value) not in spec["id_enum"]:
            raise Problem("value", path, value)
        return {"id": str(value)}
    ref = spec.get("ref")
    owned = checks.schema.fields_of(ref) if ref else None
    if owned is not None:
        if is_collection(owned):
            return _collection(raw, owned, path, checks)
        return _object(raw, owned, path, checks)
    if ref in SHARED_COLLECTIONS:
        target = SHARED_COLLECTIONS[ref]
        lines = raw.get("items")
        if set(raw) - {"items"} or not isinstance(lines, list):
            raise Problem("value", path, raw)
        items = [_reference(item, name, target, f"{path}.items[{i}]", checks)
                 for i, item in enumerate(lines)]
        return {"items": items}
    return raw


def _collection(raw: dict, fields: dict, path: str, checks: Checks) -> dict:
    out = {}
    for name, value in raw.items():
        spec = fields.get(name)
        if name != "items":
            if spec is not None and spec.get("read_only"):
                raise Problem("read_only", _join(path, name), value)
            if checks.names == "error":
                raise Problem("unknown", _join(path, name), value)
            checks.drop(_join(path, name), "unknown field")
            continue
        if not isinstance(value, list):
            raise Problem("value", f"{path}.items", value)
        element = checks.schema.fields_of(spec.get("ref", "")) or {}
        lines = []
        for index, line in enumerate(value):
            line_path = f"{path}.items[{index}]"
            if not isinstance(line, dict):
                raise Problem("value", line_path, line)
            lines.append(_object(line, element, line_path, checks))
        out["items"] = lines
    if "items" not in out:
        raise Problem("value", path, raw)
    return out
