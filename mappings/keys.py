"""How the keys people type in mappings are matched to what Shopify sends. Pure functions:
the models use them when saving, the order flow when looking mappings up."""


def tax_key(title: str) -> str:
    """'State Tax + County tax' → 'county tax + state tax': the lookup key of a tax title."""
    return " + ".join(sorted(part.strip().lower() for part in title.split("+") if part.strip()))


def discount_key(code: str) -> str:
    """Discount codes match whatever their case: 'tenoff' is TENOFF."""
    return code.strip().upper()


def gateway_key(gateway: str) -> str:
    """Shopify gateway names ('shopify_payments', 'Cash on Delivery (COD)') match in lower case."""
    return gateway.strip().lower()
