"""A small, honest SuiteQL subset for the NetSuite sandbox.

Understood:

    SELECT * | col [AS alias] [, …] FROM table
      [WHERE cond [AND cond …]]
      [ORDER BY col [ASC|DESC] [, …]]

    cond := col (= | <> | != | < | <= | > | >=) literal
          | col [NOT] IN (literal, …)
          | col IS [NOT] NULL

Literals are 'strings' ('' escapes a quote) and numbers. Identifiers are case-insensitive.
Anything else raises SuiteQLError, which the sandbox answers as 400 INVALID_PARAMETER.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .netsuite_errors import Refusal, error_body
from .netsuite_records import suiteql_value
from .wsgi import Response


class SuiteQLError(ValueError):
    pass


_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<op><>|!=|<=|>=|=|<|>)|(?P<punct>[(),*])|(?P<word>[A-Za-z_][A-Za-z0-9_]*))"
)
_KEYWORDS = {"select", "from", "where", "and", "order", "by", "asc", "desc", "in", "is",
             "not", "null", "as"}


@dataclass
class Condition:
    column: str
    op: str
    values: list = field(default_factory=list)


@dataclass
class Query:
    table: str
    columns: list[tuple[str, str]] | None  # (column, output name); None for *
    conditions: list[Condition]
    order: list[tuple[str, bool]]  # (column, descending)


def _tokens(text: str) -> list[tuple[str, object]]:
    out, pos, text = [], 0, text.strip().rstrip(";")
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise SuiteQLError(f"unexpected text at {pos}: {text[pos:pos + 20]!r}")
        pos = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "string":
            out.append(("literal", value[1:-1].replace("''", "'")))
        elif kind == "number":
            out.append(("literal", Decimal(value)))
        elif kind == "word":
            lower = value.lower()
            out.append(("kw", lower) if lower in _KEYWORDS else ("ident", lower))
        else:
            out.append((kind, value))
    return out


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self, kind=None, value=None) -> bool:
        if self.i >= len(self.tokens):
            return False
        k, v = self.tokens[self.i]
        return (kind is None or k == kind) and (value is None or v == value)

    def take(self, kind, value=None):
        if not self.peek(kind, value):
            found = self.tokens[self.i][1] if self.i < len(self.tokens) else "end of query"
            raise SuiteQLError(f"expected {value or kind}, found {found!r}")
        self.i += 1
        return self.tokens[self.i - 1][1]

    def parse(self) -> Query:
        self.take("kw", "select")
        columns = self._columns()
        self.take("kw", "from")
        table = self.take("ident")
        conditions = []
        if self.peek("kw", "where"):
            self.take("kw", "where")
            conditions.append(self._condition())
            while self.peek("kw", "and"):
                self.take("kw", "and")
                conditions.append(self._condition())
        order = []
        if self.peek("kw", "order"):
            self.take("kw", "order")
            self.take("kw", "by")
            order.append(self._order_item())
            while self.peek("punct", ","):
                self.take("punct", ",")
                order.append(self._order_item())
        if self.i != len(self.tokens):
            raise SuiteQLError(f"unsupported SuiteQL near {self.tokens[self.i][1]!r}")
        return Query(table=table, columns=columns, conditions=conditions, order=order)

    def _columns(self):
        if self.peek("punct", "*"):
            self.take("punct", "*")
            return None
        columns = [self._column()]
        while self.peek("punct", ","):
            self.take("punct", ",")
            columns.append(self._column())
        return columns

    def _column(self) -> tuple[str, str]:
        name = self.take("ident")
        if self.peek("kw", "as"):
            self.take("kw", "as")
            return name, self.take("ident")
        return name, name

    def _condition(self) -> Condition:
        column = self.take("ident")
        if self.peek("kw", "is"):
            self.take("kw", "is")
            negated = self.peek("kw", "not")
            if negated:
                self.take("kw", "not")
            self.take("kw", "null")
            return Condition(column, "is not null" if negated else "is null")
        negated = self.peek("kw", "not")
        if negated:
            self.take("kw", "not")
        if self.peek("kw", "in"):
            self.take("kw", "in")
            self.take("punct", "(")
            values = [self.take("literal")]
            while self.peek("punct", ","):
                self.take("punct", ",")
                values.append(self.take("literal"))
            self.take("punct", ")")
            return Condition(column, "not in" if negated else "in", values)
        if negated:
            raise SuiteQLError("NOT is only supported before IN")
        op = self.take("op")
        return Condition(column, "<>" if op == "!=" else op, [self.take("literal")])

    def _order_item(self) -> tuple[str, bool]:
        column = self.take("ident")
        if self.peek("kw", "desc"):
            self.take("kw", "desc")
            return column, True
        if self.peek("kw", "asc"):
            self.take("kw", "asc")
        return column, False


def parse(text: str) -> Query:
    if not isinstance(text, str) or not text.strip():
        raise SuiteQLError("the query is empty")
    return _Parser(text).parse()


def _comparable(value, literal):
    """Compare numbers as numbers, everything else as text (SuiteQL text is case-sensitive;
    booleans are the text T and F, as SuiteQL answers them)."""
    if isinstance(value, bool):
        value = suiteql_value(value)
    if isinstance(literal, Decimal):
        try:
            return Decimal(str(value)), literal
        except InvalidOperation:
            return None, None
    return str(value), literal


def _matches(row: dict, cond: Condition) -> bool:
    value = row.get(cond.column)
    if cond.op == "is null":
        return value is None
    if cond.op == "is not null":
        return value is not None
    if value is None:
        return False
    if cond.op in ("in", "not in"):
        found = any(_equal(value, literal) for literal in cond.values)
        return found if cond.op == "in" else not found
    left, right = _comparable(value, cond.values[0])
    if left is None:
        return False
    return {
        "=": left == right, "<>": left != right, "<": left < right,
        "<=": left <= right, ">": left > right, ">=": left >= right,
    }[cond.op]


def _equal(value, literal) -> bool:
    left, right = _comparable(value, literal)
    return left is not None and left == right


def _sort_key(value):
    if value is None:
        return (2, Decimal(0), "")
    try:
        return (0, Decimal(str(value)), "")
    except InvalidOperation:
        return (1, Decimal(0), str(value))


def execute(query: Query, rows: list[dict]) -> list[dict]:
    """Filter, order and project rows (dicts of lower-case column → value)."""
    selected = [row for row in rows if all(_matches(row, c) for c in query.conditions)]
    for column, descending in reversed(query.order):
        selected.sort(key=lambda row, c=column: _sort_key(row.get(c)), reverse=descending)
    if query.columns is None:
        return [dict(row) for row in selected]
    return [{out: row.get(col) for col, out in query.columns} for row in selected]


# The HTTP side: POST /services/rest/query/v1/suiteql?limit=&offset= -------------------------

SUITEQL_PATH = "/services/rest/query/v1/suiteql"
MAX_LIMIT = 1000


def suiteql_answer(request, rows_by_table: dict[str, list[dict]]):
    """Answer one SuiteQL request like NetSuite: a page of rows, values as text, with links."""
    def refuse(detail: str, *, code: str = "INVALID_PARAMETER", header: str = ""):
        refusal = Refusal(400, code, detail, header=header)
        return Response(400, error_body(refusal))

    if request.header("prefer").strip().lower() != "transient":
        return refuse("The request header 'Prefer: transient' is required for SuiteQL.",
                      code="INVALID_HEADER", header="Prefer")
    limit_text = request.query.get("limit", str(MAX_LIMIT))
    offset_text = request.query.get("offset", "0")
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
        return refuse(f"Invalid 'limit' query parameter: use 1 to {MAX_LIMIT}.")
    if not offset_text.isdigit():
        return refuse("Invalid 'offset' query parameter.")
    limit, offset = int(limit_text), int(offset_text)
    try:
        body = request.json()
        text = body.get("q") if isinstance(body, dict) else None
        query = parse(text)
    except (ValueError, SuiteQLError) as exc:
        return refuse("Invalid search query. Detailed unprocessed description follows. "
                      f"Search error occurred: {exc}.")
    if query.table not in rows_by_table:
        return refuse("Invalid search query. Detailed unprocessed description follows. "
                      f"Search error occurred: Record '{query.table}' was not found.")
    rows = execute(query, rows_by_table[query.table])
    page = rows[offset:offset + limit]
    items = [{"links": [], **{k: suiteql_value(v) for k, v in row.items() if v is not None}}
             for row in page]
    has_more = offset + limit < len(rows)

    def href(at: int) -> str:
        return f"{request.origin}{SUITEQL_PATH}?limit={limit}&offset={at}"

    links = [{"rel": "self", "href": href(offset)}]
    if offset > 0:
        links.append({"rel": "previous", "href": href(max(offset - limit, 0))})
    if has_more:
        links.append({"rel": "next", "href": href(offset + limit)})
    links.append({"rel": "first", "href": href(0)})
    last = ((len(rows) - 1) // limit) * limit if rows else 0
    links.append({"rel": "last", "href": href(last)})
    return Response(200, {"links": links, "count": len(items), "hasMore": has_more,
                          "items": items, "offset": offset, "totalResults": len(rows)})
