"""The reference lists in the admin: read-only records, filterable and searchable, each list
with when it was last read, seen by the teams that map against it, and Read now."""

import pytest
from django.urls import reverse

from integrations.models import SyncJob
from mappings.reference_models import NetSuiteRecord, ReferenceList
from mappings.references import Kind
from tests.admin.conftest import read_references

pytestmark = pytest.mark.django_db

RECORDS = reverse("admin:mappings_netsuiterecord_changelist")
LISTS = reverse("admin:mappings_referencelist_changelist")


def shown(page) -> set[tuple[str, str]]:
    return {(r.kind, r.internal_id) for r in page.context["cl"].result_list}


def test_the_records_list_filters_by_kind_and_account_and_searches_names_and_ids(
        signed_in, integration_admin_user, references):
    browser = signed_in(integration_admin_user)

    by_kind = browser.get(RECORDS, {"kind__exact": Kind.LOCATION})
    by_account = browser.get(RECORDS, {"connection__id__exact": references.pk})
    by_name = browser.get(RECORDS, {"q": "mug"})
    by_id = browser.get(RECORDS, {"q": "1201"})

    assert shown(by_kind) == {(Kind.LOCATION, "3")}
    assert len(shown(by_account)) == NetSuiteRecord.objects.count()
    assert shown(by_name) == {(Kind.ITEM, "98"), (Kind.ITEM, "300"), (Kind.ITEM, "310")}
    assert shown(by_id) == {(Kind.CUSTOMER, "1201")}
    assert "Last read" in by_kind.content.decode()


def test_each_team_sees_the_lists_it_maps_against(
        signed_in, ops_user, cx_user, finance_user, governance_user, references):
    kinds = {
        persona: {kind for kind, _ in shown(signed_in(persona).get(RECORDS))}
        for persona in (ops_user, cx_user, finance_user, governance_user)
    }

    assert kinds[ops_user] == {Kind.ITEM, Kind.LOCATION}
    assert kinds[cx_user] == {Kind.LOCATION}
    assert kinds[finance_user] == {Kind.ITEM, Kind.LOCATION, Kind.SUBSIDIARY, Kind.CURRENCY,
                                   Kind.TAX_CODE, Kind.PAYMENT_METHOD, Kind.CUSTOMER, Kind.TERM}
    assert kinds[governance_user] == {kind for kind, _ in
                                      NetSuiteRecord.objects.values_list("kind", "internal_id")}


def test_a_record_of_a_list_one_does_not_see_is_not_found(signed_in, ops_user, references):
    tax_code = NetSuiteRecord.objects.get(kind=Kind.TAX_CODE)
    item = NetSuiteRecord.objects.filter(kind=Kind.ITEM).first()
    browser = signed_in(ops_user)

    assert browser.get(reverse("admin:mappings_netsuiterecord_change",
                               args=[tax_code.pk])).status_code == 404
    assert browser.get(reverse("admin:mappings_netsuiterecord_change",
                               args=[item.pk])).status_code == 200


def test_nobody_edits_what_netsuite_holds(signed_in, superuser, references):
    browser = signed_in(superuser)
    record = NetSuiteRecord.objects.first()

    assert browser.get(reverse("admin:mappings_netsuiterecord_add")).status_code == 403
    page = browser.get(reverse("admin:mappings_netsuiterecord_change", args=[record.pk]))
    assert 'name="_save"' not in page.content.decode()


def test_the_lists_page_says_when_each_list_was_read(signed_in, finance_user, references):
    ReferenceList.objects.filter(kind=Kind.ACCOUNT).update(read_at=None, error="Not allowed")

    page = signed_in(finance_user).get(LISTS)

    html = page.content.decode()
    assert page.status_code == 200
    assert "never read" in html and "Not allowed" in html
    assert {row.kind for row in page.context["cl"].result_list} >= {Kind.TAX_CODE, Kind.ITEM}
    assert 'value="Read now"' in html


def test_record_and_list_pages_cost_the_same_whatever_their_size(
        signed_in, finance_user, references, django_assert_max_num_queries):
    browser = signed_in(finance_user)
    with django_assert_max_num_queries(12) as few_records:
        browser.get(RECORDS)
    with django_assert_max_num_queries(14) as few_lists:
        browser.get(LISTS)
    read_references(references, {Kind.ITEM: {str(n): (f"Widget {n}", {"item_type": "InvtPart"})
                                             for n in range(2000, 2080)}})

    with django_assert_max_num_queries(len(few_records.captured_queries)):
        browser.get(RECORDS)
    with django_assert_max_num_queries(len(few_lists.captured_queries)):
        browser.get(LISTS)


def test_read_now_reads_the_account_through_the_flow(
        signed_in, ops_user, store, netsuite_sandbox, queue):
    netsuite_sandbox.register_known("item", {"211": "iPod Nano 8GB green"})
    browser = signed_in(ops_user)
    url = reverse("admin:mappings_referencelist_read", args=[store.netsuite.pk])

    with queue.committed():
        response = browser.post(url)
    queue.run()

    assert response.status_code == 302
    job = SyncJob.objects.get(flow="netsuite_references")
    assert job.status == SyncJob.Status.SUCCEEDED
    assert NetSuiteRecord.objects.get(kind=Kind.ITEM, internal_id="211").name == (
        "iPod Nano 8GB green")
    assert browser.get(url).status_code == 405


def test_read_now_is_for_the_teams_that_map(signed_in, governance_user, store, references):
    url = reverse("admin:mappings_referencelist_read", args=[store.netsuite.pk])
    browser = signed_in(governance_user)

    assert browser.post(url).status_code == 403
    assert 'value="Read now"' not in browser.get(LISTS).content.decode()
    assert not SyncJob.objects.filter(flow="netsuite_references").exists()
