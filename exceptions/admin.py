"""The exception queue (each team's tickets, overdue first) and the routing of ticket types.

Who sees which tickets and may run which action is exceptions.access; the actions are in
exceptions.admin_actions and do their work through exceptions.actions; a ticket's page is
exceptions.ticket_page.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from exceptions import access
from exceptions.access_admin import PolicyAdmin
from integrations.admin_display import (
    UsedConnectionFilter,
    filtered_link,
    status_pill,
    when_short,
)

from .admin_actions import TicketActions, assignee_choices
from .admin_filters import AgeFilter, AssigneeFilter, OverdueFilter, TeamFilter, TicketTypeFilter
from .models import TEAM_GROUPS, ExceptionTicket, Team, TicketType
from .ticket_extras import TicketPageExtras
from .ticket_page import headline, money, story

OPEN = ExceptionTicket.Status.OPEN
SNOOZED = ExceptionTicket.Status.SNOOZED


def queue_title(user) -> str:
    teams = access.ticket_teams(user)
    if teams == set(Team):
        return "Every team's tickets"
    names = [TEAM_GROUPS[team] for team in Team if team in teams]
    return f"{' and '.join(names)} queue" if names else "Tickets"


@admin.register(TicketType)
class TicketTypeAdmin(PolicyAdmin, SimpleHistoryAdmin):
    """Routing and runbook: which team owns a kind of failure, how fast, and what to do."""

    list_display = (
        "code", "title", "team", "severity", "response_window", "open_tickets",
    )
    list_editable = ("team", "severity", "response_window")
    list_filter = ("team", "severity")
    search_fields = ("code", "title", "guidance")
    ordering = ("team", "code")

    def get_queryset(self, request):
        visible = Q(tickets__status__in=ExceptionTicket.OPEN_STATUSES)
        if not access.is_superuser(request.user):
            visible &= Q(tickets__team__in=sorted(access.ticket_teams(request.user)))
        return super().get_queryset(request).annotate(open_count=Count("tickets", filter=visible))

    def get_readonly_fields(self, request, obj=None):
        # The code is what the product refers to: fixed once the type exists.
        return ("code",) if obj else ()

    @admin.display(description="open tickets", ordering="open_count")
    def open_tickets(self, obj):
        query = f"ticket_type__id__exact={obj.pk}&status__in=open,snoozed"
        return filtered_link("exceptions_exceptionticket", query, obj.open_count)


@admin.register(ExceptionTicket)
class ExceptionTicketAdmin(TicketActions, PolicyAdmin, TicketPageExtras, SimpleHistoryAdmin):
    list_display = (
        "ticket_column", "severity_column", "status_column", "due_column", "assignee_column",
        "seen_column", "last_seen_column", "store",
    )
    list_display_links = ("ticket_column",)
    list_filter = (
        "status", OverdueFilter, "severity", TicketTypeFilter,
        AssigneeFilter, AgeFilter, ("store", UsedConnectionFilter), TeamFilter,
    )
    search_fields = (
        "title", "order_name", "=order_id", "customer_email", "sku", "=netsuite_id",
        "external_id", "jobs__object_label", "=jobs__object_id",
    )
    list_select_related = ("store", "ticket_type", "assigned_to")
    list_per_page = 50
    actions = (*TicketActions.actions, "fix_once_selected")
    ordering = ("due_at",)  # marks the column; get_ordering() puts open tickets first
    # Old versions are read on the history page; fields only shown there.
    fields = (
        "title", "ticket_type", "team", "severity", "status", "store", "order_name", "sku",
        "customer_email", "assigned_to", "detail", "occurrences", "first_seen", "last_seen",
        "due_at", "snoozed_until", "resolved_at", "resolved_by", "resolution_note",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("store", "ticket_type", "assigned_to")
        return qs.defer("store__credentials")

    def get_ordering(self, request):
        """Open first, then snoozed, then resolved; within them the earliest due first, so
        tickets past their response window lead. A list of one status (the queue people
        land on: open tickets) needs no ranking, and its index then serves the order."""
        if request.GET.get("status__exact") or request.GET.get("status"):
            return ("due_at", "-pk")
        rank = Case(When(status=OPEN, then=Value(0)), When(status=SNOOZED, then=Value(1)),
                    default=Value(2), output_field=IntegerField())
        return (rank.asc(), "due_at", "-pk")

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if len(access.ticket_teams(request.user)) > 1:
            shown.insert(1, "team")
        return shown

    # -- The list

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "type_counts": self._type_counts(request),
                         "title": queue_title(request.user)}
        response = super().changelist_view(request, extra_context)
        form = getattr(response, "context_data", {}).get("action_form")
        if form is not None:
            self._fit_action_bar(request, form)
        return response

    def _fit_action_bar(self, request, form) -> None:
        """Only the inputs the person's actions use."""
        user = request.user
        wanted = {"note": any(access.ticket_teams(user, a) for a in (
                      "retry", "resolve", "assign", "snooze", "reopen")),
                  "assignee": bool(access.ticket_teams(user, "assign")),
                  "until": bool(access.ticket_teams(user, "snooze"))}
        for name, keep in wanted.items():
            if not keep:
                del form.fields[name]
        if "assignee" in form.fields:
            form.fields["assignee"].widget.choices = assignee_choices(user)

    def get_search_results(self, request, queryset, search_term):
        """Search by what people hold in their hands: an order name or number, a customer
        email, a SKU, a NetSuite internal id or externalId (exact, through their indexes),
        and free words in the title. No join, so no DISTINCT over the whole queue."""
        term = search_term.strip()
        if not term:
            return queryset, False
        number = term.removeprefix("order ").strip().lstrip("#")
        found = (Q(order_name=term) | Q(sku=term) | Q(netsuite_id=term) | Q(external_id=term)
                 | Q(customer_email=term) | Q(customer_email=term.lower()))
        if number.isdigit():
            found |= Q(order_name=f"#{number}") | Q(order_id=number)
            # Tickets held by that order's jobs, read first: an IN (subquery) inside the OR
            # would stop the database combining the indexes above.
            held = ExceptionTicket.jobs.through.objects.filter(
                Q(syncjob__object_id=number) | Q(syncjob__object_label=f"order #{number}")
            ).values_list("exceptionticket_id", flat=True)
            found |= Q(pk__in=list(held[:1000]))
        elif "@" not in term and len(term) >= 3:
            found |= Q(title__icontains=term)
        return access.scope(request.user, queryset.filter(found)), False

    def _type_counts(self, request) -> list[dict]:
        """Open tickets by type, with how many are overdue: one grouped query over the queue
        index (no join, so it reads the index alone), then the titles of those few types."""
        now = timezone.now()
        rows = list(
            self.get_queryset(request).filter(status=OPEN).order_by()
            .values("ticket_type_id")
            .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=now)))
        )
        titles = dict(TicketType.objects.filter(pk__in=[r["ticket_type_id"] for r in rows])
                      .values_list("pk", "title"))
        for row in rows:
            row["ticket_type__title"] = titles.get(row["ticket_type_id"], "")
        return sorted(rows, key=lambda r: (-r["late"], -r["n"], r["ticket_type__title"]))

    @admin.display(description="ticket", ordering="title")
    def ticket_column(self, obj):
        facts = " · ".join(part for part in (
            obj.order_name, obj.sku, obj.customer_email, money(obj.amount, obj.currency),
        ) if part)
        return format_html('<span class="cp-title">{}</span><span class="cp-facts">{}</span>',
                           obj.title, facts or obj.ticket_type.title)

    @admin.display(description="severity", ordering="severity")
    def severity_column(self, obj):
        return status_pill(obj, "severity", "severity")

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        shown = status_pill(obj, "ticket")
        if obj.status == SNOOZED and obj.snoozed_until:
            return format_html("{} until {}", shown, when_short(obj.snoozed_until))
        return shown

    @admin.display(description="due", ordering="due_at")
    def due_column(self, obj):
        if obj.is_open and obj.due_at < timezone.now():
            return format_html('<span class="cp-overdue">{} (overdue)</span>',
                               when_short(obj.due_at))
        return when_short(obj.due_at)

    @admin.display(description="assignee", ordering="assigned_to__first_name")
    def assignee_column(self, obj):
        person = obj.assigned_to
        return (person.get_full_name() or person.get_username()) if person else "—"

    @admin.display(description="seen", ordering="occurrences")
    def seen_column(self, obj):
        return obj.occurrences

    @admin.display(description="last seen", ordering="last_seen")
    def last_seen_column(self, obj):
        return when_short(obj.last_seen)

    # -- A ticket's page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ticket = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}), "story": story(ticket, request.user),
            "title": headline(ticket), "subtitle": None,
        }
        return super().change_view(request, object_id, form_url, extra_context)
