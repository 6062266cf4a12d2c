"""What people changed in a week, from django-simple-history: mappings, ticket routing and
connections, each change with who made it, their reason and what it changed.

One query per audited model, whatever the number of changes: the history rows of every object
that changed in the two weeks, up to the end of this week, so that each change is compared with
the row before it in Python (`diff_against` on rows already read asks nothing more).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse

from .. import access
from .display import in_words

KINDS = {"+": "created", "~": "changed", "-": "deleted"}
NO_USER = "no user recorded"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    model: str
    label: str
    kind: str
    fields: tuple[FieldChange, ...]
    reason: str
    history_url: str | None


@dataclass(frozen=True)
class WeekChanges:
    this_week: list[Change]
    last_week_count: int


def audited_models(app_label: str) -> list[type[models.Model]]:
    """The models of an app that keep a history (not the historical models themselves)."""
    return [model for model in apps.get_app_config(app_label).get_models()
            if hasattr(model._meta, "simple_history_manager_attribute")]


def routing_and_mapping_models(user) -> list[type[models.Model]]:
    from ..models import TicketType

    return [model for model in [*audited_models("mappings"), TicketType]
            if access.can_view_model(user, model)]


def week_changes(user, models_, last_week_start, this_week_start, week_end) -> WeekChanges:
    """The changes made this week to the models' rows, newest first, and last week's count."""
    this_week, last_count = [], 0
    for model in models_:
        hidden = set() if access.sees_raw_payloads(user) else set(access.raw_fields(model))
        for change in _model_changes(model, hidden, last_week_start, week_end):
            if change.when >= this_week_start:
                this_week.append(change)
            else:
                last_count += 1
    this_week.sort(key=lambda c: c.when, reverse=True)
    return WeekChanges(this_week, last_count)


def _model_changes(model, hidden: set, since: datetime, until: datetime) -> list[Change]:
    history = getattr(model, model._meta.simple_history_manager_attribute).model
    relations = [f for f in history._meta.concrete_fields
                 if f.is_relation and f.name != "history_user"
                 and model._meta.get_field(f.name).is_relation]
    moved = history.objects.filter(history_date__gte=since, history_date__lt=until).values("id")
    rows = (
        history.objects.filter(id__in=moved, history_date__lt=until)
        .select_related("history_user", *(f.name for f in relations))
        .defer(*_secret_fields(relations))
        .order_by("id", "history_date", "history_id")
    )
    changes, previous = [], None
    for row in rows:
        if previous is not None and previous.id != row.id:
            previous = None
        if row.history_date >= since:
            changes.append(_change(model, row, previous, hidden, relations))
        previous = row
    return changes


def _secret_fields(relations) -> list[str]:
    """Encrypted columns of related rows (a connection's credentials): never read here."""
    return [f"{relation.name}__{field.name}" for relation in relations
            for field in relation.related_model._meta.concrete_fields
            if field.name == "credentials"]


def _change(model, row, previous, hidden: set, relations) -> Change:
    kind = KINDS.get(row.history_type, row.history_type)
    if previous is not None and row.history_type == "~":
        delta = row.diff_against(previous, excluded_fields=hidden, foreign_keys_are_objs=True)
        fields = tuple(FieldChange(_name(model, c.field), _shown(model, c.field, c.old),
                                   _shown(model, c.field, c.new)) for c in delta.changes)
    elif row.history_type in ("+", "~"):
        # Created, or changed with no earlier version kept (rows seeded by a migration):
        # what it holds now.
        if row.history_type == "~":
            kind = "changed; no earlier version recorded"
        fields = tuple(
            FieldChange(_name(model, f.name), "", _shown(model, f.name, getattr(row, f.name)))
            for f in row.tracked_fields
            if f.editable and not f.primary_key and f.name not in hidden
            and getattr(row, f.name) not in (None, "")
        )
    else:
        fields = ()
    return Change(
        when=row.history_date, who=_who(row.history_user), model=str(model._meta.verbose_name),
        label=_label(model, row, relations), kind=kind, fields=fields,
        reason=row.history_change_reason or "", history_url=_history_url(model, row),
    )


def _who(user) -> str:
    if user is None:
        return NO_USER
    return user.get_full_name() or user.get_username()


def _label(model, row, relations) -> str:
    """The object as its model names it, rebuilt from the history row (and the related rows
    read with it), so naming it asks the database nothing."""
    values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields
              if hasattr(row, f.attname)}
    instance = model(**values)
    for relation in relations:
        related = getattr(row, relation.name, None)
        if related is not None:
            model._meta.get_field(relation.name).set_cached_value(instance, related)
    try:
        return str(instance)
    except models.ObjectDoesNotExist:
        return f"{model._meta.verbose_name} #{row.id}"


def _name(model, field_name: str) -> str:
    return str(model._meta.get_field(field_name).verbose_name)


def _shown(model, field_name: str, value) -> str:
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, timedelta):
        return in_words(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _history_url(model, row) -> str | None:
    if row.history_type == "-":
        return None
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.id])
    except NoReverseMatch:
        return None
