"""The queue's actions, bulk (the changelist's action bar) and one-click (a ticket's page).

Each calls exceptions.actions, which records who acted and why. A bulk action receives the
rows the person sees (get_queryset) and narrows them to those the person may act on for that
action (access.scope with the action's name): ids of other teams' tickets change nothing.
"""

import csv
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import ngettext

from integrations.admin_display import when

from . import access, actions
from .access_admin import policy_action
from .models import TEAM_GROUPS, ExceptionTicket

SNOOZE_FOR = timedelta(hours=24)
EXPORT_COLUMNS = (
    ("id", "pk"), ("title", "title"), ("type", "ticket_type"), ("team", "team"),
    ("severity", "severity"), ("status", "status"), ("order", "order_name"),
    ("customer_email", "customer_email"), ("sku", "sku"), ("netsuite_id", "netsuite_id"),
    ("external_id", "external_id"), ("amount", "amount"), ("currency", "currency"),
    ("occurrences", "occurrences"), ("first_seen", "first_seen"), ("last_seen", "last_seen"),
    ("due_at", "due_at"), ("assigned_to", "assigned_to"), ("store", "store"),
)


def tickets(n: int) -> str:
    return ngettext("%(n)d ticket", "%(n)d tickets", n) % {"n": n}


def jobs(n: int) -> str:
    return ngettext("%(n)d job", "%(n)d jobs", n) % {"n": n}


