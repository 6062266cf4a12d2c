"""Shopify's GraphQL cost bucket, governed for every worker of every process at once.

Shopify gives each (app, store) a leaky bucket of cost points (`maximumAvailable`, refilled
at `restoreRate` per second) and reports it after every query in
`extensions.cost.throttleStatus`. We keep that report per shop, in Redis when `REDIS_URL`
is set (so all workers share it) or in this process otherwise, and before each query:

1. estimate its cost from the document (`estimate_cost`, same rules as Shopify's
   calculator: scalars 0, objects 1, connections 2 + page size * item, mutations 10);
2. reserve that many points from the restored bucket, atomically, so workers that wait
   form a queue instead of all firing when the bucket refills;
3. sleep until the reservation is covered, unless that takes longer than `max_wait`: then
   raise TransientError with `retry_after`, so the job is retried later instead of holding
   a worker.

After each answer Shopify's figure is merged in (the lower of it and ours, since ours also
counts reservations Shopify has not seen yet). A THROTTLED answer replaces our figure with
Shopify's outright: the refused query was not charged, and every worker then backs off.
"""

import math
import threading
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from graphql import DocumentNode, OperationType
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

from integrations.errors import TransientError
from integrations.shared_redis import redis_client

KEY_PREFIX = "shopify:throttle:"
STATE_TTL_SECONDS = 3600
DEFAULT_MAX_WAIT_SECONDS = 10.0
MUTATION_COST = 10
CONNECTION_BASE_COST = 2
# Page size assumed when a connection's `first`/`last` cannot be read (Shopify's maximum).
UNKNOWN_PAGE_SIZE = 250


@dataclass(frozen=True)
class BucketState:
    """The bucket as last known: `available` points at `observed_at` (seconds, store clock)."""

    available: float
    maximum: float
    restore_rate: float
    observed_at: float

    def available_at(self, now: float) -> float:
        restored = max(0.0, now - self.observed_at) * self.restore_rate
        return min(self.maximum, self.available + restored)


def plan(state: BucketState | None, cost: int, now: float,
         max_wait: float) -> tuple[float, BucketState | None]:
    """Seconds to wait before sending a query of `cost`, and the state with it reserved.

    No reservation is made (second item None) when nothing is known yet or the wait is
    longer than `max_wait`.
    """
    if state is None:
        return 0.0, None
    cost = min(cost, state.maximum)  # more than the bucket holds is Shopify's to refuse
    available = state.available_at(now)
    if available >= cost:
        wait = 0.0
    elif state.restore_rate > 0:
        wait = (cost - available) / state.restore_rate
    else:
        wait = math.inf
    if wait > max_wait:
        return wait, None
    return wait, BucketState(available - cost, state.maximum, state.restore_rate, now)


def merge(ours: BucketState | None, reported: BucketState, *, replace: bool) -> BucketState:
    if ours is None or replace:
        return reported
    available = min(ours.available_at(reported.observed_at), reported.available)
    return BucketState(available, reported.maximum, reported.restore_rate, reported.observed_at)


def reported_state(cost: dict | None, now: float) -> BucketState | None:
    """The BucketState in an `extensions.cost` block, if it is complete."""
    status = (cost or {}).get("throttleStatus") or {}
    values = [status.get(k) for k in ("currentlyAvailable", "maximumAvailable", "restoreRate")]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return None
    return BucketState(float(values[0]), float(values[1]), float(values[2]), now)


class LocalBucketStore:
    """Bucket states of this process only (no REDIS_URL: one process runs every job)."""

    def __init__(self):
        self._states: dict[str, BucketState] = {}
        self._lock = threading.Lock()

    def get(self, shop: str) -> BucketState | None:
        with self._lock:
            return self._states.get(shop)

    def reserve(self, shop: str, cost: int, max_wait: float) -> float:
        with self._lock:
            wait, reserved = plan(self._states.get(shop), cost, time.time(), max_wait)
            if reserved is not None:
                self._states[shop] = reserved
            return wait

    def record(self, shop: str, cost: dict | None, *, replace: bool = False) -> None:
        reported = reported_state(cost, time.time())
        if reported is not None:
            with self._lock:
                self._states[shop] = merge(self._states.get(shop), reported, replace=replace)

    def clear(self, shop: str) -> None:
        with self._lock:
            self._states.pop(shop, None)


