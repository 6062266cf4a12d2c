"""What one NetSuite account can do, as read from the account itself.

Accounts differ in ways that decide how we must write to them: SuiteTax or legacy tax
(REST web services write tax only on SuiteTax accounts; legacy-tax accounts go through our
RESTlet), whether Multiple Currencies is on, which payment field the sales order offers
(`paymentOption` on accounts with payment instruments, `paymentMethod` on older ones), and
the company time zone (NetSuite dates transactions in it).

Reading them is pure here: the sales order's metadata catalog (what the REST body may carry,
so it decides), the `companyfeaturesetup` rows (cross-checked: a disagreement is reported,
the catalog wins), the subsidiaries' currency and country, and the time zone from our
RESTlet or, failing that, the one typed on the connection. What cannot be read raises
`CapabilitiesUnreadable` with a sentence saying what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SUITETAX, LEGACY = "suitetax", "legacy"
TAX_MODES = (SUITETAX, LEGACY)
PAYMENT_FIELDS = ("paymentOption", "paymentMethod", "")
FROM_RESTLET, FROM_CONNECTION = "restlet", "connection"
TIME_ZONE_SOURCES = (FROM_RESTLET, FROM_CONNECTION, "")

SALES_ORDER = "salesOrder"
# Sales order fields that exist only where SuiteTax is in effect.
SUITETAX_FIELDS = ("taxDetails", "taxDetailsOverride")
TAX_FEATURE, CURRENCY_FEATURE, SUBSIDIARY_FEATURE = (
    "TAX_OVERHAULING", "MULTICURRENCY", "SUBSIDIARIES",
)
FEATURES = (TAX_FEATURE, CURRENCY_FEATURE, SUBSIDIARY_FEATURE)
FEATURE_QUERY = (
    "SELECT id, isavailable FROM companyfeaturesetup "
    "WHERE id IN ('TAX_OVERHAULING', 'MULTICURRENCY', 'SUBSIDIARIES') ORDER BY id"
)
SUBSIDIARY_QUERY = "SELECT id, name, currency, country FROM subsidiary ORDER BY id"


class CapabilitiesUnreadable(ValueError):
    """The account did not say enough to know how to write to it."""


@dataclass(frozen=True)
class Subsidiary:
    id: str
    name: str = ""
    currency: str = ""  # the currency's internal id, as SuiteQL gives it
    country: str = ""  # ISO 3166 code

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "currency": self.currency,
                "country": self.country}


@dataclass(frozen=True)
class AccountCapabilities:
    tax_mode: str  # SUITETAX or LEGACY
    multi_currency: bool
    payment_field: str  # "paymentOption", "paymentMethod" or "" when the order offers neither
    time_zone: str  # IANA name, e.g. "America/Los_Angeles"
    read_at: datetime | None = None
    time_zone_source: str = ""  # FROM_RESTLET or FROM_CONNECTION
    features: Mapping[str, bool] = field(default_factory=dict)  # companyfeaturesetup
    subsidiaries: tuple[Subsidiary, ...] = ()
    disagreements: tuple[str, ...] = ()  # where the features and the catalog differ
    restlet_version: str = ""  # "" when the account has no RESTlet URL

    def __post_init__(self):
        if self.tax_mode not in TAX_MODES:
            raise ValueError(f"unknown tax mode {self.tax_mode!r}")
        if self.payment_field not in PAYMENT_FIELDS:
            raise ValueError(f"unknown payment field {self.payment_field!r}")
        if self.time_zone_source not in TIME_ZONE_SOURCES:
            raise ValueError(f"unknown time zone source {self.time_zone_source!r}")

    @property
    def writes_tax_through_restlet(self) -> bool:
        return self.tax_mode == LEGACY

    def subsidiary(self, subsidiary_id) -> Subsidiary | None:
        return next((s for s in self.subsidiaries if s.id == str(subsidiary_id)), None)

    def as_json(self) -> dict:
        return {"tax_mode": self.tax_mode, "multi_currency": self.multi_currency,
                "payment_field": self.payment_field, "time_zone": self.time_zone,
                "time_zone_source": self.time_zone_source, "features": dict(self.features),
                "subsidiaries": [s.as_json() for s in self.subsidiaries],
                "disagreements": list(self.disagreements),
                "restlet_version": self.restlet_version}

    @classmethod
    def from_json(cls, data: dict | None, read_at: datetime | None = None):
        """The stored capabilities, or None when they were never read (or are unreadable)."""
        if not data:
            return None
        try:
            return cls(tax_mode=data["tax_mode"], multi_currency=bool(data["multi_currency"]),
                       payment_field=data["payment_field"], time_zone=data["time_zone"],
                       read_at=read_at, time_zone_source=data.get("time_zone_source", ""),
                       features={str(k): bool(v) for k, v in data.get("features", {}).items()},
                       subsidiaries=tuple(Subsidiary(**s) for s in data.get("subsidiaries", [])),
                       disagreements=tuple(data.get("disagreements", [])),
                       restlet_version=str(data.get("restlet_version", "")))
        except (AttributeError, KeyError, TypeError, ValueError):
            return None


# Reading -------------------------------------------------------------------------------


def catalog_fields(catalog, record_type: str = SALES_ORDER) -> frozenset[str]:
    """The field names a metadata-catalog answer (OpenAPI 3.0) offers for `record_type`."""
    components = catalog.get("components") if isinstance(catalog, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        raise CapabilitiesUnreadable(
            f"the metadata catalog of {record_type} has no components.schemas"
        )
    schema = schemas.get(record_type)
    if schema is None:  # the type segment is case-insensitive: so may the schema name be
        schema = next((v for k, v in schemas.items() if k.lower() == record_type.lower()), None)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict) or not properties:
        raise CapabilitiesUnreadable(
            f"the metadata catalog does not describe the {record_type} record's fields"
        )
    return frozenset(properties)


def features_from_rows(rows: Iterable[dict]) -> dict[str, bool]:
    """`companyfeaturesetup` rows (`isavailable` 'T'/'F') → {feature id: in effect}."""
    features = {}
    for row in rows:
        feature = str(row.get("id") or "").upper()
        flag = str(row.get("isavailable") or "").upper()
        if feature and flag in ("T", "F"):
            features[feature] = flag == "T"
    return features


def subsidiaries_from_rows(rows: Iterable[dict]) -> tuple[Subsidiary, ...]:
    def text(value) -> str:
        return "" if value is None else str(value)

    return tuple(
        Subsidiary(id=text(row.get("id")), name=text(row.get("name")),
                   currency=text(row.get("currency")), country=text(row.get("country")))
        for row in rows if row.get("id") not in (None, "")
    )


def check_time_zone(name) -> str:
    """An IANA time zone name, or ValueError saying why it is not one."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("no time zone given")
    name = name.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not an IANA time zone (e.g. America/Los_Angeles)") from exc
    return name


