"""The flows, one module each, and which webhook topic starts which flow.

A flow module exposes NAME, `describe(store, payload) -> JobSpec` (pure: which unit of work
a payload asks for) and `run(job)` (translate, apply, classify).
"""

from dataclasses import dataclass
from datetime import datetime
from types import ModuleType


@dataclass(frozen=True)
class JobSpec:
    object_id: str
    label: str
    key: str
    updated_at: datetime | None


def _flows() -> dict[str, ModuleType]:
    from . import orders

    return {orders.NAME: orders}


TOPIC_FLOWS = {
    "orders/create": "orders",
    "orders/paid": "orders",
    "orders/updated": "orders",
}


def flow_for(topic: str) -> ModuleType:
    return _flows()[TOPIC_FLOWS[topic]]


def flow_named(name: str) -> ModuleType:
    return _flows()[name]
