"""Who sees and does what in the control panel: the access policy, as data, and its questions.

`POLICY` says, for each team's Django group, which teams' tickets it sees, which models it
may view, add, change and delete (by model label, `app.model`; `app.*` is every model of an
app), which admin actions it may run, and whether it reads raw payloads. A user in several
groups gets the union, grant by grant: a ticket action is allowed when one of the user's
grants both offers the action and covers the ticket's team. Superusers may do everything
except what `NOBODY` rules out for everyone (records and tickets are written by the
integration, never by hand).

The admin hooks consult this module directly (`exceptions.access_admin.PolicyAdmin`, which
the control panel's admin site puts in front of every registered admin, ours and the
libraries'). Django's Permission rows are not used for the teams: a group needs no rows, and
rows given to a user directly widen nothing. Anything else that shows data (pages, APIs,
exports, commands acting for a person) asks the same questions:

    allows(user, verb, target)           verb: view / add / change / delete; target: a model,
                                         its label, or one object (tickets: by team)
    can_view_model(user, model)
    can_run_action(user, action, target) an admin action (retry, resolve, export...)
    ticket_teams(user, verb="view")      the teams whose tickets the user may see / act on
    scope(user, queryset, verb="view")   the rows of a queryset the user may see / act on
    sees_raw_payloads(user), raw_fields(model)
    team_members(team)                   who a ticket of that team may be assigned to
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from .models import GOVERNANCE_GROUP, TEAM_GROUPS, Team

VERBS = ("view", "add", "change", "delete")

# Model labels.
TICKETS = "exceptions.exceptionticket"
TICKET_TYPES = "exceptions.tickettype"
CONNECTIONS = "integrations.connection"
EVENTS = "integrations.webhookevent"
JOBS = "integrations.syncjob"
LINKS = "integrations.synclink"
STORE_SETTINGS = "mappings.storemapping"
LOCATIONS = "mappings.locationmapping"
ITEMS = "mappings.itemmapping"
BUNDLES = "mappings.bundlemapping"
BUNDLE_COMPONENTS = "mappings.bundlecomponent"
TAX_CODES = "mappings.taxcodemapping"
DISCOUNTS = "mappings.discountmapping"
PAYMENT_METHODS = "mappings.paymentmethodmapping"
B2B_COMPANIES = "mappings.b2bcompanymapping"
RQ_DASHBOARD = "django_rq.dashboard"
MONITORING_DASHBOARD = "monitoring.dashboard"  # a page, not a table: figures for every team
ALERTS_SENT = "monitoring.alertsent"
ALERT_DIGESTS = "monitoring.alertdigest"
LOGIN_LOGS = "axes.*"
USERS = "auth.user"
GROUPS = "auth.group"

RECORDS = frozenset({EVENTS, JOBS, LINKS})
ALERTS = frozenset({ALERTS_SENT, ALERT_DIGESTS})  # written by the sweeper only
OPS_MAPPINGS = frozenset({LOCATIONS, ITEMS, BUNDLES, BUNDLE_COMPONENTS})
FINANCE_MAPPINGS = frozenset({STORE_SETTINGS, TAX_CODES, DISCOUNTS, PAYMENT_METHODS,
                              B2B_COMPANIES})
EVERYTHING_RECORDED = frozenset({"integrations.*", "mappings.*", "exceptions.*", "monitoring.*"})

# Admin actions on tickets (exceptions.admin offers them, exceptions.actions does them).
WORK_ON_TICKETS = frozenset({"retry", "resolve", "assign", "snooze", "reopen", "export"})
EXPORT_TICKETS = frozenset({"export"})

# Fields that hold raw payloads (customer names, addresses, emails): shown, searched and
# filtered on only for grants with raw_payloads.
RAW_FIELDS = {
    EVENTS: frozenset({"body", "headers"}),
    JOBS: frozenset({"result"}),
}


@dataclass(frozen=True)
class Grant:
    """What the members of one group may do."""

    tickets: frozenset = frozenset()  # teams whose tickets they see (Team values)
    view: frozenset = frozenset()
    add: frozenset = frozenset()
    change: frozenset = frozenset()
    delete: frozenset = frozenset()
    actions: dict = field(default_factory=dict)  # model label → admin action names
    raw_payloads: bool = False


def _grant(*, tickets=(), owns=(), reads=(), add=(), change=(), delete=(), actions=None,
           raw_payloads=False) -> Grant:
    """`owns`: view, add, change and delete; `reads`: view. Whatever a grant may add, change
    or delete, it may also view."""
    add, change, delete = (frozenset(owns) | frozenset(v) for v in (add, change, delete))
    view = frozenset(owns) | frozenset(reads) | add | change | delete
    return Grant(frozenset(tickets), view, add, change, delete, dict(actions or {}),
                 raw_payloads)


FINANCE, CX, OPS, INTEGRATION_ADMIN = (TEAM_GROUPS[t] for t in (
    Team.FINANCE, Team.CX, Team.OPS, Team.INTEGRATION_ADMIN))
GOVERNANCE = GOVERNANCE_GROUP

POLICY: dict[str, Grant] = {
    # Tax codes, discounts, payment methods, gift card and ledger settings, B2B terms.
    # Reads items and bundles (a totals ticket is about what a line was booked as) and the
    # links (NetSuite ids of the orders it reconciles).
    FINANCE: _grant(
        tickets={Team.FINANCE}, owns=FINANCE_MAPPINGS,
        reads={TICKETS, ITEMS, BUNDLES, BUNDLE_COMPONENTS, LINKS, MONITORING_DASHBOARD},
        actions={TICKETS: WORK_ON_TICKETS},
    ),
    # Orders: the record of work (jobs, links) without raw payloads; locations, to tell a
    # customer where an order ships from.
    CX: _grant(
        tickets={Team.CX}, reads={TICKETS, JOBS, LINKS, LOCATIONS, MONITORING_DASHBOARD},
        actions={TICKETS: WORK_ON_TICKETS},
    ),
    # Locations, items/SKUs and bundles.
    OPS: _grant(
        tickets={Team.OPS}, owns=OPS_MAPPINGS, reads={TICKETS, MONITORING_DASHBOARD},
        actions={TICKETS: WORK_ON_TICKETS},
    ),
    # Connections, ticket routing (types and their runbook text), raw records, the job queue,
    # the alerts sent. Reads every mapping to diagnose a failure; creates a new store's ledger
    # settings when it connects the store (its store-not-mapped tickets), which Finance then
    # owns.
    INTEGRATION_ADMIN: _grant(
        tickets={Team.INTEGRATION_ADMIN}, owns={CONNECTIONS},
        reads={TICKETS, *RECORDS, "mappings.*", *ALERTS, MONITORING_DASHBOARD},
        add={TICKET_TYPES, STORE_SETTINGS}, change={TICKET_TYPES, RQ_DASHBOARD},
        actions={TICKETS: WORK_ON_TICKETS}, raw_payloads=True,
    ),
    # Reads everything (who is in which team and who logged in included), changes nothing.
    # Not the job queue: its pages act without asking.
    GOVERNANCE: _grant(
        tickets=frozenset(Team), reads={*EVERYTHING_RECORDED, USERS, GROUPS, LOGIN_LOGS},
        actions={TICKETS: EXPORT_TICKETS},
    ),
}

# What nobody does by hand, superusers included: the integration writes its records and
# opens tickets (which then change only through their actions); the sweeper records the
# alerts it sends; the login guard writes its logs; the job queue is not a table.
NOBODY = {
    "add": frozenset({*RECORDS, TICKETS, LOGIN_LOGS, RQ_DASHBOARD, *ALERTS}),
    "change": frozenset({*RECORDS, TICKETS, *ALERTS}),
    "delete": frozenset({RQ_DASHBOARD}),
}
# No team grant may include these: only superusers delete the record of work.
SUPERUSERS_ONLY = {"delete": frozenset({*RECORDS, TICKETS}), "change": frozenset({USERS, GROUPS})}


# -- Questions


def label_of(model) -> str:
    """`app.model` of a model class, an instance, or a label already."""
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


def _listed(labels, label: str) -> bool:
    return label in labels or f"{label.split('.')[0]}.*" in labels


def grants(user) -> list[Grant]:
    """The grants of the user's groups (read once per user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_access_grants", None)
    if cached is None:
        names = user.groups.filter(name__in=POLICY).values_list("name", flat=True)
        cached = user._access_grants = [POLICY[name] for name in sorted(names)]
    return cached


