"""A ticket's page as a short story for the team that owns it: what happened, to which order,
customer or SKU, what it holds up, what to do (the type's runbook, with the button that does
it), then every occurrence and the full history. Raw payloads only for those who may read them
(exceptions.access), folded away under "Technical details".
"""

from django.urls import reverse
from django.utils import timezone

from integrations.admin_display import pretty_json, when, with_admin_links
from integrations.models import SyncJob
from integrations.order_directory import ORDER_FLOWS
from integrations.timeline import may_read_timelines

from . import access
from .fixes import fix_for, problem_key
from .models import TEAM_GROUPS, ExceptionTicket

WAITING = (SyncJob.Status.PARKED, SyncJob.Status.PAUSED, SyncJob.Status.FAILED,
           SyncJob.Status.RETRYING, SyncJob.Status.PENDING, SyncJob.Status.RUNNING)
VERBS = ("retry", "resolve", "snooze", "assign", "reopen")


def money(amount, currency: str) -> str:
    return f"{amount:,.2f} {currency}".strip() if amount is not None else ""


def about(ticket: ExceptionTicket) -> list[tuple[str, str]]:
    """The order, customer, SKU and records the ticket is about (those that are known)."""
    order = ticket.order_name
    if ticket.order_id:
        order = f"{order} (Shopify order {ticket.order_id})" if order else ticket.order_id
    netsuite = " · ".join(part for part in (
        f"internal id {ticket.netsuite_id}" if ticket.netsuite_id else "",
        f"externalId {ticket.external_id}" if ticket.external_id else "") if part)
    rows = [
        ("Order", order), ("Customer", ticket.customer_email), ("SKU", ticket.sku),
        ("Order total", money(ticket.amount, ticket.currency)),
        ("NetSuite sales order", netsuite), ("Store", str(ticket.store or "")),
    ]
    return [(label, value) for label, value in rows if value]


def headline(ticket: ExceptionTicket) -> str:
    """The page's title: the kind of failure and what it is about, e.g.
    "Unknown SKU: IPOD2008PINK (order #1043)"."""
    subject = ticket.sku or ticket.order_name
    if ticket.sku and ticket.order_name:
        subject = f"{ticket.sku} (order {ticket.order_name})"
    elif not subject and ticket.store_id:
        subject = str(ticket.store)
    return f"{ticket.ticket_type.title}: {subject}" if subject else ticket.ticket_type.title


def _history(ticket):
    records = ticket.history.select_related("history_user").order_by("-history_date",
                                                                      "-history_id")
    return [{
        "when": when(record.history_date),
        "who": _name(record.history_user) if record.history_user else "the integration",
        "what": record.history_change_reason or {"+": "created", "~": "changed",
                                                 "-": "deleted"}[record.history_type],
        "status": record.get_status_display(),
        "resolution_note": record.resolution_note,
    } for record in records]


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _came_back(ticket) -> str:
    """"This came back on … after it was resolved on … by …: <note>." (or nothing)."""
    if ticket.reopened_at is None:
        return ""
    resolved = next((r for r in ticket.history.filter(
        status=ExceptionTicket.Status.RESOLVED, history_date__lt=ticket.reopened_at
    ).select_related("resolved_by").order_by("-history_date")[:1]), None)
    text = f"This came back on {when(ticket.reopened_at)}"
    if resolved is not None and resolved.resolved_at:
        who = _name(resolved.resolved_by) if resolved.resolved_by else "itself"
        text += f" after it was resolved on {when(resolved.resolved_at)} by {who}"
        if resolved.resolution_note:
            text += f": “{resolved.resolution_note}”"
    return text + "."


def _occurrences(ticket, user):
    can_open = access.can_view_model(user, access.JOBS)
    jobs = list(ticket.jobs.order_by("created_at", "pk"))
    rows = [{
        "label": job.object_label or job.object_id, "flow": job.get_flow_display(),
        "status": job.status, "status_label": job.get_status_display(),
        "attempts": job.attempts, "created": when(job.created_at),
        "finished": when(job.finished_at), "error": job.last_error,
        "url": reverse("admin:integrations_syncjob_change", args=[job.pk]) if can_open else "",
    } for job in jobs]
    waiting = [row for row, job in zip(rows, jobs, strict=True) if job.status in WAITING]
    return rows, waiting, jobs


def _technical(ticket, jobs, user) -> dict:
    event = ticket.last_event
    raw = access.sees_raw_payloads(user)
    return {
        "fingerprint": ticket.fingerprint,
        "problem_key": problem_key(ticket),
        "keys": [job.idempotency_key for job in jobs],
        "event": f"{event.topic} · event {event.event_id}" if event else "",
        "event_url": reverse("admin:integrations_webhookevent_change", args=[event.pk])
        if event and access.can_view_model(user, access.EVENTS) else "",
        "body": pretty_json(event.body) if event and raw else "",
        "raw_hidden": bool(event) and not raw,
    }


def _timeline_url(ticket, jobs, user) -> str:
    """The timeline of the order the ticket is about (integrations.timeline_views)."""
    if not may_read_timelines(user):
        return ""
    if ticket.order_id and ticket.store_id:
        return reverse("order_timeline", args=[ticket.store_id, ticket.order_id])
    job = next((job for job in jobs if job.flow in ORDER_FLOWS), None)
    return reverse("order_timeline", args=[job.connection_id, job.object_id]) if job else ""


def story(ticket: ExceptionTicket, user) -> dict:
    rows, waiting, jobs = _occurrences(ticket, user)
    members = access.team_members(ticket.team)
    return {
        "ticket": ticket,
        "team_name": TEAM_GROUPS[ticket.team],
        "about": about(ticket),
        "came_back": _came_back(ticket),
        "first_seen": when(ticket.first_seen),
        "last_seen": when(ticket.last_seen),
        "due": when(ticket.due_at),
        "overdue": ticket.is_open and ticket.due_at < timezone.now(),
        "snoozed_until": when(ticket.snoozed_until) if ticket.snoozed_until else "",
        "resolved_at": when(ticket.resolved_at) if ticket.resolved_at else "",
        "resolution": with_admin_links(ticket.resolution_note),
        "assignee": ticket.assigned_to,
        "guidance": ticket.ticket_type.guidance,
        "fix": fix_for(ticket, user),
        "waiting": waiting,
        "occurrences": rows,
        "history": _history(ticket),
        "technical": _technical(ticket, jobs, user),
        "timeline_url": _timeline_url(ticket, jobs, user),
        "actions": [verb for verb in VERBS if access.can_run_action(user, verb, ticket)],
        "members": [(m.pk, _name(m)) for m in members],
        "is_member": any(m.pk == user.pk for m in members),
    }
