"""The record of work in the control panel: webhook events, sync jobs and the links they made.

Records are viewed, never added or edited, and only superusers delete them (exceptions.access
says who views which). Raw payloads carry customer names, addresses and emails: an event's
headers and body and a job's raw result are shown only to those the policy lets read raw
payloads (Integration admin); the others read the facts (topic, order, status, NetSuite ids).
The tickets listed on a record are those the viewer may see.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html, format_html_join

from exceptions import access
from exceptions.access_admin import PolicyAdmin
from exceptions.models import ExceptionTicket

from .admin_display import (
    ConnectionFilter,
    EstimatedCountPaginator,
    admin_link,
    attempts_table,
    jobs_table,
    order_timeline_link,
    pre,
    pretty_json,
    status_pill,
    tickets_table,
)
from .models import SyncJob, SyncLink, WebhookEvent
from .order_directory import ORDER_FLOWS, ORDER_TOPICS

RESULT_FACTS = (("netsuite_id", "NetSuite internal id"), ("external_id", "NetSuite externalId"),
                ("created", "created in NetSuite"), ("held", "held for review"),
                ("skipped", "skipped"))


def viewer(obj):
    """Who is looking at `obj` (set by PolicyAdmin.get_object for this request)."""
    return getattr(obj, "_viewer", None)


def link_for(obj, user, label=None):
    """A link to the record's page if the viewer may open it, its name otherwise."""
    if obj is None:
        return "—"
    if user is not None and not access.allows(user, "view", obj):
        return str(obj if label is None else label)
    return admin_link(obj, label)


def raw_or_hidden(request, raw: list, hidden: str) -> list:
    return raw if access.sees_raw_payloads(request.user) else [hidden]


class RecordAdmin(PolicyAdmin, admin.ModelAdmin):
    """Records (access.RECORDS): nobody adds or changes them; only superusers delete."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50

    def visible_tickets(self, obj, tickets):
        return tickets_table(access.scope(viewer(obj), tickets).order_by("-last_seen"))

    def jobs_of(self, obj, jobs):
        user = viewer(obj)
        return jobs_table(jobs.order_by("pk"), links=user is None or access.can_view_model(
            user, access.JOBS))


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
    readonly_fields = (
        "status_column", "connection_link", "order_link", "job_list", "ticket_list",
        "headers_table", "body_pretty", "raw_hidden",
    )

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": [
                "status_column", "topic", "shop_domain", "connection_link", "resource_id",
                "order_link", "resource_updated_at", "rejection_reason", "note",
            ]}),
            ("Delivery", {"fields": [
                "event_id", "webhook_id", "api_version", "triggered_at", "received_at",
                "last_delivery_at", "deliveries", "processed_at",
            ]}),
            ("Jobs and tickets", {"fields": ["job_list", "ticket_list"]}),
            ("Headers (allow-listed) and body", {"fields": raw_or_hidden(
                request, ["headers_table", "body_pretty"], "raw_hidden")}),
        ]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("connection")
        return qs.defer("body", "connection__credentials")

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        return status_pill(obj, "event")

    @admin.display(description="connection")
    def connection_link(self, obj):
        return link_for(obj.connection, viewer(obj))

    @admin.display(description="order")
    def order_link(self, obj):
        if not obj.topic.startswith(ORDER_TOPICS):
            return "—"
        return order_timeline_link(obj.connection_id, obj.resource_id)

    @admin.display(description="sync jobs")
    def job_list(self, obj):
        return self.jobs_of(obj, obj.jobs)

    @admin.display(description="tickets")
    def ticket_list(self, obj):
        tickets = ExceptionTicket.objects.filter(Q(jobs__event=obj) | Q(last_event=obj))
        return self.visible_tickets(obj, tickets.distinct())

    @admin.display(description="headers")
    def headers_table(self, obj):
        rows = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", sorted(obj.headers.items()))
        return format_html('<table class="cp-table">{}</table>', rows) if rows else "None kept."

    @admin.display(description="raw body")
    def body_pretty(self, obj):
        return pre(pretty_json(obj.body))

    @admin.display(description="raw delivery")
    def raw_hidden(self, obj):
        return "It carries customer data: Integration admin can read it."


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
    readonly_fields = (
        "status_column", "connection_link", "event_link", "order_link", "attempt_list",
        "last_error_pre", "result_pretty", "result_facts", "ticket_list", "links_table",
        "created_at", "updated_at",
    )

    def get_fieldsets(self, request, obj=None):
        result = raw_or_hidden(request, ["result_pretty"], "result_facts")
        return [
            (None, {"fields": [
                "status_column", "flow", "object_label", "object_id", "order_link",
                "idempotency_key", "connection_link", "event_link",
            ]}),
            ("Outcome", {"fields": [
                "error_class", "attempts", "attempt_list", "next_retry_at", "last_error_pre",
                *result, "ticket_list", "links_table",
            ]}),
            ("Timings", {"fields": [
                "created_at", "enqueued_at", "started_at", "finished_at", "duration_ms",
                "updated_at",
            ]}),
        ]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("connection")
        return qs.defer("connection__credentials")

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        return status_pill(obj, "job")

    @admin.display(description="connection")
    def connection_link(self, obj):
        return link_for(obj.connection, viewer(obj))

    @admin.display(description="webhook event")
    def event_link(self, obj):
        return link_for(obj.event, viewer(obj))

    @admin.display(description="order")
    def order_link(self, obj):
        if obj.flow not in ORDER_FLOWS:
            return "—"
        return order_timeline_link(obj.connection_id, obj.object_id)

    @admin.display(description="each attempt")
    def attempt_list(self, obj):
        return attempts_table(obj.attempt_records.order_by("finished_at", "pk"))

    @admin.display(description="last error")
    def last_error_pre(self, obj):
        return pre(obj.last_error) if obj.last_error else "—"

    @admin.display(description="result (raw)")
    def result_pretty(self, obj):
        return pre(pretty_json(obj.result)) if obj.result else "—"

    @admin.display(description="result")
    def result_facts(self, obj):
        result = obj.result if isinstance(obj.result, dict) else {}
        rows = [(label, result[key]) for key, label in RESULT_FACTS if key in result]
        if not rows:
            return "—"
        shown = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        return format_html('<table class="cp-table">{}</table>', shown)

    @admin.display(description="tickets")
    def ticket_list(self, obj):
        return self.visible_tickets(obj, obj.tickets.all())

    @admin.display(description="records written")
    def links_table(self, obj):
        links = SyncLink.objects.filter(last_job=obj)
        items = format_html_join("", "<li>{}</li>", ((link_for(link, viewer(obj)),)
                                                     for link in links))
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
        "netsuite_status", "external_id", "source_updated_at", "job_link", "created_at",
        "last_synced_at",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("connection", "last_job")
        return qs.defer("connection__credentials")

    @admin.display(description="last job")
    def job_link(self, obj):
        if not obj.last_job_id:
            return "—"
        return link_for(obj.last_job, viewer(obj), f"#{obj.last_job_id}")
