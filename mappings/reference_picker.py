"""Picking a NetSuite record by name: the form widget (the admin's Select2 over a reference
list) and the search it asks (`search_view`, JSON in Select2's format).

The stored value stays the internal id string the flows read; the widget shows what it is
(name, code, id, status) and searches the list of the store's NetSuite account as you type.
The search answers only for a mapping field the person may edit, and only the lists the
access policy lets them see.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, JsonResponse
from django.urls import reverse

from exceptions import access
from integrations.models import Connection

from .reference_lookup import ReferenceLookup
from .reference_models import NetSuiteRecord
from .references import Kind, Picked, percent, picks_of, when

PAGE = 20


def picked_line(picked: Picked) -> str:
    """'State Tax — internal id 401, active · rate 6%, tax type 1'."""
    details = picked.details or {}
    extra = []
    if details.get("rate") is not None:
        extra.append(f"rate {percent(details['rate'])}")
    if details.get("tax_type"):
        extra.append(f"tax type {details['tax_type']}")
    for key in ("item_type", "account_type"):
        if details.get(key):
            extra.append(details[key])
    return picked.summary() + (f" · {', '.join(extra)}" if extra else "")


class NetSuitePicker(forms.Select):
    """A Select2 box over one reference list; `describe(value)` says what a value is."""

    template_name = "mappings/widgets/netsuite_picker.html"

    def __init__(self, field: str, kind: str, attrs=None):
        super().__init__(attrs)
        self.field, self.kind = field, kind
        self.describe = lambda value: None

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.describe = self.describe
        return copied

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=(f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js", "mappings/netsuite_picker.js"),
            css={"screen": (f"admin/css/vendor/select2/select2{extra}.css",
                            "admin/css/autocomplete.css", "mappings/netsuite_picker.css")},
        )

    def get_context(self, name, value, attrs):
        value = "" if value is None else str(value)
        picked = self.describe(value) if value else None
        if value:
            label = f"{picked.label} · {value}" if isinstance(picked, Picked) else (
                f"{value} (not in the reference list)")
            self.choices = [("", ""), (value, label)]
        else:
            self.choices = [("", "")]
        what = Kind(self.kind).label.lower()
        attrs = {**(attrs or {}), "class": "cp-netsuite-picker",
                 "data-url": reverse("admin:mappings_netsuiterecord_pick"),
                 "data-field": self.field, "data-placeholder": f"Search {what} by name or id"}
        context = super().get_context(name, value, attrs)
        context["widget"]["picked"] = (picked_line(picked) if isinstance(picked, Picked)
                                       else "")
        context["widget"]["unusable"] = isinstance(picked, Picked) and not picked.usable
        return context


def _account_of(store_id: str):
    """(account id, name) of a store's NetSuite account, (None, "") if it has none."""
    if not store_id.isdigit():
        return None, ""
    row = (Connection.objects.filter(pk=int(store_id), kind=Connection.Kind.SHOPIFY)
           .values_list("netsuite_id", "netsuite__name").first())
    return (row[0], row[1]) if row and row[0] else (None, "")


def _explain(text: str) -> JsonResponse:
    return JsonResponse({"results": [{"id": "", "text": text, "disabled": True}],
                         "pagination": {"more": False}})


def search_view(request):
    """GET ?field=<app.model.field>&store=<store pk>&term=&page= → Select2 results."""
    label, _, field_name = request.GET.get("field", "").rpartition(".")
    kind = picks_of(label).get(field_name)
    if kind is None:
        raise Http404("Not a NetSuite reference field.")
    user = request.user
    if not (access.allows(user, "change", label) or access.allows(user, "add", label)):
        raise PermissionDenied
    account_id, account_name = _account_of(request.GET.get("store", ""))
    if account_id is None:
        return _explain("Choose a store with a NetSuite account first.")
    read_at = ReferenceLookup(account_id, account_name).list_read_at(kind)
    if read_at is None:
        return _explain(f"The {Kind(kind).label.lower()} of {account_name} have never been "
                        "read: Mappings → NetSuite reference lists → Read now.")
    records = access.scope(user, NetSuiteRecord.objects.filter(
        connection_id=account_id, kind=kind))
    term = request.GET.get("term", "").strip()
    if term:
        records = records.filter(Q(name__icontains=term) | Q(code__icontains=term)
                                 | Q(internal_id=term))
    page = int(request.GET.get("page", "1")) if request.GET.get("page", "1").isdigit() else 1
    page = max(page, 1)
    usable_first = Case(When(gone_at__isnull=False, then=Value(2)),
                        When(is_inactive=True, then=Value(1)), default=Value(0),
                        output_field=IntegerField())
    found = list(records.order_by(usable_first, "name", "internal_id")
                 [(page - 1) * PAGE:page * PAGE + 1])
    results = [_result(record.picked()) for record in found[:PAGE]]
    if page == 1 and not results:
        results = [{"id": "", "text": f"Nothing matches in the {Kind(kind).label.lower()} of "
                    f"{account_name} (read {when(read_at)}).", "disabled": True}]
    return JsonResponse({"results": results, "pagination": {"more": len(found) > PAGE}})


def _result(picked: Picked) -> dict:
    return {"id": picked.internal_id, "text": f"{picked.label} · {picked.internal_id}",
            "name": picked.name, "code": picked.code, "status": picked.status,
            "summary": picked_line(picked), "disabled": not picked.usable,
            "type": picked.details.get("item_type") or picked.details.get("account_type", ""),
            "rate": percent(picked.details["rate"]) if picked.details.get("rate") else ""}
