"""Looking up the NetSuite records a mapping names, for one NetSuite account, in one query.

A form (or a whole inline formset, or a page of a mapping list) says which ids it will ask
about (`want`); the first question loads all of them together with the read times of their
lists, so a page costs the same whatever number of rows or fields it shows.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import Q

from integrations.models import Connection

from .reference_models import NetSuiteRecord, ReferenceList
from .references import Picked, refusal


class ReferenceLookup:
    def __init__(self, account_id: int | None = None, account_name: str = "", *,
                 store_known: bool = True, store_of: Callable[[], object] | None = None):
        """`store_of`: the store is known later (an inline formset's parent is filled in
        only when its own form is validated): asked once, when the account is first needed."""
        self._account = (account_id, account_name, store_known)
        self._store_of = store_of
        self._wanted: set[tuple[str, str]] = set()
        self._found: dict[tuple[str, str], Picked] = {}
        self._asked: set[tuple[str, str]] = set()
        self._read_at: dict[str, datetime | None] | None = None

    @classmethod
    def for_store(cls, store) -> "ReferenceLookup":
        """The lookup of a store's NetSuite account (a store instance or its pk)."""
        if store is None or store == "":
            return cls(None, store_known=False)
        store_id = store.pk if isinstance(store, Connection) else store
        row = (Connection.objects.filter(pk=store_id).values_list("netsuite_id", "netsuite__name")
               .first())
        return cls(*row) if row and row[0] else cls(None)

    def _resolved(self) -> tuple:
        if self._store_of is not None:
            store, self._store_of = self._store_of(), None
            found = ReferenceLookup.for_store(store)
            self._account = (found.account_id, found.account_name, found.store_known)
        return self._account

    @property
    def account_id(self) -> int | None:
        return self._resolved()[0]

    @property
    def account_name(self) -> str:
        return self._resolved()[1]

    @property
    def store_known(self) -> bool:
        """False: no store chosen yet, so nothing to check against."""
        return self._resolved()[2]

    @property
    def has_account(self) -> bool:
        return self.account_id is not None

    def want(self, kind: str, internal_id) -> None:
        if internal_id not in (None, ""):
            self._wanted.add((kind, str(internal_id).strip()))

    def get(self, kind: str, internal_id) -> Picked | None:
        key = (kind, str(internal_id).strip())
        if key not in self._asked:
            self._load({key} | self._wanted)
        return self._found.get(key)

    def list_read_at(self, kind: str) -> datetime | None:
        if self._read_at is None:
            self._read_at = dict(ReferenceList.objects.filter(
                connection_id=self.account_id, read_at__isnull=False,
            ).values_list("kind", "read_at")) if self.has_account else {}
        return self._read_at.get(kind)

    def refusal(self, kind: str, internal_id) -> str | None:
        """Why a mapping may not name this id in this account (None: it may)."""
        return refusal(kind, str(internal_id).strip(), self.get(kind, internal_id),
                       account=self.account_name, list_read_at=self.list_read_at(kind))

    def _load(self, keys: set[tuple[str, str]]) -> None:
        keys -= self._asked
        self._asked |= keys
        if not keys or not self.has_account:
            return
        match = Q()
        for kind in {k for k, _ in keys}:
            match |= Q(kind=kind, internal_id__in=sorted(i for k, i in keys if k == kind))
        for record in NetSuiteRecord.objects.filter(match, connection_id=self.account_id):
            self._found[(record.kind, record.internal_id)] = record.picked()
