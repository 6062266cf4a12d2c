"""What each reference list asks NetSuite (SuiteQL) and how its rows read. Pure.

Every list is read whole, inactive records included (a form must be able to say "inactive"
rather than "unknown"), ordered by id so that paging is stable. Customers are the company
records only (`isperson = 'F'`): mappings name B2B companies and the guest-checkout customer,
never the shoppers the order flow creates. Columns: see integrations/sandbox/
netsuite_reference_tables.py for what could and could not be confirmed against NetSuite's
documentation.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from mappings.references import Kind


@dataclass(frozen=True)
class ReferenceRow:
    internal_id: str
    name: str
    code: str = ""
    is_inactive: bool = False
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReferenceQuery:
    kind: str
    query: str
    read: Callable[[dict], ReferenceRow]


def flag(value) -> bool:
    """SuiteQL booleans are the text T / F."""
    return str(value).strip().upper() in ("T", "TRUE")


def rate_of(text) -> Decimal | None:
    """A tax code's rate as a fraction: NetSuite lists it as a percentage, "7.25%" (a bare
    "7.25" is read the same way); None when it has none."""
    cleaned = str(text or "").strip().rstrip("%").strip()
    if not cleaned:
        return None
    try:
        percent = Decimal(cleaned)
    except InvalidOperation:
        return None
    return (percent / 100).normalize() if percent.is_finite() else None


def _text(row: dict, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _named(row: dict, name: str, code: str = "", **details) -> ReferenceRow:
    return ReferenceRow(internal_id=_text(row, "id"), name=name, code=code,
                        is_inactive=flag(row.get("isinactive")),
                        details={k: v for k, v in details.items() if v not in ("", None)})


def _plain(row: dict) -> ReferenceRow:
    return _named(row, _text(row, "name"))


def _item(row: dict) -> ReferenceRow:
    itemid, display = _text(row, "itemid"), _text(row, "displayname")
    return _named(row, display or itemid, itemid if display and itemid != display else "",
                  item_type=_text(row, "itemtype"))


def _subsidiary(row: dict) -> ReferenceRow:
    return _named(row, _text(row, "name"), currency=_text(row, "currency"),
                  country=_text(row, "country"))


def _tax_code(row: dict) -> ReferenceRow:
    rate = rate_of(row.get("rate"))
    return _named(row, _text(row, "itemid"), rate=None if rate is None else f"{rate:f}",
                  tax_type=_text(row, "taxtype"))


def _customer(row: dict) -> ReferenceRow:
    entity, company = _text(row, "entityid"), _text(row, "companyname")
    return _named(row, company or entity, entity if company and entity != company else "")


def _account(row: dict) -> ReferenceRow:
    return _named(row, _text(row, "fullname"), _text(row, "acctnumber"),
                  account_type=_text(row, "accttype"))


def _currency(row: dict) -> ReferenceRow:
    return _named(row, _text(row, "name"), _text(row, "symbol"))


LISTS = (
    ReferenceQuery(Kind.ITEM, "SELECT id, itemid, displayname, itemtype, isinactive FROM item "
                              "ORDER BY id", _item),
    ReferenceQuery(Kind.LOCATION, "SELECT id, name, isinactive FROM location ORDER BY id",
                   _plain),
    ReferenceQuery(Kind.SUBSIDIARY, "SELECT id, name, currency, country, isinactive FROM "
                                    "subsidiary ORDER BY id", _subsidiary),
    ReferenceQuery(Kind.TAX_CODE, "SELECT id, itemid, rate, taxtype, isinactive FROM "
                                  "salestaxitem ORDER BY id", _tax_code),
    ReferenceQuery(Kind.TERM, "SELECT id, name, isinactive FROM term ORDER BY id", _plain),
    ReferenceQuery(Kind.PRICE_LEVEL, "SELECT id, name, isinactive FROM pricelevel ORDER BY id",
                   _plain),
    ReferenceQuery(Kind.CUSTOMER, "SELECT id, entityid, companyname, isinactive FROM customer "
                                  "WHERE isperson = 'F' ORDER BY id", _customer),
    ReferenceQuery(Kind.ACCOUNT, "SELECT id, acctnumber, fullname, accttype, isinactive FROM "
                                 "account ORDER BY id", _account),
    ReferenceQuery(Kind.PAYMENT_METHOD, "SELECT id, name, isinactive FROM paymentmethod "
                                        "ORDER BY id", _plain),
    ReferenceQuery(Kind.CURRENCY, "SELECT id, symbol, name, isinactive FROM currency "
                                  "ORDER BY id", _currency),
)


def read_rows(reference: ReferenceQuery, rows) -> tuple[list[ReferenceRow], int]:
    """The list's records (one per id, the last one wins) and how many rows were unreadable
    (no internal id)."""
    kept: dict[str, ReferenceRow] = {}
    skipped = 0
    for row in rows:
        record = reference.read(row) if isinstance(row, dict) else None
        if record is None or not record.internal_id.lstrip("-").isdigit():
            skipped += 1
            continue
        kept[record.internal_id] = record
    return list(kept.values()), skipped
