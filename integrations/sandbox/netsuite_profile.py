"""The NetSuite sandbox's account profile: which features the simulated account has.

Set in the constructor, with `NetSuiteSandbox.configure(...)` or `POST /_sandbox/config`:

    tax_mode        "suitetax" (default) | "legacy"
    multi_currency  true (default) | false
    payment_field   "paymentOption" (default) | "paymentMethod"
    time_zone       the company time zone, an IANA name (default "America/Los_Angeles")
    oneworld        true (default) | false

What each one changes:

- tax_mode. A SuiteTax account's transactions carry `taxDetailsOverride`, the `taxDetails`
  sublist, `taxRegOverride`, `taxPointDate`… and its lines `taxDetailsReference`; the legacy
  tax fields (LEGACY_TAX_BODY, LEGACY_TAX_LINE) are not fields of its records. A legacy account
  has the legacy fields and not the SuiteTax ones, but Oracle: "REST web services do not support
  legacy tax; taxation through REST requires SuiteTax", so REST writes on a legacy account
  refuse every tax field (both sets); legacy tax is written through the product's RESTlet.
- multi_currency false: `currency` is not a field of transactions and customers (nor the
  customer's `currencyList` sublist).
- payment_field "paymentMethod": records that offer `paymentOption` (sales order, cash sale,
  customer payment…) offer a `paymentMethod` reference instead; `handlingMode` stays.
- oneworld false: no `subsidiary` fields (the subsidiary record itself is still served).
- time_zone: the company's; default transaction dates (`tranDate`) are "today" there, and the
  RESTlet's capabilities answer reports it.

The same profile answers SuiteQL's `companyfeaturesetup` table (FEATURES) and the RESTlet's
capabilities.
"""

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TAX_MODES = ("suitetax", "legacy")
PAYMENT_FIELDS = ("paymentOption", "paymentMethod")

# Legacy (pre-SuiteTax) tax fields, on the record body and on item/expense/journal lines.
LEGACY_TAX_BODY = frozenset({
    "taxItem", "taxRate", "tax2Total", "shippingTaxCode", "handlingTaxCode",
    "shippingTax1Rate", "shippingTax2Rate", "handlingTax1Rate", "handlingTax2Rate",
})
LEGACY_TAX_LINE = frozenset({"taxCode", "tax1Amt", "tax2Amt", "taxRate1", "taxRate2",
                             "tax1Acct", "lineTaxCode", "lineTaxRate"})
# SuiteTax fields: the tax details sublist and its override, tax registrations, tax point.
SUITETAX_BODY = frozenset({
    "taxDetails", "taxDetailsOverride", "taxRegOverride", "taxPointDate",
    "taxPointDateOverride", "nexus", "entityTaxRegNum", "subsidiaryTaxRegNum",
    "taxRegistration", "defaultTaxReg",
})
SUITETAX_LINE = frozenset({"taxDetailsReference"})

REST_TAX_REFUSAL = (
    "Error while accessing resource: Field '{field}' is a tax field, and this account uses "
    "legacy tax. REST web services do not support legacy tax; taxation through REST requires "
    "SuiteTax."
)

# (feature id, name, profile attribute or a constant) for SuiteQL's companyfeaturesetup.
FEATURES = (
    ("TAX_OVERHAULING", "SuiteTax", "suitetax"),
    ("MULTICURRENCY", "Multiple Currencies", "multi_currency"),
    ("SUBSIDIARIES", "Subsidiaries", "oneworld"),
    ("ACCOUNTING", "Accounting", True),
    ("INVENTORY", "Inventory", True),
    ("MULTILOCINVT", "Multi-Location Inventory", True),
    ("ADVSHIPPING", "Advanced Shipping", True),
    ("GIFTCERTIFICATES", "Gift Certificates", True),
    ("SERVERSIDESCRIPTING", "Server SuiteScript", True),
    ("RESTWEBSERVICES", "REST Web Services", True),
)
PROFILE_KEYS = ("tax_mode", "multi_currency", "payment_field", "time_zone", "oneworld")


@dataclass(frozen=True)
class AccountProfile:
    tax_mode: str = "suitetax"
    multi_currency: bool = True
    payment_field: str = "paymentOption"
    time_zone: str = "America/Los_Angeles"
    oneworld: bool = True

    def __post_init__(self):
        if self.tax_mode not in TAX_MODES:
            raise ValueError(f"tax_mode must be one of {', '.join(TAX_MODES)}")
        if self.payment_field not in PAYMENT_FIELDS:
            raise ValueError(f"payment_field must be one of {', '.join(PAYMENT_FIELDS)}")
        for name in ("multi_currency", "oneworld"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false")
        try:
            ZoneInfo(str(self.time_zone))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"time_zone {self.time_zone!r} is not an IANA time zone") from exc

    @property
    def suitetax(self) -> bool:
        return self.tax_mode == "suitetax"

    def changed(self, changes: dict) -> "AccountProfile":
        return replace(self, **{k: v for k, v in changes.items() if k in PROFILE_KEYS})

    def today(self) -> str:
        """Today's date in the company time zone (NetSuite's default transaction date)."""
        return datetime.now(ZoneInfo(self.time_zone)).date().isoformat()

    def feature_rows(self) -> list[dict]:
        rows = []
        for feature_id, name, source in FEATURES:
            available = getattr(self, source) if isinstance(source, str) else source
            rows.append({"id": feature_id, "name": name, "isavailable": bool(available)})
        return rows

    def capabilities(self) -> dict:
        """The RESTlet's `action=capabilities` answer."""
        return {"timeZone": self.time_zone,
                "features": {"TAX_OVERHAULING": self.suitetax,
                             "MULTICURRENCY": self.multi_currency,
                             "SUBSIDIARIES": self.oneworld},
                "restletVersion": "1"}

    def as_dict(self) -> dict:
        return asdict(self)
