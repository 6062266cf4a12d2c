"""Connection health: pause on rejected credentials, resume when they are fixed."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from exceptions.catalogue import CONNECTION_AUTH, CREDENTIALS_EXPIRING
from exceptions.models import ExceptionTicket
from exceptions.tickets import fingerprint_for, open_or_bump

from .models import Connection, SyncJob
from .queue import enqueue_job
from .types import Problem

log = logging.getLogger(__name__)


def auth_problem(connection: Connection) -> Problem:
    return Problem(
        code=CONNECTION_AUTH,
        key=f"connection-{connection.pk}",
        message=f"{connection.get_kind_display()} {connection.name}: credentials rejected; "
        "its jobs are paused until the credentials are renewed.",
    )


def pause_connection(connection: Connection, reason: str, *, job=None) -> None:
    """Stop using a connection whose credentials were rejected and tell its owners once.

    The pause stands even if the ticket cannot be opened (that error is the caller's to
    report): a connection with rejected credentials must not be called again.
    """
    now = timezone.now()
    with transaction.atomic():
        Connection.objects.filter(pk=connection.pk).update(
            health=Connection.Health.PAUSED, health_detail=reason[:2000],
            paused_at=now, last_error_at=now,
        )
    connection.health = Connection.Health.PAUSED
    log.error("connection %s paused: credentials rejected", connection.pk)
    open_or_bump(auth_problem(connection), store=connection, job=job)


def jobs_waiting_on(connection: Connection):
    return SyncJob.objects.filter(status=SyncJob.Status.PAUSED).filter(
        Q(connection=connection) | Q(connection__netsuite=connection)
    )


def resume_connection(connection: Connection, user=None) -> int:
    """Credentials were renewed: clear the pause, re-queue the paused jobs, close the ticket."""
    with transaction.atomic():
        Connection.objects.filter(pk=connection.pk).update(
            health=Connection.Health.UNKNOWN, health_detail="", paused_at=None
        )
        connection.health = Connection.Health.UNKNOWN
        job_ids = list(jobs_waiting_on(connection).values_list("pk", flat=True))
        SyncJob.objects.filter(pk__in=job_ids).update(
            status=SyncJob.Status.PENDING, next_retry_at=None
        )
        for job_id in job_ids:
            enqueue_job(job_id)
        fingerprint = fingerprint_for(auth_problem(connection), connection)
        for ticket in ExceptionTicket.objects.filter(
            fingerprint=fingerprint, status__in=ExceptionTicket.OPEN_STATUSES
        ):
            ticket.status = ExceptionTicket.Status.RESOLVED
            ticket.resolved_at = timezone.now()
            ticket.resolved_by = user
            ticket.resolution_note = f"Credentials renewed; {len(job_ids)} paused job(s) resumed."
            ticket._change_reason = ticket.resolution_note
            if user is not None:
                ticket._history_user = user
            ticket.save()
    return len(job_ids)


def mark_healthy(*connections: Connection) -> None:
    ids = [c.pk for c in connections if c is not None]
    Connection.objects.filter(pk__in=ids).exclude(health=Connection.Health.PAUSED).update(
        health=Connection.Health.HEALTHY, health_detail="", last_success_at=timezone.now()
    )


def mark_degraded(connection: Connection, detail: str) -> None:
    Connection.objects.filter(pk=connection.pk).exclude(health=Connection.Health.PAUSED).update(
        health=Connection.Health.DEGRADED, health_detail=detail[:2000],
        last_error_at=timezone.now(),
    )


def expiry_problem(connection: Connection) -> Problem:
    return Problem(
        code=CREDENTIALS_EXPIRING,
        key=f"connection-{connection.pk}",
        message=f"{connection.get_kind_display()} {connection.name}: credentials expire on "
        f"{connection.credentials_expire_at:%Y-%m-%d %H:%M} UTC; renew them before then.",
    )


def warn_expiring_credentials(now=None) -> int:
    """One ticket per connection whose credentials expire within the warning window; it
    resolves itself once the expiry date is moved past the window (credentials renewed)."""
    now = now or timezone.now()
    horizon = now + settings.CREDENTIAL_EXPIRY_WARNING
    opened = 0
    for connection in Connection.objects.filter(is_active=True,
                                                credentials_expire_at__isnull=False):
        problem = expiry_problem(connection)
        open_tickets = ExceptionTicket.objects.filter(
            fingerprint=fingerprint_for(problem, connection),
            status__in=ExceptionTicket.OPEN_STATUSES,
        )
        if connection.credentials_expire_at <= horizon:
            if not open_tickets.exists():
                open_or_bump(problem, store=connection)
                opened += 1
            continue
        for ticket in open_tickets:
            ticket.status = ExceptionTicket.Status.RESOLVED
            ticket.resolved_at = now
            ticket.resolution_note = "Credentials renewed: the expiry date is past the window."
            ticket._change_reason = ticket.resolution_note
            ticket.save(update_fields=["status", "resolved_at", "resolution_note"])
    return opened
