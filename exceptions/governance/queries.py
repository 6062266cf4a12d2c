"""What the review reads about tickets: each function is one query, whatever the number of
tickets (the figures are computed from what they return, in exceptions.governance.figures)."""

from datetime import datetime

from django.db.models import Max, Q

from ..catalogue import CONNECTION_AUTH, RETRIES_EXHAUSTED
from ..models import ExceptionTicket, TicketType
from .figures import TicketFact, TicketOccurrences

INCIDENT_TYPES = (CONNECTION_AUTH, RETRIES_EXHAUSTED)


def _active_since(since: datetime, until: datetime) -> Q:
    """Tickets that were open at some moment of [since, until)."""
    return Q(first_seen__lt=until) & (
        Q(status__in=ExceptionTicket.OPEN_STATUSES) | Q(resolved_at__gte=since)
    )


def ticket_facts(since: datetime, until: datetime) -> list[TicketFact]:
    """Every ticket that counts in a week within [since, until)."""
    rows = ExceptionTicket.objects.filter(_active_since(since, until)).values_list(
        "team", "ticket_type_id", "first_seen", "due_at", "resolved_at", "status",
    )
    return [
        TicketFact(team, type_id, first_seen, due_at, resolved_at,
                   status in ExceptionTicket.OPEN_STATUSES)
        for team, type_id, first_seen, due_at, resolved_at, status in rows
    ]


def ticket_type_titles() -> dict[int, str]:
    return dict(TicketType.objects.values_list("pk", "title"))


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


def incident_tickets(since: datetime, until: datetime) -> list[ExceptionTicket]:
    """Credential and retries-exhausted tickets open at some moment of [since, until)."""
    return list(
        ExceptionTicket.objects.filter(_active_since(since, until),
                                       ticket_type__code__in=INCIDENT_TYPES)
        .select_related("ticket_type", "store")
        .defer("store__credentials", "store__capabilities", "detail")
        .order_by("first_seen", "pk")
    )
