"""A follow-up from the review shows on top of its team's ticket queue; the team marks it done
there, and next week's review shows it done. Other teams neither see nor close it."""

from datetime import date

import pytest
from django.urls import reverse

from exceptions.governance.models import FollowUp, GovernanceReview
from tests.admin.governance.conftest import REVIEW_DAY, travel

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:exceptions_exceptionticket_changelist")


@pytest.fixture
def follow_ups(governance_user):
    with travel(REVIEW_DAY):
        review = GovernanceReview.objects.create(week_start=date(2026, 11, 23),
                                                 attendees="Greta\nFiona")
        return {
            "finance": FollowUp.objects.create(review=review, team="finance",
                                               action="Map the County Tax title",
                                               due_on=date(2026, 12, 4)),
            "ops": FollowUp.objects.create(review=review, team="ops",
                                           action="Map new SKUs the day they go on sale",
                                           due_on=date(2026, 11, 30)),
        }


def done_url(follow_up):
    return reverse("governance-follow-up-done", args=[follow_up.pk])


def test_finance_sees_its_follow_up_on_top_of_its_queue(follow_ups, finance_user, signed_in):
    with travel(REVIEW_DAY):
        page = signed_in(finance_user).get(QUEUE).content.decode()

    box = page[page.index('id="governance-follow-ups"'):page.index('id="changelist"')]
    assert "Follow-ups from the governance review" in box
    assert "Map the County Tax title" in box and "due Fri 4 Dec 2026" in box
    assert "Map new SKUs" not in box
    assert f'action="{done_url(follow_ups["finance"])}"' in box


def test_an_overdue_follow_up_says_so(follow_ups, ops_user, signed_in):
    with travel(REVIEW_DAY):
        page = signed_in(ops_user).get(QUEUE).content.decode()

    assert "due Mon 30 Nov 2026 (overdue)" in page
    assert "Map the County Tax title" not in page


def test_finance_marks_it_done_and_next_weeks_review_shows_it_done(
    follow_ups, finance_user, governance_user, signed_in
):
    finance = follow_ups["finance"]
    fiona = signed_in(finance_user)

    with travel(REVIEW_DAY):
        response = fiona.post(done_url(finance), {"note": "Mapped to code 12", "next": QUEUE},
                              follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "Follow-up “Map the County Tax title” marked done." in [
        str(m) for m in response.context["messages"]]
    assert 'id="governance-follow-ups"' not in response.content.decode()  # none left open
    finance.refresh_from_db()
    assert (finance.is_done, finance.done_by, finance.done_note) == (True, finance_user,
                                                                    "Mapped to code 12")
    latest = finance.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        finance_user, "marked done: Mapped to code 12")

    with travel(REVIEW_DAY):
        page = signed_in(governance_user).get(reverse("governance-week", args=["2026-W49"]))
    last = page.context["panel"].last_follow_ups
    assert [(line.follow_up.action, line.follow_up.is_done) for line in last] == [
        ("Map new SKUs the day they go on sale", False), ("Map the County Tax title", True)]
    assert "Done</span> by Fiona" in page.content.decode()


def test_no_other_team_closes_finances_follow_up(follow_ups, ops_user, governance_user,
                                                 signed_in):
    finance = follow_ups["finance"]

    assert signed_in(ops_user).post(done_url(finance)).status_code == 404
    assert signed_in(governance_user).post(done_url(finance)).status_code == 403
    assert signed_in(ops_user).get(done_url(finance)).status_code == 405
    finance.refresh_from_db()
    assert not finance.is_done


def test_the_team_marks_follow_ups_done_from_their_own_list_too(follow_ups, finance_user,
                                                                signed_in):
    fiona = signed_in(finance_user)
    changelist = reverse("admin:exceptions_followup_changelist")

    listed = fiona.get(changelist)
    assert [f.pk for f in listed.context["cl"].result_list] == [follow_ups["finance"].pk]
    fiona.post(changelist, {"action": "mark_done_selected",
                            "_selected_action": [follow_ups["finance"].pk,
                                                 follow_ups["ops"].pk]})
    assert [f.is_done for f in FollowUp.objects.order_by("team")] == [True, False]


def test_a_follow_up_is_marked_done_once(follow_ups, finance_user, signed_in):
    fiona = signed_in(finance_user)
    fiona.post(done_url(follow_ups["finance"]))

    again = fiona.post(done_url(follow_ups["finance"]), follow=True)

    assert any("already marked done" in str(m) for m in again.context["messages"])
    assert follow_ups["finance"].history.count() == 2


def test_done_leads_back_only_to_this_site(follow_ups, finance_user, signed_in):
    response = signed_in(finance_user).post(done_url(follow_ups["finance"]),
                                            {"next": "https://evil.example/"})

    assert response["Location"] == reverse("admin:exceptions_followup_changelist")
