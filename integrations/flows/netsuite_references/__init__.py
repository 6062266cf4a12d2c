"""NetSuite reference lists: an account's items, locations, subsidiaries, tax codes (with
their rates), payment terms, price levels, company customers, accounts, payment methods and
currencies, read over SuiteQL and kept in mappings.NetSuiteRecord for the mapping forms.

`lists` says what each list's query is and how its rows read (pure); `run` reads every list
through the client and keeps it (a record a read no longer returns is marked gone, not
deleted). Every six hours, and whenever someone asks (admin, `manage.py runflow`).
"""

from datetime import timedelta

from integrations.flows import Flow, on_demand, schedule

from .run import run

FLOW = Flow(
    name="netsuite_references",
    label="NetSuite reference lists",
    connection_kind="netsuite",
    triggers=(schedule(timedelta(hours=6)), on_demand()),
    run=run,
    action="Read reference lists now",
)
