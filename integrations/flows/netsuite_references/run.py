"""Read every reference list of one NetSuite account and keep it.

Each list is read whole and saved in its own transaction, so a list NetSuite refuses (a
table the integration role may not query) leaves the others read; the run then ends as a
data error naming the refused lists, which opens a ticket for Integration admin. Transient
errors (429, 5xx, timeouts) and rejected credentials go to the job's own retry and pause
policy. A record that a complete read no longer returns is marked gone, never deleted.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from integrations.errors import DataError
from integrations.netsuite.client import NetSuiteClient
from mappings.reference_models import NetSuiteRecord, ReferenceList

from .lists import LISTS, ReferenceRow, read_rows

UPDATED = ["name", "code", "is_inactive", "details", "read_at", "gone_at"]


def run(job) -> dict:
    account = job.connection
    summary, refused = {}, []
    with NetSuiteClient(account) as client:
        for reference in LISTS:
            try:
                raw = list(client.suiteql(reference.query))
            except DataError as exc:
                _note_failure(account, reference.kind, str(exc))
                refused.append((reference.kind, exc))
                continue
            rows, skipped = read_rows(reference, raw)
            summary[reference.kind] = {**save_list(account, reference.kind, rows),
                                       "skipped": skipped}
    if refused:
        first = refused[0][1]
        names = ", ".join(f"{kind} ({exc})" for kind, exc in refused)
        raise DataError(f"NetSuite refused reading {len(refused)} reference list(s) of "
                        f"{account.name}: {names}", code=first.code, status=first.status,
                        path="suiteql", connection=account)
    return summary


@transaction.atomic
def save_list(account, kind: str, rows: list[ReferenceRow]) -> dict:
    """Keep one complete read of a list: upsert what it returned, mark gone what it did not."""
    read_at = timezone.now()
    NetSuiteRecord.objects.bulk_create(
        [NetSuiteRecord(connection=account, kind=kind, internal_id=row.internal_id,
                        name=row.name[:255], code=row.code[:255], is_inactive=row.is_inactive,
                        details=row.details, read_at=read_at, gone_at=None) for row in rows],
        batch_size=500, update_conflicts=True,
        unique_fields=["connection", "kind", "internal_id"], update_fields=UPDATED,
    )
    in_list = NetSuiteRecord.objects.filter(connection=account, kind=kind)
    newly_gone = in_list.filter(gone_at__isnull=True, read_at__lt=read_at).update(
        gone_at=read_at)
    counts = in_list.aggregate(gone=Count("pk", filter=Q(gone_at__isnull=False)))
    inactive = sum(row.is_inactive for row in rows)
    ReferenceList.objects.update_or_create(connection=account, kind=kind, defaults={
        "read_at": read_at, "records": len(rows), "inactive": inactive,
        "gone": counts["gone"], "error": "", "error_at": None,
    })
    return {"records": len(rows), "inactive": inactive, "newly_gone": newly_gone}


def _note_failure(account, kind: str, error: str) -> None:
    ReferenceList.objects.update_or_create(connection=account, kind=kind, defaults={
        "error": error[:2000], "error_at": timezone.now()})
