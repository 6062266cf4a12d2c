"""Governance records the week's review (attendees, notes, a follow-up for Finance) in the
admin and signs it off; the review keeps its history and is locked once signed off. Other
teams read it but neither record nor sign off."""

from datetime import date

import pytest
from django.urls import reverse

from exceptions.governance.models import FollowUp, GovernanceReview
from tests.admin.governance.conftest import WEEK

pytestmark = pytest.mark.django_db

ADD = "admin:exceptions_governancereview_add"
MONDAY = date(2026, 11, 23)


def review_form(*follow_ups, attendees="Greta\nFiona\nOlga", notes="SKUs keep coming back.",
                week_start="2026-11-23", initial=0):
    data = {
        "week_start": week_start, "attendees": attendees, "notes": notes, "_save": "Save",
        "follow_ups-TOTAL_FORMS": str(len(follow_ups)), "follow_ups-INITIAL_FORMS": str(initial),
        "follow_ups-MIN_NUM_FORMS": "0", "follow_ups-MAX_NUM_FORMS": "1000",
    }
    for n, (team, action, due_on) in enumerate(follow_ups):
        data.update({f"follow_ups-{n}-team": team, f"follow_ups-{n}-action": action,
                     f"follow_ups-{n}-due_on": due_on})
    return data


@pytest.fixture
def greta(governance_user, signed_in):
    return signed_in(governance_user)


@pytest.fixture
def recorded(greta, review_day):
    response = greta.post(reverse(ADD), review_form(
        ("finance", "Map the County Tax title", "2026-12-04"),
        ("ops", "Map new SKUs the day they go on sale", "2026-12-07"),
    ))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_week_page_leads_to_recording_its_review(greta, review_day):
    page = greta.get(reverse("governance-week", args=[WEEK])).content.decode()

    assert f'href="{reverse(ADD)}?week={WEEK}"' in page
    form = greta.get(reverse(ADD), {"week": WEEK})
    assert form.context["adminform"].form.initial["week_start"] == MONDAY


def test_governance_records_the_review_with_a_follow_up_for_finance(
    recorded, greta, governance_user
):
    assert recorded["Location"] == reverse("governance-week", args=[WEEK])
    review = GovernanceReview.objects.get(week_start=MONDAY)
    assert review.attendee_list == ["Greta", "Fiona", "Olga"]
    finance = review.follow_ups.get(team="finance")
    assert (finance.action, finance.due_on, finance.is_done) == (
        "Map the County Tax title", date(2026, 12, 4), False)
    assert review.history.get().history_user == governance_user
    assert finance.history.get().history_user == governance_user

    page = greta.get(reverse("governance-week", args=[WEEK])).content.decode()
    assert "Map the County Tax title" in page and "Greta, Fiona, Olga" in page
    assert 'id="gv-sign-off-button"' in page


def test_governance_signs_the_week_off_and_it_is_locked(recorded, greta, governance_user):
    response = greta.post(reverse("governance-sign-off", args=[WEEK]), follow=True)

    assert "The review of 2026-W48 is signed off." in [
        str(m) for m in response.context["messages"]]
    review = GovernanceReview.objects.get(week_start=MONDAY)
    assert review.signed_off_by == governance_user
    latest = review.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (governance_user, "signed off")
    assert "Signed off by Greta on 1 Dec 2026, 10:00 UTC" in response.content.decode()

    change = reverse("admin:exceptions_governancereview_change", args=[review.pk])
    edit = review_form(attendees="Someone else", initial=0)
    assert greta.post(change, edit).status_code == 403
    assert greta.get(reverse("admin:exceptions_governancereview_delete",
                             args=[review.pk])).status_code == 403
    again = greta.post(reverse("governance-sign-off", args=[WEEK]), follow=True)
    assert any("Already signed off" in str(m) for m in again.context["messages"])
    assert review.history.count() == 2


def test_a_week_cannot_be_signed_off_before_it_ends(greta, review_day):
    week_start = date(2026, 11, 30)  # the week of the review day: still running
    GovernanceReview.objects.create(week_start=week_start, attendees="Greta")

    response = greta.post(reverse("governance-sign-off", args=["2026-W49"]), follow=True)

    assert any("has not ended" in str(m) for m in response.context["messages"])
    assert not GovernanceReview.objects.get(week_start=week_start).is_signed_off


def test_a_review_starts_on_a_monday_and_one_per_week(greta, recorded):
    tuesday = greta.post(reverse(ADD), review_form(week_start="2026-11-17"))
    twice = greta.post(reverse(ADD), review_form())

    assert "A week starts on a Monday." in tuesday.content.decode()
    assert "already exists" in twice.content.decode()
    assert GovernanceReview.objects.count() == 1


def test_finance_reads_the_review_but_neither_records_nor_signs_off(
    recorded, finance_user, signed_in
):
    fiona = signed_in(finance_user)
    review = GovernanceReview.objects.get(week_start=MONDAY)

    page = fiona.get(reverse("governance-week", args=[WEEK]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Map the County Tax title" in html
    assert "Map new SKUs the day they go on sale" not in html  # Ops' follow-up
    assert 'id="gv-sign-off-button"' not in html and "Edit the review" not in html
    assert fiona.post(reverse("governance-sign-off", args=[WEEK])).status_code == 403
    assert fiona.get(reverse(ADD)).status_code == 403
    change = reverse("admin:exceptions_governancereview_change", args=[review.pk])
    assert fiona.post(change, review_form(attendees="Fiona")).status_code == 403
    review.refresh_from_db()
    assert not review.is_signed_off and review.attendee_list == ["Greta", "Fiona", "Olga"]
    assert FollowUp.objects.count() == 2


def test_follow_ups_stay_editable_until_the_review_is_signed_off(recorded, greta):
    review = GovernanceReview.objects.get(week_start=MONDAY)
    change = reverse("admin:exceptions_governancereview_change", args=[review.pk])
    finance, ops = review.follow_ups.order_by("team")

    form = greta.get(change)
    assert form.context["inline_admin_formsets"][0].has_change_permission
    data = review_form(("finance", "Map the County and City Tax titles", "2026-12-05"),
                       ("ops", ops.action, ops.due_on.isoformat()), initial=2)
    data.update({"follow_ups-0-id": finance.pk, "follow_ups-0-review": review.pk,
                 "follow_ups-1-id": ops.pk, "follow_ups-1-review": review.pk})
    assert greta.post(change, data).status_code == 302
    finance.refresh_from_db()
    assert (finance.action, finance.due_on) == ("Map the County and City Tax titles",
                                                date(2026, 12, 5))

    greta.post(reverse("governance-sign-off", args=[WEEK]))
    locked = greta.get(change)
    assert not locked.context["inline_admin_formsets"][0].has_change_permission


def test_a_signed_off_review_takes_no_more_follow_ups(recorded, greta):
    greta.post(reverse("governance-sign-off", args=[WEEK]))
    review = GovernanceReview.objects.get(week_start=MONDAY)

    response = greta.post(reverse("admin:exceptions_followup_add"), {
        "review": review.pk, "team": "cx", "action": "One more thing", "due_on": "2026-12-10"})

    assert response.status_code == 200  # the form again, with the error
    assert review.follow_ups.count() == 2
    offered = response.context["adminform"].form.fields["review"].queryset
    assert review not in offered
