"""Monitoring and alerts: the dashboard's figures and the alerts that reach the owning team.

Pure computations:
    lag.py         sync lag percentiles (webhook received → written in NetSuite)
    silence.py     a store's typical week, and when its silence is an alarm
    wording.py     durations in words, rates as percentages, timestamps with their zone
    digest.py      the words of one team's digest
Queries and I/O:
    figures.py     jobs by outcome, lag, deliveries, ticket counts (aggregate queries)
    capacity.py    queues (database and RQ), connection health, NetSuite slots, Shopify bucket
    traffic.py     deliveries per store and hour, for silence.py
    conditions.py  what is alarming now, and for which team
    alerts.py      one digest per team per interval, each alert once (called by the sweeper)
    delivery.py    the mail and the incoming webhook
The page:
    board.py       the dashboard's cells, scoped to the person (exceptions.access)
    views.py       /admin/dashboard/
    admin.py       the alerts sent and their digests, read-only
"""
