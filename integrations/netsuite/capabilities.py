"""What one NetSuite account can do, as read from the account itself.

Accounts differ in ways that decide how we must write to them: SuiteTax or legacy tax
(REST web services write tax only on SuiteTax accounts; legacy-tax accounts go through our
RESTlet), whether Multiple Currencies is on, which payment field the sales order offers
(`paymentOption` on accounts with payment instruments, `paymentMethod` on older ones), and
the company time zone (NetSuite dates transactions in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SUITETAX, LEGACY = "suitetax", "legacy"
TAX_MODES = (SUITETAX, LEGACY)
PAYMENT_FIELDS = ("paymentOption", "paymentMethod", "")


@dataclass(frozen=True)
class AccountCapabilities:
    tax_mode: str  # SUITETAX or LEGACY
    multi_currency: bool
    payment_field: str  # "paymentOption", "paymentMethod" or "" when the order offers neither
    time_zone: str  # IANA name, e.g. "America/Los_Angeles"
    read_at: datetime | None = None

    def __post_init__(self):
        if self.tax_mode not in TAX_MODES:
            raise ValueError(f"unknown tax mode {self.tax_mode!r}")
        if self.payment_field not in PAYMENT_FIELDS:
            raise ValueError(f"unknown payment field {self.payment_field!r}")

    @property
    def writes_tax_through_restlet(self) -> bool:
        return self.tax_mode == LEGACY

    def as_json(self) -> dict:
        return {"tax_mode": self.tax_mode, "multi_currency": self.multi_currency,
                "payment_field": self.payment_field, "time_zone": self.time_zone}

    @classmethod
    def from_json(cls, data: dict | None, read_at: datetime | None = None):
        """The stored capabilities, or None when they were never read (or are unreadable)."""
        if not data:
            return None
        try:
            return cls(tax_mode=data["tax_mode"], multi_currency=bool(data["multi_currency"]),
                       payment_field=data["payment_field"], time_zone=data["time_zone"],
                       read_at=read_at)
        except (KeyError, TypeError, ValueError):
            return None
