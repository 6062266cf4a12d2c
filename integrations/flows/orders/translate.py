"""A Shopify order, one store's mappings and its NetSuite account → the sales order. Pure.

No database, no HTTP: `translate_order` returns a SalesOrderPlan or raises ParkJob with
every problem found, each keyed by the thing to fix (orders held by one missing mapping
share one ticket). What the body carries, and why:

- Every line is on the item sublist at the custom price level (`price: {"id": "-1"}`), so
  NetSuite keeps the rate Shopify charged. Tax as charged rides in the account's own shape
  (see tax.py: SuiteTax tax details over REST, or legacy codes through the RESTlet).
- Each discount allocation is a negative line on the discount item mapped for its code,
  right after the line it discounts (NetSuite applies a discount item to the line above),
  untaxed (tax.py says why).
- Each charged shipping line is a line on the store's shipping item (an Other Charge item),
  so shipping tax and discounts travel like any line; shipMethod/shippingCost are not used.
- A virtual bundle becomes its component lines (line quantity times component quantity);
  amount, tax and discounts are split by price share, the last component taking the rest.
- After a Shopify order edit the lines carry their current quantities and lines removed
  leave the order (totals.py says how refunds are told apart).
- The presentment currency and total (what the buyer paid) are carried in `memo`; the
  order is booked in the shop currency, which must be the store's mapped currency.
- Tax-inclusive orders are sent net of the included tax, so the totals still agree.
- `tranDate` is the order's day in the company time zone; the payment method goes in the
  field the account offers (`paymentOption` with handling mode "Record External Event",
  so NetSuite never charges a card Shopify already captured, or `paymentMethod`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from exceptions import catalogue
from integrations.errors import ParkJob
from integrations.netsuite.capabilities import SUITETAX, AccountCapabilities
from integrations.shopify.payloads import LineItem, Order, TaxLine
from integrations.types import Problem

from .customer import CustomerPlan, address_body, customer_plan
from .mappings import (
    BundleComponentRef,
    CompanyTerms,
    ItemRef,
    OrderMappings,
    TaxCodeRef,
    jurisdictions_of,
)
from .tax import TaxShare, legacy_code, suitetax_codes, tax_detail_rows
from .totals import (
    DISCOUNT,
    ITEM,
    SHIPPING,
    SHIPPING_DISCOUNT,
    ZERO,
    ExpectedTotals,
    booked_quantity,
    differences,
    expected_totals,
)

__all__ = [
    "BundleComponentRef", "CompanyTerms", "CustomerPlan", "ExpectedTotals", "ItemRef",
    "OrderMappings", "SalesOrderPlan", "TaxCodeRef", "customer_plan", "translate_order",
]

PENDING_APPROVAL, PENDING_FULFILLMENT = "A", "B"
ACTIVE_FULFILMENTS = {"pending", "open", "success"}
# "Record External Event": the payment happened outside NetSuite (Shopify captured it).
RECORD_EXTERNAL_EVENT = "MIMIC"


@dataclass(frozen=True)
class SalesOrderPlan:
    external_id: str
    body: dict
    customer: CustomerPlan | None  # upsert it first, then set body["entity"]
    entity_id: str | None  # known from the mappings: B2B company or guest customer
    totals: ExpectedTotals
    price_level_id: str = ""  # B2B: the company's NetSuite price level (see translate_order)
    via_restlet: bool = False  # legacy-tax accounts: written through the RESTlet


@dataclass
class _Line:
    kind: str
    item_id: str | None
    amount: Decimal
    description: str
    quantity: int | None = None
    taxes: tuple[TaxShare, ...] = ()
    tax_code_id: str | None = None  # legacy tax accounts
    location_id: str | None = None
    basis: Decimal = ZERO  # the line after its discounts (SuiteTax tax basis)

    @property
    def tax(self) -> Decimal:
        return sum((t.amount for t in self.taxes), ZERO)


def translate_order(order: Order, mappings: OrderMappings, account: AccountCapabilities, *,
                    hold: bool = False) -> SalesOrderPlan:
    """Build the sales order for this account, or raise ParkJob listing every problem found.

    B2B orders get the company's mapped customer and terms. Their lines keep the custom
    price level too (the rate Shopify charged wins); a sales order has no body-level price
    level, so the company's price level is returned in the plan.
    """
    return _Translation(order, mappings, account).plan(hold)


class _Translation:
    def __init__(self, order: Order, mappings: OrderMappings, account: AccountCapabilities):
        self.order, self.m, self.account = order, mappings, account
        self.suitetax = account.tax_mode == SUITETAX
        self.where = jurisdictions_of(order)
        self.problems: dict[tuple[str, str], Problem] = {}
        self.lines: list[_Line] = []
        self.fulfilled_at = {
            line_id: f.location_id
            for f in order.fulfillments if f.status in ACTIVE_FULFILMENTS and f.location_id
            for line_id in f.line_item_ids
        }

    def problem(self, code: str, key: str, message: str, **context) -> None:
        self.problems.setdefault((code, key), Problem(code, key, message, context))

    def plan(self, hold: bool) -> SalesOrderPlan:
        o, m = self.order, self.m
        if o.currency != m.currency_code.upper():
            self.problem(catalogue.CURRENCY_MISMATCH, o.currency,
                         f"Order {o.name} is in {o.currency} but the store is mapped to "
                         f"{m.currency_code.upper()}.", store_currency=m.currency_code)
        customer, entity_id, terms = self._entity()
        self._check_sku_products()
        for line in o.line_items:
            self._merchandise(line)
        self._shipping()
        body = self._body(hold, entity_id, terms)
        totals = self._check_totals()
        if self.problems:
            raise ParkJob(list(self.problems.values()))
        return SalesOrderPlan(f"shopify-order-{o.id}", body, customer, entity_id, totals,
                              terms.price_level_id if terms else "",
                              via_restlet=self.account.writes_tax_through_restlet)

    def _entity(self) -> tuple[CustomerPlan | None, str | None, CompanyTerms | None]:
        """Who buys: the B2B company's customer, the Shopify customer (by id), or the guest."""
        o, m = self.order, self.m
        if o.company is not None:
            company = str(o.company.id)
            location = "" if o.company.location_id is None else str(o.company.location_id)
            terms = m.companies.get((company, location)) or m.companies.get((company, ""))
            if terms is None:
                self.problem(catalogue.UNMAPPED_B2B_COMPANY, company,
                             f"B2B company {company} (location {location or '-'}) has no NetSuite "
                             f"customer and terms; order {o.name} is held, not booked as prepaid.",
                             company_location_id=location)
                return None, None, None
            return None, terms.netsuite_customer_id, terms
        if o.customer is not None:
            return customer_plan(o.customer, m, self.account), None, None
        if not m.guest_customer_id:
            self.problem(catalogue.STORE_NOT_MAPPED, "guest_customer",
                         f"Order {o.name} is a guest checkout and the store has no guest customer.")
        return None, m.guest_customer_id or None, None

    def _check_sku_products(self) -> None:
        products: dict[str, set[int]] = {}
        for line in self.order.line_items:
            if line.sku and line.product_id is not None and not line.gift_card:
                products.setdefault(line.sku, set()).add(line.product_id)
        for sku, ids in products.items():
            if len(ids) > 1:
                listed = ", ".join(map(str, sorted(ids)))
                self.problem(catalogue.AMBIGUOUS_SKU, sku,
                             f"SKU {sku} is sold by several Shopify products ({listed}) in "
                             f"order {self.order.name}.", product_ids=listed)

    def _item_id(self, line: LineItem) -> str | None:
        if not line.sku:
            self.problem(catalogue.UNKNOWN_SKU, f"(no SKU) {line.title}",
                         f"Line '{line.name}' of order {self.order.name} has no SKU (a custom "
                         "item), so it matches no NetSuite item.", line_item_id=line.id)
            return None
        ref = self.m.items.get(line.sku)
        if ref is None:
            self.problem(catalogue.UNKNOWN_SKU, line.sku,
                         f"SKU {line.sku} ('{line.name}') is not mapped to a NetSuite item.")
            return None
        product = "" if line.product_id is None else str(line.product_id)
        if ref.shopify_product_id and product and ref.shopify_product_id != product:
            self.problem(catalogue.AMBIGUOUS_SKU, line.sku,
                         f"SKU {line.sku} is mapped for Shopify product {ref.shopify_product_id} "
                         f"but order {self.order.name} sells it as product {product}.",
                         mapped_product_id=ref.shopify_product_id, product_id=product)
        return ref.netsuite_item_id

    def _merchandise(self, line: LineItem) -> None:
        o, m = self.order, self.m
        quantity = booked_quantity(o, line)
        if not quantity:
            return  # removed by an order edit: the line leaves the sales order
        share = Decimal(quantity) / line.quantity
        taxed = [(t, _part(t.price, share)) for t in line.tax_lines]
        tax = sum((amount for _, amount in taxed), ZERO)
        gross = line.price * quantity
        net = gross - tax if o.taxes_included else gross
        location = self._location(self.fulfilled_at.get(line.id))
        codes, legacy = self._tax_codes(line.tax_lines)
        if line.gift_card:
            if not m.gift_card_item_id:
                self.problem(catalogue.UNMAPPED_GIFT_CARD, "gift_card_item",
                             f"Order {o.name} sells a gift card and the store has no gift card "
                             "deferred revenue item.")
            parts = [(m.gift_card_item_id or None, quantity, Decimal(1))]
        elif m.bundles.get(line.sku):
            parts = [(c.netsuite_item_id, quantity * c.quantity, c.price_share)
                     for c in m.bundles[line.sku]]
            if not sum(share for *_, share in parts):  # no shares set: split by quantity
                parts = [(item, qty, Decimal(qty)) for item, qty, _ in parts]
        else:
            parts = [(self._item_id(line), quantity, Decimal(1))]
        weights = [weight for *_, weight in parts]
        amounts = _allocate(net, weights)
        tax_splits = [_allocate(amount, weights) for _, amount in taxed]
        discounts = [(a.application_index, _allocate(_part(a.amount, share), weights))
                     for a in line.discount_allocations if a.amount]
        for n, (item_id, qty, _) in enumerate(parts):
            shares = tuple(TaxShare(t.title, t.rate, split[n], code)
                           for (t, _), split, code in zip(taxed, tax_splits, codes, strict=True))
            discounted = sum((split[n] for _, split in discounts), ZERO)
            self.lines.append(_Line(ITEM, item_id, amounts[n], line.name, qty, shares, legacy,
                                    location, amounts[n] - discounted))
            for index, split in discounts:
                self._discount(DISCOUNT, index, split[n])

    def _shipping(self) -> None:
        o, m = self.order, self.m
        for ship in o.shipping_lines:
            tax = sum((t.price for t in ship.tax_lines), ZERO)
            discounted = [a for a in ship.discount_allocations if a.amount]
            if not ship.price and not tax and not discounted:
                continue
            if not m.shipping_item_id:
                self.problem(catalogue.STORE_NOT_MAPPED, "shipping_item",
                             f"Order {o.name} charges shipping and the store has no shipping item.")
            codes, legacy = self._tax_codes(ship.tax_lines)
            shares = tuple(TaxShare(t.title, t.rate, t.price, code)
                           for t, code in zip(ship.tax_lines, codes, strict=True))
            net = ship.price - tax if o.taxes_included else ship.price
            off = sum((a.amount for a in discounted), ZERO)
            self.lines.append(_Line(SHIPPING, m.shipping_item_id or None, net,
                                    f"Shipping: {ship.title or ship.code}", 1, shares, legacy,
                                    basis=net - off))
            for a in discounted:
                self._discount(SHIPPING_DISCOUNT, a.application_index, a.amount)

    def _discount(self, kind: str, index: int, amount: Decimal) -> None:
        if not amount:
            return
        label = self.order.discount_applications[index].label
        code = label.upper()
        item = (self.m.discounts.get(code) if code else None) or self.m.discounts.get("")
        if item is None:
            self.problem(catalogue.UNMAPPED_DISCOUNT, code or "(default)",
                         f"Discount '{label or '(no code)'}' has no NetSuite discount item and "
                         "the store has no default discount item.")
        untaxed = None if self.suitetax else (self.m.non_taxable_tax_code_id or None)
        self.lines.append(_Line(kind, item, -amount, f"Discount {label}".strip(),
                                tax_code_id=untaxed))

    def _tax_codes(self, tax_lines: tuple[TaxLine, ...]):
        """(SuiteTax code per tax line, legacy code of the line): only the account's mode."""
        if self.suitetax:
            return suitetax_codes(tax_lines, self.m, self.where, self.problem), None
        return [None] * len(tax_lines), legacy_code(tax_lines, self.m, self.where, self.problem)

    def _location(self, shopify_location_id: int | None) -> str | None:
        if shopify_location_id is None:
            return None
        key = str(shopify_location_id)
        netsuite_id = self.m.locations.get(key)
        if netsuite_id is None:
            self.problem(catalogue.UNMAPPED_LOCATION, key,
                         f"Shopify location {key} (order {self.order.name}) is not mapped to a "
                         "NetSuite location.")
        return netsuite_id

    def _payment_method(self) -> str | None:
        gateways = list(dict.fromkeys(g for g in self.order.payment_gateway_names if g))
        methods = {g: self.m.payment_methods.get(g.lower()) for g in gateways}
        for gateway, method in methods.items():
            if method is None:
                self.problem(catalogue.UNMAPPED_PAYMENT_METHOD, gateway.lower(),
                             f"Shopify gateway '{gateway}' has no NetSuite payment method.")
        # A gift card pays part of an order at most: the other gateway names the method.
        primary = next((g for g in gateways if g.lower() != "gift_card"), None)
        return methods.get(primary or (gateways[0] if gateways else ""))

    def _body(self, hold: bool, entity_id: str | None, terms: CompanyTerms | None) -> dict:
        o, m, account = self.order, self.m, self.account
        zone = ZoneInfo(account.time_zone)
        body = {
            "externalId": f"shopify-order-{o.id}",
            "tranDate": o.created_at.astimezone(zone).date().isoformat(),
            "otherRefNum": o.name,
            "memo": _memo(o),
            "subsidiary": {"id": m.subsidiary_id},
            "orderStatus": {"id": PENDING_APPROVAL if hold else PENDING_FULFILLMENT},
        }
        if account.multi_currency:
            body["currency"] = {"id": m.currency_id}
        location = self._location(o.location_id) if o.location_id else m.default_location_id
        optional = {
            "entity": entity_id and {"id": entity_id},
            "email": o.email,
            "location": location and {"id": location},
            "terms": terms and {"id": terms.payment_terms_id},
            "shippingAddress": o.shipping_address and address_body(o.shipping_address),
            "billingAddress": o.billing_address and address_body(o.billing_address),
        }
        body.update((k, v) for k, v in optional.items() if v)
        if account.payment_field:
            method = self._payment_method()
            if method:
                body[account.payment_field] = {"id": method}
                if account.payment_field == "paymentOption":
                    body["handlingMode"] = {"id": RECORD_EXTERNAL_EVENT}
        rows, details = [], []
        for number, line in enumerate(self.lines, start=1):
            reference = f"line-{number}"
            rows.append(_render(line, reference if line.taxes else "", self.suitetax))
            if self.suitetax:
                details += tax_detail_rows(reference, line.basis, line.taxes)
        body["item"] = {"items": rows}
        if self.suitetax:
            body["taxDetailsOverride"] = True
            body["taxDetails"] = {"items": details}
        return body

    def _check_totals(self) -> ExpectedTotals:
        """Add up the lines built and compare each part with Shopify's figures."""
        o = self.order
        amounts = dict.fromkeys((ITEM, SHIPPING, DISCOUNT, SHIPPING_DISCOUNT), ZERO)
        taxes = dict(amounts)
        for line in self.lines:
            amounts[line.kind] += line.amount
            taxes[line.kind] += line.tax
        totals = expected_totals(amounts, sum(taxes.values(), ZERO))
        differing = differences(o, amounts, taxes, totals)
        if differing:
            detail = "; ".join(f"{part}: {ours} in the sales order vs {theirs} in Shopify "
                               f"(off by {ours - theirs} {o.currency})"
                               for part, ours, theirs in differing)
            self.problem(catalogue.TOTALS_MISMATCH, f"order-{o.id}",
                         f"Order {o.name} would not add up in NetSuite: {detail}.",
                         parts={part: {"sales_order": str(ours), "shopify": str(theirs)}
                                for part, ours, theirs in differing})
        return totals


