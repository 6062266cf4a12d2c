"""The ticket types the product opens, with their default routing.

Every migrate adds the types missing from the database (exceptions.ticket_types); after
that the routing (team, severity, window) is edited in the admin, never overwritten, and the
code only refers to the codes below.
"""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class DefaultType:
    code: str
    title: str
    team: str
    severity: str
    hours: int
    guidance: str


UNKNOWN_SKU = "unknown_sku"
AMBIGUOUS_SKU = "ambiguous_sku"
UNMAPPED_LOCATION = "unmapped_location"
UNMAPPED_B2B_COMPANY = "unmapped_b2b_company"
UNMAPPED_TAX = "unmapped_tax"
TAX_DRIFT = "tax_drift"
UNMAPPED_DISCOUNT = "unmapped_discount"
UNMAPPED_PAYMENT_METHOD = "unmapped_payment_method"
UNMAPPED_GIFT_CARD = "unmapped_gift_card"
TOTALS_MISMATCH = "totals_mismatch"
CURRENCY_MISMATCH = "currency_mismatch"
STORE_NOT_MAPPED = "store_not_mapped"
HIGH_RISK_ORDER = "high_risk_order"
ORDER_LOCKED = "order_locked"
NETSUITE_REJECTED = "netsuite_rejected"
# NetSuite refused a record for a field one of the store's mappings filled in: the owner of
# that mapping gets the ticket (integrations.rejections says which field goes where).
NETSUITE_REJECTED_ITEM = "netsuite_rejected_item"
NETSUITE_REJECTED_LOCATION = "netsuite_rejected_location"
NETSUITE_REJECTED_TAX = "netsuite_rejected_tax"
NETSUITE_REJECTED_CUSTOMER = "netsuite_rejected_customer"
NETSUITE_REJECTED_SETTING = "netsuite_rejected_setting"
CONNECTION_AUTH = "connection_auth"
CREDENTIALS_EXPIRING = "credentials_expiring"
RETRIES_EXHAUSTED = "retries_exhausted"
JOB_ERROR = "job_error"
NETSUITE_CAPABILITIES = "netsuite_capabilities"

