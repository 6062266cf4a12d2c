"""The sandbox account's reference lists as SuiteQL shows them.

Tables and the columns the sandbox serves (lower-case, as SuiteQL names them):

    item           id, itemid, displayname, itemtype, isinactive
    location       id, name, isinactive
    salestaxitem   id, itemid, rate, taxtype, isinactive
    term           id, name, isinactive
    pricelevel     id, name, isinactive
    customer       id, entityid, companyname, isperson, isinactive
    account        id, acctnumber, fullname, accttype, isinactive
    paymentmethod  id, name, isinactive
    currency       id, name, symbol, isinactive

(`subsidiary` is built by netsuite_store from `set_subsidiaries`.) Rows come from what the
account was told it has — `register_known(kind, {id: name})`, or `{id: {"name": ...,
<column>: value}}` to give the other columns — and from the records stored through the API
(customers, locations, items), which win when both have an id. `set_tax_rates` gives tax
codes their rate; NetSuite's own records (the -7 "-Not Taxable-" tax code) are always there.

Values: booleans answer T/F (netsuite_records.suiteql_value); a tax code's `rate` is a
percentage as NetSuite lists it, "7.25%" (at least two decimals: "6.00%").

Checked against NetSuite's documentation (Records Catalog / Schema Browser, SuiteQL
examples): the `item` table spans every item type with `itemid`, `displayname`, `itemtype`
(InvtPart, Kit, OthCharge, Discount, GiftCert, NonInvtPart…) and `isinactive`; `account` has
`acctnumber`, `accttype` and `fullname`; `salestaxitem` has `itemid`, `rate`, `taxtype` and
`isinactive`, and the tax rate is a percent field (SOAP answers "1.50%"). Not confirmed: the
exact text SuiteQL gives a rate (the sandbox answers "7.25%"; readers should also take a bare
"7.25"), whether `salestaxitem.rate` is filled on SuiteTax accounts (the ODBC schema lists the
rate as a legacy-tax field), and the columns of `term`, `pricelevel`, `paymentmethod` and
`currency` beyond id, name and isinactive (`currency.symbol` is the ISO code, e.g. USD).
"""

from decimal import Decimal

# Table → the register_known kinds that feed it.
KINDS = {
    "item": ("item",),
    "location": ("location",),
    "salestaxitem": ("taxCode",),
    "term": ("term",),
    "pricelevel": ("priceLevel", "price"),  # an item line's `price` is a price level
    "customer": ("customer",),
    "account": ("account",),
    "paymentmethod": ("paymentMethod",),
    "currency": ("currency",),
}
# Table → the columns register_known may give besides the name.
COLUMNS = {
    "item": {"itemid", "displayname", "itemtype", "isinactive"},
    "location": {"isinactive"},
    "salestaxitem": {"itemid", "taxtype", "isinactive"},
    "term": {"isinactive"},
    "pricelevel": {"isinactive"},
    "customer": {"entityid", "companyname", "isperson", "isinactive"},
    "account": {"acctnumber", "fullname", "accttype", "isinactive"},
    "paymentmethod": {"isinactive"},
    "currency": {"symbol", "isinactive"},
}
# Columns every row of the table has (a stored record that never set them included).
DEFAULTS = {"customer": {"isperson": False}}
BUILT_IN_TAX_CODES = {"-7": "-Not Taxable-"}
ZERO = Decimal("0")


def table_of(kind: str) -> str | None:
    return next((table for table, kinds in KINDS.items() if kind in kinds), None)


def check_columns(kind: str, columns: dict) -> dict:
    """The columns register_known was given for one record of `kind`, checked."""
    table = table_of(kind)
    allowed = COLUMNS.get(table, set())
    unknown = set(columns) - allowed
    if unknown:
        where = f"the {table} table" if table else f"kind {kind!r}"
        raise ValueError(f"{', '.join(sorted(unknown))}: not a column of {where} "
                         f"(use {', '.join(sorted(allowed)) or 'a name only'})")
    return {k: bool(v) if k in ("isinactive", "isperson") else str(v)
            for k, v in columns.items()}


def percent_text(rate: Decimal) -> str:
    """0.0725 → "7.25%", 0.06 → "6.00%", 0.07375 → "7.375%"."""
    percent = (rate * 100).normalize()
    if -percent.as_tuple().exponent < 2:
        percent = percent.quantize(Decimal("0.01"))
    return f"{percent:f}%"


def _row(table: str, key: str, name: str, columns: dict, tax_rates: dict) -> dict:
    row = {"id": key, "isinactive": False}
    if table == "item":
        row.update(itemid=name, displayname=name, itemtype="InvtPart")
    elif table == "salestaxitem":
        row.update(itemid=name, rate=percent_text(tax_rates.get(key, ZERO)))
    elif table == "customer":
        row.update(entityid=name, companyname=name, isperson=False)
    elif table == "account":
        row.update(fullname=name)
    elif table == "currency":
        row.update(name=name)
        if len(name) == 3 and name.isalpha() and name.isupper():
            row["symbol"] = name
    else:
        row["name"] = name
    row.update(columns)
    return row


def reference_tables(known: dict, columns: dict, tax_rates: dict) -> dict[str, list[dict]]:
    """The rows each reference table has from what the account was told (no stored ones)."""
    tables = {}
    for table, kinds in KINDS.items():
        rows = {}
        if table == "salestaxitem":
            rows.update({key: _row(table, key, name, {}, tax_rates)
                         for key, name in BUILT_IN_TAX_CODES.items()})
        for kind in kinds:
            for key, name in known.get(kind, {}).items():
                if key not in rows:
                    rows[key] = _row(table, key, name, columns.get(kind, {}).get(key, {}),
                                     tax_rates)
        tables[table] = list(rows.values())
    return tables


def merge(tables: dict[str, list[dict]], known_rows: dict[str, list[dict]]) -> None:
    """Add the known rows to the stored ones (stored records win), ordered by id."""
    for table, rows in known_rows.items():
        stored = tables.get(table, [])
        stored_ids = {row["id"] for row in stored}
        defaults = {"isinactive": False, **DEFAULTS.get(table, {})}
        merged = [row for row in rows if row["id"] not in stored_ids]
        merged += [{**defaults, **{k: v for k, v in row.items() if v is not None}}
                   for row in stored]
        merged.sort(key=lambda row: int(row["id"]))
        tables[table] = merged
