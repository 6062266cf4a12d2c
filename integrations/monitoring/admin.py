"""The alerts sent and their digests, read-only (the sweeper writes them; who reads them is
exceptions.access: Integration admin and Governance)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from integrations.admin_display import admin_link, filtered_link, pre

from .models import AlertDigest, AlertSent
from .wording import stamp


class StandingFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return [("yes", "Standing"), ("no", "Cleared")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(cleared_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(cleared_at__isnull=False)
        return queryset


@admin.register(AlertSent)
class AlertSentAdmin(admin.ModelAdmin):
    list_display = ("summary_column", "team", "kind", "state", "times_sent", "first_sent",
                    "last_sent", "digest_link")
    list_filter = ("team", "kind", StandingFilter)
    search_fields = ("summary", "=subject_key")
    list_select_related = ("digest",)
    ordering = ("-last_sent_at",)
    fields = ("team", "kind", "subject_key", "summary", "where", "state", "times_sent",
              "first_sent", "last_sent", "cleared", "digest_link")
    readonly_fields = ("where", "state", "first_sent", "last_sent", "cleared", "digest_link")

    @admin.display(description="alert", ordering="summary")
    def summary_column(self, obj):
        return obj.summary[:160]

    @admin.display(description="state", ordering="cleared_at")
    def state(self, obj):
        if obj.is_standing:
            return format_html('<span class="cp-pill cp-bad">{}</span>', "standing")
        return format_html('<span class="cp-pill cp-ok">cleared</span> {}', stamp(obj.cleared_at))

    @admin.display(description="where to look")
    def where(self, obj):
        return format_html('<a href="{}">{}</a>', obj.link, obj.link) if obj.link else "—"

    @admin.display(description="first sent", ordering="first_sent_at")
    def first_sent(self, obj):
        return stamp(obj.first_sent_at)

    @admin.display(description="last sent", ordering="last_sent_at")
    def last_sent(self, obj):
        return stamp(obj.last_sent_at)

    @admin.display(description="cleared", ordering="cleared_at")
    def cleared(self, obj):
        return stamp(obj.cleared_at)

    @admin.display(description="digest")
    def digest_link(self, obj):
        return admin_link(obj.digest, f"#{obj.digest_id}")


@admin.register(AlertDigest)
class AlertDigestAdmin(admin.ModelAdmin):
    list_display = ("subject", "team", "sent", "alert_count", "recipient_count",
                    "webhook_status", "delivery_note")
    list_filter = ("team",)
    search_fields = ("subject", "recipients")
    ordering = ("-sent_at",)
    fields = ("team", "sent", "subject", "recipients", "webhook_status", "delivery_note",
              "body_pre", "alert_list")
    readonly_fields = ("sent", "body_pre", "alert_list")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(alert_total=Count("alerts"))

    @admin.display(description="sent", ordering="sent_at")
    def sent(self, obj):
        return stamp(obj.sent_at)

    @admin.display(description="alerts", ordering="alert_total")
    def alert_count(self, obj):
        return filtered_link("monitoring_alertsent", f"digest__exact={obj.pk}",
                             obj.alert_total)

    @admin.display(description="recipients")
    def recipient_count(self, obj):
        return len(obj.recipients.split()) if obj.recipients else 0

    @admin.display(description="message")
    def body_pre(self, obj):
        return pre(obj.body)

    @admin.display(description="alerts carried")
    def alert_list(self, obj):
        items = format_html_join("", "<li>{}</li>", (
            (admin_link(a, a.summary[:160]),) for a in obj.alerts.order_by("kind", "pk")))
        return format_html('<ul class="cp-list">{}</ul>', items) if items else "—"
