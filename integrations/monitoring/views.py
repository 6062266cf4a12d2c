"""The monitoring dashboard: an admin page (/admin/dashboard/) for every team."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from exceptions import access

from . import board


def dashboard(request):
    """Jobs, lag, queues, connections and deliveries per store and flow; the person's own
    teams' tickets and standing alerts. Wrapped in admin.site.admin_view (config/urls.py)."""
    if not access.can_view_model(request.user, access.MONITORING_DASHBOARD):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "board": board.build(request.user, timezone.now()),
        "sees_raw_payloads": access.sees_raw_payloads(request.user),
    }
    return TemplateResponse(request, "admin/monitoring/dashboard.html", context)
