"""The query side of silent-store detection: each store's deliveries per hour, read from the
webhook inbox, handed to the pure `silence` module.

One aggregate query reads the deliveries per store and UTC hour over the history window
(SILENT_STORE_HISTORY): its size grows with stores and hours, never with deliveries. A
store's history ends where its current silence began, so a store that died three days ago
is judged by how it sold before, not by the three empty days.
"""

from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncHour

from integrations.models import Connection, WebhookEvent

from . import silence


@dataclass(frozen=True)
class StoreSilence:
    store: Connection
    assessment: silence.Assessment
    week: silence.TypicalWeek | None  # None until a week of history is known


def stores(connections) -> list[Connection]:
    """The active Shopify stores among connections annotated with `last_delivery_at`
    (capacity.connections())."""
    return [c for c in connections if c.kind == Connection.Kind.SHOPIFY and c.is_active]


def hourly_deliveries(store_ids, since, until) -> dict[int, dict]:
    """store id → {UTC hour start: deliveries} over [since, until)."""
    if not store_ids:
        return {}
    rows = (
        WebhookEvent.objects.filter(connection_id__in=store_ids, received_at__gte=since,
                                    received_at__lt=until)
        .annotate(hour=TruncHour("received_at", tzinfo=UTC))
        .order_by().values("connection_id", "hour").annotate(n=Count("pk"))
    )
    found: dict[int, dict] = {}
    for row in rows:
        found.setdefault(row["connection_id"], {})[row["hour"]] = row["n"]
    return found


def silences(connections, now, *, past_floor_only: bool = False) -> list[StoreSilence]:
    """How silent each store is, against the threshold its own traffic sets.

    `past_floor_only`: learn only for stores already silent longer than the floor (the
    others cannot be silent yet), which is all the alerting needs.
    """
    floor, factor = settings.SILENT_STORE_FLOOR, settings.SILENT_STORE_FACTOR
    # From the start of an hour: a first hour read in part would look like a quiet one.
    since = silence.hour_start(now - settings.SILENT_STORE_HISTORY)
    candidates = [
        s for s in stores(connections)
        if not past_floor_only or (s.last_delivery_at and now - s.last_delivery_at > floor)
    ]
    hourly = hourly_deliveries([s.pk for s in candidates if s.last_delivery_at], since, now)
    found = []
    for store in candidates:
        last = store.last_delivery_at
        week = None
        if last is not None:
            counts = hourly.get(store.pk, {})
            first = min(counts, default=last)
            start = max(since, min(store.created_at, first))
            week = silence.learn(counts, start, last)
        found.append(StoreSilence(store, silence.assess(week, last, now, floor=floor,
                                                        factor=factor), week))
    return found
