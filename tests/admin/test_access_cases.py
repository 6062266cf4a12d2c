"""The access policy in the cases people actually try: another team's ticket typed into the
address bar, a bulk action posted with another team's ids, lookups and popups, raw payloads,
the job queue, and Django permissions given to a person directly."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from exceptions.catalogue import HIGH_RISK_ORDER, TAX_DRIFT
from exceptions.models import ExceptionTicket, TicketType
from integrations.models import SyncJob
from tests.admin.conftest import make_ticket

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:exceptions_exceptionticket_changelist")


@pytest.fixture
def cx_ticket(store, event, parked_job):
    return make_ticket(store, ticket_type=TicketType.objects.get(code=HIGH_RISK_ORDER),
                       title="Order #1001 is high risk: held for review.", jobs=[parked_job],
                       event=event, customer_email="jane.doe@mail.example.com")


@pytest.fixture
def finance_ticket(store):
    return make_ticket(store, ticket_type=TicketType.objects.get(code=TAX_DRIFT),
                       title="City Tax differs")


def ticket_url(name, ticket, *more):
    return reverse(f"admin:exceptions_exceptionticket_{name}", args=[ticket.pk, *more])


def test_finance_typing_the_address_of_a_cx_ticket_gets_nothing(signed_in, finance_user,
                                                                cx_ticket):
    browser = signed_in(finance_user)
    version = cx_ticket.history.earliest().history_id

    assert browser.get(ticket_url("change", cx_ticket)).status_code == 404
    assert browser.get(ticket_url("history", cx_ticket)).status_code in (403, 404)
    assert browser.get(ticket_url("simple_history", cx_ticket, version)).status_code in (403,
                                                                                         404)
    assert browser.get(ticket_url("delete", cx_ticket)).status_code == 404
    acted = browser.post(ticket_url("act", cx_ticket, "resolve"), {"_ticket_note": "mine now"})
    assert acted.status_code == 404
    cx_ticket.refresh_from_db()
    assert cx_ticket.is_open
    assert "Order #1001 is high risk" not in browser.get(CHANGELIST).text


@pytest.mark.parametrize("action", ["resolve_selected", "snooze_selected", "assign_to_me",
                                    "retry_selected", "reopen_selected", "export_csv",
                                    "delete_selected"])
def test_a_bulk_action_posted_with_another_teams_ids_changes_nothing(
    signed_in, finance_user, cx_ticket, finance_ticket, parked_job, action
):
    before = list(ExceptionTicket.objects.order_by("pk").values())
    history = ExceptionTicket.history.count()

    response = signed_in(finance_user).post(CHANGELIST, {
        "action": action, ACTION_CHECKBOX_NAME: [cx_ticket.pk], "note": "not mine",
        "post": "yes",
    })

    assert response.status_code in (200, 302)
    assert list(ExceptionTicket.objects.order_by("pk").values()) == before
    assert ExceptionTicket.history.count() == history
    parked_job.refresh_from_db()
    assert parked_job.status == SyncJob.Status.PARKED
    if action == "export_csv" and response.status_code == 200 and response.get(
            "Content-Type", "").startswith("text/csv"):
        assert "high risk" not in response.content.decode()


def test_someone_in_two_teams_sees_and_works_both_queues(signed_in, finance_ops_user,
                                                         finance_ticket, ticket, cx_ticket):
    browser = signed_in(finance_ops_user)

    listed = {t.pk for t in browser.get(CHANGELIST).context["cl"].result_list}
    assert listed == {finance_ticket.pk, ticket.pk}
    response = browser.post(CHANGELIST, {
        "action": "resolve_selected", ACTION_CHECKBOX_NAME: [finance_ticket.pk, ticket.pk,
                                                              cx_ticket.pk],
        "note": "both fixed",
    }, follow=True)
    assert "Resolved 2 tickets." in [str(m) for m in response.context["messages"]]
    cx_ticket.refresh_from_db()
    assert cx_ticket.is_open


def test_governance_reads_every_ticket_changes_none_and_may_export(
    signed_in, governance_user, finance_ticket, cx_ticket
):
    browser = signed_in(governance_user)

    page = browser.get(CHANGELIST)
    offered = [value for value, _ in page.context["action_form"].fields["action"].choices]
    assert offered == ["", "export_csv"]
    assert browser.get(ticket_url("change", cx_ticket)).status_code == 200
    exported = browser.post(CHANGELIST, {"action": "export_csv",
                                         ACTION_CHECKBOX_NAME: [finance_ticket.pk, cx_ticket.pk]})
    rows = exported.content.decode().splitlines()
    assert rows[0].startswith("id,title,type,team")
    assert len(rows) == 3
    assert "leave at the door" not in exported.content.decode()  # no raw payload


def test_the_raw_id_popup_lists_only_the_persons_tickets(signed_in, finance_user,
                                                         finance_ticket, cx_ticket):
    popup = signed_in(finance_user).get(CHANGELIST, {"_popup": "1", "_to_field": "id"})

    assert [t.pk for t in popup.context["cl"].result_list] == [finance_ticket.pk]


def test_autocomplete_asks_the_policy_of_the_model_it_searches(signed_in, finance_user,
                                                               cx_user, cx_ticket, parked_job):
    query = {"app_label": "exceptions", "model_name": "exceptionticket", "field_name": "jobs",
             "term": "order"}
    url = reverse("admin:autocomplete")

    assert signed_in(finance_user).get(url, query).status_code == 403  # Finance: no jobs
    found = signed_in(cx_user).get(url, query)
    assert found.status_code == 200
    assert [r["id"] for r in found.json()["results"]] == [str(parked_job.pk)]


def test_raw_payloads_are_for_integration_admin_only(signed_in, governance_user, cx_user,
                                                     integration_admin_user, event, parked_job):
    SyncJob.objects.filter(pk=parked_job.pk).update(result={
        "netsuite_id": "5512", "external_id": "shopify-order-820982911946154508",
        "created": True, "customer": {"email": "jane.doe@mail.example.com"},
    })
    event_page = reverse("admin:integrations_webhookevent_change", args=[event.pk])
    job_page = reverse("admin:integrations_syncjob_change", args=[parked_job.pk])

    governance = signed_in(governance_user).get(event_page).text
    assert "leave at the door" not in governance
    assert "X-Shopify-Event-Id" not in governance
    assert "Integration admin can read it" in governance
    cx = signed_in(cx_user).get(job_page).text
    assert "<th>NetSuite internal id</th><td>5512</td>" in cx
    assert "jane.doe@mail.example.com" not in cx
    admin = signed_in(integration_admin_user)
    assert "leave at the door" in admin.get(event_page).text
    assert "jane.doe@mail.example.com" in admin.get(job_page).text


def test_raw_payloads_cannot_be_probed_through_list_filters(signed_in, governance_user,
                                                            integration_admin_user, event):
    url = reverse("admin:integrations_webhookevent_changelist")

    assert signed_in(governance_user).get(url, {"body__icontains": "door"}).status_code == 400
    answered = signed_in(integration_admin_user).get(url, {"body__icontains": "door"})
    assert answered.context["cl"].result_count == 1


def test_the_job_queue_dashboard_is_for_integration_admin(signed_in, finance_user,
                                                          integration_admin_user):
    for url in ("/admin/django-rq/", reverse("admin:django_rq_dashboard_changelist")):
        assert signed_in(finance_user).get(url).status_code == 403, url
        assert signed_in(integration_admin_user).get(url).status_code == 200, url


def test_permissions_given_directly_widen_nothing(signed_in, staff_stella, ticket):
    assert staff_stella.user_permissions.filter(codename="change_itemmapping").exists()
    browser = signed_in(staff_stella)

    assert browser.get(CHANGELIST).status_code == 403
    assert browser.get(reverse("admin:mappings_itemmapping_add")).status_code == 403
    assert Permission.objects.filter(group__name="Ops").count() == 0  # groups need no rows


def test_assignees_offered_are_members_of_the_persons_teams(signed_in, finance_user, cx_user,
                                                            finance_ticket, django_user_model):
    from django.contrib.auth.models import Group

    colleague = django_user_model.objects.create_user("felix", first_name="Felix",
                                                      is_staff=True)
    colleague.groups.add(Group.objects.get(name="Finance"))

    bar = signed_in(finance_user).get(CHANGELIST).context["action_form"]
    choices = dict(bar.fields["assignee"].widget.choices)
    assert choices == {"me": "me", str(colleague.pk): "Felix"}
    assert str(cx_user.pk) not in choices
