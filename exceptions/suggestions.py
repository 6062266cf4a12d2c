"""Suggested resolution: how the latest earlier tickets of the same type on the same store
were cleared, read from history (the words and the rule: exceptions.suggestion_words).

`suggestions_for(ticket, user)` looks at the LOOK_BACK most recently resolved earlier
tickets the user may see, and the history of the mappings the ticket type is about
(MAPPING_MODELS) that the user may view, on that store, in the window before each of those
resolutions. It answers at most SHOWN suggestions, with a fixed number of queries: one for
the tickets and one per mapping model.
"""

from django.apps import apps
from django.utils import timezone

from . import access, catalogue
from .models import ExceptionTicket
from .suggestion_words import WINDOW, EarlierTicket, MappingChange, fix_of, suggestion

LOOK_BACK = 10
SHOWN = 3
CHANGES_READ = 200  # history rows read per mapping model, newest first

ITEMS = ("mappings.ItemMapping", "mappings.BundleMapping")
LOCATIONS = ("mappings.LocationMapping",)
TAX = ("mappings.TaxCodeMapping",)
COMPANIES = ("mappings.B2BCompanyMapping",)
STORE = ("mappings.StoreMapping",)
# Ticket type → the mappings whose change clears it.
MAPPING_MODELS = {
    catalogue.UNKNOWN_SKU: ITEMS,
    catalogue.AMBIGUOUS_SKU: ITEMS,
    catalogue.NETSUITE_REJECTED_ITEM: ITEMS,
    catalogue.UNMAPPED_LOCATION: LOCATIONS,
    catalogue.NETSUITE_REJECTED_LOCATION: LOCATIONS,
    catalogue.UNMAPPED_TAX: TAX,
    catalogue.TAX_DRIFT: TAX,
    catalogue.NETSUITE_REJECTED_TAX: TAX,
    catalogue.UNMAPPED_B2B_COMPANY: COMPANIES,
    catalogue.NETSUITE_REJECTED_CUSTOMER: (*COMPANIES, *STORE),
    catalogue.UNMAPPED_DISCOUNT: ("mappings.DiscountMapping",),
    catalogue.UNMAPPED_PAYMENT_METHOD: ("mappings.PaymentMethodMapping",),
    catalogue.UNMAPPED_GIFT_CARD: STORE,
    catalogue.STORE_NOT_MAPPED: STORE,
    catalogue.CURRENCY_MISMATCH: STORE,
    catalogue.NETSUITE_REJECTED_SETTING: (
        *STORE, "mappings.DiscountMapping", "mappings.PaymentMethodMapping"),
}
SHOWN_FIELDS = {
    "itemmapping": ("sku", "netsuite_item_id"),
    "bundlemapping": ("parent_sku",),
    "locationmapping": ("shopify_location_id", "name", "netsuite_location_id"),
    "taxcodemapping": ("tax_title", "jurisdiction", "netsuite_tax_code_id", "rate"),
    "b2bcompanymapping": ("shopify_company_id", "name", "netsuite_customer_id"),
    "discountmapping": ("code", "netsuite_discount_item_id"),
    "paymentmethodmapping": ("gateway", "netsuite_payment_method_id"),
    "storemapping": (),
}


def suggestions_for(ticket: ExceptionTicket, user) -> list:
    """The Suggestions for this ticket's page, most recent first (may be empty)."""
    if ticket.store_id is None:
        return []
    earlier = list(
        access.scope(user, ExceptionTicket.objects.filter(
            ticket_type_id=ticket.ticket_type_id, store_id=ticket.store_id,
            status=ExceptionTicket.Status.RESOLVED, resolved_at__isnull=False,
        ).exclude(pk=ticket.pk)).select_related("resolved_by")
        .order_by("-resolved_at")[:LOOK_BACK]
    )
    if not earlier:
        return []
    tickets = [EarlierTicket(t.pk, t.resolved_at, t.resolved_by.get_username()
                             if t.resolved_by else "", t.resolution_note if t.resolved_by
                             else "") for t in earlier]
    changes = _changes(ticket, user, min(t.resolved_at for t in tickets) - WINDOW,
                       max(t.resolved_at for t in tickets))
    zone = timezone.get_current_timezone()
    found = []
    for earlier_ticket in tickets:
        said = suggestion(earlier_ticket, fix_of(earlier_ticket, changes), zone,
                          first=not found)
        if said is not None:
            found.append(said)
        if len(found) >= SHOWN:
            break
    return found


def _changes(ticket, user, start, end) -> list[MappingChange]:
    """The history records of the ticket type's mappings on its store between start and end,
    of the models the user may view."""
    changes = []
    for label in MAPPING_MODELS.get(ticket.ticket_type.code, ()):
        model = apps.get_model(label)
        if not access.can_view_model(user, model):
            continue
        name = model._meta.model_name
        rows = (model.history.filter(store_id=ticket.store_id,
                                     history_date__range=(start, end))
                .select_related("history_user").order_by("-history_date")[:CHANGES_READ])
        for row in rows:
            changes.append(MappingChange(
                model=name, change=row.history_type,
                values={f: getattr(row, f) for f in SHOWN_FIELDS[name]},
                at=row.history_date,
                by=row.history_user.get_username() if row.history_user else "",
            ))
    return changes
