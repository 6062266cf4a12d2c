"""Shopify order payloads, parsed into frozen values that the flows can trust.

A webhook body is the bare order object (a REST response wraps it as {"order": {...}}):
`parse_order` takes the bare object. Every field is validated as it is read (payload_fields),
and a bad one raises ValueError naming it by its path, e.g. "line_items[2].price". Money strings
become Decimal, tax rates (JSON numbers) become Decimal(str(rate)), ids stay int.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .payload_fields import Fields


@dataclass(frozen=True)
class Address:
    first_name: str = ""
    last_name: str = ""
    name: str = ""
    company: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    province: str = ""
    province_code: str = ""
    country: str = ""
    country_code: str = ""
    zip: str = ""
    phone: str = ""

    @property
    def person(self) -> str:
        return self.name or " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class Customer:
    id: int
    email: str
    first_name: str
    last_name: str
    phone: str
    tax_exempt: bool
    default_address: Address | None


@dataclass(frozen=True)
class Company:
    """A B2B purchasing company (Shopify Plus) and the company location that ordered."""

    id: int
    location_id: int | None


@dataclass(frozen=True)
class PaymentTerms:
    name: str
    type: str
    due_in_days: int | None


@dataclass(frozen=True)
class TaxLine:
    title: str
    rate: Decimal
    price: Decimal


@dataclass(frozen=True)
class DiscountAllocation:
    amount: Decimal
    application_index: int


@dataclass(frozen=True)
class DiscountApplication:
    type: str
    code: str
    title: str
    value: str
    value_type: str
    allocation_method: str
    target_type: str
    target_selection: str

    @property
    def label(self) -> str:
        """The discount code, or the title of an automatic/manual/script discount."""
        return self.code or self.title


@dataclass(frozen=True)
class DiscountCode:
    code: str
    amount: Decimal
    type: str


@dataclass(frozen=True)
class LineItem:
    id: int
    sku: str  # "" when Shopify sends null or "" (custom items)
    product_id: int | None
    variant_id: int | None
    name: str
    title: str
    quantity: int  # as ordered
    current_quantity: int  # after order edits and refunds (Shopify's current_quantity)
    price: Decimal
    presentment_price: Decimal | None
    total_discount: Decimal
    discount_allocations: tuple[DiscountAllocation, ...]
    tax_lines: tuple[TaxLine, ...]
    taxable: bool
    gift_card: bool
    requires_shipping: bool
    fulfillment_service: str

    @property
    def amount(self) -> Decimal:
        """Price times quantity: the line as charged, before discounts."""
        return self.price * self.quantity


@dataclass(frozen=True)
class ShippingLine:
    title: str
    code: str
    price: Decimal
    discounted_price: Decimal
    tax_lines: tuple[TaxLine, ...]
    discount_allocations: tuple[DiscountAllocation, ...]


@dataclass(frozen=True)
class RefundedLine:
    line_item_id: int
    quantity: int
    subtotal: Decimal  # after the line's discounts, before tax
    tax: Decimal


@dataclass(frozen=True)
class Refund:
    """What a refund took back, as the order payload lists it (the refund flow books it)."""

    id: int
    lines: tuple[RefundedLine, ...]
    shipping: Decimal  # order adjustments of kind shipping_refund, tax excluded
    shipping_tax: Decimal


@dataclass(frozen=True)
class CurrentTotals:
    """Shopify's current_* figures: the order after edits and refunds."""

    total_price: Decimal
    subtotal_price: Decimal | None
    total_tax: Decimal | None
    total_discounts: Decimal | None


@dataclass(frozen=True)
class Fulfillment:
    id: int
    location_id: int | None
    status: str
    line_item_ids: tuple[int, ...]


@dataclass(frozen=True)
class Order:
    id: int
    name: str
    email: str
    phone: str
    currency: str
    presentment_currency: str
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None
    financial_status: str
    taxes_included: bool
    total_price: Decimal
    subtotal_price: Decimal
    total_tax: Decimal
    total_discounts: Decimal
    total_shipping: Decimal
    total_line_items_price: Decimal | None
    presentment_total_price: Decimal | None
    presentment_subtotal_price: Decimal | None
    presentment_total_tax: Decimal | None
    presentment_total_discounts: Decimal | None
    line_items: tuple[LineItem, ...]
    shipping_lines: tuple[ShippingLine, ...]
    tax_lines: tuple[TaxLine, ...]
    discount_codes: tuple[DiscountCode, ...]
    discount_applications: tuple[DiscountApplication, ...]
    payment_gateway_names: tuple[str, ...]
    customer: Customer | None
    company: Company | None
    payment_terms: PaymentTerms | None
    shipping_address: Address | None
    billing_address: Address | None
    location_id: int | None
    source_name: str
    po_number: str
    note: str
    test: bool
    fulfillments: tuple[Fulfillment, ...]
    refunds: tuple[Refund, ...] = ()
    current: CurrentTotals | None = None

    def refunded_quantity(self, line_item_id: int) -> int:
        return sum(r.quantity for refund in self.refunds for r in refund.lines
                   if r.line_item_id == line_item_id)


