"""The tickets of an order, in its timeline (a source of integrations.timeline).

A ticket belongs to an order when one of the order's sync jobs is on it, the order's
delivery was its last event, or it names the order (its `order_id`). The viewer reads, and
may open, the tickets of the teams they see (exceptions.access); the others are shown as "a
ticket of <team>" with their status and nothing else (no title, no detail, no link), so the
story has no gap and says who holds it.
"""

from django.db.models import Q
from django.urls import reverse

from integrations.models import SyncJob, WebhookEvent
from integrations.order_directory import ORDER_FLOWS, ORDER_TOPICS
from integrations.timeline import CONTROL_PANEL, Link, Status, TimelineEntry, register_source
from integrations.wording import local_time

from . import access
from .models import ExceptionTicket, Team


def order_tickets(order):
    """Every ticket about the order, whoever may see it (scope it before showing it)."""
    jobs = SyncJob.objects.filter(connection=order.store, flow__in=ORDER_FLOWS,
                                  object_id=order.order_id)
    events = WebhookEvent.objects.filter(shop_domain=order.store.shop_domain,
                                         resource_id=order.order_id,
                                         topic__startswith=ORDER_TOPICS)
    return ExceptionTicket.objects.filter(
        Q(jobs__in=jobs.values("pk")) | Q(last_event__in=events.values("pk"))
        | Q(store=order.store, order_id=order.order_id)
    ).distinct()


def tickets(order, user):
    about = order_tickets(order)
    visible = access.scope(user, about).order_by("first_seen", "pk")
    for ticket in visible:
        link = None
        if access.allows(user, "view", ticket):
            url = reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk])
            link = Link(url, f"Ticket #{ticket.pk}")
        yield TimelineEntry(
            at=ticket.first_seen, kind="ticket", system=CONTROL_PANEL,
            title=f"Ticket: {ticket.title}", detail=ticket_detail(ticket),
            status=Status(ticket.get_status_display(), f"cp-ticket-{ticket.status}"),
            link=link,
        )
    others = (about.exclude(pk__in=visible.values("pk")).order_by("first_seen", "pk")
              .values_list("team", "status", "first_seen"))
    statuses = dict(ExceptionTicket.Status.choices)
    for team, status, first_seen in others:
        yield TimelineEntry(
            at=first_seen, kind="ticket", system=CONTROL_PANEL,
            title=f"A ticket of {Team(team).label}",
            status=Status(statuses.get(status, status), f"cp-ticket-{status}"),
        )


def ticket_detail(ticket) -> str:
    parts = [f"{ticket.get_team_display()}", f"{ticket.get_severity_display()} severity"]
    if ticket.occurrences > 1:
        parts.append(f"seen {ticket.occurrences} times, last {local_time(ticket.last_seen)}")
    if ticket.status == ExceptionTicket.Status.RESOLVED and ticket.resolved_at:
        parts.append(f"resolved {local_time(ticket.resolved_at)}")
        if ticket.resolution_note:
            parts.append(ticket.resolution_note)
    elif ticket.is_open:
        parts.append(f"due {local_time(ticket.due_at)}")
    return " · ".join(parts)


def register() -> None:
    register_source("tickets", tickets)
