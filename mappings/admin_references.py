"""NetSuite's reference lists in the admin: the records as last read (read-only), each list
with when it was last read, and "Read now" for an account.

Who sees which list is exceptions.access (`reference_kinds`: the lists of the mappings a
person may view); reading again is the policy action "read" on reference lists.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from exceptions import access
from exceptions.access_admin import PolicyAdmin, policy_action
from integrations.admin_display import ConnectionFilter, EstimatedCountPaginator, pill, when
from integrations.models import Connection
from integrations.runs import start_run

from .reference_models import NetSuiteRecord, ReferenceList
from .reference_picker import search_view
from .references import percent

FLOW = "netsuite_references"
# Read every six hours: a list not read for two periods is late.
LATE_AFTER = timedelta(hours=12)


class RecordStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("inactive", "Inactive in NetSuite"),
                ("gone", "No longer in NetSuite")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(is_inactive=False, gone_at__isnull=True)
        if self.value() == "inactive":
            return queryset.filter(is_inactive=True, gone_at__isnull=True)
        if self.value() == "gone":
            return queryset.filter(gone_at__isnull=False)
        return queryset


class ReadOnly:
    """The flow writes these; the admin only shows them."""

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("connection")
        return qs.defer("connection__credentials")


@admin.register(NetSuiteRecord)
class NetSuiteRecordAdmin(ReadOnly, PolicyAdmin, admin.ModelAdmin):
    list_display = ("name", "code", "internal_id", "kind", "status_column", "detail_column",
                    "read_column", "connection")
    list_filter = ("kind", RecordStatusFilter, ("connection", ConnectionFilter))
    search_fields = ("name", "code", "=internal_id")
    list_select_related = ("connection",)
    ordering = ("kind", "name", "internal_id")
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 100

    def get_urls(self):
        return [
            path("pick/", self.admin_site.admin_view(search_view),
                 name="mappings_netsuiterecord_pick"),
            *super().get_urls(),
        ]

    @admin.display(description="status")
    def status_column(self, obj):
        picked = obj.picked()
        value = "gone" if obj.gone_at else ("inactive" if obj.is_inactive else "active")
        return pill("reference", value, picked.status)

    @admin.display(description="details")
    def detail_column(self, obj):
        details = obj.details or {}
        shown = {
            "rate": lambda v: f"rate {percent(v)}", "tax_type": lambda v: f"tax type {v}",
            "item_type": lambda v: v, "account_type": lambda v: v,
            "currency": lambda v: f"currency {v}", "country": lambda v: v,
        }
        return ", ".join(shown[k](v) for k, v in details.items() if k in shown) or "—"

    @admin.display(description="last read", ordering="read_at")
    def read_column(self, obj):
        if obj.gone_at:
            return format_html("{}<br>gone since {}", when(obj.read_at), when(obj.gone_at))
        return when(obj.read_at)


@admin.register(ReferenceList)
class ReferenceListAdmin(ReadOnly, PolicyAdmin, admin.ModelAdmin):
    list_display = ("kind", "connection", "read_column", "records_link", "inactive", "gone",
                    "error_column")
    list_filter = ("kind", ("connection", ConnectionFilter))
    list_select_related = ("connection",)
    ordering = ("connection__name", "kind")
    actions = ("read_selected",)
    change_list_template = "admin/mappings/referencelist/change_list.html"

    @admin.display(description="last read", ordering="read_at")
    def read_column(self, obj):
        if obj.read_at is None:
            return pill("reference-list", "never", "never read")
        late = timezone.now() - obj.read_at > LATE_AFTER
        return pill("reference-list", "late" if late else "read", when(obj.read_at))

    @admin.display(description="records", ordering="records")
    def records_link(self, obj):
        url = reverse("admin:mappings_netsuiterecord_changelist")
        query = f"kind__exact={obj.kind}&connection__id__exact={obj.connection_id}"
        return format_html('<a href="{}?{}">{}</a>', url, query, obj.records)

    @admin.display(description="last error")
    def error_column(self, obj):
        if not obj.error:
            return "—"
        return format_html("{}<br><small>{}</small>", obj.error[:300], when(obj.error_at))

    # Reading again ------------------------------------------------------------------------

    def get_urls(self):
        return [
            path("read/<int:connection_id>/", self.admin_site.admin_view(self.read_view),
                 name="mappings_referencelist_read"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {**(extra_context or {}), "netsuite_accounts": self._accounts(request)}
        return super().changelist_view(request, context)

    def _accounts(self, request) -> list[dict]:
        """Each NetSuite account: when the least recently read of its lists the user sees
        was read, and whether the user may read them again."""
        may_read = access.can_run_action(request.user, "read", ReferenceList)
        oldest = dict(self.get_queryset(request).order_by().values("connection_id")
                      .annotate(oldest=Min("read_at")).values_list("connection_id", "oldest"))
        accounts = Connection.objects.filter(kind=Connection.Kind.NETSUITE).defer("credentials")
        return [{"connection": c, "oldest": when(oldest[c.pk]) if oldest.get(c.pk) else "",
                 "may_read": may_read,
                 "read_url": reverse("admin:mappings_referencelist_read", args=[c.pk])}
                for c in accounts.order_by("name")]

    def read_view(self, request, connection_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not access.can_run_action(request.user, "read", ReferenceList):
            raise PermissionDenied
        account = Connection.objects.filter(pk=connection_id,
                                            kind=Connection.Kind.NETSUITE).first()
        if account is None:
            raise Http404("No such NetSuite account.")
        self._read(request, [account])
        return HttpResponseRedirect(reverse("admin:mappings_referencelist_changelist"))

    @policy_action("read", description="Read the selected lists' accounts again now")
    def read_selected(self, request, queryset):
        ids = queryset.values_list("connection_id", flat=True).distinct()
        self._read(request, list(Connection.objects.filter(pk__in=ids).defer("credentials")))

    def _read(self, request, accounts) -> None:
        for account in accounts:
            job, _ = start_run(FLOW, account)
            self.message_user(
                request, f"Reading the reference lists of {account.name} now (sync job "
                f"#{job.pk}): reload this page in a moment.", messages.SUCCESS)

