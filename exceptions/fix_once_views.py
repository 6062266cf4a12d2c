"""Fix once, clear all: the admin pages that preview and then retry every stuck job a ticket
groups (exceptions.groups), after the mapping behind it was fixed.

- `GET admin/fix-once/<ticket>/`: per job (the first PREVIEW_LIMIT, and the count of all),
  what it would now write to NetSuite, read from the flow's `preview(job)` (nothing is
  written, neither system is called), or the problems that would still stop it.
- `POST admin/fix-once/<ticket>/retry/` (CSRF): `actions.retry_group` re-queues them all
  and records who asked and why in each ticket's history.

Both answer 404 for a ticket the person may not see and 403 when they may not retry it
(exceptions.access); the tickets and jobs shown are only those the person may retry.
Raw bodies are shown only under "Technical details", to those who see raw payloads.
"""

import json
import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from integrations.admin_display import when
from integrations.flows import flow_named
from integrations.models import SyncJob
from integrations.types import JobPreview

from . import access, actions
from .groups import group_tickets, jobs_of, with_stuck_counts
from .models import ExceptionTicket, Team, TicketType

log = logging.getLogger(__name__)

PREVIEW_LIMIT = 50
TEMPLATE = "admin/exceptions/exceptionticket/fix_once.html"


def preview_page(request, ticket_id: int):
    ticket = _ticket_to_retry(request, ticket_id)
    grouped = group_tickets(ticket, request.user)
    jobs = jobs_of(grouped, actions.RETRYABLE)
    total = jobs.count()
    shown = list(
        jobs.select_related("connection__netsuite", "event")
        .defer("connection__credentials", "connection__netsuite__credentials")
        .order_by("pk")[:PREVIEW_LIMIT]
    )
    types = {t.code: t for t in TicketType.objects.all()}
    entries = [_entry(job, types, request.user) for job in shown]
    context = {
        **_site_context(request),
        "title": "Fix once, clear all",
        "ticket": ticket,
        "tickets": list(with_stuck_counts(grouped, actions.RETRYABLE)
                        .select_related("ticket_type").order_by("-pk")),
        "entries": entries,
        "total": total,
        "hidden": total - len(shown),
        "would_write": sum(1 for e in entries if e["preview"] and e["preview"].would_write),
        "stopped": sum(1 for e in entries if e["preview"] and e["preview"].problems),
        "caveats": list(dict.fromkeys(
            c for e in entries if e["preview"] for c in e["preview"].caveats)),
        "retry_url": reverse("fix_once_retry", args=[ticket.pk]),
        "ticket_url": reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk]),
        "shows_raw": access.sees_raw_payloads(request.user),
    }
    return TemplateResponse(request, TEMPLATE, context)


def retry_page(request, ticket_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ticket = _ticket_to_retry(request, ticket_id)
    reason = request.POST.get("reason", "").strip()[:500]
    done = actions.retry_group(ticket, request.user, reason)
    level = messages.SUCCESS if done.jobs else messages.WARNING
    messages.add_message(
        request, level,
        f"Fix once: {_jobs(done.jobs)} of {_tickets(done.tickets)} re-queued. Each ticket "
        "closes itself once its jobs go through; a job still stopped parks again.",
    )
    return HttpResponseRedirect(
        reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk]))


def _ticket_to_retry(request, ticket_id: int) -> ExceptionTicket:
    visible = access.scope(request.user, ExceptionTicket.objects.select_related(
        "ticket_type", "store").defer("store__credentials"))
    ticket = visible.filter(pk=ticket_id).first()
    if ticket is None:
        raise Http404("No such ticket here.")
    if not access.can_run_action(request.user, "retry", ticket):
        raise PermissionDenied
    return ticket


def _entry(job: SyncJob, types: dict, user) -> dict:
    flow = flow_named(job.flow)
    preview = _preview(flow, job)
    problems = [
        {"message": p.message, "type": types.get(p.code),
         "team": Team(types[p.code].team).label if p.code in types else ""}
        for p in (preview.problems if preview else ())
    ]
    return {
        "job": job,
        "job_url": (reverse("admin:integrations_syncjob_change", args=[job.pk])
                    if access.can_view_model(user, SyncJob) else ""),
        "since": when(job.finished_at or job.updated_at),
        "flow": flow.label,
        "preview": preview,
        "problems": problems,
        "raw": (json.dumps(preview.body, indent=2, default=str, ensure_ascii=False)
                if preview and preview.body and access.sees_raw_payloads(user) else ""),
    }


def _preview(flow, job) -> JobPreview | None:
    """The flow's preview of the job; a preview that fails says so instead of the page."""
    if flow.preview is None:
        return None
    try:
        return flow.preview(job)
    except Exception as exc:
        log.exception("previewing sync job %s failed", job.pk)
        return JobPreview(summary=f"Could not work out what this job would write "
                          f"({type(exc).__name__}); retrying runs it as it is.")


def _site_context(request) -> dict:
    return admin.site.each_context(request)


def _jobs(n: int) -> str:
    return f"{n} job{'s' if n != 1 else ''}"


def _tickets(n: int) -> str:
    return f"{n} ticket{'s' if n != 1 else ''}"
