"""Orders: a Shopify order becomes a NetSuite sales order.

Read top to bottom: describe (which job), translate (pure, in order_translation), apply
(I/O through the two clients), classify (what the outcome means for the job).
"""

from django.utils.dateparse import parse_datetime

from . import JobSpec

NAME = "orders"


def describe(store, payload: dict) -> JobSpec:
    order_id = payload.get("id")
    if not isinstance(order_id, int) or isinstance(order_id, bool):
        raise ValueError("the order has no numeric id")
    updated_raw = payload.get("updated_at") or payload.get("created_at") or ""
    updated_at = parse_datetime(updated_raw) if isinstance(updated_raw, str) else None
    if updated_at is None:
        raise ValueError("the order has no valid updated_at")
    label = f"order {payload.get('name') or order_id}"
    key = f"order:{store.shop_domain}:{order_id}:{updated_at.isoformat()}"
    return JobSpec(object_id=str(order_id), label=label, key=key, updated_at=updated_at)
