"""How earlier tickets of the same kind were cleared, said in words. Pure: no database.

The rule (exceptions.suggestions loads what it needs): for each earlier ticket of the same
type on the same store that was resolved, the fix is

- the latest change of a mapping of the kind the ticket type is about (its SKUs, locations,
  tax codes...), on that store, made in the WINDOW before the ticket resolved; and/or
- the person who resolved it and their note (a ticket that closed itself has no note).

A ticket with neither suggests nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

WINDOW = timedelta(minutes=60)
CREATED, CHANGED, DELETED = "+", "~", "-"


@dataclass(frozen=True)
class MappingChange:
    """One history record of a mapping: what it said after the change, who, when."""

    model: str  # model name: "itemmapping", "locationmapping"...
    change: str  # CREATED, CHANGED or DELETED (simple-history's history_type)
    values: dict
    at: datetime
    by: str = ""  # username; "" when no user was recorded


@dataclass(frozen=True)
class EarlierTicket:
    pk: int
    resolved_at: datetime
    resolved_by: str = ""  # "" when it resolved by itself
    note: str = ""


@dataclass(frozen=True)
class Suggestion:
    ticket_pk: int
    text: str


def fix_of(ticket: EarlierTicket, changes: list[MappingChange]) -> MappingChange | None:
    """The rule: the latest of `changes` in the WINDOW before the ticket resolved."""
    start = ticket.resolved_at - WINDOW
    found = [c for c in changes if start <= c.at <= ticket.resolved_at]
    return max(found, key=lambda c: c.at, default=None)


def suggestion(ticket: EarlierTicket, fix: MappingChange | None, zone: tzinfo,
               first: bool) -> Suggestion | None:
    """`first`: the most recent earlier ticket ("Last time"), else "Before that"."""
    parts = []
    if fix is not None:
        who = f" by {fix.by}" if fix.by else ""
        parts.append(f"{change_words(fix)}{who} on {when_in(fix.at, zone)}")
    if ticket.resolved_by:
        closed = f"{ticket.resolved_by} resolved it on {when_in(ticket.resolved_at, zone)}"
        if ticket.note:
            closed += f", noting “{ticket.note.strip()}”"
        elif fix is None:
            return None  # resolved by hand, without a word or a mapping change
        parts.append(f"then {closed}" if parts else closed)
    elif fix is not None:
        parts.append("and the ticket cleared")
    else:
        return None
    lead = "Last time" if first else "Before that"
    return Suggestion(ticket.pk, f"{lead}: " + ", ".join(parts) + ".")


def change_words(change: MappingChange) -> str:
    """"SKU IPOD-PINK was mapped to item 812", "the store's ledger settings were changed"."""
    v = change.values
    name = WORDS.get(change.model)
    if name is None:
        return f"a {change.model} mapping was {VERBS[change.change]}"
    subject, target = name(v)
    if change.change == DELETED:
        return f"the mapping of {subject} was removed"
    if target is None:
        return f"{subject} {'were' if subject.startswith('the store') else 'was'} " \
            f"{VERBS[change.change]}"
    verb = "mapped" if change.change == CREATED else "remapped"
    return f"{subject} was {verb} to {target}"


def when_in(value: datetime, zone: tzinfo) -> str:
    """`27 Nov 2026, 14:05 UTC`: the time in the reader's zone, with the zone."""
    local = value.astimezone(zone)
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}"


VERBS = {CREATED: "created", CHANGED: "changed", DELETED: "removed"}


def _named(value: str, name: str) -> str:
    return f"{value} ({name})" if name else value


def _percent(rate) -> str:
    try:
        return f"{(Decimal(str(rate)) * 100).normalize():f}%"
    except ArithmeticError:
        return str(rate)


# Model name → values → (what was mapped, to what; None for a settings record).
WORDS = {
    "itemmapping": lambda v: (f"SKU {v.get('sku')}", f"item {v.get('netsuite_item_id')}"),
    "bundlemapping": lambda v: (f"bundle {v.get('parent_sku')}", None),
    "locationmapping": lambda v: (
        f"Shopify location {_named(v.get('shopify_location_id', ''), v.get('name', ''))}",
        f"NetSuite location {v.get('netsuite_location_id')}"),
    "taxcodemapping": lambda v: (
        f"tax '{v.get('tax_title')}'" + (f" in {v['jurisdiction']}" if v.get("jurisdiction")
                                         else ""),
        f"tax code {v.get('netsuite_tax_code_id')} at {_percent(v.get('rate'))}"),
    "b2bcompanymapping": lambda v: (
        f"B2B company {_named(v.get('shopify_company_id', ''), v.get('name', ''))}",
        f"customer {v.get('netsuite_customer_id')}"),
    "discountmapping": lambda v: (f"discount code {v.get('code') or '(default)'}",
                                  f"discount item {v.get('netsuite_discount_item_id')}"),
    "paymentmethodmapping": lambda v: (
        f"gateway {v.get('gateway')}", f"payment method {v.get('netsuite_payment_method_id')}"),
    "storemapping": lambda v: ("the store's ledger settings", None),
}
