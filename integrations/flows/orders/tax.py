"""Tax as Shopify charged it, in the shape the NetSuite account takes. Pure.

- **SuiteTax accounts** (REST): each taxed line carries a `taxDetailsReference`, and the
  order a `taxDetails` sublist with one entry per Shopify tax line on it — the mapped tax
  code and tax type, the basis (the line after its discounts), the rate (in percent, as
  NetSuite shows it) and the amount Shopify charged — with `taxDetailsOverride: true`, so
  NetSuite books Shopify's tax to the cent instead of recalculating it. Each Shopify title
  maps alone (per jurisdiction where it has one).
- **Legacy-tax accounts** (written through our RESTlet, REST cannot write legacy tax): each
  line carries one `taxCode` (a tax group where Shopify charged several titles on the line)
  and `tax1Amt` as charged.
- **Discount lines carry no tax of their own**, in both modes and for tax-inclusive and
  tax-exclusive stores alike: Shopify's tax on a line is already computed on the line after
  its discounts, so the tax stays on the discounted line (its SuiteTax basis is the line net
  of discounts) and the discount line is untaxed (no tax details; the non-taxable code on
  legacy accounts). An account that recalculated tax could not take the discount off twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from exceptions import catalogue
from integrations.shopify.payloads import TaxLine

from .mappings import OrderMappings, TaxCodeRef, tax_key

ZERO = Decimal("0")

Report = Callable[..., None]  # report(code, key, message, **context): one problem found


@dataclass(frozen=True)
class TaxShare:
    """One Shopify tax line's amount on one sales order line."""

    title: str
    rate: Decimal
    amount: Decimal
    code: TaxCodeRef | None


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def suitetax_codes(tax_lines: tuple[TaxLine, ...], mappings: OrderMappings,
                   where: tuple[str, ...], report: Report) -> list[TaxCodeRef | None]:
    """The SuiteTax code of each Shopify tax line (None where it is unmapped)."""
    codes = []
    for tax in tax_lines:
        key = tax_key(tax.title)
        ref = mappings.tax_code(key, where)
        place = f" in {where[0]}" if where else ""
        if ref is None:
            report(catalogue.UNMAPPED_TAX, key,
                   f"Shopify tax '{tax.title}'{place} ({percent(tax.rate)}) has no NetSuite "
                   "tax code.", title=tax.title, rate=str(tax.rate))
        elif not ref.tax_type:
            report(catalogue.UNMAPPED_TAX, key,
                   f"Shopify tax '{tax.title}' is mapped to NetSuite tax code "
                   f"{ref.netsuite_tax_code_id} without its SuiteTax tax type.", title=tax.title)
        elif ref.rate != tax.rate:
            _drift(report, key, tax.title, tax.rate, ref)
        codes.append(ref)
    return codes


def legacy_code(tax_lines: tuple[TaxLine, ...], mappings: OrderMappings,
                where: tuple[str, ...], report: Report) -> str | None:
    """The one legacy tax code (or group) of a line; the non-taxable code if untaxed."""
    if not tax_lines:
        # Untaxed in Shopify: say so, or NetSuite would apply the item's default code.
        return mappings.non_taxable_tax_code_id or None
    title = " + ".join(sorted((t.title for t in tax_lines), key=str.lower))
    key, rate = tax_key(title), sum((t.rate for t in tax_lines), ZERO)
    ref = mappings.tax_code(key, where)
    if ref is None:
        report(catalogue.UNMAPPED_TAX, key,
               f"Shopify tax '{title}' ({percent(rate)}) has no NetSuite tax code.",
               title=title, rate=str(rate))
        return None
    if ref.rate != rate:
        _drift(report, key, title, rate, ref)
    return ref.netsuite_tax_code_id


def tax_detail_rows(reference: str, basis: Decimal, shares: tuple[TaxShare, ...]) -> list[dict]:
    """The `taxDetails` entries of one line: one per Shopify tax line charged on it."""
    return [
        {
            "taxDetailsReference": {"id": reference},
            "taxCode": {"id": share.code.netsuite_tax_code_id},
            "taxType": share.code.tax_type,
            "taxBasis": basis,
            "taxRate": (share.rate * 100).normalize(),
            "taxAmount": share.amount,
        }
        for share in shares if share.code is not None
    ]


def _drift(report: Report, key: str, title: str, rate: Decimal, ref: TaxCodeRef) -> None:
    report(catalogue.TAX_DRIFT, key,
           f"Shopify charged '{title}' at {percent(rate)} but its NetSuite tax code "
           f"{ref.netsuite_tax_code_id} is {percent(ref.rate)}.",
           title=title, shopify_rate=str(rate), netsuite_rate=str(ref.rate))
