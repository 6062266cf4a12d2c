"""Starting flows from a connection's page: one "Run now" button per on-demand flow of the
connection's kind (from the flow registry), and the read of a NetSuite account's
capabilities that follows each save of its connection.

The buttons post to `<connection>/run/<flow>/` (POST only, CSRF-checked by the admin site,
change permission on the connection required), which starts the run with
`integrations.runs.start_run` and says what it did. The work itself happens in a worker.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse

from .account_capabilities import FLOW_NAME as CAPABILITIES_FLOW
from .flows import ON_DEMAND, flows, on_demand_flows
from .forms import missing_credentials
from .models import Connection
from .runs import start_run


class FlowRunsAdmin:
    """Mixed into the Connection admin."""

    change_form_template = "admin/integrations/connection/change_form.html"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/run/<str:flow_name>/",
                self.admin_site.admin_view(self.run_flow_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_run",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        connection = self.get_object(request, unquote(object_id))
        if connection is not None and self.has_change_permission(request, connection):
            extra["run_buttons"] = [(flow.name, flow.run_label)
                                    for flow in on_demand_flows(connection.kind)]
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def run_flow_view(self, request, object_id, flow_name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        connection = self.get_object(request, unquote(object_id))
        if connection is None:
            raise Http404
        if not self.has_change_permission(request, connection):
            raise PermissionDenied
        flow = flows().get(flow_name)
        if flow is None or not flow.on_demand or flow.connection_kind != connection.kind:
            raise Http404(f"no on-demand flow {flow_name!r} for this connection")
        job, created = start_run(flow.name, connection, trigger=ON_DEMAND)
        if created:
            self.message_user(request, f"{flow.label}: started (sync job #{job.pk}); its "
                              "outcome shows here once a worker has run it.", messages.SUCCESS)
        else:
            self.message_user(request, f"{flow.label}: already started (sync job #{job.pk}).",
                              messages.WARNING)
        return HttpResponseRedirect(reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[connection.pk]
        ))

    def read_capabilities_after_save(self, request, connection: Connection) -> None:
        """Saving a NetSuite connection reads its account's capabilities again (in a worker,
        once the save has committed)."""
        if connection.kind != Connection.Kind.NETSUITE:
            return
        if not connection.is_active or missing_credentials(connection):
            self.message_user(request, "The account's capabilities will be read once the "
                              "connection is active with all its credentials.", messages.INFO)
            return
        job, _ = start_run(CAPABILITIES_FLOW, connection, trigger=ON_DEMAND)
        self.message_user(request, f"Reading the account's capabilities (sync job #{job.pk}).",
                          messages.INFO)
