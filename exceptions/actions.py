"""What people do to tickets. Admin actions, the API and commands call these; none re-implement.

Each is one transaction, is refused (PermissionDenied) unless exceptions.access lets the
person do it to that ticket, and records who acted and why in the ticket's history. Workers
pass `user=None`: the integration itself acting, with its reason.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from integrations.models import SyncJob
from integrations.queue import enqueue_job

from . import access
from .catalogue import HIGH_RISK_ORDER
from .groups import group_tickets, jobs_of
from .models import TEAM_GROUPS, ExceptionTicket

RETRYABLE = (SyncJob.Status.PARKED, SyncJob.Status.FAILED, SyncJob.Status.PAUSED)


def _allowed(user, action: str, ticket: ExceptionTicket) -> None:
    if user is not None and not access.can_run_action(user, action, ticket):
        raise PermissionDenied(f"{action}: not a ticket of your team")


def _save(ticket: ExceptionTicket, user, reason: str, fields=None) -> None:
    ticket._change_reason = reason[:100]
    if user is not None:
        ticket._history_user = user
    ticket.save(update_fields=fields)


def _still_open(ticket: ExceptionTicket, doing: str) -> None:
    if not ticket.is_open:
        raise ValidationError(f"already resolved: nothing to {doing}")


def requeue_jobs(jobs) -> int:
    ids = list(jobs.filter(status__in=RETRYABLE).values_list("pk", flat=True))
    SyncJob.objects.filter(pk__in=ids).update(
        status=SyncJob.Status.PENDING, next_retry_at=None, last_error="", error_class=""
    )
    for job_id in ids:
        enqueue_job(job_id)
    return len(ids)


@transaction.atomic
def retry_ticket(ticket: ExceptionTicket, user, reason: str = "") -> int:
    """Run the ticket's stuck jobs again; the ticket closes itself when they go through."""
    _allowed(user, "retry", ticket)
    _still_open(ticket, "retry")
    count = requeue_jobs(ticket.jobs.all())
    if ticket.status == ExceptionTicket.Status.SNOOZED:
        ticket.status = ExceptionTicket.Status.OPEN
        ticket.snoozed_until = None
    _save(ticket, user, reason or f"retry requested: {count} job(s) re-queued")
    return count


@dataclass(frozen=True)
class GroupRetry:
    tickets: int  # tickets whose history records the retry
    jobs: int  # jobs re-queued


@transaction.atomic
def retry_group(ticket: ExceptionTicket, user, reason: str = "") -> GroupRetry:
    """Fix once, clear all: run again every stuck job of the tickets `ticket` groups
    (exceptions.groups) that `user` may retry. Each of those tickets records who asked and
    why; each closes itself when its jobs go through."""
    _allowed(user, "retry", ticket)
    tickets = list(group_tickets(ticket, user).select_for_update().order_by("pk"))
    count = requeue_jobs(jobs_of([t.pk for t in tickets], RETRYABLE))
    said = f"fix once from #{ticket.pk}: {count} job(s) of {len(tickets)} ticket(s) re-queued"
    for grouped in tickets:
        if grouped.status == ExceptionTicket.Status.SNOOZED:
            grouped.status = ExceptionTicket.Status.OPEN
            grouped.snoozed_until = None
        _save(grouped, user, f"{said}: {reason}" if reason else said)
    return GroupRetry(tickets=len(tickets), jobs=count)


@transaction.atomic
def resolve_ticket(ticket: ExceptionTicket, user, note: str = "") -> None:
    """Close the ticket, saying how. Resolving a held high-risk order releases it: its jobs
    run again."""
    _allowed(user, "resolve", ticket)
    _still_open(ticket, "resolve")
    note = note.strip()
    if user is not None and not note:
        raise ValidationError("say how it was resolved: a note is required")
    ticket.status = ExceptionTicket.Status.RESOLVED
    ticket.resolved_at = timezone.now()
    ticket.resolved_by = user
    ticket.resolution_note = note
    ticket.snoozed_until = None
    _save(ticket, user, note or "resolved")
    if ticket.ticket_type.code == HIGH_RISK_ORDER:
        requeue_jobs(ticket.jobs.all())


@transaction.atomic
def snooze_ticket(ticket: ExceptionTicket, user, until: datetime, reason: str = "") -> None:
    """Out of the queue until `until`; back by itself then (wake_snoozed)."""
    _allowed(user, "snooze", ticket)
    _still_open(ticket, "snooze")
    if until <= timezone.now():
        raise ValidationError("snooze until a time in the future")
    ticket.status = ExceptionTicket.Status.SNOOZED
    ticket.snoozed_until = until
    shown = timezone.localtime(until)
    _save(ticket, user, reason or f"snoozed until {shown:%Y-%m-%d %H:%M} {shown.tzname()}")


@transaction.atomic
def assign_ticket(ticket: ExceptionTicket, user, assignee, reason: str = "") -> None:
    """Give the ticket to a member of its team (`assignee=None`: nobody)."""
    _allowed(user, "assign", ticket)
    if assignee is not None and not access.is_member(assignee, ticket.team):
        raise ValidationError(
            f"{assignee.get_username()} is not in {TEAM_GROUPS[ticket.team]}: only members "
            "of the ticket's team can take it"
        )
    ticket.assigned_to = assignee
    who = (assignee.get_full_name() or assignee.get_username()) if assignee else "nobody"
    _save(ticket, user, reason or f"assigned to {who}")


@transaction.atomic
def reopen_ticket(ticket: ExceptionTicket, user, reason: str = "") -> None:
    """Back to the queue with a fresh response window."""
    _allowed(user, "reopen", ticket)
    if ticket.is_open:
        raise ValidationError("still open: nothing to reopen")
    newer = ExceptionTicket.objects.filter(
        fingerprint=ticket.fingerprint, status__in=ExceptionTicket.OPEN_STATUSES
    ).exclude(pk=ticket.pk).first()
    if newer is not None:
        raise ValidationError(f"the same failure is open as ticket #{newer.pk}")
    now = timezone.now()
    ticket.status = ExceptionTicket.Status.OPEN
    ticket.reopened_at = now
    ticket.due_at = now + ticket.ticket_type.response_window
    ticket.resolved_at = None
    ticket.resolved_by = None
    ticket.resolution_note = ""
    _save(ticket, user, reason or "reopened")


def wake_snoozed(now: datetime | None = None) -> int:
    """Snoozed tickets whose time is up come back to the queue."""
    now = now or timezone.now()
    woken = 0
    for ticket in ExceptionTicket.objects.filter(
        status=ExceptionTicket.Status.SNOOZED, snoozed_until__lte=now
    ):
        ticket.status = ExceptionTicket.Status.OPEN
        ticket.snoozed_until = None
        _save(ticket, None, "snooze ended")
        woken += 1
    return woken
