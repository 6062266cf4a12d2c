"""One store's mappings as the order translation reads them: a frozen snapshot, and its loader.

The snapshot types import nothing from Django, so the pure translation and its tests use
them without a database; only `load_order_mappings` reads the mapping tables.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ItemRef:
    netsuite_item_id: str
    shopify_product_id: str = ""  # "" = any product may sell the SKU


@dataclass(frozen=True)
class BundleComponentRef:
    netsuite_item_id: str
    quantity: int
    price_share: Decimal


@dataclass(frozen=True)
class TaxCodeRef:
    netsuite_tax_code_id: str
    rate: Decimal


@dataclass(frozen=True)
class CompanyTerms:
    netsuite_customer_id: str
    price_level_id: str
    payment_terms_id: str


@dataclass(frozen=True)
class OrderMappings:
    """Everything the translation needs to know about one store, keyed as commented."""

    subsidiary_id: str
    currency_code: str
    currency_id: str
    guest_customer_id: str = ""
    shipping_item_id: str = ""
    gift_card_item_id: str = ""
    default_location_id: str = ""
    non_taxable_tax_code_id: str = ""
    high_risk_policy: str = "hold"
    items: Mapping[str, ItemRef] = field(default_factory=dict)  # SKU exactly as in Shopify
    bundles: Mapping[str, tuple[BundleComponentRef, ...]] = field(default_factory=dict)
    tax_codes: Mapping[str, TaxCodeRef] = field(default_factory=dict)  # tax_key(title)
    discounts: Mapping[str, str] = field(default_factory=dict)  # CODE upper case, "" default
    payment_methods: Mapping[str, str] = field(default_factory=dict)  # gateway, lower case
    locations: Mapping[str, str] = field(default_factory=dict)  # Shopify location id
    # (company id, company location id or "" for the whole company) → terms
    companies: Mapping[tuple[str, str], CompanyTerms] = field(default_factory=dict)


def tax_key(title: str) -> str:
    """'State Tax + County tax' → 'county tax + state tax': the lookup key of a tax title."""
    return " + ".join(sorted(part.strip().lower() for part in title.split("+") if part.strip()))


def load_order_mappings(store) -> OrderMappings | None:
    """Read the store's mappings in nine queries; None when the store has no StoreMapping."""
    # Imported here so that the snapshot types above stay importable without Django.
    from mappings.models import (
        B2BCompanyMapping,
        BundleMapping,
        DiscountMapping,
        ItemMapping,
        LocationMapping,
        PaymentMethodMapping,
        StoreMapping,
        TaxCodeMapping,
    )

    ledger = StoreMapping.objects.filter(store=store).first()
    if ledger is None:
        return None
    return OrderMappings(
        subsidiary_id=ledger.subsidiary_id,
        currency_code=ledger.currency_code.upper(),
        currency_id=ledger.currency_id,
        guest_customer_id=ledger.guest_customer_id,
        shipping_item_id=ledger.shipping_item_id,
        gift_card_item_id=ledger.gift_card_item_id,
        default_location_id=ledger.default_location_id,
        non_taxable_tax_code_id=ledger.non_taxable_tax_code_id,
        high_risk_policy=ledger.high_risk_policy,
        items={
            m.sku: ItemRef(m.netsuite_item_id, m.shopify_product_id.strip())
            for m in ItemMapping.objects.filter(store=store)
        },
        bundles={
            b.parent_sku: tuple(
                BundleComponentRef(c.netsuite_item_id, c.quantity, c.price_share)
                for c in b.components.all()
            )
            for b in BundleMapping.objects.filter(store=store).prefetch_related("components")
        },
        tax_codes={
            tax_key(t.tax_title): TaxCodeRef(t.netsuite_tax_code_id, t.rate)
            for t in TaxCodeMapping.objects.filter(store=store)
        },
        discounts={
            d.code.strip().upper(): d.netsuite_discount_item_id
            for d in DiscountMapping.objects.filter(store=store)
        },
        payment_methods={
            p.gateway.strip().lower(): p.netsuite_payment_method_id
            for p in PaymentMethodMapping.objects.filter(store=store)
        },
        locations={
            loc.shopify_location_id.strip(): loc.netsuite_location_id
            for loc in LocationMapping.objects.filter(store=store)
        },
        companies={
            (c.shopify_company_id.strip(), c.shopify_company_location_id.strip()): CompanyTerms(
                c.netsuite_customer_id, c.price_level_id, c.payment_terms_id
            )
            for c in B2BCompanyMapping.objects.filter(store=store)
        },
    )
