"""The orders people look for, and how they look for them.

Each order delivery leaves (or refreshes) a `KnownOrder` row: the Shopify order id, its name
(#1001), its number, the customer's email and id, its total and currency. The values are
those of the newest version of the order received, so an older update arriving late changes
nothing. `order_keys` reads them from a payload (pure: no field is trusted, nothing raises);
`remember` writes them; `search` says what a typed text asks for (pure) and `find` answers it.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

ORDER_TOPICS = "orders/"  # the topics whose payload is an order
ORDER_FLOWS = ("orders",)  # the flows whose jobs write an order itself (object_id: its id)
MAX_NUMBER = 2**63 - 1
GID_PREFIX = "gid://shopify/Order/"


@dataclass(frozen=True)
class OrderKeys:
    order_id: str
    name: str = ""
    order_number: int | None = None
    email: str = ""
    customer_id: str = ""
    currency: str = ""
    total_price: Decimal | None = None
    placed_at: datetime | None = None
    updated_at: datetime | None = None

    def values(self) -> dict:
        return {"name": self.name, "order_number": self.order_number, "email": self.email,
                "customer_id": self.customer_id, "currency": self.currency,
                "total_price": self.total_price, "placed_at": self.placed_at,
                "order_updated_at": self.updated_at}


def order_keys(topic: str, payload) -> OrderKeys | None:
    """What an order delivery says about who the order is; None unless it is one (an order
    topic and a numeric id). Fields of the wrong type are left empty."""
    if not topic.startswith(ORDER_TOPICS) or not isinstance(payload, dict):
        return None
    order_id = _integer(payload.get("id"))
    if order_id is None:
        return None
    customer = payload.get("customer") if isinstance(payload.get("customer"), dict) else {}
    email = _text(payload.get("email")) or _text(payload.get("contact_email")) or _text(
        customer.get("email"))
    customer_id = _integer(customer.get("id"))
    number = _integer(payload.get("order_number"))
    return OrderKeys(
        order_id=str(order_id),
        name=_text(payload.get("name"))[:64],
        order_number=number if number is not None and 0 <= number <= MAX_NUMBER else None,
        email=email.lower()[:254],
        customer_id=str(customer_id) if customer_id is not None else "",
        currency=_text(payload.get("currency"))[:3],
        total_price=_amount(payload.get("total_price")),
        placed_at=_moment(payload.get("created_at")),
        updated_at=_moment(payload.get("updated_at")) or _moment(payload.get("created_at")),
    )


def remember(store, keys: OrderKeys, seen_at: datetime | None = None):
    """Keep the order's keys: a new row, or the newer version's values on the known one."""
    from .models import KnownOrder

    return remember_in(KnownOrder, store.pk, keys, seen_at or timezone.now())


def remember_in(model, store_id: int, keys: OrderKeys, seen_at: datetime):
    """`remember` on a given model class (the migration that fills the table uses it too)."""
    known, created = model.objects.get_or_create(
        store_id=store_id, order_id=keys.order_id,
        defaults={**keys.values(), "first_seen_at": seen_at, "last_seen_at": seen_at},
    )
    if created:
        return known
    changes = {"last_seen_at": max(seen_at, known.last_seen_at)}
    if _is_newer(keys.updated_at, known.order_updated_at):
        changes.update({k: v for k, v in keys.values().items() if v not in (None, "")})
    model.objects.filter(pk=known.pk).update(**changes)
    return known


# Looking orders up --------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """What a typed text asks for: an email, or any of an id, a number and a name."""

    email: str = ""
    order_id: str = ""
    order_number: int | None = None
    names: tuple[str, ...] = ()

    def condition(self) -> Q:
        if self.email:
            return Q(email=self.email)
        wanted = Q(name__in=self.names) if self.names else Q(pk__in=[])
        if self.order_id:
            wanted |= Q(order_id=self.order_id)
        if self.order_number is not None:
            wanted |= Q(order_number=self.order_number)
        return wanted


def search(text: str) -> Search | None:
    """"#1001" → that name or number 1001; "1001" → name #1001, number 1001 or that Shopify
    id; "gid://shopify/Order/…" → that id; "ann@example.com" → that email; anything else → a
    name as typed (stores with their own prefix, "EU1001"). None for nothing typed."""
    text = (text or "").strip()[:254]
    if not text:
        return None
    if "@" in text:
        return Search(email=text.lower())
    if text.startswith(GID_PREFIX) and text[len(GID_PREFIX):].isdigit():
        return Search(order_id=text[len(GID_PREFIX):])
    digits = text.removeprefix("#").strip()
    if digits.isdigit():
        number = int(digits)
        return Search(
            order_id=digits if not text.startswith("#") else "",
            order_number=number if number <= MAX_NUMBER else None,
            names=tuple(dict.fromkeys((f"#{digits}", text))),
        )
    return Search(names=(text,))


def find(text: str, limit: int = 50):
    """The known orders a typed text matches (newest first), or None if nothing was typed."""
    from .models import KnownOrder

    wanted = search(text)
    if wanted is None:
        return None
    return (KnownOrder.objects.filter(wanted.condition())
            .select_related("store").defer("store__credentials")
            .order_by("-placed_at", "-pk")[:limit])


def known_order(store_id: int, order_id: str):
    """The order a timeline is about, with its store and the store's NetSuite account: its
    KnownOrder row, or (for an order delivered before rows were kept and not yet filled in)
    one read from its newest delivery and not saved. None when nothing was received."""
    import json

    from .models import KnownOrder, WebhookEvent

    secrets = ("store__credentials", "store__netsuite__credentials")
    known = (KnownOrder.objects.select_related("store__netsuite").defer(*secrets)
             .filter(store_id=store_id, order_id=order_id).first())
    if known is not None:
        return known
    event = (WebhookEvent.objects.select_related("connection__netsuite")
             .defer("connection__credentials", "connection__netsuite__credentials")
             .filter(connection_id=store_id, resource_id=order_id, topic__startswith=ORDER_TOPICS)
             .order_by("-received_at", "-pk").first())
    if event is None:
        return None
    try:
        keys = order_keys(event.topic, json.loads(event.body))
    except ValueError:
        keys = None
    keys = keys or OrderKeys(order_id=order_id)
    return KnownOrder(store=event.connection, order_id=order_id, **keys.values(),
                      first_seen_at=event.received_at, last_seen_at=event.received_at)


def _is_newer(candidate: datetime | None, known: datetime | None) -> bool:
    return known is None or (candidate is not None and candidate >= known)


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _amount(value) -> Decimal | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
        return None
    return amount.quantize(Decimal("0.0001"))


def _moment(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None
