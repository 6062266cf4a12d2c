"""Opening, bumping and auto-resolving tickets. Workers call these; people use actions.py."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.types import Problem

from .catalogue import HIGH_RISK_ORDER, JOB_ERROR
from .facts import apply as apply_facts
from .facts import facts_for
from .models import ExceptionTicket, TicketType
from .ticket_types import add_missing_ticket_types

log = logging.getLogger(__name__)

# Tickets that ask a person to review something even though the job went through.
REVIEW_TYPES = {HIGH_RISK_ORDER}


def fingerprint_for(problem: Problem, store) -> str:
    store_part = store.pk if store is not None else "-"
    return f"{problem.code}:{store_part}:{problem.key}"[:255]


def ticket_type_for(code: str) -> TicketType:
    """The type of a ticket about to open. A type missing from the database is restored from
    the catalogue; a code the catalogue does not know opens an unexpected-error ticket."""
    for wanted in (code, JOB_ERROR):
        found = TicketType.objects.filter(code=wanted).first()
        if found is None and add_missing_ticket_types(TicketType, codes=[wanted]):
            log.warning("ticket type %s was missing: restored from the catalogue", wanted)
            found = TicketType.objects.filter(code=wanted).first()
        if found is not None:
            if wanted != code:
                log.error("no ticket type %r: opening a %s ticket instead", code, JOB_ERROR)
            return found
    raise TicketType.DoesNotExist(
        f"neither ticket type {code!r} nor {JOB_ERROR!r} exists, in the database or the catalogue"
    )


def open_or_bump(problem: Problem, *, store=None, job=None, event=None) -> ExceptionTicket:
    """Open a ticket for the problem, or bump the open one with the same fingerprint.

    The same failure coming back after its ticket was resolved reopens that ticket (with its
    history), and says so in the history and on the ticket.
    """
    ticket_type = ticket_type_for(problem.code)
    fingerprint = fingerprint_for(problem, store)
    facts = _facts(problem, store=store, job=job, event=event)
    now = timezone.now()
    last_error = None
    for _ in range(3):
        try:
            with transaction.atomic():
                same = ExceptionTicket.objects.select_for_update().filter(fingerprint=fingerprint)
                ticket = same.filter(status__in=ExceptionTicket.OPEN_STATUSES).first()
                if ticket is not None:
                    _seen_again(ticket, problem, event, now)
                    ticket._change_reason = _reason("seen again", job)
                elif (ticket := same.order_by("-resolved_at", "-pk").first()) is not None:
                    _seen_again(ticket, problem, event, now)
                    _reopen(ticket, ticket_type, now)
                    ticket._change_reason = _reason("reopened: seen again after it was resolved",
                                                    job)
                else:
                    ticket = ExceptionTicket(
                        ticket_type=ticket_type,
                        team=ticket_type.team,
                        severity=ticket_type.severity,
                        fingerprint=fingerprint,
                        title=problem.message[:255],
                        detail=problem.message,
                        store=store,
                        last_event=event,
                        first_seen=now,
                        last_seen=now,
                        due_at=now + ticket_type.response_window,
                    )
                    ticket._change_reason = _reason("opened", job)
                apply_facts(ticket, facts)
                ticket.save()
                if job is not None:
                    ticket.jobs.add(job)
                return ticket
        except IntegrityError as exc:
            # Another worker opened the same ticket a moment ago: bump that one instead.
            last_error = exc
    raise RuntimeError(f"could not open or bump ticket {fingerprint}: {last_error}") \
        from last_error


def _facts(problem: Problem, **where) -> dict:
    """What the ticket is about; a fact that cannot be read never keeps the ticket closed."""
    try:
        return facts_for(problem, **where)
    except Exception:
        log.exception("could not read the facts of a %s ticket", problem.code)
        return {}


def _seen_again(ticket: ExceptionTicket, problem: Problem, event, now) -> None:
    ticket.occurrences += 1
    ticket.last_seen = now
    ticket.detail = problem.message
    ticket.last_event = event or ticket.last_event


def _reopen(ticket: ExceptionTicket, ticket_type: TicketType, now) -> None:
    """Back to the queue with a fresh response window; the resolution stays in the history."""
    ticket.status = ExceptionTicket.Status.OPEN
    ticket.reopened_at = now
    ticket.due_at = now + ticket_type.response_window
    ticket.resolved_at = None
    ticket.resolved_by = None
    ticket.resolution_note = ""
    ticket.snoozed_until = None


def resolve_cleared_by(job) -> int:
    """Close the tickets this job was waiting on, once none of their jobs still waits."""
    from integrations.models import SyncJob

    done = (SyncJob.Status.SUCCEEDED, SyncJob.Status.SKIPPED)
    resolved = 0
    tickets = job.tickets.filter(status__in=ExceptionTicket.OPEN_STATUSES).exclude(
        ticket_type__code__in=REVIEW_TYPES
    )
    for ticket in tickets:
        if ticket.jobs.exclude(status__in=done).exists():
            continue
        ticket.status = ExceptionTicket.Status.RESOLVED
        ticket.resolved_at = timezone.now()
        ticket.resolution_note = f"Resolved by itself: sync job #{job.pk} went through."
        ticket._change_reason = ticket.resolution_note
        ticket.save(update_fields=["status", "resolved_at", "resolution_note"])
        resolved += 1
    return resolved


def _reason(verb: str, job) -> str:
    return f"{verb} by sync job #{job.pk}" if job is not None else verb