DEFAULT_TYPES = [
    DefaultType(UNKNOWN_SKU, "Unknown SKU", "ops", "high", 4,
                "Map the SKU to its NetSuite item (Mappings → Items), then retry."),
    DefaultType(AMBIGUOUS_SKU, "SKU shared by two Shopify products", "ops", "high", 4,
                "Give each product its own SKU in Shopify or fix the item mapping, then retry."),
    DefaultType(UNMAPPED_LOCATION, "Unmapped Shopify location", "ops", "high", 4,
                "Map the Shopify location to a NetSuite location, then retry."),
    DefaultType(UNMAPPED_B2B_COMPANY, "Unmapped B2B company", "finance", "high", 8,
                "Map the company to its NetSuite customer, price level and terms, then retry."),
    DefaultType(UNMAPPED_TAX, "Unmapped tax", "finance", "high", 8,
                "Map the tax title to a NetSuite tax code, then retry."),
    DefaultType(TAX_DRIFT, "Tax rate differs from NetSuite", "finance", "high", 8,
                "Shopify charged a rate the mapped NetSuite tax code does not have: correct the "
                "mapping or the Shopify tax setting, then retry."),
    DefaultType(UNMAPPED_DISCOUNT, "Unmapped discount", "finance", "normal", 24,
                "Map the discount code (or the default discount) to a NetSuite discount item."),
    DefaultType(UNMAPPED_PAYMENT_METHOD, "Unmapped payment gateway", "finance", "normal", 24,
                "Map the Shopify gateway to a NetSuite payment method."),
    DefaultType(UNMAPPED_GIFT_CARD, "Gift card item not configured", "finance", "high", 8,
                "Set the store's gift card deferred revenue item, then retry."),
    DefaultType(TOTALS_MISMATCH, "Order totals differ", "finance", "high", 8,
                "The sales order would not add up to what Shopify captured; the detail says "
                "which part differs."),
    DefaultType(CURRENCY_MISMATCH, "Order currency differs from the store's", "finance", "high",
                8, "Check the store's subsidiary and currency mapping."),
    DefaultType(STORE_NOT_MAPPED, "Store has no ledger mapping", "integration_admin", "critical",
                2, "Create the store's subsidiary mapping, then retry."),
    DefaultType(HIGH_RISK_ORDER, "High-risk order held", "cx", "high", 2,
                "Review the order in Shopify; approve it in NetSuite or cancel it in Shopify."),
    DefaultType(ORDER_LOCKED, "Order edited after release to the warehouse", "ops", "high", 4,
                "NetSuite owns the order once released: apply the Shopify edit by hand."),
    DefaultType(NETSUITE_REJECTED, "NetSuite rejected the record", "integration_admin", "high",
                8, "Read NetSuite's error detail; fix the record or mapping, then retry."),
    DefaultType(NETSUITE_REJECTED_ITEM, "NetSuite refused a mapped item", "ops", "high", 4,
                "NetSuite does not accept the item a SKU or bundle component is mapped to "
                "(inactive, deleted, or not sold by the store's subsidiary). Reactivate the "
                "item in NetSuite or map the SKU to the right item (Mappings → Items, "
                "Bundles), then use Fix once on this ticket: it previews and retries every "
                "order stuck on it."),
    DefaultType(NETSUITE_REJECTED_LOCATION, "NetSuite refused a mapped location", "ops",
                "high", 4,
                "NetSuite does not accept the location a Shopify location is mapped to "
                "(inactive, or of another subsidiary). Map the Shopify location to an active "
                "location of the store's subsidiary (Mappings → Locations), then use Fix "
                "once."),
    DefaultType(NETSUITE_REJECTED_TAX, "NetSuite refused a mapped tax code", "finance",
                "high", 8,
                "NetSuite does not accept the tax code (or tax type) a Shopify tax title is "
                "mapped to (inactive, or not valid where the order ships). Map the title to "
                "an active code for that jurisdiction (Mappings → Tax codes), then use Fix "
                "once."),
    DefaultType(NETSUITE_REJECTED_CUSTOMER, "NetSuite refused a mapped customer", "finance",
                "high", 8,
                "NetSuite does not accept the customer (or terms) a B2B company or the "
                "store's guest checkout is mapped to (inactive, or of another subsidiary). "
                "Fix the B2B company mapping or the store's guest customer, then use Fix "
                "once."),
    DefaultType(NETSUITE_REJECTED_SETTING, "NetSuite refused a store setting", "finance",
                "high", 8,
                "NetSuite does not accept a record named by the store's ledger settings or "
                "its discount or payment mappings (subsidiary, currency, shipping, gift card "
                "or discount item, default location, non-taxable code, payment method). "
                "Correct the mapping, then use Fix once."),
    DefaultType(CONNECTION_AUTH, "Connection credentials rejected", "integration_admin",
                "critical", 1, "Renew the connection's credentials; its jobs then resume."),
    DefaultType(CREDENTIALS_EXPIRING, "Connection credentials expire soon", "integration_admin",
                "high", 24, "Renew the credentials before they expire, then update the "
                "connection's expiry date."),
    DefaultType(RETRIES_EXHAUSTED, "Sync kept failing", "integration_admin", "high", 4,
                "The other system kept failing; check its status, then retry."),
    DefaultType(NETSUITE_CAPABILITIES, "NetSuite account capabilities unreadable",
                "integration_admin", "high", 8,
                "Orders for this account wait until its tax mode, currencies, payment field and "
                "time zone are known. Check that the integration role has the REST Web "
                "Services and SuiteAnalytics Workbook (SuiteQL) permissions and may read the "
                "sales order's metadata catalog (Setup → Users/Roles → Manage Roles); that the "
                "RESTlet is deployed (status Released, the integration role in its audience) "
                "and its External URL is the connection's RESTlet URL; or, without a RESTlet, "
                "that the connection's time zone is typed in. Then press \"Read account "
                "capabilities now\" on the connection: a good read closes this ticket."),
    DefaultType(JOB_ERROR, "Unexpected sync error", "integration_admin", "high", 4,
                "An unexpected error stopped the job; the detail has the error."),
]


def window(default: DefaultType) -> timedelta:
    return timedelta(hours=default.hours)
