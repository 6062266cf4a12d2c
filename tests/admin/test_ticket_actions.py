"""Assign, snooze until, reopen and export: each done through exceptions.actions, recorded in
the ticket's history with who and why, refused when it is not the person's to do."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse

from exceptions.models import ExceptionTicket
from exceptions.timezones import COOKIE
from tests.admin.conftest import make_ticket

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:exceptions_exceptionticket_changelist")


def act(browser, ticket, verb, **data):
    return browser.post(reverse("admin:exceptions_exceptionticket_act", args=[ticket.pk, verb]),
                        {f"_ticket_{k}": v for k, v in data.items()}, follow=True)


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def latest(ticket):
    ticket.refresh_from_db()
    return ticket.history.latest()


def test_assign_to_me_and_to_a_member_of_the_team(signed_in, ops_user, finance_ops_user,
                                                  ticket):
    browser = signed_in(ops_user)

    act(browser, ticket, "assign", assignee="me", note="on it")
    assert ticket.__class__.objects.get(pk=ticket.pk).assigned_to == ops_user
    record = latest(ticket)
    assert (record.history_user, record.history_change_reason) == (ops_user, "on it")

    act(browser, ticket, "assign", assignee=str(finance_ops_user.pk))
    assert latest(ticket).history_change_reason == "assigned to Frank"
    assert ticket.assigned_to == finance_ops_user


def test_a_ticket_goes_only_to_a_member_of_its_team(signed_in, ops_user, finance_user, ticket):
    response = act(signed_in(ops_user), ticket, "assign", assignee=str(finance_user.pk))

    assert any("is not in Ops" in m for m in said(response))
    ticket.refresh_from_db()
    assert ticket.assigned_to is None


def test_bulk_assign_to_the_chosen_person(signed_in, ops_user, finance_ops_user, ticket,
                                          new_ticket):
    other = new_ticket(title="Unknown SKU MUG-GREEN")

    response = signed_in(ops_user).post(CHANGELIST, {
        "action": "assign_selected", ACTION_CHECKBOX_NAME: [ticket.pk, other.pk],
        "assignee": str(finance_ops_user.pk)}, follow=True)

    assert "Assigned 2 tickets to Frank." in said(response)
    assert set(ExceptionTicket.objects.values_list("assigned_to", flat=True)) == {
        finance_ops_user.pk}


def test_snooze_until_a_time_in_the_persons_zone(signed_in, ops_user, ticket):
    browser = signed_in(ops_user)
    browser.cookies[COOKIE] = "Europe/Paris"

    act(browser, ticket, "snooze", until="2099-03-02T08:30", note="supplier back Monday")

    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.SNOOZED
    assert ticket.snoozed_until == datetime(2099, 3, 2, 8, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert latest(ticket).history_change_reason == "supplier back Monday"


def test_snoozing_into_the_past_is_refused(signed_in, ops_user, ticket):
    response = act(signed_in(ops_user), ticket, "snooze", until="2001-01-01T00:00")

    assert any("in the future" in m for m in said(response))
    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.OPEN


def test_resolving_by_the_button_needs_a_note(signed_in, ops_user, ticket):
    response = act(signed_in(ops_user), ticket, "resolve")

    assert any("a note is required" in m for m in said(response))
    ticket.refresh_from_db()
    assert ticket.is_open


def test_reopen_a_resolved_ticket_with_a_fresh_window(signed_in, ops_user, ticket):
    browser = signed_in(ops_user)
    act(browser, ticket, "resolve", note="mapped")

    act(browser, ticket, "reopen", note="the mapping was wrong")

    ticket.refresh_from_db()
    assert ticket.status == ExceptionTicket.Status.OPEN
    assert ticket.resolved_at is None and ticket.reopened_at is not None
    assert latest(ticket).history_change_reason == "the mapping was wrong"


def test_reopen_is_refused_while_the_same_failure_is_open_again(signed_in, ops_user, store,
                                                                ticket):
    browser = signed_in(ops_user)
    act(browser, ticket, "resolve", note="mapped")
    again = make_ticket(store, title=ticket.title, fingerprint=ticket.fingerprint)

    response = act(browser, ticket, "reopen")

    assert any(f"open as ticket #{again.pk}" in m for m in said(response))


def test_export_has_the_rendered_facts_of_the_selected_tickets(signed_in, ops_user, ticket):
    ExceptionTicket.objects.filter(pk=ticket.pk).update(order_name="#1001", sku="MUG-BLUE",
                                                        title="=HYPERLINK(1)")

    response = signed_in(ops_user).post(CHANGELIST, {
        "action": "export_csv", ACTION_CHECKBOX_NAME: [ticket.pk]})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = response.content.decode().splitlines()
    assert header.split(",")[:8] == ["id", "title", "type", "team", "severity", "status",
                                     "order", "customer_email"]
    assert row.startswith(f"{ticket.pk},'=HYPERLINK(1),Unknown SKU,ops,high,open,#1001,")


def test_the_team_member_list_excludes_inactive_people(signed_in, ops_user, ticket,
                                                       django_user_model):
    gone = django_user_model.objects.create_user("gone", is_staff=True, is_active=False)
    gone.groups.add(Group.objects.get(name="Ops"))

    html = signed_in(ops_user).get(
        reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk])).text

    assert f'<option value="{gone.pk}">' not in html
    assert f'<option value="{ops_user.pk}">Olga</option>' in html