def time_zone_from(restlet_answer: dict | None, typed: str) -> tuple[str, str]:
    """(zone, source): the RESTlet's `timeZone` when there is a RESTlet, else the typed one."""
    if restlet_answer is not None:
        try:
            return check_time_zone(restlet_answer.get("timeZone")), FROM_RESTLET
        except ValueError as exc:
            raise CapabilitiesUnreadable(f"the RESTlet's company time zone: {exc}") from exc
    if not (typed or "").strip():
        raise CapabilitiesUnreadable(
            "the company time zone is unknown: REST and SuiteQL do not report it; deploy the "
            "RESTlet and set the connection's RESTlet URL, or type the time zone on the connection"
        )
    try:
        return check_time_zone(typed), FROM_CONNECTION
    except ValueError as exc:
        raise CapabilitiesUnreadable(f"the connection's time zone: {exc}") from exc


def _disagreements(features: Mapping[str, bool], suitetax: bool, multi_currency: bool,
                   where: str) -> list[str]:
    said = []
    for feature, label, offered in ((TAX_FEATURE, "SuiteTax", suitetax),
                                    (CURRENCY_FEATURE, "Multiple Currencies", multi_currency)):
        if feature in features and features[feature] != offered:
            state = "on" if features[feature] else "off"
            catalog = "offers" if offered else "does not offer"
            fields = "tax details" if feature == TAX_FEATURE else "a currency"
            said.append(f"{where} says {label} ({feature}) is {state}, but the sales order "
                        f"{catalog} {fields}; following the sales order")
    return said


def read_capabilities(*, sales_order_fields: Iterable[str], feature_rows: Iterable[dict],
                      subsidiary_rows: Iterable[dict] = (), restlet_answer: dict | None = None,
                      typed_time_zone: str = "", read_at: datetime | None = None,
                      ) -> AccountCapabilities:
    """The account's capabilities from what it answered (see the module docstring)."""
    offered = frozenset(sales_order_fields)
    suitetax = any(name in offered for name in SUITETAX_FIELDS)
    multi_currency = "currency" in offered
    payment_field = next((f for f in PAYMENT_FIELDS if f and f in offered), "")
    features = features_from_rows(feature_rows)
    disagreements = _disagreements(features, suitetax, multi_currency, "companyfeaturesetup")
    restlet_version = ""
    if restlet_answer is not None:
        reported = restlet_answer.get("features")
        if isinstance(reported, dict):
            flags = {str(k).upper(): bool(v) for k, v in reported.items()}
            disagreements += _disagreements(flags, suitetax, multi_currency, "the RESTlet")
        restlet_version = str(restlet_answer.get("restletVersion") or "")
    time_zone, source = time_zone_from(restlet_answer, typed_time_zone)
    return AccountCapabilities(
        tax_mode=SUITETAX if suitetax else LEGACY, multi_currency=multi_currency,
        payment_field=payment_field, time_zone=time_zone, read_at=read_at,
        time_zone_source=source, features=features,
        subsidiaries=subsidiaries_from_rows(subsidiary_rows),
        disagreements=tuple(disagreements), restlet_version=restlet_version,
    )
