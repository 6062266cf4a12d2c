"""One run: read the account's capabilities and store them on its connection.

Unreadable capabilities park the run on an Integration admin ticket (ParkJob); transient and
credential failures go to the job runner's retry and pause, as for any NetSuite call.
"""

from integrations.account_capabilities import refresh_capabilities


def run(job) -> dict:
    capabilities = refresh_capabilities(job.connection)
    return {"capabilities": capabilities.as_json()}
