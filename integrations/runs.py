"""Jobs that no webhook starts: scheduled runs, cursor polls and runs people ask for.

Every trigger ends the same way as a webhook: a SyncJob row keyed by an idempotency key,
enqueued after commit, run by `integrations.jobs.run_sync_job`. A scheduled run's key names
its period, so however often the sweeper asks, each period runs once per connection.
"""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .flows import ON_DEMAND, Flow, flow_named, flows
from .models import Connection, SyncJob
from .queue import enqueue_job
from .types import JobSpec

log = logging.getLogger(__name__)


def run_spec(flow: Flow, connection: Connection, trigger: str, now: datetime) -> JobSpec:
    """The unit of work of one run: the connection itself, in one period or at one moment."""
    if trigger == ON_DEMAND:
        moment = now.isoformat()
    else:
        every = flow.periodic.every.total_seconds()
        moment = f"period-{int(now.timestamp() // every)}"
    return JobSpec(
        object_id=str(connection.pk),
        label=f"{flow.label}: {connection.name}",
        key=f"{flow.name}:{connection.pk}:{trigger}:{moment}",
    )


def start_run(flow_name: str, connection: Connection, *, trigger: str = ON_DEMAND,
              now: datetime | None = None) -> tuple[SyncJob, bool]:
    """The run's job (created and enqueued after commit unless it exists); True if new."""
    flow = flow_named(flow_name)
    if connection.kind != flow.connection_kind:
        raise ValueError(f"{flow.label} runs for {flow.connection_kind} connections, "
                         f"not for {connection.get_kind_display()} {connection.name}")
    spec = run_spec(flow, connection, trigger, now or timezone.now())
    job = SyncJob(flow=flow.name, idempotency_key=spec.key, connection=connection,
                  object_id=spec.object_id, object_label=spec.label[:120],
                  enqueued_at=timezone.now())
    try:
        with transaction.atomic():
            job.save(force_insert=True)
            enqueue_job(job.pk, mark=False)
    except IntegrityError:
        return SyncJob.objects.get(idempotency_key=spec.key), False
    return job, True


def start_due_runs(now: datetime | None = None) -> int:
    """One job per scheduled flow and active connection whose current period has none yet."""
    now = now or timezone.now()
    started = 0
    for flow in flows().values():
        trigger = flow.periodic
        if trigger is None:
            continue
        connections = Connection.objects.filter(kind=flow.connection_kind, is_active=True)
        for connection in connections:
            _, created = start_run(flow.name, connection, trigger=trigger.kind, now=now)
            started += created
    if started:
        log.info("started %s scheduled run(s)", started)
    return started
