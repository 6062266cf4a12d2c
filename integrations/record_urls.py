"""Where a person opens a record in the vendors' own user interfaces. Pure functions.

NetSuite: `https://<account host>.app.netsuite.com/app/…?id=<internal id>`, the account host
being the account id in lower case with "_" as "-" (123456_SB1 → 123456-sb1). Shopify: the
order's page in the store's admin, `https://admin.shopify.com/store/<handle>/orders/<id>`.
"""

import re

# The NetSuite page of each record type the flows write.
NETSUITE_PAGES = {
    "salesOrder": "accounting/transactions/salesord.nl",
    "customer": "common/entity/custjob.nl",
    "invoice": "accounting/transactions/custinvc.nl",
    "cashSale": "accounting/transactions/cashsale.nl",
    "creditMemo": "accounting/transactions/custcred.nl",
    "customerRefund": "accounting/transactions/custrfnd.nl",
    "cashRefund": "accounting/transactions/cashrfnd.nl",
    "customerDeposit": "accounting/transactions/custdep.nl",
    "customerPayment": "accounting/transactions/custpymt.nl",
    "itemFulfillment": "accounting/transactions/itemship.nl",
    "returnAuthorization": "accounting/transactions/rtnauth.nl",
    "inventoryAdjustment": "accounting/transactions/invadjst.nl",
    "deposit": "accounting/transactions/deposit.nl",
    "journalEntry": "accounting/transactions/journal.nl",
}
_ACCOUNT = re.compile(r"[A-Za-z0-9_]+")
_SHOP = re.compile(r"([a-z0-9][a-z0-9-]*)\.myshopify\.com")


def netsuite_host(account_id: str) -> str | None:
    """123456_SB1 → "123456-sb1.app.netsuite.com"; None for an id that is not one."""
    account_id = (account_id or "").strip()
    if not _ACCOUNT.fullmatch(account_id):
        return None
    return f"{account_id.lower().replace('_', '-')}.app.netsuite.com"


def netsuite_record_url(account_id: str, record_type: str, internal_id: str) -> str | None:
    host = netsuite_host(account_id)
    page = NETSUITE_PAGES.get(record_type)
    if host is None or page is None or not str(internal_id).isdigit():
        return None
    return f"https://{host}/app/{page}?id={internal_id}"


def shopify_order_url(shop_domain: str, order_id: str) -> str | None:
    matched = _SHOP.fullmatch((shop_domain or "").strip().lower())
    if matched is None or not str(order_id).isdigit():
        return None
    return f"https://admin.shopify.com/store/{matched.group(1)}/orders/{order_id}"
