"""The flows, and what starts each one.

A flow is a package here (`orders/`, …) whose `__init__` exposes `FLOW`, a `Flow`: its
name, the kind of connection it runs for, its triggers and its `run(job)`. A flow reads top
to bottom — translate (pure), apply (I/O through the clients), classify — and no flow
imports another.

Triggers say what creates the flow's jobs, and the inbox, the sweeper, the admin and the
`runflow` command treat them alike:

- `webhook(topic)`: a Shopify delivery on that topic; the flow's `describe(store, payload)`
  names the unit of work (a `JobSpec`).
- `schedule(every)`: one run per connection per period, started by the sweeper.
- `cursor(name, every)`: a scheduled poll that resumes from a stored position
  (`integrations.cursors`), for sources without webhooks.
- `on_demand()`: a run started by a person (admin) or a command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from integrations.types import JobPreview, JobSpec

WEBHOOK, SCHEDULE, CURSOR, ON_DEMAND = "webhook", "schedule", "cursor", "on_demand"

# The flow packages, in the order the admin lists them.
FLOW_PACKAGES = ("orders", "account_capabilities")


@dataclass(frozen=True)
class Trigger:
    kind: str
    topic: str = ""
    every: timedelta | None = None
    cursor: str = ""

    def __str__(self):
        if self.kind == WEBHOOK:
            return f"webhook {self.topic}"
        if self.kind in (SCHEDULE, CURSOR):
            what = f"cursor {self.cursor}, polled" if self.kind == CURSOR else "scheduled"
            return f"{what} every {_duration(self.every)}"
        return "on demand"


def webhook(topic: str) -> Trigger:
    return Trigger(WEBHOOK, topic=topic)


def schedule(every: timedelta) -> Trigger:
    return Trigger(SCHEDULE, every=every)


def cursor(name: str, every: timedelta) -> Trigger:
    return Trigger(CURSOR, every=every, cursor=name)


def on_demand() -> Trigger:
    return Trigger(ON_DEMAND)


@dataclass(frozen=True)
class Flow:
    name: str
    label: str
    connection_kind: str  # Connection.Kind value the flow runs for: "shopify" or "netsuite"
    triggers: tuple[Trigger, ...]
    run: Callable
    # Webhook flows: payload → the unit of work it asks for (pure; ValueError if unreadable).
    describe: Callable[..., JobSpec] | None = None
    # job → what it would write if it ran now (a JobPreview), computed without writing
    # anything or calling either system; None for a flow that cannot say.
    preview: Callable[..., JobPreview] | None = None
    # On-demand flows: what the connection page's "Run now" button says.
    action: str = ""

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(t.topic for t in self.triggers if t.kind == WEBHOOK)

    @property
    def periodic(self) -> Trigger | None:
        """The schedule or cursor trigger, if the flow runs by itself."""
        return next((t for t in self.triggers if t.kind in (SCHEDULE, CURSOR)), None)

    @property
    def on_demand(self) -> bool:
        return any(t.kind == ON_DEMAND for t in self.triggers)

    @property
    def run_label(self) -> str:
        return self.action or f"Run now: {self.label}"


_registry: dict[str, Flow] | None = None


def flows() -> dict[str, Flow]:
    """Every flow by name (imported on first use, so models can name flows lazily)."""
    global _registry
    if _registry is None:
        loaded = [import_module(f"{__name__}.{package}").FLOW for package in FLOW_PACKAGES]
        _registry = {flow.name: flow for flow in loaded}
    return _registry


def flow_named(name: str) -> Flow:
    return flows()[name]


def topic_flows() -> dict[str, Flow]:
    """Webhook topic → the flow it starts."""
    return {topic: flow for flow in flows().values() for topic in flow.topics}


def flow_for_topic(topic: str) -> Flow | None:
    return topic_flows().get(topic)


def on_demand_flows(connection_kind: str) -> list[Flow]:
    """The flows a person may start for a connection of this kind, in the admin's order."""
    return [f for f in flows().values() if f.on_demand and f.connection_kind == connection_kind]


def flow_choices() -> list[tuple[str, str]]:
    return [(flow.name, flow.label) for flow in flows().values()]


def _duration(every: timedelta | None) -> str:
    seconds = int(every.total_seconds()) if every else 0
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"
