"""Mapping lists show NetSuite records by name: each internal-id column becomes "name · id",
looked up for the whole page at once (one query for the records, one for the lists' read
times, whatever the number of rows or columns).
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Q
from django.utils.html import format_html

from .reference_models import NetSuiteRecord, ReferenceList
from .references import picks_of


def attach_picked(rows, picks: dict[str, str]) -> None:
    """Give each row `_picked` ({field: Picked or None}) and `_listed` ({kind: read?})."""
    wanted = {(row.store.netsuite_id, kind, getattr(row, name))
              for row in rows for name, kind in picks.items()
              if row.store.netsuite_id and getattr(row, name)}
    found, read = {}, set()
    if wanted:
        match = Q()
        for account, kind in {(a, k) for a, k, _ in wanted}:
            ids = sorted(i for a, k, i in wanted if (a, k) == (account, kind))
            match |= Q(connection_id=account, kind=kind, internal_id__in=ids)
        found = {(r.connection_id, r.kind, r.internal_id): r.picked()
                 for r in NetSuiteRecord.objects.filter(match)}
        accounts = {a for a, _, _ in wanted}
        read = set(ReferenceList.objects.filter(connection_id__in=accounts, read_at__isnull=False)
                   .values_list("connection_id", "kind"))
    for row in rows:
        account = row.store.netsuite_id
        row._picked = {name: found.get((account, kind, getattr(row, name)))
                       for name, kind in picks.items()}
        row._listed = {kind: (account, kind) in read for kind in picks.values()}


class NamedReferencesChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        attach_picked(self.result_list, picks_of(self.model))


def named_column(name: str, kind: str, description: str):
    """The list column of one internal-id field: the record's name and id, flagged when the
    list says it is inactive, gone or unknown."""

    @admin.display(description=description, ordering=name)
    def column(obj):
        value = getattr(obj, name)
        if not value:
            return "—"
        picked = getattr(obj, "_picked", {}).get(name)
        if picked is None:
            if getattr(obj, "_listed", {}).get(kind):
                return format_html('{} <span class="cp-pill cp-reference-gone">not in '
                                   "NetSuite's list</span>", value)
            return value
        shown = format_html('{} <span class="cp-quiet">· {}</span>', picked.label, value)
        if picked.usable:
            return shown
        state = "gone" if picked.gone_at else "inactive"
        return format_html('{} <span class="cp-pill cp-reference-{}">{}</span>', shown, state,
                           picked.status)

    column.__name__ = f"{name}_named"
    return column
