"""What the control panel's lists and pages show, shared by every app's admin.

Coloured status pills, links to records and to filtered lists, times, preformatted text and
JSON, the job and ticket tables, the paginator of the big record lists and the connection
list filters. Pill colours live in templates/admin/base_site.html, keyed by the pill's classes.
"""

import json
import re

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .models import Connection, JobAttempt
from .wording import duration_in_words, local_time


def pill(kind: str, value: str, label):
    """A coloured status pill; `label` is escaped."""
    return format_html('<span class="cp-pill cp-{}-{}">{}</span>', kind, value, label)


def status_pill(obj, kind: str, field: str = "status"):
    return pill(kind, getattr(obj, field), getattr(obj, f"get_{field}_display")())


def admin_link(obj, label=None):
    if obj is None:
        return "—"
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj if label is None else label)


def filtered_link(model: str, query: str, count: int):
    """`count`, linked to the changelist of `model` (app_model) filtered by `query`."""
    if not count:
        return count
    return format_html('<a href="{}?{}">{}</a>', reverse(f"admin:{model}_changelist"), query, count)


def order_timeline_link(store_id, order_id, label="Order timeline"):
    """A link to an order's timeline (integrations.timeline_views), or "—" without an order."""
    if not store_id or not order_id:
        return "—"
    return format_html('<a href="{}">{}</a>', reverse("order_timeline", args=[store_id, order_id]),
                       label)


def when(value) -> str:
    """A moment in the current time zone (the person's: exceptions.timezones), named."""
    if not value:
        return "—"
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def when_short(value) -> str:
    """The same, compact, for list columns: "Dec 1, 21:03 CET"."""
    if not value:
        return "—"
    local = timezone.localtime(value)
    return f"{date_format(local, 'M j, H:i')} {local.tzname()}"


ADMIN_PATH = re.compile(r"(/admin/[A-Za-z0-9_\-/]*/)")


def with_admin_links(text: str):
    """Text (escaped) whose admin paths (/admin/…/, e.g. a history entry a ticket's
    resolution names) are links."""
    parts = ADMIN_PATH.split(text or "")
    return mark_safe("".join(  # noqa: S308 (every part is escaped or built by format_html)
        format_html('<a href="{}">{}</a>', part, part) if i % 2 else escape(part)
        for i, part in enumerate(parts)))


def pre(text: str):
    return format_html('<pre class="cp-pre">{}</pre>', text)


def pretty_json(value) -> str:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return json.dumps(value, indent=2, ensure_ascii=False)


TAX_MODE_WORDS = {
    "suitetax": "SuiteTax (tax details sent with each order)",
    "legacy": "Legacy tax (written through the RESTlet)",
}
TIME_ZONE_SOURCE_WORDS = {"restlet": "from the RESTlet", "connection": "typed in"}


def capabilities_summary(connection):
    """A NetSuite account's capabilities as last read, in plain words, and the last error."""
    capabilities = connection.account_capabilities
    lines = []
    if capabilities is not None:
        source = TIME_ZONE_SOURCE_WORDS.get(capabilities.time_zone_source)
        lines = [
            f"Tax: {TAX_MODE_WORDS[capabilities.tax_mode]}",
            f"Multiple currencies: {'on' if capabilities.multi_currency else 'off'}",
            f"Payment field: {capabilities.payment_field or 'none offered'}",
            f"Time zone: {capabilities.time_zone}" + (f" ({source})" if source else ""),
        ]
        lines += [f"Subsidiary {s.id}: {s.name or '—'} (currency {s.currency or '—'}, "
                  f"country {s.country or '—'})" for s in capabilities.subsidiaries]
        if capabilities.restlet_version:
            lines.append(f"RESTlet: version {capabilities.restlet_version}")
        lines.append(f"Read: {when(connection.capabilities_read_at)}")
    context = {
        "lines": lines,
        "disagreements": capabilities.disagreements if capabilities else (),
        "error": connection.capabilities_error,
    }
    return render_to_string("admin/cp/capabilities.html", context)


def jobs_table(jobs, links: bool = True):
    """`links`: each job links to its page (for those who may read the record of work)."""
    return render_to_string("admin/cp/jobs_table.html", {"jobs": jobs, "links": links})


# The colour of each way a run can end (generic pill colours of base_site.html).
ATTEMPT_TONES = {
    JobAttempt.Outcome.SUCCEEDED: "cp-ok",
    JobAttempt.Outcome.SKIPPED: "",
    JobAttempt.Outcome.RETRYING: "cp-warn",
    JobAttempt.Outcome.DEFERRED: "cp-info",
    JobAttempt.Outcome.PARKED: "cp-bad",
    JobAttempt.Outcome.PAUSED: "cp-bad",
    JobAttempt.Outcome.FAILED: "cp-bad",
}


def attempts_table(attempts):
    rows = [
        {"number": a.number, "outcome_label": a.get_outcome_display(),
         "tone": ATTEMPT_TONES.get(a.outcome, ""), "started": local_time(a.started_at),
         "finished": local_time(a.finished_at), "took": duration_in_words(a.duration_ms),
         "error_class_label": a.get_error_class_display() if a.error_class else "",
         "error": a.error}
        for a in attempts
    ]
    return render_to_string("admin/cp/attempts_table.html", {"attempts": rows})


def tickets_table(tickets):
    return render_to_string("admin/cp/tickets_table.html", {"tickets": tickets})


class EstimatedCountPaginator(Paginator):
    """Counting every row of a huge table on each page view is slow on PostgreSQL.

    Unfiltered, the planner's row estimate (pg_class.reltuples) is used once the table is
    large; a filtered list, a small table and other databases get an exact count.
    """

    exact_below = 100_000

    @cached_property
    def count(self):
        estimate = self.estimate()
        if estimate is not None and estimate >= self.exact_below:
            return estimate
        return super().count

    def estimate(self) -> int | None:
        qs = self.object_list
        if not isinstance(qs, QuerySet) or qs.query.where or qs.query.distinct:
            return None
        db = connections[qs.db]
        if db.vendor != "postgresql":
            return None
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
                [qs.model._meta.db_table],
            )
            row = cursor.fetchone()
        return int(row[0]) if row and row[0] is not None and row[0] >= 0 else None


class ConnectionFilter(admin.RelatedFieldListFilter):
    """Connections by name, loaded without their credentials (nothing to decrypt for a menu)."""

    def field_choices(self, field, request, model_admin):
        offered = Connection.objects.complex_filter(field.get_limit_choices_to())
        return list(offered.order_by("name").values_list("pk", "name"))


class UsedConnectionFilter(ConnectionFilter):
    """Only the connections the listed rows refer to (for the smaller tables)."""

    def field_choices(self, field, request, model_admin):
        used = model_admin.get_queryset(request).order_by().values(field.name)
        return list(
            Connection.objects.filter(pk__in=used).order_by("name").values_list("pk", "name")
        )
