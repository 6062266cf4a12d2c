"""The admin forms of the mappings: NetSuite records picked by name and checked on save, and
a reason for every change.

- Every field that holds a NetSuite internal id (mappings.references.PICKS) is a picker over
  the reference list of the store's NetSuite account; saving refuses an id that list does
  not have, has as inactive or no longer has, and says so when the list was never read.
- Every mapping form asks why (`change_reason`), kept in the row's history
  (simple-history's `_change_reason`) and shown on the tickets the change clears.
- A tax mapping's rate is its NetSuite code's rate: blank takes NetSuite's, another is
  refused (mappings.tax_form).
"""

import re

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from .reference_lookup import ReferenceLookup
from .reference_picker import NetSuitePicker
from .references import Kind, picks_of

LISTS_PAGE = "admin:mappings_referencelist_changelist"
INTERNAL_ID = re.compile(r"^-?[0-9]+$")
PICKER_HELP = ("Search by name, NetSuite's code or internal id, in the reference list of the "
               "store's NetSuite account; the internal id is what is stored.")
REASON_HELP = ("Why you are making this change: kept in the mapping's history and shown on "
               "the tickets it clears.")


class PickerForm(forms.ModelForm):
    """NetSuite reference fields as pickers, checked against the store's account on save.

    `references` (a ReferenceLookup) may be shared by the forms of a formset, so that one
    query looks up the records of every row.
    """

    def __init__(self, *args, references: ReferenceLookup | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._shared = references
        self._lookups: dict = {}
        label = self._meta.model._meta.label_lower
        self.picks = {name: kind for name, kind in picks_of(label).items() if name in self.fields}
        for name, kind in self.picks.items():
            widget = NetSuitePicker(f"{label}.{name}", kind)
            widget.describe = lambda value, kind=kind: self.lookup_for_display().get(kind, value)
            self.fields[name].widget = widget
            self.fields[name].help_text = PICKER_HELP
            self.lookup_for_display().want(kind, self._shown_value(name))

    # Which NetSuite account ----------------------------------------------------------------

    def store_for_display(self):
        """The store the form shows: as posted, else as initially set."""
        if "store" not in self.fields:
            return None
        if self.is_bound:
            return self.data.get(self.add_prefix("store")) or None
        initial = self.get_initial_for_field(self.fields["store"], "store")
        return getattr(initial, "pk", initial) or None

    def lookup_for(self, store) -> ReferenceLookup:
        if self._shared is not None:
            return self._shared
        key = getattr(store, "pk", store)
        if key not in self._lookups:
            self._lookups[key] = ReferenceLookup.for_store(store)
        return self._lookups[key]

    def lookup_for_display(self) -> ReferenceLookup:
        return self.lookup_for(self.store_for_display())

    def _shown_value(self, name: str):
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        return self.get_initial_for_field(self.fields[name], name)

    # Checking --------------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        store = cleaned.get("store") if "store" in self.fields else None
        if "store" in self.fields and store is None:
            return cleaned  # the store field says what is wrong
        lookup = self.lookup_for(store)
        if not lookup.store_known:
            return cleaned  # a bundle's components, before the bundle has a store
        if not lookup.has_account:
            if any(cleaned.get(name) for name in self.picks):
                self.add_error(None, f"{store or 'This store'} has no NetSuite account to pick "
                               "records from: set the store's NetSuite account first.")
            return cleaned
        for name, kind in self.picks.items():
            if name not in cleaned:
                continue  # the field itself was refused
            value = cleaned[name] = (cleaned[name] or "").strip()
            if INTERNAL_ID.match(value):  # anything else: the field's own validator says why
                message = lookup.refusal(kind, value)
                if message and lookup.list_read_at(kind) is None:
                    message = format_html('{} <a href="{}">Open the reference lists</a>.',
                                          message, reverse(LISTS_PAGE))
                if message:
                    self.add_error(name, message)
        return cleaned


class MappingForm(PickerForm):
    change_reason = forms.CharField(label="Reason for this change", max_length=100,
                                    help_text=REASON_HELP,
                                    widget=forms.TextInput(attrs={"size": 80}))


class StoreMappingForm(MappingForm):
    """The store's currency code is the NetSuite currency's: USD is not currency 2 (EUR)."""

    def clean(self):
        cleaned = super().clean()
        currency_id, code = cleaned.get("currency_id"), (cleaned.get("currency_code") or "")
        if not currency_id or not code or self.has_error("currency_id"):
            return cleaned
        lookup = self.lookup_for(cleaned.get("store"))
        picked = lookup.get(Kind.CURRENCY, currency_id) if lookup.has_account else None
        if picked is not None and picked.code and picked.code.upper() != code.strip().upper():
            self.add_error("currency_id", f"NetSuite currency {picked.name} ({currency_id}) is "
                           f"{picked.code}, not the shop currency {code.strip().upper()}.")
        return cleaned
