"""One order's eventful day, told through the public surfaces: signed webhooks, the sandboxes
behind the real clients, the queue and the sweeper.

Order #1001 (bob.norman@mail.example.com) is high risk, so it is created pending approval in
NetSuite with a CX ticket; NetSuite answers 503 once, so the first attempt waits to retry;
Shopify redelivers the orders/create event and sends orders/paid for the same version (a
duplicate); an edit sells a SKU nobody mapped (parked, Ops ticket); a last update arrives
without updated_at (rejected).
"""

import copy
from datetime import timedelta

import time_machine

from integrations.models import SyncJob
from mappings.models import ItemMapping
from tests.conftest import load_fixture

ORDER_FILE = "shopify_order_discount_tax_partial_refund.json"
EMAIL = "bob.norman@mail.example.com"
STREET = "Chestnut Street 92"  # in the raw body only
UNMAPPED_SKU = "IPOD2008BLACK"


def tell(webhooks, shopify, netsuite, store) -> dict:
    order = load_fixture(ORDER_FILE)
    shopify.add_order(order["id"], risk_recommendation="CANCEL", risk_level="HIGH")
    netsuite.configure(fail_next=[{"status": 503, "times": 1}])

    webhooks.send("orders/create", order, event_id="evt-create")
    first = SyncJob.objects.get(flow="orders")
    with time_machine.travel(first.next_retry_at + timedelta(seconds=1)):
        webhooks.queue.sweep()
    webhooks.send("orders/create", order, event_id="evt-create")  # redelivered
    webhooks.send("orders/paid", order, event_id="evt-paid")  # same version, other topic

    ItemMapping.objects.filter(store=store, sku=UNMAPPED_SKU).delete()
    edited = copy.deepcopy(order)
    edited["updated_at"] = "2008-01-11T09:00:00-05:00"
    webhooks.send("orders/updated", edited, event_id="evt-edit")

    broken = {k: v for k, v in order.items() if k not in ("updated_at", "created_at")}
    webhooks.send("orders/updated", broken, event_id="evt-broken")
    return order
