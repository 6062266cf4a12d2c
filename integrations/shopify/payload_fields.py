"""Reading one JSON object of a Shopify payload, field by field, each value checked as read.

A bad field raises ValueError naming it by its path from the order, e.g.
"line_items[2].price": money strings become Decimal, tax rates (JSON numbers) become
Decimal(str(rate)), ids stay int, times must carry their UTC offset.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

_CURRENCY = re.compile(r"[A-Z]{3}")
_DIGITS = re.compile(r"[0-9]{1,19}")


def _describe(value) -> str:
    text = repr(value)
    return f"{text[:60]}…" if len(text) > 60 else text


class Fields:
    """Reads one JSON object; every error names the field by its path."""

    def __init__(self, data, path: str):
        if not isinstance(data, dict):
            raise ValueError(f"{path or 'order'}: expected an object, got {_describe(data)}")
        self.data = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _bad(self, key: str, expected: str) -> ValueError:
        got = _describe(self.data.get(key))
        return ValueError(f"{self.at(key)}: expected {expected}, got {got}")

    def id(self, key: str, *, optional: bool = False) -> int | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
            raise self._bad(key, "a positive integer id")
        return value

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self._bad(key, "a non-empty string" if required else "a string")
        return value

    def integer(self, key: str, *, optional: bool = False) -> int | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._bad(key, "a non-negative integer")
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self._bad(key, "true or false")
        return value

    def decimal(self, key: str, *, optional: bool = False) -> Decimal | None:
        """Money (a decimal string) or a rate (a JSON number, read through str())."""
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self._bad(key, "a decimal amount")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise self._bad(key, "a decimal amount") from None
        if not number.is_finite():
            raise self._bad(key, "a finite decimal amount")
        return number

    def currency(self, key: str, *, default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None and default is not None:
            return default
        if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
            raise self._bad(key, "a three-letter currency code")
        return value

    def moment(self, key: str, *, optional: bool = False) -> datetime | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise self._bad(key, "an ISO 8601 time with its UTC offset")
        return moment

    def child(self, key: str) -> Fields | None:
        value = self.data.get(key)
        return None if value is None else Fields(value, self.at(key))

    def children(self, key: str) -> list[Fields]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._bad(key, "a list")
        return [Fields(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value)]

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._bad(key, "a list of strings")
        return tuple(value)

    def money_set(self, key: str, shop: str, presentment: str) -> tuple[Decimal, Decimal] | None:
        """A *_set: (shop amount, presentment amount), each in the order's stated currency."""
        bag = self.child(key)
        if bag is None:
            return None
        amounts = []
        for side, expected in (("shop_money", shop), ("presentment_money", presentment)):
            money = bag.child(side)
            if money is None:
                raise ValueError(f"{bag.at(side)}: missing")
            code = money.currency("currency_code")
            if code != expected:
                raise ValueError(f"{money.at('currency_code')}: {code}, not the order's {expected}")
            amounts.append(money.decimal("amount"))
        return amounts[0], amounts[1]
