"""With Redis, the dashboard adds RQ's own view of the queue; a Redis that does not answer
is shown as such, never as an empty queue or free capacity."""

import pytest
from django.conf import settings as django_settings

from integrations.models import SyncJob
from integrations.queue import enqueue_job

from .conftest import job_for

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/dashboard/"


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs REDIS_URL (CI runs with Redis)")
def test_rq_depth_and_oldest_job_beside_the_database_view(
    store, integration_admin_user, signed_in, django_capture_on_commit_callbacks
):
    jobs = SyncJob.objects.bulk_create([job_for(store, None, "pending") for _ in range(2)])
    with django_capture_on_commit_callbacks(execute=True):
        for job in jobs:
            enqueue_job(job.pk)  # in Redis, no worker takes them

    board = signed_in(integration_admin_user).get(DASHBOARD).context["board"]

    database, rq = board.queues
    assert [c.text for c in database[:2]] == ["sync (database)", "2"]
    assert [c.text for c in rq[:2]] == ["sync (Redis)", "2"]
    assert rq[2].text == "under a second"
    assert rq[0].url == "/admin/django-rq/"
    assert "Jobs run on RQ workers (Redis)" in board.queue_note


def test_an_unreachable_redis_is_said_so(store, netsuite_account, integration_admin_user,
                                         signed_in, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.RQ_QUEUES = {}

    response = signed_in(integration_admin_user).get(DASHBOARD)

    board = response.context["board"]
    rows = {row[0].text: row for row in board.connections}
    assert rows["NetSuite sandbox"][4].text == "Redis did not answer"
    assert rows["Demo store"][4].text == "throttle store unreachable"
    assert board.queues[0][0].text == "sync (database)"
