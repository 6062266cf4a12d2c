"""The control panel for connections and the record of work (events, jobs, links).

Events, jobs and links are records: they are viewed here, never added or edited (who may
view which, and who reads their raw payloads, is exceptions.access). Connection credentials
are set through write-only fields and never rendered, not even encrypted.
"""

from django.contrib import admin, messages
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from exceptions import access
from exceptions.access_admin import PolicyAdmin
from exceptions.models import ExceptionTicket

from .admin_display import (
    ConnectionFilter,
    EstimatedCountPaginator,
    admin_link,
    attempts_table,
    filtered_link,
    jobs_table,
    order_timeline_link,
    pill,
    pre,
    pretty_json,
    status_pill,
    tickets_table,
    when,
)
from .forms import (
    ALL_CREDENTIALS,
    SECRET_FIELDS,
    ConnectionForm,
    credential_states,
    missing_credentials,
    previous_secret_valid_until,
)
from .models import Connection, SyncJob, SyncLink, WebhookEvent
from .order_directory import ORDER_FLOWS, ORDER_TOPICS


class RecordAdmin(PolicyAdmin, admin.ModelAdmin):
    """Records (access.RECORDS): nobody adds or changes them; only superusers delete."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50


ENDPOINT_FIELDS = {
    Connection.Kind.SHOPIFY: ["shop_domain", "netsuite"],
    Connection.Kind.NETSUITE: ["account_id", "concurrency_limit"],
}
HEALTH_FIELDS = [
    "health_column", "health_detail", "paused_at", "last_success_at", "last_error_at",
    "signature_failures", "last_signature_failure_at", "created_at",
]


def _count(queryset, field: str):
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")[:1]), 0)


@admin.register(Connection)
class ConnectionAdmin(PolicyAdmin, SimpleHistoryAdmin):
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
        "last_signature_failure_at", "created_at",
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


@admin.register(WebhookEvent)
class WebhookEventAdmin(RecordAdmin):
    list_display = (
        "received_at", "topic", "shop_domain", "resource_id", "status_column", "deliveries",
        "processed_at",
    )
    list_filter = (
        "status", ("received_at", admin.DateFieldListFilter), ("connection", ConnectionFilter),
    )
    search_fields = ("=event_id", "=resource_id", "=webhook_id", "^topic")
    list_select_related = ("connection",)
    ordering = ("-received_at",)
    fieldsets = [
        (None, {"fields": [
            "status_column", "topic", "shop_domain", "connection_link", "resource_id",
            "order_link", "resource_updated_at", "rejection_reason", "note",
        ]}),
        ("Delivery", {"fields": [
            "event_id", "webhook_id", "api_version", "triggered_at", "received_at",
            "last_delivery_at", "deliveries", "processed_at",
        ]}),
        ("Jobs and tickets", {"fields": ["job_list", "ticket_list"]}),
        ("Headers (allow-listed)", {"fields": ["headers_table"]}),
        ("Body", {"fields": ["body_pretty"]}),
    ]
    readonly_fields = (
        "status_column", "connection_link", "order_link", "job_list", "ticket_list",
        "headers_table", "body_pretty",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("connection")
        return qs.defer("body", "connection__credentials")

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        return status_pill(obj, "event")

    @admin.display(description="connection")
    def connection_link(self, obj):
        return admin_link(obj.connection)

    @admin.display(description="order")
    def order_link(self, obj):
        if not obj.topic.startswith(ORDER_TOPICS):
            return "—"
        return order_timeline_link(obj.connection_id, obj.resource_id)

    @admin.display(description="sync jobs")
    def job_list(self, obj):
        return jobs_table(obj.jobs.order_by("pk"))

    @admin.display(description="tickets")
    def ticket_list(self, obj):
        tickets = (
            ExceptionTicket.objects.filter(Q(jobs__event=obj) | Q(last_event=obj))
            .distinct().order_by("-last_seen")
        )
        return tickets_table(tickets)

    @admin.display(description="headers")
    def headers_table(self, obj):
        rows = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", sorted(obj.headers.items()))
        return format_html('<table class="cp-table">{}</table>', rows) if rows else "None kept."

    @admin.display(description="raw body")
    def body_pretty(self, obj):
        return pre(pretty_json(obj.body))


@admin.register(SyncJob)
class SyncJobAdmin(RecordAdmin):
    list_display = (
        "id", "object_label", "flow", "connection", "status_column", "error_class", "attempts",
        "next_retry_at", "created_at", "duration_ms",
    )
    list_display_links = ("id", "object_label")
    list_filter = (
        "status", "error_class", "flow", ("created_at", admin.DateFieldListFilter),
        ("connection", ConnectionFilter),
    )
    search_fields = ("=object_id", "=idempotency_key", "^object_label")
    list_select_related = ("connection",)
    ordering = ("-created_at",)
    fieldsets = [
        (None, {"fields": [
            "status_column", "flow", "object_label", "object_id", "order_link",
            "idempotency_key", "connection_link", "event_link",
        ]}),
        ("Outcome", {"fields": [
            "error_class", "attempts", "attempt_list", "next_retry_at", "last_error_pre",
            "result_pretty", "ticket_list", "links_table",
        ]}),
        ("Timings", {"fields": [
            "created_at", "enqueued_at", "started_at", "finished_at", "duration_ms", "updated_at",
        ]}),
    ]
    readonly_fields = (
        "status_column", "connection_link", "event_link", "order_link", "attempt_list",
        "last_error_pre",
        "result_pretty", "ticket_list", "links_table", "created_at", "updated_at",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("connection")
        return qs.defer("connection__credentials")

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        return status_pill(obj, "job")

    @admin.display(description="connection")
    def connection_link(self, obj):
        return admin_link(obj.connection)

    @admin.display(description="order")
    def order_link(self, obj):
        if obj.flow not in ORDER_FLOWS:
            return "—"
        return order_timeline_link(obj.connection_id, obj.object_id)

    @admin.display(description="webhook event")
    def event_link(self, obj):
        return admin_link(obj.event)

    @admin.display(description="each attempt")
    def attempt_list(self, obj):
        return attempts_table(obj.attempt_records.order_by("finished_at", "pk"))

    @admin.display(description="last error")
    def last_error_pre(self, obj):
        return pre(obj.last_error) if obj.last_error else "—"

    @admin.display(description="result")
    def result_pretty(self, obj):
        return pre(pretty_json(obj.result)) if obj.result else "—"

    @admin.display(description="tickets")
    def ticket_list(self, obj):
        return tickets_table(obj.tickets.order_by("-last_seen"))

    @admin.display(description="records written")
    def links_table(self, obj):
        links = SyncLink.objects.filter(last_job=obj)
        items = format_html_join("", "<li>{}</li>", ((admin_link(link),) for link in links))
        return format_html('<ul class="cp-list">{}</ul>', items) if items else "None."


@admin.register(SyncLink)
class SyncLinkAdmin(RecordAdmin):
    list_display = (
        "shopify_type", "shopify_id", "netsuite_type", "netsuite_id", "external_id",
        "connection", "last_synced_at", "job_link",
    )
    list_filter = (("connection", ConnectionFilter), ("last_synced_at", admin.DateFieldListFilter))
    search_fields = ("=shopify_id", "=netsuite_id", "=external_id")
    list_select_related = ("connection", "last_job")
    ordering = ("-last_synced_at",)
    readonly_fields = ("job_link",)
    fields = (
        "connection", "shopify_type", "shopify_id", "netsuite_type", "netsuite_id",
        "external_id", "source_updated_at", "job_link", "created_at", "last_synced_at",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("connection", "last_job")
        return qs.defer("connection__credentials")

    @admin.display(description="last job")
    def job_link(self, obj):
        return admin_link(obj.last_job, f"#{obj.last_job_id}") if obj.last_job_id else "—"
