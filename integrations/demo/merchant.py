"""The demo merchant: one Shopify store writing to one NetSuite sandbox account, its mappings,
and one person per team.

The catalogue is the one the order fixtures sell (tests/fixtures: the iPod Nano variants, the
red iPod kit, a gift card), mapped almost completely. Three gaps are left on purpose, so
that a replayed day opens a ticket for each owning team:

- SKU `IPOD2008PINK`, launched in Shopify today, has no NetSuite item yet (Ops);
- B2B company `Acme Retail Co.` buys on account but has no NetSuite terms (Finance);
- `City Tax` went from 5.5% to 6% in Shopify; NetSuite's code still says 5.5% (Finance).

`seed(...)` is idempotent and keeps what people changed: mappings are created only where
missing (a SKU Ops mapped by hand, a tax code Finance corrected stay as they are), and the
store keeps its webhook secret, so deliveries signed earlier still verify.

The sandbox account is a SuiteTax account (its default): each Shopify tax title maps alone,
with its tax type; the "County Tax + State Tax" group serves legacy-tax accounts.
"""

import os
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from integrations.management.commands.runsandbox import SANDBOX_DEFAULTS
from integrations.models import Connection
from integrations.sandbox.shopify import DEMO_ACCESS_TOKEN, DEMO_SHOP
from mappings.keys import tax_key
from mappings.models import (
    B2BCompanyMapping,
    BundleComponent,
    BundleMapping,
    DiscountMapping,
    ItemMapping,
    LocationMapping,
    PaymentMethodMapping,
    StoreMapping,
    TaxCodeMapping,
)

DEFAULT_PASSWORD = "demo-pass-2026"  # noqa: S105 (a local demo's printed password)
DEFAULT_NETSUITE_URL = "http://127.0.0.1:8101"
DEFAULT_SHOPIFY_URL = "http://127.0.0.1:8102"

SHOP_DOMAIN = DEMO_SHOP  # the Shopify sandbox's own shop, with its public demo token
STORE_NAME = "Demo store (US)"
NETSUITE_NAME = "NetSuite sandbox"
# The record-upsert RESTlet as deployed in the account (the sandbox serves it on its own host):
# the connection reads the company time zone from it.
RESTLET_PATH = ("/app/site/hosting/restlet.nl?script=customscript_scnp_record_upsert"
                "&deploy=customdeploy_scnp_record_upsert")
API_VERSION = "2026-01"


# NetSuite internal ids of the sandbox account's records.
SUBSIDIARY = "1"
CURRENCY_USD = "1"
GUEST_CUSTOMER = "501"
SHIPPING_ITEM = "301"
GIFT_CARD_ITEM = "302"
MAIN_WAREHOUSE = "1"
NET_30 = "2"

PRODUCT_IPOD = "632910392"
ITEMS = {  # SKU → (NetSuite item, Shopify product)
    "IPOD2008GREEN": ("211", PRODUCT_IPOD),
    "IPOD2008RED": ("212", PRODUCT_IPOD),
    "IPOD2008BLACK": ("213", PRODUCT_IPOD),
}
UNMAPPED_SKU = "IPOD2008PINK"
BUNDLES = {  # parent SKU → (name, [(NetSuite item, quantity, price share)])
    "KIT-IPOD-RED": ("Red iPod starter kit", [("212", 1, Decimal("0.80")),
                                               ("231", 1, Decimal("0.20"))]),
}
LOCATIONS = {  # Shopify location → (name, NetSuite location)
    "655441491": ("Main warehouse", MAIN_WAREHOUSE),
    "24826418": ("Flagship store (POS)", "2"),
}
SALES_TAX_TYPE = "1"  # the account's SuiteTax tax type for US sales tax
TAX_CODES = {  # Shopify tax title(s) → (NetSuite tax code, NetSuite rate)
    "State Tax": ("401", Decimal("0.06")),
    "County Tax + State Tax": ("402", Decimal("0.085")),
    "City Tax": ("403", Decimal("0.055")),
    "County Tax": ("404", Decimal("0.025")),
}
DRIFT_TAX_TITLE = "City Tax"
DRIFT_TAX_SHOPIFY_RATE = 0.06  # what Shopify now charges: NetSuite's code says 0.055
DISCOUNTS = {"": "310", "TENOFF": "311"}  # code ("" = default) → NetSuite discount item
PAYMENT_METHODS = {"bogus": "7", "gift_card": "8", "shopify_payments": "9"}