def _address(fields: Fields | None) -> Address | None:
    if fields is None:
        return None
    names = [f.name for f in Address.__dataclass_fields__.values()]
    return Address(**{name: fields.text(name).strip() for name in names})


def _tax_lines(fields: Fields) -> tuple[TaxLine, ...]:
    return tuple(
        TaxLine(title=t.text("title", required=True).strip(), rate=t.decimal("rate"),
                price=t.decimal("price"))
        for t in fields.children("tax_lines")
    )


def _allocations(fields: Fields, applications: int) -> tuple[DiscountAllocation, ...]:
    allocations = []
    for a in fields.children("discount_allocations"):
        index = a.integer("discount_application_index")
        if index >= applications:
            raise ValueError(
                f"{a.at('discount_application_index')}: {index} points past the order's "
                f"{applications} discount_applications"
            )
        allocations.append(DiscountAllocation(amount=a.decimal("amount"), application_index=index))
    return tuple(allocations)


def _line_item(li: Fields, applications: int, shop: str, presentment: str) -> LineItem:
    price_set = li.money_set("price_set", shop, presentment)
    quantity = li.integer("quantity")
    return LineItem(
        id=li.id("id"),
        sku=li.text("sku").strip(),
        product_id=li.id("product_id", optional=True),
        variant_id=li.id("variant_id", optional=True),
        name=li.text("name") or li.text("title"),
        title=li.text("title") or li.text("name"),
        quantity=quantity,
        current_quantity=_current_quantity(li, quantity),
        price=li.decimal("price"),
        presentment_price=price_set[1] if price_set else None,
        total_discount=li.decimal("total_discount", optional=True) or Decimal("0"),
        discount_allocations=_allocations(li, applications),
        tax_lines=_tax_lines(li),
        taxable=li.boolean("taxable", default=True),
        gift_card=li.boolean("gift_card"),
        requires_shipping=li.boolean("requires_shipping", default=True),
        fulfillment_service=li.text("fulfillment_service"),
    )


def _current_quantity(li: Fields, quantity: int) -> int:
    current = li.integer("current_quantity", optional=True)
    if current is None:
        return quantity
    if not 0 <= current <= quantity:
        raise ValueError(f"{li.at('current_quantity')}: {current} is not between 0 and "
                         f"the quantity ordered ({quantity})")
    return current


def _refund(r: Fields) -> Refund:
    shipping = shipping_tax = Decimal(0)
    for adjustment in r.children("order_adjustments"):
        if adjustment.text("kind") == "shipping_refund":
            # Shopify writes refunded amounts on adjustments as negative numbers.
            shipping += abs(adjustment.decimal("amount", optional=True) or Decimal(0))
            shipping_tax += abs(adjustment.decimal("tax_amount", optional=True) or Decimal(0))
    return Refund(
        id=r.id("id"),
        lines=tuple(
            RefundedLine(line_item_id=x.id("line_item_id"), quantity=x.integer("quantity"),
                         subtotal=x.decimal("subtotal", optional=True) or Decimal(0),
                         tax=x.decimal("total_tax", optional=True) or Decimal(0))
            for x in r.children("refund_line_items")
        ),
        shipping=shipping,
        shipping_tax=shipping_tax,
    )


def _current_totals(o: Fields) -> CurrentTotals | None:
    total = o.decimal("current_total_price", optional=True)
    if total is None:
        return None
    return CurrentTotals(
        total_price=total,
        subtotal_price=o.decimal("current_subtotal_price", optional=True),
        total_tax=o.decimal("current_total_tax", optional=True),
        total_discounts=o.decimal("current_total_discounts", optional=True),
    )


def _customer(c: Fields | None) -> Customer | None:
    if c is None:
        return None
    return Customer(
        id=c.id("id"), email=c.text("email").strip(), first_name=c.text("first_name").strip(),
        last_name=c.text("last_name").strip(), phone=c.text("phone").strip(),
        tax_exempt=c.boolean("tax_exempt"), default_address=_address(c.child("default_address")),
    )


def _discount_application(d: Fields) -> DiscountApplication:
    value = d.data.get("value")
    return DiscountApplication(
        type=d.text("type"), code=d.text("code").strip(), title=d.text("title").strip(),
        value="" if value is None else str(d.decimal("value")),
        value_type=d.text("value_type"), allocation_method=d.text("allocation_method"),
        target_type=d.text("target_type"), target_selection=d.text("target_selection"),
    )


