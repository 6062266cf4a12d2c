"""The weekly review's figures for one viewer: tickets per team and type, recurring
fingerprints, changes and connection incidents, each beside last week's.

Ticket figures are not personal data and are shown to everyone who may open the review; links
go only to what the viewer may open (exceptions.access), and changes only of the models the
viewer may view. A fixed number of queries, whatever the number of tickets or changes.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from django.urls import reverse

from .. import access
from ..catalogue import CONNECTION_AUTH, RETRIES_EXHAUSTED
from ..models import ExceptionTicket, Team
from . import queries
from .changes import WeekChanges, routing_and_mapping_models, week_changes
from .chart import Chart, opened_vs_cleared
from .display import in_words, signed
from .figures import (
    Figures,
    daily_counts,
    grouped_figures,
    open_during,
    recurrences,
    week_figures,
)
from .metrics import AGING_METRICS, TICKET_METRICS, Cell, cells
from .weeks import IsoWeek

TOP_FINGERPRINTS = 10
LISTED_INCIDENTS = 50
# Tickets that say a connection was in trouble: credentials rejected (the connection paused),
# or a sync that kept failing (transient errors: the connection degraded).
INCIDENT_TYPES = (CONNECTION_AUTH, RETRIES_EXHAUSTED)
TYPE, TEAM, ALL = "type", "team", "all"


@dataclass(frozen=True)
class FigureRow:
    team: str
    ticket_type: str
    level: str  # TYPE, TEAM (a team's total) or ALL (every team)
    this: Figures
    last: Figures
    tickets_url: str | None = None

    @property
    def ticket_cells(self) -> list[Cell]:
        return cells(TICKET_METRICS, self.this, self.last)

    @property
    def aging_cells(self) -> list[Cell]:
        return cells(AGING_METRICS, self.this, self.last)


@dataclass(frozen=True)
class DayRow:
    day: object
    opened: int
    cleared: int
    last_opened: int
    last_cleared: int


@dataclass(frozen=True)
class RecurringRow:
    fingerprint: str
    team: str
    ticket_type: str
    this_week: int
    last_week: int
    ticket_title: str | None  # None when the viewer may not open the ticket
    ticket_url: str | None

    @property
    def difference(self) -> str:
        return signed(self.this_week - self.last_week)


@dataclass(frozen=True)
class Incident:
    connection: str
    what: str
    began: datetime
    cleared: datetime | None
    lasted: timedelta
    ticket_url: str | None
    connection_url: str | None

    @property
    def lasted_words(self) -> str:
        return in_words(self.lasted)


@dataclass
class WeekReport:
    week: IsoWeek
    zone: str
    start: datetime
    end: datetime
    in_progress: bool
    rows: list[FigureRow]
    days: list[DayRow]
    chart: Chart
    recurring: list[RecurringRow]
    changes: WeekChanges | None
    connection_changes: WeekChanges | None
    incidents: list[Incident]  # the latest LISTED_INCIDENTS of them
    incident_count: int
    incidents_last_week: int
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> FigureRow:
        return self.rows[-1]


def build(user, week: IsoWeek, now: datetime, zone: tzinfo) -> WeekReport:
    start, end = week.bounds(zone)
    last_start, _ = week.previous.bounds(zone)
    episodes = queries.ticket_episodes(last_start, end)
    types = queries.ticket_types()
    last_episodes = [e for e in episodes if e.opened_at < start]
    daily = daily_counts(episodes, week.day_bounds(zone))
    last_daily = daily_counts(last_episodes, week.previous.day_bounds(zone))
    incidents = [e for e in episodes if types.get(e.ticket_type_id, ("", ""))[1]
                 in INCIDENT_TYPES]
    this_week_incidents = sorted((e for e in incidents if open_during(e, start, end)),
                                 key=lambda e: e.opened_at, reverse=True)
    return WeekReport(
        week=week, zone=str(zone), start=start, end=end, in_progress=now < end,
        rows=_rows(user, types, episodes, last_episodes, (start, end), (last_start, start)),
        days=[DayRow(day, opened, cleared, last_opened, last_cleared)
              for (day, opened, cleared), (_, last_opened, last_cleared)
              in zip(daily, last_daily, strict=True)],
        chart=opened_vs_cleared(daily, f"Tickets opened and cleared per day, {week}"),
        recurring=_recurring(user, last_start, start, end),
        changes=week_changes(user, routing_and_mapping_models(user), last_start, start, end),
        connection_changes=_connection_changes(user, last_start, start, end),
        incidents=_incidents(user, this_week_incidents[:LISTED_INCIDENTS], end, now),
        incident_count=len(this_week_incidents),
        incidents_last_week=sum(open_during(e, last_start, start) for e in incidents),
    )


def _rows(user, types, this_facts, last_facts, this_week, last_week) -> list[FigureRow]:
    titles = {pk: title for pk, (title, _) in types.items()}
    this_types = grouped_figures(this_facts, *this_week, key=by_type)
    last_types = grouped_figures(last_facts, *last_week, key=by_type)
    this_teams = grouped_figures(this_facts, *this_week, key=by_team)
    last_teams = grouped_figures(last_facts, *last_week, key=by_team)
    visible = access.ticket_teams(user) if access.can_view_model(user, ExceptionTicket) else ()
    changelist = reverse("admin:exceptions_exceptionticket_changelist")
    empty, rows = Figures(), []
    for team in Team:
        keys = sorted({k for k in (*this_types, *last_types) if k[0] == team},
                      key=lambda k: titles.get(k[1], ""))
        rows.append(FigureRow(team.label, "All types", TEAM, this_teams.get(team, empty),
                              last_teams.get(team, empty)))
        for key in keys:
            this, last = this_types.get(key, empty), last_types.get(key, empty)
            if this.is_empty and last.is_empty:
                continue
            url = f"{changelist}?ticket_type__id__exact={key[1]}" if team in visible else None
            rows.append(FigureRow(team.label, titles.get(key[1], "?"), TYPE, this, last, url))
    rows.append(FigureRow("All teams", "All types", ALL,
                          week_figures(this_facts, *this_week),
                          week_figures(last_facts, *last_week)))
    return rows


def by_type(fact) -> tuple[str, int]:
    return fact.team, fact.ticket_type_id


def by_team(fact) -> str:
    return fact.team


def _ticket_url(user, ticket) -> str | None:
    if not access.allows(user, "view", ticket):
        return None
    return reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk])


def _recurring(user, last_start, start, end) -> list[RecurringRow]:
    ranked = recurrences(queries.ticket_occurrences(last_start, start, end))[:TOP_FINGERPRINTS]
    tickets = queries.tickets_by_id(r.latest_ticket_id for r in ranked)
    rows = []
    for recurrence in ranked:
        ticket = tickets.get(recurrence.latest_ticket_id)
        if ticket is None:
            continue  # deleted since
        url = _ticket_url(user, ticket)
        rows.append(RecurringRow(
            recurrence.fingerprint, ticket.get_team_display(), ticket.ticket_type.title,
            recurrence.this_week, recurrence.last_week, ticket.title if url else None, url,
        ))
    return rows


def _connection_changes(user, last_start, start, end) -> WeekChanges | None:
    from integrations.models import Connection

    if not access.can_view_model(user, Connection):
        return None
    return week_changes(user, [Connection], last_start, start, end)


def _incidents(user, episodes, end, now) -> list[Incident]:
    from integrations.models import Connection

    sees_connections = access.can_view_model(user, Connection)
    tickets = queries.tickets_with_stores(e.ticket_id for e in episodes)
    incidents = []
    for episode in episodes:
        ticket = tickets[episode.ticket_id]
        store = ticket.store
        until = episode.cleared_at or min(now, end)
        connection_url = (reverse("admin:integrations_connection_change", args=[store.pk])
                          if store is not None and sees_connections else None)
        incidents.append(Incident(
            connection=store.name if store is not None else "—",
            what=ticket.ticket_type.title, began=episode.opened_at,
            cleared=episode.cleared_at, lasted=max(until - episode.opened_at, timedelta()),
            ticket_url=_ticket_url(user, ticket), connection_url=connection_url,
        ))
    return incidents
