"""What the sales order adds up to, and what Shopify says it should. Pure.

The sales order books the order as sold after Shopify order edits: lines at their current
quantity, lines an edit removed left out. Refunds are not taken off it (the refund flow
books them as credit memos and refunds), so Shopify's `current_*` figures, which net both
edits and refunds, are compared once the refunds listed on the order are added back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from integrations.shopify.payloads import LineItem, Order

ZERO = Decimal("0")
TOLERANCE = Decimal("0.01")
ITEM, SHIPPING, DISCOUNT, SHIPPING_DISCOUNT = "item", "shipping", "discount", "shipping_discount"


@dataclass(frozen=True)
class ExpectedTotals:
    """What the sales order adds up to, in the order currency: subtotal = merchandise lines
    before discounts and tax; discount = all discount lines, positive; tax = all tax."""

    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    shipping: Decimal
    total: Decimal

    @property
    def lines_total(self) -> Decimal:
        """The sum of every item-sublist amount: NetSuite's `subtotal` when read back."""
        return self.subtotal - self.discount + self.shipping


def booked_quantity(order: Order, line: LineItem) -> int:
    """The quantity the sales order carries: what Shopify still counts after edits, with the
    units refunded since put back (a refund is booked apart, never by shrinking the order)."""
    return min(line.quantity, line.current_quantity + order.refunded_quantity(line.id))


def is_edited(order: Order) -> bool:
    return any(booked_quantity(order, line) < line.quantity for line in order.line_items)


def expected_totals(amounts: dict[str, Decimal], tax: Decimal) -> ExpectedTotals:
    """From the amounts booked per kind of line and the tax booked on all of them."""
    return ExpectedTotals(
        subtotal=amounts[ITEM], discount=-amounts[DISCOUNT] - amounts[SHIPPING_DISCOUNT],
        tax=tax, shipping=amounts[SHIPPING], total=sum(amounts.values(), ZERO) + tax,
    )


def differences(order: Order, amounts: dict[str, Decimal], taxes: dict[str, Decimal],
                totals: ExpectedTotals) -> list[tuple[str, Decimal, Decimal]]:
    """(part, sales order, Shopify) for every part that differs by more than a cent."""
    inclusive = order.taxes_included  # Shopify's line and shipping prices then include tax
    items = amounts[ITEM] + (taxes[ITEM] if inclusive else ZERO)
    targets = _targets(order)
    # Shopify documents subtotal_price as after discounts; its published examples show it
    # before them. Either is accepted: the parts and the total are checked strictly.
    subtotal = items
    if targets["subtotal"] is not None and abs(targets["subtotal"] - items) > TOLERANCE:
        subtotal = items + amounts[DISCOUNT]
    checks = [
        ("line items", items, targets["line items"]),
        ("subtotal", subtotal, targets["subtotal"]),
        ("discounts", totals.discount, targets["discounts"]),
        ("tax", totals.tax, targets["tax"]),
        ("shipping", totals.shipping + (taxes[SHIPPING] if inclusive else ZERO),
         order.total_shipping),
        ("total", totals.total, targets["total"]),
    ]
    return [(part, ours, theirs) for part, ours, theirs in checks
            if theirs is not None and abs(ours - theirs) > TOLERANCE]


def _targets(order: Order) -> dict[str, Decimal | None]:
    """Shopify's figures for the order as booked: the original ones, or after an edit the
    current ones with the refunds added back."""
    if not is_edited(order) or order.current is None:
        return {"line items": order.total_line_items_price, "subtotal": order.subtotal_price,
                "discounts": order.total_discounts, "tax": order.total_tax,
                "total": order.total_price}
    prices = {line.id: line.price for line in order.line_items}
    refunded = [r for refund in order.refunds for r in refund.lines]
    # Refunded line subtotals are after discounts, and include tax where prices do.
    subtotal = sum((r.subtotal for r in refunded), ZERO)
    line_tax = sum((r.tax for r in refunded), ZERO)
    shipping = sum((r.shipping + r.shipping_tax for r in order.refunds), ZERO)
    shipping_tax = sum((r.shipping_tax for r in order.refunds), ZERO)
    discount = sum((prices.get(r.line_item_id, ZERO) * r.quantity - r.subtotal
                    for r in refunded), ZERO)
    current = order.current
    return {
        "line items": None,  # Shopify keeps no current figure for it
        "subtotal": _plus(current.subtotal_price, subtotal),
        "discounts": _plus(current.total_discounts, discount),
        "tax": _plus(current.total_tax, line_tax + shipping_tax),
        "total": current.total_price + subtotal + shipping
        + (ZERO if order.taxes_included else line_tax),
    }


def _plus(value: Decimal | None, more: Decimal) -> Decimal | None:
    return None if value is None else value + more