def _checked_total(o: Fields, key: str, set_key: str, shop: str, presentment: str):
    """(shop amount, presentment amount or None), the *_set agreeing with the plain field."""
    amount = o.decimal(key)
    money = o.money_set(set_key, shop, presentment)
    if money is not None and money[0] != amount:
        raise ValueError(f"{set_key}.shop_money.amount: {money[0]} disagrees with {key} {amount}")
    return amount, money[1] if money else None


def parse_order(payload: dict) -> Order:
    """Parse a Shopify order (webhook body: the bare order object) into an Order."""
    o = Fields(payload, "")
    if "order" in o.data and "line_items" not in o.data:
        raise ValueError("order: got a REST response wrapper {'order': …}; pass the order itself")
    shop = o.currency("currency")
    presentment = o.currency("presentment_currency", default=shop)
    applications = tuple(_discount_application(d) for d in o.children("discount_applications"))
    count = len(applications)
    total, p_total = _checked_total(o, "total_price", "total_price_set", shop, presentment)
    subtotal, p_subtotal = _checked_total(
        o, "subtotal_price", "subtotal_price_set", shop, presentment
    )
    tax, p_tax = _checked_total(o, "total_tax", "total_tax_set", shop, presentment)
    discounts, p_discounts = _checked_total(
        o, "total_discounts", "total_discounts_set", shop, presentment
    )
    line_items_price = o.decimal("total_line_items_price", optional=True)
    shipping_lines = tuple(
        ShippingLine(
            title=s.text("title").strip(), code=s.text("code").strip(), price=s.decimal("price"),
            discounted_price=s.decimal("discounted_price", optional=True) or s.decimal("price"),
            tax_lines=_tax_lines(s), discount_allocations=_allocations(s, count),
        )
        for s in o.children("shipping_lines")
    )
    shipping_set = o.money_set("total_shipping_price_set", shop, presentment)
    company = o.child("company")
    terms = o.child("payment_terms")
    return Order(
        id=o.id("id"),
        name=o.text("name").strip() or f"#{o.data['id']}",
        email=(o.text("email") or o.text("contact_email")).strip(),
        phone=o.text("phone").strip(),
        currency=shop,
        presentment_currency=presentment,
        created_at=o.moment("created_at"),
        updated_at=o.moment("updated_at", optional=True) or o.moment("created_at"),
        cancelled_at=o.moment("cancelled_at", optional=True),
        financial_status=o.text("financial_status"),
        taxes_included=o.boolean("taxes_included"),
        total_price=total,
        subtotal_price=subtotal,
        total_tax=tax,
        total_discounts=discounts,
        total_shipping=(
            shipping_set[0] if shipping_set else sum((s.price for s in shipping_lines), Decimal(0))
        ),
        total_line_items_price=line_items_price,
        presentment_total_price=p_total,
        presentment_subtotal_price=p_subtotal,
        presentment_total_tax=p_tax,
        presentment_total_discounts=p_discounts,
        line_items=tuple(
            _line_item(li, count, shop, presentment) for li in o.children("line_items")
        ),
        shipping_lines=shipping_lines,
        tax_lines=_tax_lines(o),
        discount_codes=tuple(
            DiscountCode(d.text("code").strip(), d.decimal("amount"), d.text("type"))
            for d in o.children("discount_codes")
        ),
        discount_applications=applications,
        payment_gateway_names=tuple(g.strip() for g in o.strings("payment_gateway_names")),
        customer=_customer(o.child("customer")),
        company=(
            Company(id=company.id("id"), location_id=company.id("location_id", optional=True))
            if company else None
        ),
        payment_terms=(
            PaymentTerms(
                name=terms.text("payment_terms_name"), type=terms.text("payment_terms_type"),
                due_in_days=terms.integer("due_in_days", optional=True),
            )
            if terms else None
        ),
        shipping_address=_address(o.child("shipping_address")),
        billing_address=_address(o.child("billing_address")),
        location_id=o.id("location_id", optional=True),
        source_name=o.text("source_name"),
        po_number=o.text("po_number").strip(),
        note=o.text("note"),
        test=o.boolean("test"),
        fulfillments=tuple(
            Fulfillment(
                id=f.id("id"), location_id=f.id("location_id", optional=True),
                status=f.text("status"),
                line_item_ids=tuple(li.id("id") for li in f.children("line_items")),
            )
            for f in o.children("fulfillments")
        ),
        refunds=tuple(_refund(r) for r in o.children("refunds")),
        current=_current_totals(o),
    )
