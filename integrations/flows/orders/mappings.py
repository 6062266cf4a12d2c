"""One store's mappings as the order translation reads them: a frozen snapshot, and its loader.

The snapshot types import nothing from Django, so the pure translation and its tests use
them without a database; only `load_order_mappings` reads the mapping tables, and only the
rows one order needs (its SKUs, tax titles, discount codes, gateways, locations, company),
through indexed lookups, whatever the size of the store's catalogue.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from integrations.shopify.payloads import Order, TaxLine
from mappings.keys import discount_key, gateway_key, tax_key

__all__ = ["BundleComponentRef", "CompanyTerms", "ItemRef", "OrderMappings", "TaxCodeRef",
           "jurisdictions_of", "load_order_mappings", "tax_key"]


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
    tax_type: str = ""  # SuiteTax: the code's tax type


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
    # (tax_key(title), "US" or "US-CA") → the code where a jurisdiction has its own
    tax_codes_by_jurisdiction: Mapping[tuple[str, str], TaxCodeRef] = field(default_factory=dict)
    discounts: Mapping[str, str] = field(default_factory=dict)  # discount_key(code), "" default
    payment_methods: Mapping[str, str] = field(default_factory=dict)  # gateway_key(gateway)
    locations: Mapping[str, str] = field(default_factory=dict)  # Shopify location id
    # (company id, company location id or "" for the whole company) → terms
    companies: Mapping[tuple[str, str], CompanyTerms] = field(default_factory=dict)

    def tax_code(self, key: str, jurisdictions: tuple[str, ...]) -> TaxCodeRef | None:
        """The code for a tax title: the most precise jurisdiction first, then anywhere."""
        for where in jurisdictions:
            ref = self.tax_codes_by_jurisdiction.get((key, where))
            if ref is not None:
                return ref
        return self.tax_codes.get(key)


def jurisdictions_of(order: Order) -> tuple[str, ...]:
    """Where the order is taxed, most precise first: ("US-CA", "US"), from the address it
    ships to (or is billed at, for orders that do not ship)."""
    address = order.shipping_address or order.billing_address
    if address is None or len(address.country_code) != 2:
        return ()
    country = address.country_code.upper()
    region = address.province_code.strip().upper()
    return (f"{country}-{region}", country) if region else (country,)


def _tax_keys(order: Order) -> set[str]:
    """Every tax title the order charges, alone and as the group a line charges together."""
    groups: list[tuple[TaxLine, ...]] = [li.tax_lines for li in order.line_items]
    groups += [s.tax_lines for s in order.shipping_lines]
    keys = set()
    for tax_lines in groups:
        titles = [t.title for t in tax_lines]
        keys.update(tax_key(t) for t in titles)
        if len(titles) > 1:
            keys.add(tax_key(" + ".join(titles)))
    return keys


def load_order_mappings(store, order: Order) -> OrderMappings | None:
    """The store's mappings that `order` uses; None when the store has no StoreMapping."""
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
    skus = {li.sku for li in order.line_items if li.sku}
    codes = {discount_key(a.label) for a in order.discount_applications} | {""}
    gateways = {gateway_key(g) for g in order.payment_gateway_names if g}
    locations = {str(f.location_id) for f in order.fulfillments if f.location_id}
    if order.location_id:
        locations.add(str(order.location_id))
    tax_keys = _tax_keys(order)
    tax_rows = list(TaxCodeMapping.objects.filter(
        store=store, tax_key__in=tax_keys, jurisdiction__in=("", *jurisdictions_of(order))
    )) if tax_keys else []
    companies = {}
    if order.company is not None:
        company = str(order.company.id)
        companies = {
            (c.shopify_company_id.strip(), c.shopify_company_location_id.strip()): CompanyTerms(
                c.netsuite_customer_id, c.price_level_id, c.payment_terms_id
            )
            for c in B2BCompanyMapping.objects.filter(store=store, shopify_company_id=company)
        }
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
            for m in ItemMapping.objects.filter(store=store, sku__in=skus)
        } if skus else {},
        bundles={
            b.parent_sku: tuple(
                BundleComponentRef(c.netsuite_item_id, c.quantity, c.price_share)
                for c in b.components.all()
            )
            for b in BundleMapping.objects.filter(store=store, parent_sku__in=skus)
            .prefetch_related("components")
        } if skus else {},
        tax_codes={
            t.tax_key: TaxCodeRef(t.netsuite_tax_code_id, t.rate, t.netsuite_tax_type.strip())
            for t in tax_rows if not t.jurisdiction
        },
        tax_codes_by_jurisdiction={
            (t.tax_key, t.jurisdiction): TaxCodeRef(t.netsuite_tax_code_id, t.rate,
                                                    t.netsuite_tax_type.strip())
            for t in tax_rows if t.jurisdiction
        },
        discounts={
            d.code: d.netsuite_discount_item_id
            for d in DiscountMapping.objects.filter(store=store, code__in=codes)
        },
        payment_methods={
            p.gateway: p.netsuite_payment_method_id
            for p in PaymentMethodMapping.objects.filter(store=store, gateway__in=gateways)
        } if gateways else {},
        locations={
            loc.shopify_location_id.strip(): loc.netsuite_location_id
            for loc in LocationMapping.objects.filter(
                store=store, shopify_location_id__in=locations)
        } if locations else {},
        companies=companies,
    )