class TicketActionForm(helpers.ActionForm):
    """The action bar, with what the actions need: a note, an assignee, a snooze time."""

    note = forms.CharField(required=False, max_length=500, label="Note",
                           widget=forms.TextInput(attrs={"placeholder": "why (needed to resolve)",
                                                         "size": 24}))
    assignee = forms.CharField(required=False, label="Assignee", widget=forms.Select)
    until = forms.CharField(required=False, label="Snooze until",
                            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


def assignee_choices(user) -> list[tuple[str, str]]:
    teams = access.ticket_teams(user, "assign")
    people = get_user_model().objects.filter(
        groups__name__in=[TEAM_GROUPS[t] for t in teams], is_active=True, is_staff=True,
    ).exclude(pk=user.pk).distinct().order_by("first_name", "username")
    return [("me", "me")] + [(str(p.pk), p.get_full_name() or p.get_username()) for p in people]


def snooze_until(value: str):
    """A datetime-local value, in the person's time zone; empty: 24 hours from now."""
    if not value.strip():
        return timezone.now() + SNOOZE_FOR
    moment = parse_datetime(value.strip())
    if moment is None:
        raise ValidationError(f"not a date and time: {value!r}")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def assignee_from(value: str, user):
    if value == "me":
        return user
    if not value:
        return None
    found = get_user_model().objects.filter(pk=value).first() if value.isdigit() else None
    if found is None:
        raise ValidationError(f"no such person: {value!r}")
    return found


class TicketActions:
    action_form = TicketActionForm
    actions = ("retry_selected", "resolve_selected", "assign_to_me", "assign_selected",
               "snooze_selected", "reopen_selected", "export_csv")

    # -- Bulk

    def _bulk(self, request, queryset, action: str, run, *, open_only=True) -> int:
        """Run `run(ticket)` on the selected tickets the person may `action`; say what
        was skipped and what failed; return how many went through."""
        selected = list(queryset.select_related("ticket_type"))
        allowed = set(access.scope(request.user, queryset, action).values_list("pk", flat=True))
        chosen = [t for t in selected if t.pk in allowed]
        if len(chosen) < len(selected):
            skipped = len(selected) - len(chosen)
            self.message_user(request, f"Skipped {tickets(skipped)} of another team: you may "
                              f"not {action} them.", messages.WARNING)
        if open_only is not None:
            keep = [t for t in chosen if t.is_open == open_only]
            if len(keep) < len(chosen):
                state = "already resolved" if open_only else "still open"
                self.message_user(request, f"Skipped {tickets(len(chosen) - len(keep))} "
                                  f"{state}: nothing to {action}.", messages.WARNING)
            chosen = keep
        return self._run(request, chosen, run)

    def _run(self, request, chosen, run) -> int:
        done = 0
        for ticket in chosen:
            try:
                run(ticket)
            except (ValidationError, ValueError, PermissionDenied) as exc:
                text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{ticket}: {text}", messages.ERROR)
            else:
                done += 1
        return done

    def _bar(self, request) -> dict:
        return {name: request.POST.get(name, "").strip() for name in ("note", "assignee",
                                                                       "until")}

    @policy_action("retry", description="Retry the selected tickets' jobs")
    def retry_selected(self, request, queryset):
        note = self._bar(request)["note"]
        requeued = []
        done = self._bulk(request, queryset, "retry", lambda t: requeued.append(
            actions.retry_ticket(t, request.user, note)))
        if done:
            total = sum(requeued)
            self.message_user(request, f"Retried {tickets(done)}: {jobs(total)} re-queued.",
                              messages.SUCCESS if total else messages.WARNING)

    @policy_action("resolve", description="Resolve the selected tickets (with the note)")
    def resolve_selected(self, request, queryset):
        note = self._bar(request)["note"]
        if not note:
            self.message_user(request, "Nothing resolved: say how in the note.", messages.ERROR)
            return
        done = self._bulk(request, queryset, "resolve",
                          lambda t: actions.resolve_ticket(t, request.user, note))
        if done:
            self.message_user(request, f"Resolved {tickets(done)}.", messages.SUCCESS)

    @policy_action("assign", description="Assign the selected tickets to me")
    def assign_to_me(self, request, queryset):
        note = self._bar(request)["note"]
        done = self._bulk(request, queryset, "assign", lambda t: actions.assign_ticket(
            t, request.user, request.user, note), open_only=None)
        if done:
            self.message_user(request, f"Assigned {tickets(done)} to you.", messages.SUCCESS)

    @policy_action("assign", description="Assign the selected tickets to the chosen person")
    def assign_selected(self, request, queryset):
        bar = self._bar(request)
        try:
            person = assignee_from(bar["assignee"], request.user)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        done = self._bulk(request, queryset, "assign", lambda t: actions.assign_ticket(
            t, request.user, person, bar["note"]), open_only=None)
        if done:
            who = (person.get_full_name() or person.get_username()) if person else "nobody"
            self.message_user(request, f"Assigned {tickets(done)} to {who}.", messages.SUCCESS)

    @policy_action("snooze", description="Snooze the selected tickets (until the time chosen)")
    def snooze_selected(self, request, queryset):
        bar = self._bar(request)
        try:
            until = snooze_until(bar["until"])
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        done = self._bulk(request, queryset, "snooze",
                          lambda t: actions.snooze_ticket(t, request.user, until, bar["note"]))
        if done:
            self.message_user(request, f"Snoozed {tickets(done)} until {when(until)}.",
                              messages.SUCCESS)

    @policy_action("reopen", description="Reopen the selected resolved tickets")
    def reopen_selected(self, request, queryset):
        note = self._bar(request)["note"]
        done = self._bulk(request, queryset, "reopen",
                          lambda t: actions.reopen_ticket(t, request.user, note),
                          open_only=False)
        if done:
            self.message_user(request, f"Reopened {tickets(done)}.", messages.SUCCESS)

    @policy_action("export", description="Export the selected tickets as CSV")
    def export_csv(self, request, queryset):
        """The rendered facts of each ticket; never a raw payload."""
        rows = access.scope(request.user, queryset, "export").select_related(
            "ticket_type", "store", "assigned_to").order_by("pk")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="tickets.csv"'
        writer = csv.writer(response)
        writer.writerow([name for name, _ in EXPORT_COLUMNS])
        for ticket in rows:
            writer.writerow(_csv_value(getattr(ticket, attr)) for _, attr in EXPORT_COLUMNS)
        return response

    # -- One click, on a ticket's page

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_act"
        act = path("<path:object_id>/act/<str:verb>/", self.admin_site.admin_view(self.act_view),
                   name=name)
        return [act, *super().get_urls()]

    def act_view(self, request, object_id, verb):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        ticket = self.get_object(request, unquote(object_id))
        steps = self._steps(request)
        if verb not in steps:
            raise Http404
        if not access.can_run_action(request.user, verb, ticket):
            raise PermissionDenied
        done = self._run(request, [ticket], steps[verb])
        if done and verb != "retry":
            self.message_user(request, f"Done: {verb}.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk]))

    def _steps(self, request) -> dict:
        user = request.user
        note = request.POST.get("_ticket_note", "").strip()[:500]

        def retry(ticket):
            count = actions.retry_ticket(ticket, user, note)
            level = messages.SUCCESS if count else messages.WARNING
            self.message_user(request, f"Retry requested: {jobs(count)} re-queued.", level)

        return {
            "retry": retry,
            "resolve": lambda t: actions.resolve_ticket(t, user, note),
            "snooze": lambda t: actions.snooze_ticket(
                t, user, snooze_until(request.POST.get("_ticket_until", "")), note),
            "assign": lambda t: actions.assign_ticket(
                t, user, assignee_from(request.POST.get("_ticket_assignee", ""), user), note),
            "reopen": lambda t: actions.reopen_ticket(t, user, note),
        }


def _csv_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).isoformat()
    if isinstance(value, ExceptionTicket):
        return str(value.pk)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # text, never a formula, when opened in a spreadsheet
    return str(value)
