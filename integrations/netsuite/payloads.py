"""Reading what NetSuite's REST services send back. Pure functions, no I/O.

NetSuite answers a create or an upsert with 204 and the new record's address in the
Location header; references are `{id, refName, links}` with ids as strings; SuiteQL pages
are `{links, count, hasMore, items, offset, totalResults}` whose items carry an empty
`links` list next to lower-case column names.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import httpx

# What a sales order's status letter (`orderStatus` / `status` id) means, in NetSuite's words.
SALES_ORDER_STATUSES = {
    "A": "Pending Approval", "B": "Pending Fulfillment", "C": "Cancelled",
    "D": "Partially Fulfilled", "E": "Pending Billing/Partially Fulfilled",
    "F": "Pending Billing", "G": "Billed", "H": "Closed",
}


@dataclass(frozen=True)
class Ref:
    """A reference field: the internal id (always a string) and, when sent, its display name."""

    id: str
    ref_name: str | None = None


@dataclass(frozen=True)
class SuiteQLPage:
    items: list[dict]
    count: int
    has_more: bool
    offset: int
    total_results: int | None = None
    next_url: str | None = field(default=None)


def internal_id_from_location(location: str | None) -> str | None:
    """`…/record/v1/salesOrder/647` → "647"; None when the header is missing or not a record."""
    if not location:
        return None
    path = httpx.URL(location.strip()).path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return last if last.isdigit() else None


def read_ref(value) -> Ref | None:
    """A reference as NetSuite writes it, or None when the field is empty.

    Accepts `{"id": "18", "refName": "…"}` and also the bare code some fields carry
    (the sales order's `orderStatus` is "A" in older answers, `{"id": "A"}` in newer ones).
    """
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        raw_id = value.get("id")
        if raw_id is None or raw_id == "" or isinstance(raw_id, bool):
            return None
        name = value.get("refName")
        return Ref(id=str(raw_id), ref_name=str(name) if name is not None else None)
    if isinstance(value, str | int) and not isinstance(value, bool):
        return Ref(id=str(value))
    raise ValueError(f"not a NetSuite reference: {value!r}")


def ref_id(value) -> str | None:
    ref = read_ref(value)
    return ref.id if ref else None


def money(value) -> Decimal | None:
    """A NetSuite amount (number, Decimal or numeric string) as a Decimal; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


def link(record: dict, rel: str = "self") -> str | None:
    for entry in record.get("links") or []:
        if isinstance(entry, dict) and entry.get("rel") == rel:
            return entry.get("href")
    return None


def parse_suiteql_page(body) -> SuiteQLPage:
    """One page of a SuiteQL answer; each item without its (always empty) `links` list."""
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise ValueError("a SuiteQL page has an items list")
    items = []
    for row in body["items"]:
        if not isinstance(row, dict):
            raise ValueError("a SuiteQL row is an object")
        items.append({key: value for key, value in row.items() if key != "links"})
    count = body.get("count", len(items))
    offset = body.get("offset", 0)
    total = body.get("totalResults")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (count, offset)):
        raise ValueError("a SuiteQL page has integer count and offset")
    has_more = body.get("hasMore", False)
    if not isinstance(has_more, bool):
        raise ValueError("a SuiteQL page has a boolean hasMore")
    return SuiteQLPage(
        items=items,
        count=count,
        has_more=has_more,
        offset=offset,
        total_results=total if isinstance(total, int) else None,
        next_url=link(body, "next"),
    )
