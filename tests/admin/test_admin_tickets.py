"""The exception queue: bulk and one-click actions call exceptions.actions and say what they did."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exceptions.catalogue import UNKNOWN_SKU
from exceptions.models import ExceptionTicket, TicketType
from integrations.models import SyncJob

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:exceptions_exceptionticket_changelist"


def run_action(client, action, tickets, **bar):
    """Post a bulk action as the action bar does (`bar`: note, assignee, until)."""
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [t.pk for t in tickets], **bar},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_retry_requeues_the_parked_jobs_after_commit(
    admin_client, ticket, parked_job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = run_action(admin_client, "retry_selected", [ticket])

    parked_job.refresh_from_db()
    assert parked_job.status == SyncJob.Status.PENDING
    assert callbacks, "the job is enqueued only once the retry commits"
    assert "Retried 1 ticket: 1 job re-queued." in messages_of(response)


def test_retry_with_nothing_stuck_says_so(admin_client, ticket, parked_job):
    SyncJob.objects.filter(pk=parked_job.pk).update(status=SyncJob.Status.SUCCEEDED)

    response = run_action(admin_client, "retry_selected", [ticket])

    assert "Retried 1 ticket: 0 jobs re-queued." in messages_of(response)


def test_resolve_closes_the_tickets_and_records_who_and_why(admin_client, admin_user, ticket,
                                                            new_ticket):
    other = new_ticket(title="Unknown SKU MUG-GREEN")

    response = run_action(admin_client, "resolve_selected", [ticket, other],
                          note="mapped both SKUs")

    assert "Resolved 2 tickets." in messages_of(response)
    for t in (ticket, other):
        t.refresh_from_db()
        assert t.status == ExceptionTicket.Status.RESOLVED
        assert t.resolved_by == admin_user
        assert t.resolution_note == "mapped both SKUs"
        record = t.history.latest()
        assert (record.history_user, record.history_change_reason) == (
            admin_user, "mapped both SKUs")


def test_resolving_without_a_note_resolves_nothing(admin_client, ticket):
    response = run_action(admin_client, "resolve_selected", [ticket])

    assert "Nothing resolved: say how in the note." in messages_of(response)
    ticket.refresh_from_db()
    assert ticket.is_open


def test_snooze_hides_the_tickets_for_a_day(admin_client, ticket):
    before = timezone.now()

    response = run_action(admin_client, "snooze_selected", [ticket])

    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.SNOOZED
    assert before + timedelta(hours=24) <= ticket.snoozed_until
    assert ticket.snoozed_until <= timezone.now() + timedelta(hours=24)
    assert any(m.startswith("Snoozed 1 ticket until") for m in messages_of(response))


def test_resolved_tickets_are_skipped_and_reported(admin_client, ticket, new_ticket):
    done = new_ticket(title="Old one", status=ExceptionTicket.Status.RESOLVED)

    response = run_action(admin_client, "resolve_selected", [ticket, done], note="fixed")

    assert "Skipped 1 ticket already resolved: nothing to resolve." in messages_of(response)
    assert "Resolved 1 ticket." in messages_of(response)


def test_the_change_page_shows_guidance_jobs_and_the_buttons(admin_client, ticket, parked_job):
    html = admin_client.get(
        reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk])
    ).text

    assert TicketType.objects.get(code=UNKNOWN_SKU).guidance in html
    assert reverse("admin:integrations_syncjob_change", args=[parked_job.pk]) in html
    assert '<span class="cp-pill cp-job-parked">Parked (needs a person)</span>' in html
    assert 'name="_save"' not in html  # a ticket changes only through its actions
    act = reverse("admin:exceptions_exceptionticket_act", args=[ticket.pk, "resolve"])
    assert f'formaction="{act}"' in html


@pytest.mark.parametrize(
    ("verb", "status"),
    [("resolve", ExceptionTicket.Status.RESOLVED), ("snooze", ExceptionTicket.Status.SNOOZED),
     ("retry", ExceptionTicket.Status.OPEN)],
)
def test_a_button_on_the_change_page_acts_with_the_typed_note(admin_client, ticket, verb, status):
    url = reverse("admin:exceptions_exceptionticket_act", args=[ticket.pk, verb])

    response = admin_client.post(url, {"_ticket_note": "mapped MUG-BLUE to item 302"})

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == status
    assert ticket.history.latest().history_change_reason == "mapped MUG-BLUE to item 302"


def test_the_buttons_need_a_post_and_a_known_verb(admin_client, ticket):
    act = "admin:exceptions_exceptionticket_act"

    assert admin_client.get(reverse(act, args=[ticket.pk, "resolve"])).status_code == 405
    assert admin_client.post(reverse(act, args=[ticket.pk, "delete"])).status_code == 404
    ticket.refresh_from_db()
    assert ticket.is_open


def test_a_reader_of_every_ticket_cannot_act_on_one(signed_in, governance_user, ticket):
    url = reverse("admin:exceptions_exceptionticket_act", args=[ticket.pk, "resolve"])

    assert signed_in(governance_user).post(url).status_code == 403
    ticket.refresh_from_db()
    assert ticket.is_open


def test_overdue_tickets_are_red_and_filterable(admin_client, ticket, new_ticket):
    late = new_ticket(title="Unknown SKU LATE-1", due_in_hours=-2)

    html = admin_client.get(reverse(CHANGELIST)).text
    overdue = admin_client.get(reverse(CHANGELIST) + "?overdue=yes")

    rows = html.split('id="result_list"', 1)[1]
    assert rows.count('class="cp-overdue"') == 1
    assert list(overdue.context["cl"].result_list) == [late]


def test_tickets_are_never_added_by_hand_nor_reverted_from_history(admin_client, ticket):
    record = ticket.history.earliest()
    revert = reverse(
        "admin:exceptions_exceptionticket_simple_history", args=[ticket.pk, record.history_id]
    )

    assert admin_client.get(reverse("admin:exceptions_exceptionticket_add")).status_code == 403
    assert admin_client.post(revert, {}).status_code == 403
    assert admin_client.get(revert).status_code == 200


def test_routing_of_a_ticket_type_is_edited_with_history(admin_client, admin_user):
    ticket_type = TicketType.objects.get(code=UNKNOWN_SKU)
    url = reverse("admin:exceptions_tickettype_change", args=[ticket_type.pk])

    response = admin_client.post(url, {
        "title": ticket_type.title, "team": "integration_admin", "severity": "critical",
        "response_window": "02:00:00", "guidance": ticket_type.guidance,
    })

    assert response.status_code == 302
    ticket_type.refresh_from_db()
    assert (ticket_type.team, ticket_type.severity) == ("integration_admin", "critical")
    assert ticket_type.response_window == timedelta(hours=2)
    assert ticket_type.code == UNKNOWN_SKU
    assert ticket_type.history.latest().history_user == admin_user
