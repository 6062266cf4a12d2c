"""How Shopify concepts map to NetSuite records, per store. Every mapping keeps its history.

Keys people type (SKUs, tax titles, discount codes, gateways) are normalised on save, so the
order flow can look up just the keys one order uses with indexed queries.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .keys import discount_key, gateway_key, tax_key
from .reference_models import NetSuiteRecord, ReferenceList  # noqa: F401 (the app's models)

NETSUITE_ID_HELP = "NetSuite internal id."

numeric_id = RegexValidator(r"^[0-9]+$", "Use the numeric id (digits only), not a name.")
# NetSuite's built-in records (e.g. the -Not Taxable- tax code, -7) have negative ids.
netsuite_id = RegexValidator(r"^-?[0-9]+$", "Use the NetSuite internal id (a number), not a name.")


def netsuite_id_field(verbose_name, **kwargs):
    kwargs.setdefault("help_text", NETSUITE_ID_HELP)
    return models.CharField(verbose_name, max_length=32, validators=[netsuite_id], **kwargs)


def shopify_id_field(verbose_name, **kwargs):
    """A Shopify numeric id (the number at the end of its gid://shopify/... id)."""
    return models.CharField(verbose_name, max_length=32, validators=[numeric_id], **kwargs)


class StoreMapping(models.Model):
    """A store's place in the NetSuite ledger: subsidiary, currency and default records."""


    class HighRiskPolicy(models.TextChoices):
        HOLD = "hold", "Create the sales order pending approval"
        PARK = "park", "Do not create the sales order until reviewed"

    store = models.OneToOneField(
        "integrations.Connection", on_delete=models.CASCADE, related_name="store_mapping",
        limit_choices_to={"kind": "shopify"},
    )
    subsidiary_id = netsuite_id_field("subsidiary")
    currency_code = models.CharField(max_length=3, help_text="The shop currency, e.g. USD.")
    currency_id = netsuite_id_field("currency")
    guest_customer_id = netsuite_id_field(
        "guest customer", blank=True,
        help_text="NetSuite customer used for guest checkouts (orders with no Shopify customer).",
    )
    shipping_item_id = netsuite_id_field(
        "shipping item", help_text="NetSuite Other Charge item that carries shipping lines."
    )
    gift_card_item_id = netsuite_id_field(
        "gift card deferred revenue item", blank=True,
        help_text="Item that books gift cards sold to deferred revenue.",
    )
    default_location_id = netsuite_id_field("default location", blank=True)
    non_taxable_tax_code_id = netsuite_id_field(
        "non-taxable tax code", blank=True,
        help_text="NetSuite tax code for lines Shopify did not tax (e.g. -Not Taxable-, often "
        "-7). Blank: NetSuite applies the item's default tax code to them.",
    )
    high_risk_policy = models.CharField(
        max_length=8, choices=HighRiskPolicy.choices, default=HighRiskPolicy.HOLD
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.store} → subsidiary {self.subsidiary_id} ({self.currency_code})"

    def clean(self):
        code = self.currency_code or ""
        if code and (len(code) != 3 or not code.isalpha()):
            raise ValidationError({"currency_code": "Use the three-letter ISO code, e.g. USD."})
        self.currency_code = self.currency_code.upper()


class StoreScoped(models.Model):
    store = models.ForeignKey(
        "integrations.Connection", on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": "shopify"},
    )

    class Meta:
        abstract = True


class LocationMapping(StoreScoped):

    shopify_location_id = shopify_id_field("Shopify location")
    name = models.CharField(max_length=120, blank=True)
    netsuite_location_id = netsuite_id_field("NetSuite location")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["store", "shopify_location_id"], name="one_mapping_per_location"
            )
        ]

    def __str__(self):
        return f"{self.name or self.shopify_location_id} → location {self.netsuite_location_id}"


class ItemMapping(StoreScoped):

    sku = models.CharField(max_length=255)
    netsuite_item_id = netsuite_id_field("NetSuite item")
    shopify_product_id = shopify_id_field(
        "Shopify product", blank=True,
        help_text="The Shopify product that owns this SKU; another product selling the same "
        "SKU is refused as ambiguous.",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "sku"], name="one_item_per_sku")]

    def __str__(self):
        return f"{self.sku} → item {self.netsuite_item_id}"

    def clean(self):
        self.sku = self.sku.strip()


class BundleMapping(StoreScoped):
    """A virtual parent SKU sold in Shopify, sold in NetSuite as its component lines."""


    parent_sku = models.CharField(max_length=255)
    name = models.CharField(max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "parent_sku"], name="one_bundle_per_sku")
        ]

    def __str__(self):
        return f"bundle {self.parent_sku}"

    def clean(self):
        self.parent_sku = self.parent_sku.strip()


