"""What a ticket is about, in the terms a team searches by: order, customer, SKU, NetSuite ids.

Read when a ticket opens or is seen again (exceptions.tickets), from the problem (its context
and key), the job (its order label and Shopify id) and the Shopify event (name, email, total).
Only these rendered facts reach the ticket; the raw body stays on the event. A fact that
cannot be read is left blank: reading facts never stops a ticket from opening.
"""

import json
from decimal import Decimal, InvalidOperation

from . import catalogue

SKU_TYPES = {catalogue.UNKNOWN_SKU, catalogue.AMBIGUOUS_SKU}
FIELDS = ("order_name", "order_id", "customer_email", "sku", "netsuite_id", "external_id",
          "amount", "currency")


def facts_for(problem, *, store=None, job=None, event=None) -> dict:
    order = _order_payload(event)
    facts = {
        "order_name": _text(order.get("name")) or _name_from_label(job),
        "order_id": _text(order.get("id")) or _order_id_of(job),
        "customer_email": _email(order),
        "sku": _sku(problem),
        "amount": _money(order.get("total_price")),
        "currency": _text(order.get("currency"))[:3].upper(),
    }
    facts.update(_netsuite_ids(store, facts["order_id"]))
    for name in FIELDS:  # a problem may say it better than the payload
        value = problem.context.get(name)
        if value not in (None, ""):
            facts[name] = value
    return _fit(facts)


def apply(ticket, facts: dict) -> None:
    """Keep what is known: a later occurrence without an order keeps the last order's facts."""
    for name, value in facts.items():
        if value not in (None, ""):
            setattr(ticket, name, value)


def _order_payload(event) -> dict:
    if event is None or not event.topic.startswith("orders/"):
        return {}
    try:
        payload = json.loads(event.body)
    except (TypeError, ValueError):
        return {}
    return payload if isinstance(payload, dict) else {}


def _text(value) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip() if isinstance(value, str | int) else ""


def _name_from_label(job) -> str:
    label = getattr(job, "object_label", "") or ""
    return label.split(" ", 1)[1] if label.startswith("order ") else ""


def _order_id_of(job) -> str:
    if job is None or job.flow != "orders":
        return ""
    return job.object_id


def _email(order: dict) -> str:
    customer = order.get("customer")
    candidates = [order.get("email"), order.get("contact_email"),
                  customer.get("email") if isinstance(customer, dict) else None]
    return next((_text(c) for c in candidates if _text(c) and "@" in _text(c)), "")


def _sku(problem) -> str:
    if problem.code in SKU_TYPES and not problem.key.startswith("(no SKU)"):
        return problem.key
    return ""


def _money(value) -> Decimal | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount.quantize(Decimal("0.01")) if amount.is_finite() and abs(amount) < 10**12 \
        else None


def _netsuite_ids(store, order_id: str) -> dict:
    """The sales order this order became, if it reached NetSuite."""
    if store is None or not order_id:
        return {}
    from integrations.models import SyncLink

    link = SyncLink.objects.filter(connection=store, shopify_type="order",
                                   shopify_id=order_id).only("netsuite_id", "external_id").first()
    return {"netsuite_id": link.netsuite_id, "external_id": link.external_id} if link else {}


def _fit(facts: dict) -> dict:
    limits = {"order_name": 64, "order_id": 32, "customer_email": 254, "sku": 255,
              "netsuite_id": 32, "external_id": 128, "currency": 3}
    return {name: value[:limits[name]] if isinstance(value, str) and name in limits else value
            for name, value in facts.items()}