@dataclass(frozen=True)
class Company:
    id: int
    location_id: int
    name: str
    netsuite_customer_id: str = ""  # "" = not mapped


MAPPED_COMPANY = Company(4219732029, 4219764797, "Norman Hardware Supply", "502")
UNMAPPED_COMPANY = Company(4219800417, 4219800533, "Acme Retail Co.")
PRICE_LEVEL_WHOLESALE = "3"

# NetSuite records the sandbox should know, so that it refuses a reference to anything else.
NETSUITE_KNOWN = {
    "subsidiary": {SUBSIDIARY: "Demo Inc. (US)"},
    "currency": {CURRENCY_USD: "USD"},
    "location": {MAIN_WAREHOUSE: "Main warehouse", "2": "Flagship store"},
    "customer": {GUEST_CUSTOMER: "Shopify guest checkouts",
                 MAPPED_COMPANY.netsuite_customer_id: MAPPED_COMPANY.name},
    "term": {NET_30: "Net 30"},
    "item": {
        "211": "iPod Nano 8GB green", "212": "iPod Nano 8GB red", "213": "iPod Nano 8GB black",
        "231": "iPod dock", SHIPPING_ITEM: "Shipping", GIFT_CARD_ITEM: "Gift card (deferred)",
        "310": "Shopify discount", "311": "Discount TENOFF",
    },
    "taxCode": {code: title for title, (code, _) in TAX_CODES.items()},
}
NETSUITE_TAX_RATES = {code: str(rate) for code, rate in TAX_CODES.values()}


@dataclass(frozen=True)
class Person:
    """One demo login. What the group may see and do is exceptions.access, not this list."""

    username: str
    first_name: str
    last_name: str
    group: str
    superuser: bool = False


PEOPLE = (
    Person("finance_fiona", "Fiona", "Finch", "Finance"),
    Person("cx_carlos", "Carlos", "Cruz", "CX"),
    Person("ops_olga", "Olga", "Ortiz", "Ops"),
    Person("admin_ada", "Ada", "Adams", "Integration admin", superuser=True),
    Person("governance_greta", "Greta", "Gruber", "Governance"),
)


def netsuite_credentials() -> tuple[str, dict[str, str]]:
    """The NetSuite sandbox's account and TBA values, read as `runsandbox` reads them."""
    values = {key: os.environ.get(f"NETSUITE_SANDBOX_{key.upper()}") or default
              for key, default in SANDBOX_DEFAULTS.items()}
    return values.pop("account_id"), values


@transaction.atomic
def seed(*, netsuite_url: str = DEFAULT_NETSUITE_URL, shopify_url: str = DEFAULT_SHOPIFY_URL,
         password: str = DEFAULT_PASSWORD) -> Connection:
    """Create or update the demo merchant; returns the store's Connection."""
    account = _netsuite_account(netsuite_url)
    store = _store(shopify_url, account)
    _mappings(store)
    for person in PEOPLE:
        _person(person, password)
    return store


def _netsuite_account(base_url: str) -> Connection:
    account_id, credentials = netsuite_credentials()
    account = Connection.objects.filter(kind=Connection.Kind.NETSUITE,
                                        account_id=account_id).first()
    account = account or Connection(kind=Connection.Kind.NETSUITE, account_id=account_id)
    account.name = NETSUITE_NAME
    account.base_url = base_url
    account.restlet_url = base_url.rstrip("/") + RESTLET_PATH
    account.concurrency_limit = 5
    account.is_active = True
    account.credentials = credentials
    account.save()
    return account