def is_superuser(user) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


def _ticket_team(target) -> str | None:
    """The team of a ticket instance; None for anything else (a model, a label, a mapping)."""
    if isinstance(target, models.Model) and label_of(target) == TICKETS:
        return target.team
    return None


def allows(user, verb: str, target) -> bool:
    """May the user `verb` (view/add/change/delete) the target: a model, its label, or one
    object (a ticket: only if one of the user's grants covers the ticket's team)?"""
    label = label_of(target)
    if _listed(NOBODY.get(verb, ()), label):
        return False
    if is_superuser(user):
        return True
    team = _ticket_team(target)
    return any(
        _listed(getattr(grant, verb), label) and (team is None or team in grant.tickets)
        for grant in grants(user)
    )


def can_view_model(user, model) -> bool:
    return allows(user, "view", model)


def can_run_action(user, action: str, target) -> bool:
    """May the user run this admin action on the target (a model, or one ticket)?"""
    label = label_of(target)
    if is_superuser(user):
        return True
    team = _ticket_team(target)
    return any(
        action in grant.actions.get(label, ()) and (team is None or team in grant.tickets)
        for grant in grants(user)
    )


def ticket_teams(user, verb: str = "view") -> frozenset:
    """The teams whose tickets the user may `verb` (view, change, or an action's name)."""
    if verb in VERBS and _listed(NOBODY.get(verb, ()), TICKETS):
        return frozenset()
    if is_superuser(user):
        return frozenset(Team)
    if verb in VERBS:
        teams = [g.tickets for g in grants(user) if _listed(getattr(g, verb), TICKETS)]
    else:
        teams = [g.tickets for g in grants(user) if verb in g.actions.get(TICKETS, ())]
    return frozenset().union(*teams)


