"""The control panel for connections (the record of work is in admin_records).

Connection credentials are set through write-only fields and never rendered, not even
encrypted. Who may view or change a connection is exceptions.access.
"""

from django.contrib import admin, messages
from django.db.models import Case, Count, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from exceptions import access
from exceptions.access_admin import PolicyAdmin
from exceptions.models import ExceptionTicket

from . import admin_records  # noqa: F401  (registers the events, jobs and links admins)
from .admin_display import (
    capabilities_summary,
    filtered_link,
    pill,
    status_pill,
    when,
)
from .admin_runs import FlowRunsAdmin
from .forms import (
    ALL_CREDENTIALS,
    SECRET_FIELDS,
    ConnectionForm,
    credential_states,
    missing_credentials,
    previous_secret_valid_until,
)
from .models import Connection, SyncJob

ENDPOINT_FIELDS = {
    Connection.Kind.SHOPIFY: ["shop_domain", "netsuite"],
    Connection.Kind.NETSUITE: ["account_id", "concurrency_limit", "restlet_url", "time_zone"],
}
HEALTH_FIELDS = [
    "health_column", "health_detail", "paused_at", "last_success_at", "last_error_at",
    "signature_failures", "last_signature_failure_at", "created_at",
]


def _count(queryset, field: str):
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")[:1]), 0)


@admin.register(Connection)
class ConnectionAdmin(PolicyAdmin, FlowRunsAdmin, SimpleHistoryAdmin):
    form = ConnectionForm
    list_display = (
        "name", "kind", "endpoint", "health_column", "credentials_column", "open_tickets",
        "parked_jobs", "last_success_at", "last_error_at", "signature_failures", "is_active",
    )
    list_filter = ("kind", "health", "is_active")
    search_fields = ("name", "shop_domain", "account_id")
    ordering = (  # paused connections on top
        Case(When(health=Connection.Health.PAUSED, then=Value(0)), default=Value(1)).asc(),
        "kind", "name",
    )
    readonly_fields = (
        "credential_status", "previous_webhook_secret_valid_until", "health_column",
        "health_detail", "paused_at", "last_success_at", "last_error_at", "signature_failures",
        "last_signature_failure_at", "created_at", "capabilities_column",
    )

    def get_queryset(self, request):
        parked = SyncJob.objects.filter(status__in=[SyncJob.Status.PARKED, SyncJob.Status.PAUSED])
        tickets = access.scope(request.user, ExceptionTicket.objects.filter(
            status__in=ExceptionTicket.OPEN_STATUSES))
        return super().get_queryset(request).annotate(
            open_ticket_count=_count(tickets, "store"),
            parked_job_count=_count(parked, "connection"),
        )

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "kind") if obj else self.readonly_fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "base_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        kinds = [obj.kind] if obj else list(Connection.Kind)
        endpoint = ["base_url", "api_version", *(f for k in kinds for f in ENDPOINT_FIELDS[k])]
        secrets = [f for k in kinds for f in SECRET_FIELDS[k]]
        if not self.has_change_permission(request, obj):
            secrets = []
        if obj and obj.kind == Connection.Kind.SHOPIFY:
            secrets.append("previous_webhook_secret_valid_until")
        fieldsets = [
            (None, {"fields": ["name", "kind", "is_active"]}),
            ("Endpoint", {"fields": endpoint}),
            ("Credentials", {
                "fields": ["credential_status", *secrets, "credentials_expire_at"],
                "description": "Stored encrypted and never shown. Type a value to replace "
                "one; leave a field blank to keep what is stored. Only the fields of this "
                "connection's kind are used.",
            }),
        ]
        if obj and obj.kind == Connection.Kind.NETSUITE:
            fieldsets.append(("Account capabilities", {
                "fields": ["capabilities_column"],
                "description": "Read from the account when the connection is saved, daily, "
                "and on demand (Run now, below); the flows write to it accordingly.",
            }))
        if obj:
            fieldsets.append(("Health", {"fields": HEALTH_FIELDS}))
        return fieldsets

    @admin.display(description="endpoint")
    def endpoint(self, obj):
        return obj.shop_domain or obj.account_id or obj.base_url

    @admin.display(description="health", ordering="health")
    def health_column(self, obj):
        shown = status_pill(obj, "health", "health")
        if obj.is_paused:
            return format_html("{} since {}", shown, when(obj.paused_at))
        return shown

    @admin.display(description="credentials")
    def credentials_column(self, obj):
        missing = missing_credentials(obj)
        if not missing:
            return pill("credential", "set", "all set")
        return pill("credential", "missing", "missing: " + ", ".join(missing).lower())

    @admin.display(description="capabilities")
    def capabilities_column(self, obj):
        return capabilities_summary(obj) if obj is not None and obj.pk else "Not read yet."

    @admin.display(description="credentials stored")
    def credential_status(self, obj):
        if obj is None or not obj.pk:
            return "None yet."
        until = previous_secret_valid_until(obj, timezone.now())
        context = {"states": credential_states(obj), "previous_until": until}
        return render_to_string("admin/cp/credentials.html", context)

    @admin.display(description="open tickets", ordering="open_ticket_count")
    def open_tickets(self, obj):
        query = f"store__id__exact={obj.pk}&status__in=open,snoozed"
        return filtered_link("exceptions_exceptionticket", query, obj.open_ticket_count)

    @admin.display(description="parked jobs", ordering="parked_job_count")
    def parked_jobs(self, obj):
        query = f"connection__id__exact={obj.pk}&status__in=parked,paused"
        return filtered_link("integrations_syncjob", query, obj.parked_job_count)

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            paused = list(
                Connection.objects.filter(health=Connection.Health.PAUSED)
                .order_by("name").values_list("name", flat=True)
            )
            if paused:
                messages.error(
                    request,
                    f"Paused (credentials rejected): {', '.join(paused)}. Their jobs are "
                    "parked until new credentials are saved here.",
                )
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        current = Connection.objects.get(pk=obj.pk) if change else None
        changed = form.apply_to(obj, current, timezone.now())
        was_paused = current is not None and current.is_paused
        labels = ", ".join(ALL_CREDENTIALS[key].lower() for key in changed)
        if changed:
            obj._change_reason = f"Credentials replaced: {labels}"
        super().save_model(request, obj, form, change)
        self.read_capabilities_after_save(request, obj)
        if not changed:
            return
        self.message_user(request, f"Stored encrypted: {labels}.", messages.SUCCESS)
        if was_paused:
            from .connections import resume_connection

            resumed = resume_connection(obj, request.user)
            jobs = ngettext("%(n)d paused job is", "%(n)d paused jobs are", resumed)
            jobs %= {"n": resumed}
            self.message_user(
                request, f"{obj} was paused: it is resumed and {jobs} queued again.",
                messages.SUCCESS,
            )