def _store(base_url: str, account: Connection) -> Connection:
    store = Connection.objects.filter(shop_domain=SHOP_DOMAIN).first()
    store = store or Connection(kind=Connection.Kind.SHOPIFY, shop_domain=SHOP_DOMAIN)
    store.name = STORE_NAME
    store.base_url = base_url
    store.api_version = API_VERSION
    store.netsuite = account
    store.is_active = True
    current = dict(store.credentials or {})
    store.credentials = {
        **current,
        "access_token": DEMO_ACCESS_TOKEN,
        "webhook_secret": current.get("webhook_secret") or "whsec_" + secrets.token_hex(24),
    }
    store.save()
    return store


def _mappings(store: Connection) -> None:
    StoreMapping.objects.get_or_create(store=store, defaults={
        "subsidiary_id": SUBSIDIARY, "currency_code": "USD", "currency_id": CURRENCY_USD,
        "guest_customer_id": GUEST_CUSTOMER, "shipping_item_id": SHIPPING_ITEM,
        "gift_card_item_id": GIFT_CARD_ITEM, "default_location_id": MAIN_WAREHOUSE,
        "high_risk_policy": StoreMapping.HighRiskPolicy.HOLD,
    })
    for sku, (item_id, product_id) in ITEMS.items():
        ItemMapping.objects.get_or_create(store=store, sku=sku, defaults={
            "netsuite_item_id": item_id, "shopify_product_id": product_id})
    for parent_sku, (name, components) in BUNDLES.items():
        bundle, created = BundleMapping.objects.get_or_create(
            store=store, parent_sku=parent_sku, defaults={"name": name})
        if created:
            for item_id, quantity, share in components:
                BundleComponent.objects.create(bundle=bundle, netsuite_item_id=item_id,
                                               quantity=quantity, price_share=share)
    for location_id, (name, netsuite_id) in LOCATIONS.items():
        LocationMapping.objects.get_or_create(
            store=store, shopify_location_id=location_id,
            defaults={"name": name, "netsuite_location_id": netsuite_id})
    for title, (code, rate) in TAX_CODES.items():
        if not TaxCodeMapping.objects.filter(store=store, tax_key=tax_key(title),
                                             jurisdiction="").exists():
            TaxCodeMapping.objects.create(store=store, tax_title=title, rate=rate,
                                          netsuite_tax_code_id=code,
                                          netsuite_tax_type=SALES_TAX_TYPE)
    for code, item_id in DISCOUNTS.items():
        DiscountMapping.objects.get_or_create(store=store, code=code, defaults={
            "netsuite_discount_item_id": item_id})
    for gateway, method_id in PAYMENT_METHODS.items():
        PaymentMethodMapping.objects.get_or_create(store=store, gateway=gateway, defaults={
            "netsuite_payment_method_id": method_id})
    B2BCompanyMapping.objects.get_or_create(
        store=store, shopify_company_id=str(MAPPED_COMPANY.id), shopify_company_location_id="",
        defaults={"name": MAPPED_COMPANY.name,
                  "netsuite_customer_id": MAPPED_COMPANY.netsuite_customer_id,
                  "price_level_id": PRICE_LEVEL_WHOLESALE, "payment_terms_id": NET_30})


def _person(person: Person, password: str):
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter(username=person.username).first()
    user = user or user_model(username=person.username)
    user.first_name, user.last_name = person.first_name, person.last_name
    user.email = f"{person.username}@demo-store.example"
    user.is_staff, user.is_active, user.is_superuser = True, True, person.superuser
    user.set_password(password)
    user.save()
    group = Group.objects.get(name=person.group)  # created by a migration
    user.groups.set([group])
    user.user_permissions.clear()
    return user
