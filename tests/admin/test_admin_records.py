"""Webhook events, sync jobs and links are records: viewed, linked together, never edited."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from integrations.admin_display import EstimatedCountPaginator
from integrations.models import SyncJob

pytestmark = pytest.mark.django_db

RECORDS = [
    ("integrations_webhookevent", "event"),
    ("integrations_syncjob", "job"),
    ("integrations_synclink", "link"),
]


@pytest.mark.parametrize(("name", "key"), RECORDS)
def test_records_cannot_be_added_or_changed_even_by_a_superuser(admin_client, records, name, key):
    obj = records[key]
    url = reverse(f"admin:{name}_change", args=[obj.pk])

    assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 403
    assert admin_client.post(url, {"status": "succeeded", "last_error": ""}).status_code == 403
    page = admin_client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.text


@pytest.mark.parametrize(("name", "key"), RECORDS)
def test_only_a_superuser_may_delete_a_record(stella_client, records, name, key):
    obj = records[key]

    response = stella_client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_event_page_shows_the_body_pretty_printed_and_escaped(admin_client, event):
    html = admin_client.get(reverse("admin:integrations_webhookevent_change", args=[event.pk])).text

    assert '<pre class="cp-pre">' in html
    assert '  &quot;name&quot;: &quot;#1001&quot;,' in html  # indented: one key per line
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_event_page_shows_the_kept_headers_its_jobs_and_tickets(admin_client, records):
    event, job, ticket = records["event"], records["job"], records["ticket"]

    html = admin_client.get(reverse("admin:integrations_webhookevent_change", args=[event.pk])).text

    assert "<th>X-Shopify-Event-Id</th><td>evt-admin-1</td>" in html
    assert reverse("admin:integrations_syncjob_change", args=[job.pk]) in html
    assert 'class="cp-pill cp-job-parked"' in html
    assert reverse("admin:exceptions_exceptionticket_change", args=[ticket.pk]) in html


def test_the_job_page_shows_its_outcome_and_links(admin_client, records):
    job = records["job"]
    SyncJob.objects.filter(pk=job.pk).update(attempts=3)

    html = admin_client.get(reverse("admin:integrations_syncjob_change", args=[job.pk])).text

    assert "Unknown SKU MUG-BLUE: no item mapping for this store" in html
    assert ">Data<" in html  # the error class
    assert "Waiting to retry" not in html
    assert 'class="cp-pill cp-job-parked"' in html
    assert reverse("admin:integrations_webhookevent_change", args=[records["event"].pk]) in html
    assert reverse("admin:exceptions_exceptionticket_change", args=[records["ticket"].pk]) in html
    assert reverse("admin:integrations_synclink_change", args=[records["link"].pk]) in html


def test_the_job_list_colours_each_status(admin_client, records):
    html = admin_client.get(reverse("admin:integrations_syncjob_changelist")).text

    assert '<span class="cp-pill cp-job-parked">Parked (needs a person)</span>' in html


@pytest.mark.parametrize("name", ["integrations_webhookevent", "integrations_syncjob",
                                  "integrations_synclink"])
def test_huge_record_lists_skip_the_full_count(admin_client, records, name):
    response = admin_client.get(reverse(f"admin:{name}_changelist") + "?q=order")

    changelist = response.context["cl"]
    assert isinstance(changelist.paginator, EstimatedCountPaginator)
    assert changelist.full_result_count is None, "no second COUNT(*) of the whole table"


def test_the_paginator_counts_exactly_when_filtered_or_small(records, admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    unfiltered = site._registry[SyncJob].get_queryset(request)
    filtered = unfiltered.filter(status=SyncJob.Status.PARKED)

    assert EstimatedCountPaginator(filtered, 50).estimate() is None
    if connection.vendor != "postgresql":
        assert EstimatedCountPaginator(unfiltered, 50).estimate() is None
    assert EstimatedCountPaginator(unfiltered, 50).count == 1
    assert EstimatedCountPaginator(filtered, 50).count == 1
    assert EstimatedCountPaginator(filtered.exclude(pk=records["job"].pk), 50).count == 0


def test_the_paginator_trusts_the_estimate_of_a_huge_table(records):
    class HugeTable(EstimatedCountPaginator):
        def estimate(self):
            return 12_000_000

    assert HugeTable(SyncJob.objects.all(), 50).count == 12_000_000