def scope(user, queryset, verb: str = "view"):
    """The rows of `queryset` the user may `verb`: every list, choice and lookup goes here."""
    label = label_of(queryset.model)
    if label == TICKETS:
        if is_superuser(user):
            return queryset
        return queryset.filter(team__in=sorted(ticket_teams(user, verb)))
    return queryset


def sees_raw_payloads(user) -> bool:
    return is_superuser(user) or any(grant.raw_payloads for grant in grants(user))


def raw_fields(model) -> frozenset:
    return RAW_FIELDS.get(label_of(model), frozenset())


def team_members(team: str):
    """Active staff in the team's group: who its tickets may be assigned to."""
    return get_user_model().objects.filter(
        groups__name=TEAM_GROUPS[team], is_active=True, is_staff=True
    ).order_by("first_name", "last_name", "username")


def is_member(user, team: str) -> bool:
    return team_members(team).filter(pk=user.pk).exists()


def _check(policy: dict[str, Grant]) -> None:
    """The policy is refused at start-up if a grant gives what no team may have."""
    for name, grant in policy.items():
        for verb, labels in SUPERUSERS_ONLY.items():
            given = set(getattr(grant, verb)) & labels
            if given:
                raise ImproperlyConfigured(f"{name} may not {verb} {sorted(given)}")
        if not set(grant.tickets) <= set(Team):
            raise ImproperlyConfigured(f"{name} sees unknown teams: {sorted(grant.tickets)}")


_check(POLICY)
