"""A job's page lists each of its attempts: outcome, times in the viewer's zone, duration in
words, error."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from integrations.models import JobAttempt, SyncJob
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db


def test_the_job_page_lists_its_attempts_in_words(
    mapped_store, sandboxes, webhooks, signed_in, integration_admin_user
):
    order = load_fixture("shopify_order_discount_tax_partial_refund.json")
    netsuite, _ = sandboxes
    netsuite.configure(fail_next=[{"status": 503, "times": 1}])
    webhooks.send("orders/create", order)
    job = SyncJob.objects.get(flow="orders")
    with time_machine.travel(job.next_retry_at + timedelta(seconds=1)):
        webhooks.queue.sweep()
    JobAttempt.objects.filter(job=job, number=1).update(duration_ms=7_260_000)

    browser = signed_in(integration_admin_user)
    browser.cookies["cp_tz"] = "America/New_York"
    page = browser.get(reverse("admin:integrations_syncjob_change", args=[job.pk]))

    assert page.status_code == 200
    html = page.text
    assert "each attempt" in html.lower()
    assert '<span class="cp-pill cp-warn">Will be retried</span>' in html
    assert '<span class="cp-pill cp-ok">Succeeded</span>' in html
    assert "2 hours 1 minute" in html
    assert "Transient: " in html
    assert " EST" in html or " EDT" in html, "times in the viewer's zone, with the zone"


def test_a_job_that_never_ran_says_so(records, signed_in, integration_admin_user):
    page = signed_in(integration_admin_user).get(
        reverse("admin:integrations_syncjob_change", args=[records["job"].pk]))

    assert "None recorded." in page.text


def test_the_job_page_costs_the_same_with_3_or_30_attempts(
    records, signed_in, integration_admin_user, django_assert_max_num_queries
):
    job = records["job"]
    browser = signed_in(integration_admin_user)
    page = reverse("admin:integrations_syncjob_change", args=[job.pk])
    browser.get(page)
    counts = []
    for n in (3, 30):
        JobAttempt.objects.filter(job=job).delete()
        JobAttempt.objects.bulk_create(
            JobAttempt(job=job, number=k, outcome=JobAttempt.Outcome.RETRYING,
                       error_class="transient", error="NetSuite answered 503", duration_ms=900)
            for k in range(1, n + 1))
        with django_assert_max_num_queries(20) as captured:
            html = browser.get(page).text
        assert html.count("NetSuite answered 503") == n
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1], counts
