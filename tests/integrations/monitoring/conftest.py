"""Seeded traffic for the monitoring tests: webhook events and the jobs they became, as the
inbox and the job runner leave them, at chosen moments (time is frozen by each test).

The people of the control panel tests (finance_user, cx_user, ...) are available here too.
"""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group

from integrations.models import SyncJob, WebhookEvent
from tests.admin.conftest import (  # noqa: F401  (fixtures)
    cx_user,
    finance_ops_user,
    finance_user,
    governance_user,
    integration_admin_user,
    ops_user,
    personas,
    signed_in,
    superuser,
)

_serial = itertools.count(1)


def event_at(store, received_at, topic="orders/create", **fields) -> WebhookEvent:
    n = next(_serial)
    return WebhookEvent(
        connection=store, shop_domain=store.shop_domain, topic=topic, event_id=f"evt-m{n}",
        headers={}, body="{}", resource_id=str(n), status=WebhookEvent.Status.PROCESSED,
        received_at=received_at, last_delivery_at=received_at, **fields,
    )


def job_for(store, event, status, finished_at=None, flow="orders", **fields) -> SyncJob:
    n = next(_serial)
    return SyncJob(
        flow=flow, idempotency_key=f"order:{store.shop_domain}:{n}", connection=store,
        event=event, object_id=str(n), object_label=f"order #{n}", status=status,
        finished_at=finished_at, attempts=1, **fields,
    )


def seed_synced(store, now, lags_and_ages, status=SyncJob.Status.SUCCEEDED):
    """Jobs finished `age` ago, `lag` after their webhook was received: [(lag, age), ...]."""
    events = WebhookEvent.objects.bulk_create(
        [event_at(store, now - age - lag) for lag, age in lags_and_ages])
    return SyncJob.objects.bulk_create([
        job_for(store, event, status, now - age)
        for event, (_, age) in zip(events, lags_and_ages, strict=True)
    ])


def seed_jobs(store, now, count: int):
    """`count` jobs of every outcome finished over the last day, each with its event."""
    statuses = [SyncJob.Status.SUCCEEDED] * 7 + [
        SyncJob.Status.FAILED, SyncJob.Status.PARKED, SyncJob.Status.SKIPPED]
    spread = [(timedelta(seconds=5 + n % 300), timedelta(minutes=n % 1400)) for n in range(count)]
    events = WebhookEvent.objects.bulk_create(
        [event_at(store, now - age - lag, topic=("orders/create", "orders/paid")[n % 2])
         for n, (lag, age) in enumerate(spread)])
    return SyncJob.objects.bulk_create([
        job_for(store, event, statuses[n % len(statuses)], now - age)
        for n, (event, (_, age)) in enumerate(zip(events, spread, strict=True))
    ])


def seed_weeks_of_traffic(store, until, per_hour, weeks: int = 4):
    """Deliveries for the `weeks` before `until`: `per_hour(hour start)` in each hour,
    spread evenly across it. The store is made older than its history."""
    end = until.replace(minute=0, second=0, microsecond=0)
    hours = (end - timedelta(hours=n) for n in range(1, weeks * 168 + 1))
    WebhookEvent.objects.bulk_create([
        event_at(store, hour + timedelta(hours=1) * (i + 0.5) / count)
        for hour in hours for count in [per_hour(hour)] for i in range(count)
    ])
    type(store).objects.filter(pk=store.pk).update(created_at=until - timedelta(weeks=weeks + 1))


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


@pytest.fixture
def member(django_user_model):
    """member(team group name, username, email) → an active staff member of that team."""

    def make(group: str, username: str, email: str = ""):
        user = django_user_model.objects.create_user(username, email=email, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make
