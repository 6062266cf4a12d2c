"""Guessing admin passwords gets a cool-off, never a permanent lock."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 2026"


@pytest.fixture
def finance_fiona(django_user_model):
    return django_user_model.objects.create_user("finance_fiona", password=PASSWORD,
                                                 is_staff=True)


def log_in(client, password):
    return client.post("/admin/login/?next=/admin/",
                       {"username": "finance_fiona", "password": password},
                       REMOTE_ADDR="203.0.113.7")


def test_repeated_failures_cool_off_and_then_the_right_password_works(
    client, finance_fiona, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong guess").status_code == 200  # the form, with an error
    assert log_in(client, "wrong guess").status_code == 429  # the limit: cool-off starts

    locked = log_in(client, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        after = log_in(client, PASSWORD)
    assert after.status_code == 302
    assert after["Location"] == "/admin/"
