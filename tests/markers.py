"""Test markers shared across the suite."""

import pytest

# The NetSuite sandbox refuses what a SuiteTax account refuses; the order translation does not
# yet write the SuiteTax body (it is being changed separately).
ORDER_BODY_NOT_YET_SUITETAX = pytest.mark.xfail(
    reason="The sales order body is refused or loses its tax on the sandbox's SuiteTax "
    "account: shippingAddress/billingAddress `country` is sent as a bare string (the field "
    "list makes it a select, {\"id\": \"US\"}: 400 INVALID_CONTENT), and the legacy line "
    "`taxCode`/`tax1Amt` and body `paymentMethod` are not fields of a SuiteTax account "
    "(dropped, so taxTotal is 0 and totals no longer match Shopify).",
    strict=False,
)
