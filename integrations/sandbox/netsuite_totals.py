"""The figures a NetSuite account computes itself on transactions with an item sublist.

Whatever the client sent as `amount`, `subtotal`, `taxTotal` or `total`, a read-back shows
the account's own figures (the bodies as sent stay on the record, see Record.sent):

- line amount = rate x quantity, rounded half up to cents; a line without quantity (a
  discount or other charge line) has amount = rate; a line without rate keeps its amount and
  its rate is derived from it;
- subtotal = the sum of the line amounts; discountTotal = minus the body `discountRate`
  (an amount); total = subtotal + discountTotal + taxTotal + shippingCost + handlingCost;
- tax on a SuiteTax account: with `taxDetailsOverride: true`, the sum of the `taxDetails`
  lines' `taxAmount` as sent (that is what the override means). Without it the sandbox's tax
  engine redoes the tax details: each taxDetails line gets the net amount of the item line it
  references x its tax code's rate (`set_tax_rates`); item lines with no tax details get the
  engine's default tax code (`set_tax_rates(..., default=)`), if any. Item lines sent without
  a `taxDetailsReference` get one, as NetSuite keys every line (the key is the sandbox's own);
- tax on a legacy account (the RESTlet path): each line's `tax1Amt` as sent, else its amount x
  the rate of its `taxCode`.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _lines(fields: dict, name: str) -> list[dict]:
    value = fields.get(name)
    return value.get("items", []) if isinstance(value, dict) else []


def has_item_totals(root: dict, item_element: dict | None) -> bool:
    """Whether a record type is one whose totals the account computes from item lines."""
    return "total" in root and bool(item_element) and {"rate", "amount"} <= set(item_element)


def compute_totals(fields: dict, root: dict, *, suitetax: bool, tax_rates: dict,
                   default_tax_code: str | None = None) -> None:
    """Rewrite line amounts and the header totals (and, without override, the tax details)."""
    lines = _lines(fields, "item")
    subtotal = ZERO
    for line in lines:
        line["amount"] = _line_amount(line)
        subtotal += line["amount"]
    if suitetax:
        tax = _suitetax(fields, lines, tax_rates, default_tax_code)
    else:
        tax = _legacy_tax(lines, tax_rates)
    discount = money(abs(_number(fields.get("discountRate")) or ZERO)) * -1
    charges = ZERO
    for name in ("shippingCost", "handlingCost"):
        if fields.get(name) is not None:
            fields[name] = money(fields[name])
            charges += fields[name]
    totals = {"subtotal": money(subtotal), "discountTotal": discount + ZERO,
              "taxTotal": money(tax), "total": money(subtotal + discount + tax + charges)}
    fields.update({k: v for k, v in totals.items() if k in root})


def _line_amount(line: dict) -> Decimal:
    quantity, rate = _number(line.get("quantity")), _number(line.get("rate"))
    if rate is not None:
        return money(rate * quantity if quantity is not None else rate)
    sent = _number(line.get("amount"))
    if sent is None:
        return ZERO
    if quantity:
        line["rate"] = (sent / quantity).normalize()
    return money(sent)


def _suitetax(fields: dict, lines: list[dict], rates: dict, default_code: str | None):
    for line in lines:  # the account keys every line for its tax details
        line.setdefault("taxDetailsReference", f"TDREF-{line['line']}")
    details = _lines(fields, "taxDetails")
    if fields.get("taxDetailsOverride") is True:
        return sum((money(d.get("taxAmount") or 0) for d in details), ZERO)
    by_reference = {str(line["taxDetailsReference"]): line for line in lines
                    if line.get("taxDetailsReference") is not None}
    computed, covered = [], set()
    for detail in details:
        reference = detail.get("taxDetailsReference")
        reference = str(reference.get("id") if isinstance(reference, dict) else reference)
        line = by_reference.get(reference)
        code = (detail.get("taxCode") or {}).get("id")
        if line is None:
            continue
        covered.add(reference)
        computed.append(_detail(reference, line["amount"], code, rates, detail))
    if default_code is not None:
        for reference, line in by_reference.items():
            if reference not in covered:
                computed.append(_detail(reference, line["amount"], default_code, rates, {}))
    if details or computed:
        for number, detail in enumerate(computed, 1):
            detail["line"] = number
        fields["taxDetails"] = {"items": computed}
    return sum((d["taxAmount"] for d in computed), ZERO)


def _detail(reference: str, net: Decimal, code, rates: dict, sent: dict) -> dict:
    rate = rates.get(str(code), ZERO) if code is not None else ZERO
    detail = {k: v for k, v in sent.items() if k not in ("taxAmount", "taxRate", "netAmount",
                                                         "taxBasis", "line")}
    detail.update(taxDetailsReference={"id": reference}, netAmount=net, taxBasis=net,
                  taxRate=(rate * 100).normalize(), taxAmount=money(net * rate))
    if code is not None:
        detail["taxCode"] = {"id": str(code)}
    return detail


def _legacy_tax(lines: list[dict], rates: dict) -> Decimal:
    total = ZERO
    for line in lines:
        tax = line.get("tax1Amt")
        if tax is None:
            code = (line.get("taxCode") or {}).get("id")
            tax = line["amount"] * rates[code] if code in rates else ZERO
        line["tax1Amt"] = money(tax)
        total += line["tax1Amt"]
    return total
