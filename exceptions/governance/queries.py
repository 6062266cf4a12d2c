"""What the review reads about tickets: each function is one query, whatever the number of
tickets (the figures are computed from what they return, in exceptions.governance.figures)."""

from collections import defaultdict
from datetime import datetime

from django.db.models import Max, Q

from ..models import ExceptionTicket, TicketType
from .episodes import Episode, TicketNow, episodes_of
from .figures import TicketOccurrences


def _active_since(since: datetime, until: datetime) -> Q:
    """Tickets that were open at some moment of [since, until)."""
    return Q(first_seen__lt=until) & (
        Q(status__in=ExceptionTicket.OPEN_STATUSES) | Q(resolved_at__gte=since)
    )


def ticket_episodes(since: datetime, until: datetime) -> list[Episode]:
    """The episodes of every ticket open at some moment of [since, until): two queries, the
    tickets and the resolutions and reopenings their history recorded."""
    tickets = ExceptionTicket.objects.filter(_active_since(since, until))
    now = [
        TicketNow(pk, team, type_id, first_seen, due_at, resolved_at, reopened_at,
                  status in ExceptionTicket.OPEN_STATUSES)
        for pk, team, type_id, first_seen, due_at, resolved_at, reopened_at, status
        in tickets.values_list("pk", "team", "ticket_type_id", "first_seen", "due_at",
                               "resolved_at", "reopened_at", "status")
    ]
    recorded = defaultdict(list)
    rows = (
        ExceptionTicket.history.model.objects
        .filter(id__in=tickets.values("pk"))
        .filter(Q(resolved_at__isnull=False) | Q(reopened_at__isnull=False))
        .values_list("id", "resolved_at", "reopened_at", "due_at")
        .order_by()
        .distinct()
    )
    for ticket_id, resolved_at, reopened_at, due_at in rows:
        recorded[ticket_id].append((resolved_at, reopened_at, due_at))
    return [episode for ticket in now for episode in episodes_of(ticket, recorded[ticket.ticket_id])
            if episode.opened_at < until]


def ticket_types() -> dict[int, tuple[str, str]]:
    """Each ticket type's title and code, by id."""
    return {pk: (title, code)
            for pk, title, code in TicketType.objects.values_list("pk", "title", "code")}


def ticket_occurrences(last_week_start: datetime, this_week_start: datetime,
                       week_end: datetime) -> list[TicketOccurrences]:
    """The occurrence counter of each ticket whose history moved in the two weeks, read from
    its history rows: the highest before last week, before this week and by this week's end."""
    history = ExceptionTicket.history.model
    moved = history.objects.filter(
        history_date__gte=last_week_start, history_date__lt=week_end
    ).values("id")
    rows = (
        history.objects.filter(id__in=moved, history_date__lt=week_end)
        .values("id", "fingerprint")
        .annotate(
            before_last=Max("occurrences", filter=Q(history_date__lt=last_week_start)),
            before_this=Max("occurrences", filter=Q(history_date__lt=this_week_start)),
            by_end=Max("occurrences"),
        )
        .order_by()
    )
    return [
        TicketOccurrences(row["id"], row["fingerprint"], row["before_last"],
                          row["before_this"], row["by_end"])
        for row in rows
    ]


def tickets_by_id(ids) -> dict[int, ExceptionTicket]:
    found = ExceptionTicket.objects.filter(pk__in=list(ids)).select_related("ticket_type").only(
        "pk", "team", "title", "status", "fingerprint", "ticket_type__title",
    )
    return {ticket.pk: ticket for ticket in found}


def tickets_with_stores(ids) -> dict[int, ExceptionTicket]:
    found = (ExceptionTicket.objects.filter(pk__in=list(ids))
             .select_related("ticket_type", "store")
             .only("pk", "team", "title", "occurrences", "ticket_type__title", "store__name"))
    return {ticket.pk: ticket for ticket in found}
