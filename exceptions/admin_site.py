"""The control panel's admin site: the access policy in front of every admin, and a landing
page per person.

- Every registered admin gets `PolicyAdmin` in front (the libraries' admins too: users,
  groups, login logs, the job queue), so no page of the site answers outside the policy.
- Signing in lands on the person's queue: the ticket list of their team, open tickets first.
  The admin index stays where it is (/admin/), and "View site" leads to the queue.
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse

from . import access
from .access_admin import PolicyAdmin

TITLE = "Shopify ⇄ NetSuite control panel"


def queue_url(user) -> str:
    """Where a person starts: their team's open tickets, or the index if they see none."""
    if access.ticket_teams(user):
        return reverse("admin:exceptions_exceptionticket_changelist") + "?status__exact=open"
    return reverse("admin:index")


class ControlPanelSite(admin.AdminSite):
    site_header = TITLE
    site_title = TITLE
    index_title = "Control panel"
    # The queue needs the width of a 1366-pixel screen; the index and breadcrumbs lead around.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, PolicyAdmin):
            admin_class = type(admin_class.__name__, (PolicyAdmin, admin_class),
                               {"__module__": admin_class.__module__})
        return super().register(model_or_iterable, admin_class, **options)

    def each_context(self, request):
        context = super().each_context(request)
        user = getattr(request, "user", None)
        context["site_url"] = queue_url(user) if user and user.is_authenticated else None
        return context

    def login(self, request, extra_context=None):
        """A sign-in that asked for no particular page (the index, or nothing) lands on
        the person's queue."""
        response = super().login(request, extra_context)
        anywhere = ("", reverse("admin:index", current_app=self.name),
                    resolve_url(settings.LOGIN_REDIRECT_URL))
        if (request.method == "POST" and request.user.is_authenticated
                and response.status_code == 302 and response["Location"] in anywhere):
            return HttpResponseRedirect(queue_url(request.user))
        return response
