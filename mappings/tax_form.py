"""The tax mapping form: NetSuite's rate beside Shopify's, and no rate typed to make a ticket
go away.

A tax mapping's `rate` is the rate of its NetSuite tax code (the order flow compares it with
what Shopify charged). Left blank it takes NetSuite's rate; any other is refused. What Shopify
charged is read from the orders held by the store's open tax tickets for the same title, so
the form shows both rates side by side: when they differ, the fix is another NetSuite code
(or the tax setting in Shopify), not another number here.
"""

import json
from decimal import Decimal

from django.utils.html import format_html

from exceptions.catalogue import TAX_DRIFT, UNMAPPED_TAX
from exceptions.models import ExceptionTicket
from integrations.shopify.payloads import parse_order

from .forms import MappingForm
from .keys import tax_key
from .models import TaxCodeMapping
from .references import Kind, percent


def charged_rate(order, key: str) -> Decimal | None:
    """The rate Shopify charged for the tax title (or group) `key` on an order. Pure."""
    groups = [line.tax_lines for line in order.line_items]
    groups += [line.tax_lines for line in order.shipping_lines]
    for tax_lines in groups:
        if len(tax_lines) > 1 and tax_key(" + ".join(t.title for t in tax_lines)) == key:
            return sum((t.rate for t in tax_lines), Decimal("0"))
        for tax in tax_lines:
            if tax_key(tax.title) == key:
                return tax.rate
    return None


def shopify_charges(store_id, key: str) -> tuple[Decimal, str] | None:
    """(rate, order name) Shopify charged on the latest order an open tax ticket of the store
    holds for this title; None when no open ticket has one."""
    fingerprints = [f"{code}:{store_id}:{key}" for code in (TAX_DRIFT, UNMAPPED_TAX)]
    ticket = (ExceptionTicket.objects.filter(fingerprint__in=fingerprints,
                                             status__in=ExceptionTicket.OPEN_STATUSES,
                                             last_event__isnull=False)
              .select_related("last_event").order_by("-last_seen").first())
    if ticket is None:
        return None
    try:
        order = parse_order(json.loads(ticket.last_event.body))
    except (ValueError, TypeError, KeyError):
        return None
    rate = charged_rate(order, key)
    return (rate, order.name) if rate is not None else None


class TaxCodeMappingForm(MappingForm):
    class Meta:
        model = TaxCodeMapping
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "rate" in self.fields:
            self._show_rates(self.fields["rate"])

    def _show_rates(self, rate) -> None:
        rate.required = False
        code = self._shown_value("netsuite_tax_code_id")
        picked = self.lookup_for_display().get(Kind.TAX_CODE, code) if code else None
        netsuite = percent(picked.details["rate"]) if picked and picked.details.get(
            "rate") else "not read yet"
        store, title = self.store_for_display(), self._shown_value("tax_title") or ""
        charged = shopify_charges(store, tax_key(title)) if store and title else None
        shopify = (f"{percent(charged[0])} on order {charged[1]}, held by an open ticket"
                   if charged else "no held order to compare")
        rate.help_text = format_html(
            "The NetSuite code's rate as a fraction (0.06 = 6%); blank takes NetSuite's. "
            "<span class=\"cp-rates\">NetSuite: <strong class=\"cp-netsuite-rate\">{}</strong>"
            " · Shopify charged: <strong>{}</strong></span>", netsuite, shopify)

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("netsuite_tax_code_id")
        if "rate" not in self.fields:
            return cleaned
        if not code or self.has_error("netsuite_tax_code_id"):
            return cleaned
        lookup = self.lookup_for(cleaned.get("store"))
        picked = lookup.get(Kind.TAX_CODE, code) if lookup.has_account else None
        if picked is None:
            return cleaned
        self._check_rate(cleaned, picked)
        self._check_tax_type(cleaned, picked)
        return cleaned

    def _check_rate(self, cleaned, picked) -> None:
        typed = cleaned.get("rate")
        theirs = picked.details.get("rate")
        if theirs is None:
            if typed is None:
                self.add_error("rate", f"NetSuite lists no rate for tax code {picked.label} "
                               f"({picked.internal_id}): type the code's rate.")
            return
        netsuite = Decimal(str(theirs))
        if typed is None:
            cleaned["rate"] = netsuite
        elif typed != netsuite:
            self.add_error("rate", (
                f"NetSuite's tax code {picked.label} ({picked.internal_id}) is {percent(netsuite)}"
                f", not {percent(typed)}. A mapping's rate is its NetSuite code's rate: if Shopify"
                " charges another rate, pick the NetSuite code at that rate (or correct the tax "
                "in Shopify) instead of changing the number."))

    def _check_tax_type(self, cleaned, picked) -> None:
        theirs = picked.details.get("tax_type", "")
        typed = (cleaned.get("netsuite_tax_type") or "").strip()
        if not typed and theirs:
            cleaned["netsuite_tax_type"] = theirs
        elif typed.isdigit() and theirs and typed != theirs:
            self.add_error("netsuite_tax_type", f"NetSuite's tax code {picked.label} has tax type "
                           f"{theirs}, not {typed}: leave it blank to take NetSuite's.")
