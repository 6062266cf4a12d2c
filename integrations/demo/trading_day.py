"""A day of Shopify webhook deliveries for the demo store, built from the order fixtures.

Pure: no database, no HTTP. `build_day` returns the signed deliveries in the order Shopify
would send them, plus the fraud risk each order should have in the Shopify sandbox.

Each order is a fixture with a new id, name, line ids and times; its quantities are
multiplied by a whole factor and every amount that depends on them with it (line tax and
discount allocations, order totals, tax lines, payment schedules), so the order still adds
up: lines - discounts + tax + shipping = total_price, in shop and presentment money alike.
Unit prices and tax rates do not change. Orders that already carry refunds or fulfilments
(which count units of their own) keep factor 1.

The day, in two waves (the second is sent once the first has been applied):

1. orders/create for every order; orders/paid for some of the same versions (they join the
   existing job); orders/updated with a newer version for others; a redelivery sent right
   after its original; one order with a SKU Ops has not mapped; one B2B order from a company
   Finance has not mapped; one charged at a tax rate NetSuite does not have; one Shopify
   rates high risk; one malformed body;
2. late arrivals: a stale orders/updated (older than the version already applied) and
   Shopify's retries of deliveries already received.
"""

import copy
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from integrations.shopify.webhooks import sign

from . import merchant

PLAIN = "shopify_order_discount_tax_partial_refund.json"
GIFT_CARD = "shopify_order_gift_card_sold_and_redeemed.json"
PRESENTMENT = "shopify_order_presentment_cad.json"
BUNDLE = "shopify_order_virtual_bundle.json"
B2B = "shopify_order_b2b_company_net30.json"
# Fixture → how often it is picked for an ordinary order of the day.
ORDER_MIX = {PLAIN: 5, GIFT_CARD: 1, PRESENTMENT: 2, BUNDLE: 2, B2B: 1}

ACCEPTED, SAME_VERSION, REDELIVERY, REJECTED = "accepted", "same version", "redelivery", "rejected"
API_VERSION = "2026-01"
MONEY_KEYS = {
    "amount", "price", "discounted_price", "total_discount", "subtotal_price", "total_price",
    "total_tax", "total_discounts", "total_line_items_price", "total_outstanding",
    "total_tip_received", "current_subtotal_price", "current_total_price", "current_total_tax",
    "current_total_discounts", "pre_tax_price",
}
QUANTITY_KEYS = ("quantity", "current_quantity", "fulfillable_quantity")
UNIT_PRICE_KEYS = ("price", "price_set")  # a line item's price is per unit


@dataclass(frozen=True)
class Delivery:
    topic: str
    body: bytes
    headers: dict[str, str]
    scenario: str  # why it is part of the day, e.g. "new order", "tax drift"
    expect: str  # ACCEPTED, SAME_VERSION, REDELIVERY or REJECTED
    wave: int
    order_id: int | None = None

    @property
    def event_id(self) -> str:
        return self.headers["X-Shopify-Event-Id"]


@dataclass
class TradingDay:
    deliveries: list[Delivery]
    risks: list[dict]  # bodies for the Shopify sandbox's POST /_sandbox/orders
    orders: list[dict] = field(default_factory=list)  # every order version built

    def wave(self, number: int) -> list[Delivery]:
        return [d for d in self.deliveries if d.wave == number]


def load_fixtures(directory: Path) -> dict[str, dict]:
    """The bare order objects of the fixtures the day is made of."""
    orders = {}
    for name in ORDER_MIX:
        data = json.loads((directory / name).read_text())
        orders[name] = data["order"] if set(data) == {"order"} else data
    return orders


def build_day(fixtures: dict[str, dict], *, shop_domain: str, secret: str, seed: int,
              orders: int = 40, end: datetime | None = None) -> TradingDay:
    """The day ending at `end` (default: now), reproducible for a given seed."""
    return _DayBuilder(fixtures, shop_domain, secret, seed, end or datetime.now(UTC)).build(
        max(orders, len(ORDER_MIX) + 4)
    )


