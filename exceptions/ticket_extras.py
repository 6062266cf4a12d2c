"""What the ticket admin adds for "fix once, clear all" and suggested resolutions.

`TicketPageExtras` goes in front of the ticket admin: its page gets the fix-once offer (how
many stuck jobs the ticket groups, linked to their preview, for people who may retry it)
and the suggestions from earlier tickets (exceptions.suggestions), shown by
templates/admin/exceptions/exceptionticket/ticket_extras.html; its list gets the "Fix once"
action, which opens the preview of the one ticket selected.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from . import access
from .access_admin import policy_action
from .actions import RETRYABLE
from .groups import group_tickets, jobs_of
from .suggestions import suggestions_for


def fix_once_offer(ticket, user) -> dict | None:
    """For the ticket page: the group's size and the preview's address, or None when the
    person may not retry the ticket."""
    if not access.can_run_action(user, "retry", ticket):
        return None
    grouped = group_tickets(ticket, user)
    return {
        "url": reverse("fix_once_preview", args=[ticket.pk]),
        "jobs": jobs_of(grouped, RETRYABLE).count(),
        "tickets": grouped.count(),
    }


class TicketPageExtras:
    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None:
            context["fix_once"] = fix_once_offer(obj, request.user)
            context["suggestions"] = suggestions_for(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @policy_action("retry", description="Fix once: preview, then retry every job it groups")
    def fix_once_selected(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True)[:2])
        if len(chosen) != 1:
            self.message_user(request, "Fix once works on one ticket: select just one.",
                              messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("fix_once_preview", args=chosen))
