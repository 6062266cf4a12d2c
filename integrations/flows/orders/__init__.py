"""Orders: a Shopify order becomes a NetSuite sales order (its customer first).

`translate` (pure) builds the body from the order and the store's mapping snapshot
(`mappings`, with `customer` for who buys); `run` applies it through the two clients and
classifies the outcome.
"""

from integrations.flows import Flow, webhook

from .preview import preview
from .run import describe, run

FLOW = Flow(
    name="orders",
    label="Orders → sales orders",
    connection_kind="shopify",
    triggers=(webhook("orders/create"), webhook("orders/paid"), webhook("orders/updated")),
    run=run,
    describe=describe,
    preview=preview,
)