class _DayBuilder:
    def __init__(self, fixtures, shop_domain, secret, seed, end):
        self.fixtures, self.shop, self.secret = fixtures, shop_domain, secret
        self.rng = random.Random(seed)
        self.end = end.astimezone(UTC).replace(microsecond=0)
        self.start = self.end - timedelta(hours=23)
        self.id_base = 5_900_000_000_000 + (seed % 1_000_000) * 1_000
        self.number_base = 1001 + (seed % 9_000) * 100
        self.deliveries: list[tuple[datetime, Delivery]] = []
        self.late: list[Delivery] = []
        self.risks: list[dict] = []
        self.versions: list[dict] = []

    def build(self, count: int) -> TradingDay:
        specials = [
            ("unknown SKU", PLAIN, _with_unmapped_sku),
            ("unmapped B2B company", B2B, _with_unmapped_company),
            ("tax drift", PLAIN, _with_drifted_tax),
            ("high risk", GIFT_CARD, None),
        ]
        regular = list(ORDER_MIX)  # each fixture at least once, then a weighted mix
        regular += self.rng.choices(list(ORDER_MIX), weights=list(ORDER_MIX.values()),
                                    k=count - len(specials) - len(regular))
        plan = [("new order", name, None) for name in regular] + specials
        self.rng.shuffle(plan)
        span = (self.end - self.start - timedelta(hours=1)) / len(plan)
        updated = []
        for index, (scenario, name, change) in enumerate(plan):
            created = self.start + span * index + timedelta(
                seconds=self.rng.randint(0, int(span.total_seconds() * 0.8)))
            order = self._order(index, name, created, change)
            self._send("orders/create", order, created, scenario, ACCEPTED)
            self.risks.append(self._risk(order, high=scenario == "high risk"))
            if order["financial_status"] == "paid" and self.rng.random() < 0.35:
                self._send("orders/paid", order, created + timedelta(seconds=40),
                           "paid (same version)", SAME_VERSION)
            if scenario == "new order" and (not updated or self.rng.random() < 0.25):
                edited = self._edit(order, created)
                self._send("orders/updated", edited, _time(edited["updated_at"]),
                           "edited (newer version)", ACCEPTED)
                updated.append((order, edited))
        self._redeliveries()
        self._stale_update(updated)
        self._malformed()
        first = [d for _, d in sorted(self.deliveries, key=lambda pair: pair[0])]
        return TradingDay(first + self.late, self.risks, self.versions)

    # -- orders

    def _order(self, index, name, created, change) -> dict:
        source = self.fixtures[name]
        settled = source.get("refunds") or source.get("fulfillments")  # they count units
        factor = 1 if settled else self.rng.choice((1, 1, 1, 2, 3))
        order = vary_order(source, order_id=self.id_base + index,
                           number=self.number_base + index, created_at=created,
                           factor=factor, token=self.rng.getrandbits(128))
        if change is not None:
            change(order)
        self.versions.append(order)
        return order

    def _edit(self, order: dict, created: datetime) -> dict:
        """A newer version: the customer added a note; money does not move."""
        edited = copy.deepcopy(order)
        minutes = self.rng.randint(5, 90)
        when = min(created + timedelta(minutes=minutes), self.end - timedelta(minutes=1))
        edited["updated_at"] = _render_time(when, order["updated_at"])
        edited["note"] = "Please gift wrap, it is a present."
        edited["tags"] = ", ".join(t for t in (order.get("tags") or "", "gift-wrap") if t)
        self.versions.append(edited)
        return edited

    def _risk(self, order: dict, *, high: bool) -> dict:
        return {"id": order["id"], "name": order["name"],
                "risk_recommendation": "CANCEL" if high else "ACCEPT",
                "risk_level": "HIGH" if high else "LOW"}

    # -- deliveries

    def _send(self, topic, order, when, scenario, expect, *, wave=1) -> Delivery:
        body = json.dumps(order, separators=(",", ":")).encode()
        delivery = self._signed(topic, body, when, scenario, expect, wave, order["id"])
        self.deliveries.append((when, delivery))
        return delivery

    def _signed(self, topic, body, when, scenario, expect, wave, order_id) -> Delivery:
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": sign(body, self.secret),
            "X-Shopify-Shop-Domain": self.shop,
            "X-Shopify-API-Version": API_VERSION,
            "X-Shopify-Webhook-Id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "X-Shopify-Event-Id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "X-Shopify-Triggered-At": when.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        }
        return Delivery(topic, body, headers, scenario, expect, wave, order_id)

    def _redeliveries(self) -> None:
        """Shopify sends some deliveries twice: once right away, and later as retries."""
        originals = [(when, d) for when, d in self.deliveries if d.topic == "orders/create"]
        picked = self.rng.sample(originals, k=min(3, len(originals)))
        for number, (when, original) in enumerate(picked):
            again = Delivery(original.topic, original.body, dict(original.headers),
                             "redelivery", REDELIVERY, 1 if number == 0 else 2,
                             original.order_id)
            if again.wave == 1:
                self.deliveries.append((when + timedelta(seconds=5), again))
            else:
                self.late.append(again)

    def _stale_update(self, updated) -> None:
        """An orders/updated that arrives after a newer version was applied."""
        order, edited = self.rng.choice(updated)
        stale = copy.deepcopy(order)
        created, newer = _time(order["updated_at"]), _time(edited["updated_at"])
        stale["updated_at"] = _render_time(created + (newer - created) / 2, order["updated_at"])
        stale["note"] = "Leave at the back door."
        self.versions.append(stale)
        body = json.dumps(stale, separators=(",", ":")).encode()
        self.late.append(self._signed("orders/updated", body, _time(stale["updated_at"]),
                                      "stale update", ACCEPTED, 2, stale["id"]))

    def _malformed(self) -> None:
        """A body cut short in transit: signed, but not JSON."""
        when, original = self.rng.choice(self.deliveries)
        body = original.body[: len(original.body) // 3]
        self.deliveries.append((when + timedelta(seconds=1), self._signed(
            "orders/create", body, when, "malformed body", REJECTED, 1, None)))


# -- varying one fixture


def vary_order(source: dict, *, order_id: int, number: int, created_at: datetime,
               factor: int = 1, token: int = 0) -> dict:
    """A copy of the order with new ids, name and times, and quantities times factor."""
    order = copy.deepcopy(source)
    old_id = order["id"]
    line_ids = {line["id"]: order_id * 100 + n for n, line in enumerate(order["line_items"])}
    order.update(id=order_id, name=f"#{number}", order_number=number, number=number - 1000)
    for key in ("created_at", "processed_at", "updated_at"):
        if order.get(key):
            order[key] = _render_time(created_at, source["created_at"])
    if order.get("token"):
        order["token"] = f"{token:032x}"
    if order.get("confirmation_number"):
        order["confirmation_number"] = f"{token:X}"[:9]
    _renumber(order, old_id, order_id, line_ids)
    if factor != 1:
        _scale(order, factor)
    return order


def _renumber(node, old_order, new_order, line_ids, key=None):
    if isinstance(node, dict):
        for k, value in node.items():
            node[k] = _renumber(value, old_order, new_order, line_ids, k)
        return node
    if isinstance(node, list):
        return [_renumber(value, old_order, new_order, line_ids, key) for value in node]
    if key in ("id", "line_item_id") and node in line_ids:
        return line_ids[node]
    if key == "order_id" and node == old_order:
        return new_order
    if key == "admin_graphql_api_id" and isinstance(node, str):
        kind, _, ident = node.rpartition("/")
        if ident.isdigit() and int(ident) == old_order and kind.endswith("/Order"):
            return f"{kind}/{new_order}"
        if ident.isdigit() and int(ident) in line_ids and kind.endswith("/LineItem"):
            return f"{kind}/{line_ids[int(ident)]}"
    return node


def _scale(order: dict, factor: int) -> None:
    for line in order["line_items"]:
        for key, value in line.items():
            if key in QUANTITY_KEYS and isinstance(value, int):
                line[key] = value * factor
            elif key not in UNIT_PRICE_KEYS:
                line[key] = _scale_money(value, factor, key)
    for key, value in order.items():
        if key not in ("line_items", "discount_applications"):
            order[key] = _scale_money(value, factor, key)
    for application in order.get("discount_applications") or []:
        # A fixed amount spread across lines is a total; per-item amounts and
        # percentages stay as they are.
        if application.get("value_type") == "fixed_amount" and (
            application.get("allocation_method") == "across"
        ):
            application["value"] = _times(application["value"], factor)
    if isinstance(order.get("total_weight"), int):
        order["total_weight"] *= factor


def _scale_money(node, factor, key=None):
    if isinstance(node, dict):
        return {k: _scale_money(value, factor, k) for k, value in node.items()}
    if isinstance(node, list):
        return [_scale_money(value, factor, key) for value in node]
    if key in MONEY_KEYS and isinstance(node, str):
        return _times(node, factor)
    return node


def _times(amount: str, factor: int) -> str:
    return str(Decimal(amount) * factor)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _render_time(when: datetime, like: str) -> str:
    """`when` in the UTC offset of `like`, as Shopify writes times (no microseconds)."""
    return when.astimezone(_time(like).tzinfo).replace(microsecond=0).isoformat()


# -- the three gaps and the drift


def _with_unmapped_sku(order: dict) -> None:
    line = order["line_items"][0]
    colour = line["sku"].removeprefix("IPOD2008").lower()
    line["sku"] = merchant.UNMAPPED_SKU
    new_colour = merchant.UNMAPPED_SKU.removeprefix("IPOD2008").lower()
    for key in ("name", "variant_title", "title"):
        if isinstance(line.get(key), str):
            line[key] = line[key].replace(colour, new_colour)


def _with_unmapped_company(order: dict) -> None:
    company = merchant.UNMAPPED_COMPANY
    order["company"] = {"id": company.id, "location_id": company.location_id}
    for key in ("billing_address", "shipping_address"):
        if isinstance(order.get(key), dict):
            order[key]["company"] = company.name


def _with_drifted_tax(order: dict) -> None:
    """Shopify charges City Tax at its new rate; the amounts stay as charged."""
    tax_lines = [t for line in order["line_items"] for t in line.get("tax_lines") or []]
    tax_lines += [t for ship in order.get("shipping_lines") or [] for t in ship["tax_lines"]]
    tax_lines += order.get("tax_lines") or []
    for tax in tax_lines:
        if Decimal(str(tax["rate"])) != Decimal(str(merchant.DRIFT_TAX_SHOPIFY_RATE)):
            raise ValueError("the tax drift order needs a fixture taxed at the drifted rate")
        tax["title"] = merchant.DRIFT_TAX_TITLE
