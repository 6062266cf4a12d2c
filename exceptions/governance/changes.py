"""What people changed in a week, from django-simple-history: mappings, ticket routing and
connections, each change with who made it, their reason and what it changed.

A fixed number of queries per audited model, whatever the number of changes: the week's
counts, its newest rows, and the rows they are compared with (`diff_against` on rows already
read asks nothing more).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import models
from django.db.models import CharField, Count, Q, Value
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
    this_week: list[Change]  # the newest LISTED of them
    count: int  # how many this week
    last_week_count: int

    @property
    def unlisted(self) -> int:
        return self.count - len(self.this_week)


LISTED = 100


def audited_models(app_label: str) -> list[type[models.Model]]:
    """The models of an app that keep a history (not the historical models themselves)."""
    return [model for model in apps.get_app_config(app_label).get_models()
            if hasattr(model._meta, "simple_history_manager_attribute")]


def routing_and_mapping_models(user) -> list[type[models.Model]]:
    from ..models import TicketType

    return [model for model in [*audited_models("mappings"), TicketType]
            if access.can_view_model(user, model)]


def week_changes(user, models_, last_week_start, this_week_start, week_end,
                 listed: int = LISTED) -> WeekChanges:
    """The changes made this week to the models' rows (the newest `listed`, described), how
    many there were, and last week's count: one query counts them all; then, per model changed
    this week, one reads its newest rows and one the rows they are compared with."""
    counts = _counts(models_, last_week_start, this_week_start, week_end)
    newest = []
    for model in models_:
        if counts[model._meta.label_lower][0]:
            rows = _with_relations(model, _history(model).objects.filter(
                history_date__gte=this_week_start, history_date__lt=week_end))
            newest += [(model, row) for row in rows.order_by("-history_date", "-history_id")
                       [:listed]]
    newest.sort(key=lambda found: (found[1].history_date, found[1].history_id), reverse=True)
    chosen = newest[:listed]
    previous = _previous_rows(chosen)
    raw = access.sees_raw_payloads(user)
    described = [
        _change(model, row, previous.get((model, row.history_id)),
                set() if raw else set(access.raw_fields(model)))
        for model, row in chosen
    ]
    return WeekChanges(described, sum(this for this, _ in counts.values()),
                       sum(last for _, last in counts.values()))


def _counts(models_, last_week_start, this_week_start, week_end) -> dict[str, tuple[int, int]]:
    """(this week, last week) changes per model label, in one query for all the models."""
    parts = [
        _history(model).objects
        .filter(history_date__gte=last_week_start, history_date__lt=week_end)
        .annotate(model_label=Value(model._meta.label_lower, output_field=CharField()))
        .values("model_label")
        .annotate(this=Count("history_id", filter=Q(history_date__gte=this_week_start)),
                  last=Count("history_id", filter=Q(history_date__lt=this_week_start)))
        .order_by()
        for model in models_
    ]
    counts = {model._meta.label_lower: (0, 0) for model in models_}
    if parts:
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        counts.update({row["model_label"]: (row["this"], row["last"]) for row in rows})
    return counts


def _history(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def _relations(model) -> list:
    """The foreign keys of the model, on its historical model."""
    return [f for f in _history(model)._meta.concrete_fields
            if f.is_relation and f.name != "history_user"
            and model._meta.get_field(f.name).is_relation]


def _with_relations(model, rows):
    relations = _relations(model)
    return (rows.select_related("history_user", *(f.name for f in relations))
            .defer(*_secret_fields(relations)))


def _previous_rows(chosen) -> dict:
    """For each chosen (model, row): the object's row just before it, if any (one query per
    model)."""
    by_model = defaultdict(list)
    for model, row in chosen:
        by_model[model].append(row)
    found = {}
    for model, rows in by_model.items():
        earlier = _with_relations(model, _history(model).objects.filter(
            id__in={row.id for row in rows},
            history_date__lte=max(row.history_date for row in rows),
        ))
        by_object = defaultdict(list)
        for row in earlier.order_by("id", "history_date", "history_id"):
            by_object[row.id].append(row)
        for row in rows:
            before = [r for r in by_object[row.id]
                      if (r.history_date, r.history_id) < (row.history_date, row.history_id)]
            found[(model, row.history_id)] = before[-1] if before else None
    return found


def _secret_fields(relations) -> list[str]:
    """Encrypted columns of related rows (a connection's credentials): never read here."""
    return [f"{relation.name}__{field.name}" for relation in relations
            for field in relation.related_model._meta.concrete_fields
            if field.name == "credentials"]


def _change(model, row, previous, hidden: set) -> Change:
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
        label=_label(model, row, _relations(model)), kind=kind, fields=fields,
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
