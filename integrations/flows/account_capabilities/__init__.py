"""NetSuite account capabilities: what the account can do (tax mode, currencies, payment
field, time zone), read from it daily, when its connection is saved and on demand.

The reading is pure (integrations.netsuite.capabilities); `run` asks the account and keeps
the answer on the connection through integrations.account_capabilities, which the flows that
write to NetSuite also use.
"""

from datetime import timedelta

from integrations.flows import Flow, on_demand, schedule

from .run import run

FLOW = Flow(
    name="account_capabilities",
    label="NetSuite account capabilities",
    connection_kind="netsuite",
    triggers=(schedule(timedelta(days=1)), on_demand()),
    run=run,
    action="Read account capabilities now",
)