def _render(line: _Line, reference: str, suitetax: bool) -> dict:
    row: dict = {"item": {"id": line.item_id}}
    if line.kind in (DISCOUNT, SHIPPING_DISCOUNT):
        row.update(rate=line.amount, amount=line.amount)
    else:
        row.update(quantity=line.quantity, rate=_rate(line.amount, line.quantity),
                   amount=line.amount, price={"id": "-1"})
    row["description"] = line.description
    if suitetax:
        if reference:
            row["taxDetailsReference"] = reference
    else:
        if line.tax_code_id:
            row["taxCode"] = {"id": line.tax_code_id}
        row["tax1Amt"] = line.tax
    if line.location_id:
        row["location"] = {"id": line.location_id}
    return row


def _part(value: Decimal, share: Decimal) -> Decimal:
    """`value` for `share` of a line's units, at the value's own precision."""
    if share == 1:
        return value
    quantum = Decimal(1).scaleb(min(value.as_tuple().exponent, 0))
    return (value * share).quantize(quantum, ROUND_HALF_UP)


def _rate(amount: Decimal, quantity: int | None) -> Decimal:
    if not quantity:
        return amount
    rate = amount / quantity
    return rate.quantize(Decimal("0.0001")) if rate.as_tuple().exponent < -4 else rate


def _allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split total by weight at its own precision; the last share takes the remainder."""
    quantum = Decimal(1).scaleb(min(total.as_tuple().exponent, 0))
    if not sum(weights, ZERO):
        weights = [Decimal(1)] * len(weights)
    whole = sum(weights, ZERO)
    shares = [(total * w / whole).quantize(quantum, ROUND_DOWN) for w in weights[:-1]]
    return [*shares, total - sum(shares, ZERO)]


def _memo(order: Order) -> str:
    parts = [f"Shopify order {order.name}"]
    if order.po_number:
        parts.append(f"PO {order.po_number}")
    if order.presentment_currency != order.currency:
        total = order.presentment_total_price
        parts.append(f"customer paid {order.presentment_currency}"
                     + (f" {total}" if total is not None else ""))
    return "; ".join(parts)[:250]