class RedisBucketStore:
    """Bucket states in one Redis hash per shop, read and written in WATCH transactions.

    Times come from the Redis server clock, so workers on machines whose clocks disagree
    still agree on how much the bucket has refilled.
    """

    FIELDS = ("available", "maximum", "restore_rate", "observed_at")

    def __init__(self, client: redis.Redis):
        self.client = client

    def get(self, shop: str) -> BucketState | None:
        return self._run(lambda: self._decode(self.client.hgetall(_key(shop))))

    def reserve(self, shop: str, cost: int, max_wait: float) -> float:
        def transaction(pipe) -> float:
            state = self._decode(pipe.hgetall(_key(shop)))
            wait, reserved = plan(state, cost, self._now(pipe), max_wait)
            if reserved is not None:
                self._write(pipe, shop, reserved)
            return wait

        return self._run(lambda: self.client.transaction(
            transaction, _key(shop), value_from_callable=True))

    def record(self, shop: str, cost: dict | None, *, replace: bool = False) -> None:
        def transaction(pipe) -> None:
            reported = reported_state(cost, self._now(pipe))
            if reported is not None:
                state = self._decode(pipe.hgetall(_key(shop)))
                self._write(pipe, shop, merge(state, reported, replace=replace))

        if reported_state(cost, 0.0) is not None:
            self._run(lambda: self.client.transaction(transaction, _key(shop)))

    def clear(self, shop: str) -> None:
        self._run(lambda: self.client.delete(_key(shop)))

    def _write(self, pipe, shop: str, state: BucketState) -> None:
        pipe.multi()
        pipe.hset(_key(shop), mapping={f: repr(getattr(state, f)) for f in self.FIELDS})
        pipe.expire(_key(shop), STATE_TTL_SECONDS)

    @staticmethod
    def _now(pipe) -> float:
        seconds, micros = pipe.time()
        return seconds + micros / 1_000_000

    def _decode(self, raw: dict) -> BucketState | None:
        try:
            return BucketState(*(float(raw[f]) for f in self.FIELDS))
        except (KeyError, TypeError, ValueError):
            return None

    @staticmethod
    def _run(operation):
        try:
            return operation()
        except redis.RedisError as exc:
            raise TransientError(f"the Shopify throttle store is unavailable: {exc}",
                                 code="THROTTLE_STORE") from exc


def _key(shop: str) -> str:
    return KEY_PREFIX + shop.lower()


_local_store = LocalBucketStore()


def default_store() -> LocalBucketStore | RedisBucketStore:
    if settings.REDIS_URL:
        return RedisBucketStore(redis_client(decode_responses=True))
    return _local_store


class CostThrottle:
    """The cost bucket of one shop, as seen by every worker."""

    def __init__(self, shop_domain: str, *, store=None,
                 max_wait: float = DEFAULT_MAX_WAIT_SECONDS, sleep=time.sleep):
        self.shop = shop_domain
        self.store = store if store is not None else default_store()
        self.max_wait = max_wait
        self._sleep = sleep

    def acquire(self, cost: int) -> float:
        """Wait until the bucket covers `cost` points and take them; return the seconds waited."""
        wait = self.store.reserve(self.shop, cost, self.max_wait)
        if wait > self.max_wait:
            raise TransientError(
                f"Shopify's cost bucket for {self.shop} needs {wait:.1f}s to cover a "
                f"{cost}-point query", code="BUCKET_EMPTY", retry_after=wait,
            )
        if wait > 0:
            self._sleep(wait)
        return wait

    def record(self, cost: dict | None) -> None:
        """Take in the `extensions.cost` of an answered query."""
        self.store.record(self.shop, cost)

    def throttled(self, cost: dict | None) -> None:
        """Take in the `extensions.cost` of a THROTTLED answer: Shopify's figure wins."""
        self.store.record(self.shop, cost, replace=True)

    def state(self) -> BucketState | None:
        return self.store.get(self.shop)


def estimate_cost(document: DocumentNode, variables: dict | None = None,
                  operation_name: str | None = None) -> int:
    """Cost of a document by Shopify's published rules, without the schema.

    A field with a selection set is an object (1) unless it takes `first`/`last`, which makes
    it a connection (2 + page size * the cost of one `edges.node` / `nodes` item). Fields
    without a selection set are scalars or enums (0). Each mutation field costs 10.
    """
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    operation = _operation(document, operation_name)
    if operation.operation == OperationType.MUTATION:
        return MUTATION_COST * sum(
            1 for s in operation.selection_set.selections if isinstance(s, FieldNode))
    values = {
        d.variable.name.value: int(d.default_value.value)
        for d in operation.variable_definitions or ()
        if isinstance(d.default_value, IntValueNode)
    }
    values.update(variables or {})
    return _selection_cost(operation.selection_set, fragments, values)


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if name is None or (operation.name and operation.name.value == name):
            return operation
    raise ValueError(f"no operation {name!r} in the document")


def _fields(selection_set: SelectionSetNode, fragments: dict) -> list[FieldNode]:
    fields = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            fields.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            fields.extend(_fields(selection.selection_set, fragments))
        elif isinstance(selection, FragmentSpreadNode):
            fields.extend(_fields(fragments[selection.name.value].selection_set, fragments))
    return fields


def _selection_cost(selection_set: SelectionSetNode, fragments: dict, variables: dict) -> int:
    total = 0
    for field in _fields(selection_set, fragments):
        if field.selection_set is None:
            continue
        size = _page_size(field, variables)
        if size is None:
            total += 1 + _selection_cost(field.selection_set, fragments, variables)
        else:
            total += CONNECTION_BASE_COST + size * _item_cost(field, fragments, variables)
    return total


def _item_cost(connection: FieldNode, fragments: dict, variables: dict) -> int:
    items = []
    for field in _fields(connection.selection_set, fragments):
        if field.name.value == "nodes" and field.selection_set:
            items.append(field)
        elif field.name.value == "edges" and field.selection_set:
            items.extend(f for f in _fields(field.selection_set, fragments)
                         if f.name.value == "node" and f.selection_set)
    return max(
        (1 + _selection_cost(f.selection_set, fragments, variables) for f in items), default=0)


def _page_size(field: FieldNode, variables: dict) -> int | None:
    for argument in field.arguments or ():
        if argument.name.value not in ("first", "last"):
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            if isinstance(given, int) and not isinstance(given, bool):
                return given
        return UNKNOWN_PAGE_SIZE
    return None
