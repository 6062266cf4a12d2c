"""A NetSuite connection's capabilities, as the flows need them."""

from exceptions.catalogue import NETSUITE_CAPABILITIES
from integrations.errors import ParkJob
from integrations.netsuite.capabilities import AccountCapabilities
from integrations.types import Problem


def capabilities_for(connection) -> AccountCapabilities:
    """The capabilities last read from the account; parks the job until they are known."""
    capabilities = connection.account_capabilities
    if capabilities is None:
        raise ParkJob([Problem(
            NETSUITE_CAPABILITIES, key=f"connection-{connection.pk}",
            message=f"NetSuite account {connection.name}: its capabilities (tax mode, "
            "currencies, payment field, time zone) have not been read.",
        )])
    return capabilities
