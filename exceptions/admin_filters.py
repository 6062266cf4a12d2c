"""The queue's filters: response window, age, assignee and team, each within what the person
sees (the choices come from the scoped queryset or the person's own teams)."""

from datetime import timedelta

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from . import access
from .models import ExceptionTicket, Team, TicketType


class OverdueFilter(admin.SimpleListFilter):
    title = "response window"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Within window")]

    def queryset(self, request, queryset):
        late = Q(status__in=ExceptionTicket.OPEN_STATUSES, due_at__lt=timezone.now())
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


AGES = {
    "day": ("Opened today (24 h)", 0, 1),
    "week": ("1 to 7 days old", 1, 7),
    "older": ("Older than a week", 7, None),
}


class AgeFilter(admin.SimpleListFilter):
    """How long ago the failure was first seen."""

    title = "age"
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _, _) in AGES.items()]

    def queryset(self, request, queryset):
        if self.value() not in AGES:
            return queryset
        _, newest, oldest = AGES[self.value()]
        now = timezone.now()
        queryset = queryset.filter(first_seen__lte=now - timedelta(days=newest))
        if oldest is not None:
            queryset = queryset.filter(first_seen__gt=now - timedelta(days=oldest))
        return queryset


class TicketTypeFilter(admin.SimpleListFilter):
    """The ticket types routed to the teams the person sees: read from the small type table,
    never by scanning the tickets for the types they use."""

    title = "ticket type"
    parameter_name = "ticket_type__id__exact"

    def lookups(self, request, model_admin):
        teams = access.ticket_teams(request.user)
        return [(str(pk), title) for pk, title in TicketType.objects.filter(team__in=teams)
                .order_by("title").values_list("pk", "title")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(ticket_type_id=int(value))
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    """Me, nobody, or one of the people the person's visible tickets are assigned to."""

    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        assigned = model_admin.get_queryset(request).exclude(assigned_to=None).order_by()
        people = get_user_model().objects.filter(
            pk__in=assigned.values("assigned_to")).exclude(pk=request.user.pk)
        return [("me", "Assigned to me"), ("nobody", "Unassigned")] + [
            (str(person.pk), person.get_full_name() or person.get_username())
            for person in people.order_by("first_name", "username")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_to=request.user)
        if value == "nobody":
            return queryset.filter(assigned_to=None)
        if value and value.isdigit():
            return queryset.filter(assigned_to_id=int(value))
        return queryset


class TeamFilter(admin.SimpleListFilter):
    """Offered only to people who see more than one team's tickets."""

    title = "team"
    parameter_name = "team"

    def lookups(self, request, model_admin):
        teams = access.ticket_teams(request.user)
        if len(teams) < 2:
            return []
        return [(team.value, team.label) for team in Team if team in teams]

    def queryset(self, request, queryset):
        if self.value() in access.ticket_teams(request.user):
            return queryset.filter(team=self.value())
        return queryset
