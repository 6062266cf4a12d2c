"""A NetSuite account's capabilities, read from the account and kept on its connection.

`refresh_capabilities(connection)` reads them (metadata catalog, SuiteQL, the RESTlet or the
typed time zone; see integrations.netsuite.capabilities), stores them on the connection
(`capabilities`, `capabilities_read_at`) and, once they read well, closes the
"capabilities unreadable" tickets of the account and of its stores and sends the jobs that
waited on them back to the queue. When they cannot be read it records why
(`capabilities_error`) and raises `ParkJob` with the Integration admin problem, so the job
that asked is parked on that ticket. Transient and credential failures are recorded too and
propagate to the job runner, which retries or pauses as for any other call.

`capabilities_for(connection)` is what flows call before writing: the stored capabilities,
or a read now when there are none yet.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from exceptions.actions import RETRYABLE, requeue_jobs
from exceptions.catalogue import NETSUITE_CAPABILITIES
from exceptions.models import ExceptionTicket

from .errors import AuthError, IntegrationError, ParkJob, TransientError
from .models import Connection, SyncJob
from .netsuite.capabilities import (
    FEATURE_QUERY,
    SALES_ORDER,
    SUBSIDIARY_FEATURE,
    SUBSIDIARY_QUERY,
    AccountCapabilities,
    CapabilitiesUnreadable,
    catalog_fields,
    features_from_rows,
    read_capabilities,
)
from .netsuite.client import NetSuiteClient
from .types import Problem

log = logging.getLogger(__name__)

FLOW_NAME = "account_capabilities"


def unreadable_problem(connection: Connection, reason: str) -> Problem:
    return Problem(
        code=NETSUITE_CAPABILITIES, key=f"connection-{connection.pk}",
        message=f"NetSuite account {connection.name}: its capabilities cannot be read, so "
        f"orders for it wait. {reason}",
    )


def read_from_account(connection: Connection) -> AccountCapabilities:
    """Ask the account (no database writes). Raises CapabilitiesUnreadable or the client's
    IntegrationError."""
    with NetSuiteClient(connection) as netsuite:
        fields = catalog_fields(netsuite.metadata_catalog(SALES_ORDER), SALES_ORDER)
        feature_rows = list(netsuite.suiteql(FEATURE_QUERY))
        subsidiary_rows = []
        # Without OneWorld there is no subsidiary to ask about.
        if features_from_rows(feature_rows).get(SUBSIDIARY_FEATURE, True):
            subsidiary_rows = list(netsuite.suiteql(SUBSIDIARY_QUERY))
        restlet = netsuite.restlet_capabilities() if connection.restlet_url.strip() else None
    return read_capabilities(
        sales_order_fields=fields, feature_rows=feature_rows, subsidiary_rows=subsidiary_rows,
        restlet_answer=restlet, typed_time_zone=connection.time_zone,
        read_at=timezone.now(),
    )


def refresh_capabilities(connection: Connection) -> AccountCapabilities:
    """Read the account's capabilities now and store them (see the module docstring)."""
    _check_kind(connection)
    try:
        capabilities = read_from_account(connection)
    except (TransientError, AuthError) as exc:
        _record_error(connection, str(exc))
        raise
    except (IntegrationError, CapabilitiesUnreadable) as exc:
        reason = _sentence(exc)
        _record_error(connection, reason)
        log.warning("NetSuite account %s: capabilities unreadable: %s", connection.pk, reason)
        raise ParkJob([unreadable_problem(connection, reason)]) from exc
    for disagreement in capabilities.disagreements:
        log.warning("NetSuite account %s: %s", connection.pk, disagreement)
    with transaction.atomic():
        _store(connection, capabilities)
        _clear_tickets(connection, capabilities)
    return capabilities


def capabilities_for(connection: Connection) -> AccountCapabilities:
    """The account's stored capabilities, or read now if they never were.

    Raises ParkJob (Integration admin problem) when they cannot be read.
    """
    _check_kind(connection)
    stored = connection.account_capabilities
    if stored is not None:
        return stored
    return refresh_capabilities(connection)


def _check_kind(connection: Connection) -> None:
    if connection.kind != Connection.Kind.NETSUITE:
        raise ValueError(f"{connection.name} is not a NetSuite account")


def _sentence(exc: Exception) -> str:
    text = str(exc).strip()
    text = text[0].upper() + text[1:] if text else type(exc).__name__
    return text if text.endswith(".") else text + "."


def _record_error(connection: Connection, reason: str) -> None:
    stamped = f"{timezone.now():%Y-%m-%d %H:%M} UTC: {reason}"
    Connection.objects.filter(pk=connection.pk).update(capabilities_error=stamped)
    connection.capabilities_error = stamped


def _store(connection: Connection, capabilities: AccountCapabilities) -> None:
    values = {"capabilities": capabilities.as_json(),
              "capabilities_read_at": capabilities.read_at, "capabilities_error": ""}
    Connection.objects.filter(pk=connection.pk).update(**values)
    for name, value in values.items():
        setattr(connection, name, value)


def _clear_tickets(connection: Connection, capabilities: AccountCapabilities) -> None:
    """Close the account's and its stores' "unreadable" tickets: earlier reads that were
    parked are superseded by this one, every other waiting job goes back to the queue."""
    tickets = ExceptionTicket.objects.filter(
        ticket_type__code=NETSUITE_CAPABILITIES, status__in=ExceptionTicket.OPEN_STATUSES,
    ).filter(Q(store=connection) | Q(store__netsuite=connection))
    when = f"{timezone.localtime(capabilities.read_at):%Y-%m-%d %H:%M}"
    for ticket in tickets:
        waiting = ticket.jobs.filter(status__in=RETRYABLE)
        superseded = waiting.filter(flow=FLOW_NAME).update(
            status=SyncJob.Status.SKIPPED, finished_at=timezone.now(), next_retry_at=None,
            result={"skipped": f"superseded by the capabilities read at {when}"},
        )
        requeued = requeue_jobs(waiting.exclude(flow=FLOW_NAME))
        ticket.status = ExceptionTicket.Status.RESOLVED
        ticket.resolved_at = timezone.now()
        ticket.resolution_note = (
            f"Resolved by itself: the account's capabilities were read at {when}; "
            f"{requeued} waiting job(s) queued again, {superseded} earlier read(s) superseded."
        )
        ticket._change_reason = ticket.resolution_note[:100]
        ticket.save(update_fields=["status", "resolved_at", "resolution_note"])
