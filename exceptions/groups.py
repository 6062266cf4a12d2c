"""What one ticket groups, for "fix once, clear all": the tickets a fix of its cause may clear,
and their jobs.

A ticket groups itself, the open tickets with its fingerprint (the same failure), and the
open tickets of its type on its store (the same kind of failure: the other SKUs missing on
that store, say). A person sees and retries only the tickets of that group they may retry
(exceptions.access, verb "retry"): every caller goes through `group_tickets` with the user.
"""

from django.db.models import Count, Q

from . import access
from .models import ExceptionTicket


def group_tickets(ticket: ExceptionTicket, user):
    """The tickets `ticket` groups that `user` may retry (the ticket first, then newest)."""
    same = Q(fingerprint=ticket.fingerprint) | Q(ticket_type_id=ticket.ticket_type_id,
                                                 store_id=ticket.store_id)
    grouped = ExceptionTicket.objects.filter(
        Q(pk=ticket.pk) | (same & Q(status__in=ExceptionTicket.OPEN_STATUSES))
    )
    return access.scope(user, grouped, "retry")


def jobs_of(tickets, statuses):
    """The jobs of those tickets in one of `statuses`, each once (a job on two tickets too)."""
    from integrations.models import SyncJob

    links = ExceptionTicket.jobs.through.objects.filter(exceptionticket__in=tickets)
    return SyncJob.objects.filter(pk__in=links.values("syncjob_id"), status__in=statuses)


def with_stuck_counts(tickets, statuses):
    """The tickets, each with `stuck`: how many of its jobs are in one of `statuses`."""
    return tickets.annotate(stuck=Count("jobs", filter=Q(jobs__status__in=statuses)))