class BundleComponent(models.Model):
    bundle = models.ForeignKey(BundleMapping, on_delete=models.CASCADE, related_name="components")
    netsuite_item_id = netsuite_id_field("NetSuite item")
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    price_share = models.DecimalField(
        max_digits=7, decimal_places=4, validators=[MinValueValidator(Decimal("0"))],
        help_text="Relative weight of the bundle price given to this component.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.quantity} x item {self.netsuite_item_id}"


class TaxCodeMapping(StoreScoped):
    """A Shopify tax title (in one jurisdiction, or anywhere) and the NetSuite tax code for it.

    SuiteTax accounts book each Shopify tax line as one tax detail: map each title alone, with
    its tax type. Legacy-tax accounts book one code per line: several titles charged on one
    line map as a tax group, titled 'County Tax + State Tax'.
    """

    tax_title = models.CharField(
        max_length=120,
        help_text="Shopify tax line title, e.g. 'State Tax'. Legacy tax: several titles charged "
        "on one line map as a group: 'County Tax + State Tax' (sorted, joined by ' + ').",
    )
    tax_key = models.CharField(max_length=120, editable=False, db_index=True, default="")
    jurisdiction = models.CharField(
        max_length=16, blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$",
                                   "Use a country code, optionally with a region: US or US-CA.")],
        help_text="Where this title applies, by the order's shipping address: a country (US) or "
        "country-region (US-CA). Blank: everywhere the title is not mapped more precisely.",
    )
    rate = models.DecimalField(
        max_digits=7, decimal_places=5,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.99999"))],
        help_text="Rate of the NetSuite tax code as a fraction (0.06 = 6%).",
    )
    netsuite_tax_code_id = netsuite_id_field("NetSuite tax code")
    netsuite_tax_type = models.CharField(
        "NetSuite tax type", max_length=64, blank=True,
        help_text="SuiteTax accounts: the tax type of the code (its internal id or name, as the "
        "account's tax details show it). Not used on legacy-tax accounts.",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "tax_key", "jurisdiction"],
                                    name="one_code_per_tax_title_and_jurisdiction")
        ]

    def __str__(self):
        where = f" in {self.jurisdiction}" if self.jurisdiction else ""
        return f"{self.tax_title}{where} ({self.rate}) → tax code {self.netsuite_tax_code_id}"

    def save(self, *args, **kwargs):
        self.tax_key = tax_key(self.tax_title)
        super().save(*args, **kwargs)

    def clean(self):
        self.tax_title = self.tax_title.strip()
        self.jurisdiction = self.jurisdiction.strip().upper()


class DiscountMapping(StoreScoped):

    code = models.CharField(
        max_length=255, blank=True,
        help_text="Shopify discount code; leave blank for the default used by automatic and "
        "manual discounts.",
    )
    netsuite_discount_item_id = netsuite_id_field("NetSuite discount item")
    netsuite_promotion_id = netsuite_id_field("NetSuite promotion", blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "code"], name="one_mapping_per_discount_code")
        ]

    def __str__(self):
        return f"{self.code or '(default)'} → discount item {self.netsuite_discount_item_id}"

    def save(self, *args, **kwargs):
        self.code = discount_key(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        self.code = discount_key(self.code)


class PaymentMethodMapping(StoreScoped):

    gateway = models.CharField(max_length=120, help_text="Shopify gateway, e.g. shopify_payments.")
    netsuite_payment_method_id = netsuite_id_field("NetSuite payment method")
    netsuite_account_id = netsuite_id_field("NetSuite account", blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "gateway"], name="one_mapping_per_gateway")
        ]

    def __str__(self):
        return f"{self.gateway} → payment method {self.netsuite_payment_method_id}"

    def save(self, *args, **kwargs):
        self.gateway = gateway_key(self.gateway)
        super().save(*args, **kwargs)

    def clean(self):
        self.gateway = self.gateway.strip()


class B2BCompanyMapping(StoreScoped):
    """A Shopify B2B company (optionally one of its locations) and its NetSuite terms."""


    shopify_company_id = shopify_id_field("Shopify company")
    shopify_company_location_id = shopify_id_field(
        "Shopify company location", blank=True,
        help_text="Blank: applies to every location of the company.",
    )
    name = models.CharField(max_length=120, blank=True)
    netsuite_customer_id = netsuite_id_field("NetSuite customer")
    price_level_id = netsuite_id_field("price level", blank=True)
    payment_terms_id = netsuite_id_field("payment terms")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "B2B company mapping"
        constraints = [
            models.UniqueConstraint(
                fields=["store", "shopify_company_id", "shopify_company_location_id"],
                name="one_mapping_per_company_location",
            )
        ]

    def __str__(self):
        return f"{self.name or self.shopify_company_id} → customer {self.netsuite_customer_id}"
