"""A simulator of Shopify's Admin GraphQL API, for the demo, the tests and the benchmarks.

`ShopifySandbox` is a plain WSGI application. It answers
`POST /admin/api/<version>/graphql.json` the way Shopify does:

- `X-Shopify-Access-Token` must match the shop's token, else 401 with Shopify's body;
- documents are parsed, validated and executed by graphql-core against Shopify's published
  schema (API 2026-01, `shopify_admin_2026-01.graphql` next to this file), so a query
  Shopify would reject is rejected here too; only the fields the integration reads have
  resolvers (`QueryRoot.order`: id, legacyResourceId, name, risk); an unknown order is
  `null`, other root fields answer an error naming what is not simulated;
- every query has a cost (`shopify_cost`: Shopify's rules, simplified) and each shop a
  leaky bucket (`maximum_available` points, refilled at `restore_rate` per second). The
  requested cost is charged before execution and refunded down to the actual cost. Answers
  carry `extensions.cost`; an empty bucket answers THROTTLED (HTTP 200, no `data`,
  `actualQueryCost: null`); more than 1,000 points answers MAX_COST_EXCEEDED.

Control endpoints (JSON bodies, no authentication):
- `POST /_sandbox/orders` {id, name?, risk_recommendation?, risk_level?, facts?}: seed an
  order (risk_level null means no assessment);
- `POST /_sandbox/config` {latency_ms?, fail_next?, fail_times?, restore_rate?,
  maximum_available?}: slow every answer down, or answer the next `fail_times` (default 1)
  GraphQL requests with HTTP status `fail_next`;
- `POST /_sandbox/reset`: forget orders, refill buckets, clear the configuration.

Buckets are per shop: the shop is the request's host when it is a known shop (`add_shop`),
otherwise the sandbox's own shop (as when served on a local port).
"""

import hmac
import json
import logging
import math
import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path

import httpx
from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    build_schema,
    default_field_resolver,
    execute,
    parse,
    validate,
)
from graphql.utilities import get_operation_ast

from .shopify_cost import QueryCost

log = logging.getLogger(__name__)

SCHEMA_PATH = Path(__file__).with_name("shopify_admin_2026-01.graphql")
API_PATH = re.compile(r"^/admin/api/(?:\d{4}-\d{2}|unstable)/graphql\.json$")
ORDER_GID = re.compile(r"^gid://shopify/Order/(\d+)$")
DEMO_SHOP = "demo-store.myshopify.com"
DEMO_ACCESS_TOKEN = "shpat_sandbox_demo_token"  # noqa: S105 (the simulator's public demo token)
MAX_QUERY_COST = 1000
RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits"
INVALID_TOKEN_BODY = {
    "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
}

_schema: GraphQLSchema | None = None
_schema_lock = threading.Lock()
schema_load_seconds: float | None = None


def admin_schema() -> GraphQLSchema:
    """Shopify's Admin schema, built once per process (about 2.6 MB of SDL)."""
    global _schema, schema_load_seconds
    with _schema_lock:
        if _schema is None:
            started = time.perf_counter()
            # assume_valid: graphql-core 3.3 enforces a newer spec rule (a field may only be
            # deprecated on an implementation if it is on the interface) that Shopify's
            # published schema breaks six times; the tests check nothing else is invalid.
            _schema = build_schema(SCHEMA_PATH.read_text(encoding="utf-8"), assume_valid=True)
            schema_load_seconds = time.perf_counter() - started
            log.info("Shopify Admin schema loaded in %.2fs", schema_load_seconds)
    return _schema


@lru_cache(maxsize=512)
def _prepared(query: str) -> tuple[DocumentNode | None, tuple[dict, ...]]:
    """The parsed document and its validation errors (cached: clients resend constants)."""
    try:
        document = parse(query)
    except GraphQLError as exc:
        return None, (exc.formatted,)
    return document, tuple(e.formatted for e in validate(admin_schema(), document))


@dataclass
class _Bucket:
    available: float
    updated: float


class ShopifySandbox:
    """Shopify's Admin GraphQL endpoint for one or more shops, as a thread-safe WSGI app."""

    def __init__(self, shop_domain: str = DEMO_SHOP, access_token: str = DEMO_ACCESS_TOKEN,
                 restore_rate: float = 100, maximum_available: float = 2000):
        self.shop_domain = shop_domain
        self._defaults = {"restore_rate": restore_rate, "maximum_available": maximum_available}
        self._tokens = {shop_domain: access_token}
        self._lock = threading.Lock()
        self._orders: dict[int, dict] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._reset_config()

    # Python API (the control endpoints call these).

    def add_shop(self, shop_domain: str, access_token: str) -> None:
        with self._lock:
            self._tokens[shop_domain] = access_token

    def add_order(self, order_id: int | str, *, name: str | None = None,
                  risk_recommendation: str = "ACCEPT", risk_level: str | None = "LOW",
                  facts: list[dict] | None = None) -> dict:
        match = ORDER_GID.match(str(order_id))
        number = match.group(1) if match else str(order_id)
        if not number.isdigit():
            raise ValueError(f"order id {order_id!r} is not numeric")
        schema = admin_schema()
        _check_enum(schema, "OrderRiskRecommendationResult", risk_recommendation)
        assessments = []
        if risk_level:
            _check_enum(schema, "RiskAssessmentResult", risk_level)
            facts = facts or [{"description": f"Sandbox risk level {risk_level.lower()}",
                               "sentiment": "NEGATIVE" if risk_level == "HIGH" else "NEUTRAL"}]
            for fact in facts:
                _check_enum(schema, "RiskFactSentiment", fact.get("sentiment"))
            assessments.append({"riskLevel": risk_level, "facts": [
                {"description": str(f.get("description", "")), "sentiment": f["sentiment"]}
                for f in facts]})
        order = {
            "id": f"gid://shopify/Order/{number}",
            "legacyResourceId": number,
            "name": name or f"#{number}",
            "risk": {"recommendation": risk_recommendation, "assessments": assessments},
        }
        with self._lock:
            self._orders[int(number)] = order
        return order

    def configure(self, *, latency_ms: int | None = None, fail_next: int | None = None,
                  fail_times: int = 1, restore_rate: float | None = None,
                  maximum_available: float | None = None) -> dict:
        if fail_next is not None and not 400 <= HTTPStatus(int(fail_next)) <= 599:
            raise ValueError("fail_next must be an HTTP error status (400-599)")
        with self._lock:
            if latency_ms is not None:
                self._config["latency_ms"] = max(0, int(latency_ms))
            if fail_next is not None:
                self._config["fail_next"] = int(fail_next)
                self._config["fail_times"] = max(1, int(fail_times))
            if restore_rate is not None:
                self._config["restore_rate"] = float(restore_rate)
            if maximum_available is not None:
                self._config["maximum_available"] = float(maximum_available)
            return dict(self._config)

    def reset(self) -> None:
        with self._lock:
            self._orders.clear()
            self._buckets.clear()
            self._reset_config()

    def transport(self) -> httpx.WSGITransport:
        return httpx.WSGITransport(app=self)

    # WSGI.

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        status, body, headers = self._route(method, path, environ)
        payload = json.dumps(body).encode()
        start_response(f"{status} {HTTPStatus(status).phrase}", [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(payload))), *headers])
        return [payload]

    def _route(self, method: str, path: str, environ):
        controls = {"/_sandbox/orders": self._seed_order, "/_sandbox/config": self._configure,
                    "/_sandbox/reset": self._reset}
        if path not in controls and not API_PATH.match(path):
            return 404, {"errors": "Not Found"}, []
        if method != "POST":
            return 405, {"errors": "Method Not Allowed"}, [("Allow", "POST")]
        if path not in controls:
            return self._graphql(environ)
        try:
            status, body = controls[path](_json_object(_read(environ) or b"{}"))
        except (ValueError, TypeError, KeyError) as exc:
            return 400, {"errors": str(exc)}, []
        return status, body, []

    def _seed_order(self, body: dict) -> tuple[int, dict]:
        return 201, {"order": self.add_order(**_seed(body))}

    def _configure(self, body: dict) -> tuple[int, dict]:
        return 200, {"config": self.configure(**body)}

    def _reset(self, body: dict) -> tuple[int, dict]:
        self.reset()
        return 200, {"reset": True}

    def _graphql(self, environ):
        shop = self._shop_for(environ)
        with self._lock:
            latency = self._config["latency_ms"]
            failure = self._config["fail_next"]
            if failure:
                self._config["fail_times"] -= 1
                if self._config["fail_times"] <= 0:
                    self._config["fail_next"] = None
            token = self._tokens[shop]
        if latency:
            time.sleep(latency / 1000)
        if failure:
            return _failure(failure)
        received = environ.get("HTTP_X_SHOPIFY_ACCESS_TOKEN", "")
        if not hmac.compare_digest(received.encode(), token.encode()):
            return 401, INVALID_TOKEN_BODY, []
        request = _graphql_request(environ)
        if request is None:
            return 400, {"errors": {"query": "Required parameter missing or invalid"}}, []
        query, variables, operation_name = request
        document, errors = _prepared(query)
        if errors:
            return 200, {"errors": list(errors)}, []
        return 200, self._run(shop, document, variables, operation_name), []

    def _run(self, shop: str, document: DocumentNode, variables: dict | None,
             operation_name: str | None) -> dict:
        schema = admin_schema()
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return {"errors": [{"message": "An operation name is required"}]}
        cost = QueryCost(schema, document, operation, variables)
        try:
            requested = cost()
        except GraphQLError as exc:
            return {"errors": [exc.formatted]}
        if requested > MAX_QUERY_COST:
            return {"errors": [{
                "message": f"Query cost is {requested}, which exceeds the single query max cost "
                           f"limit ({MAX_QUERY_COST}).",
                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": requested,
                               "maxCost": MAX_QUERY_COST, "documentation": RATE_LIMITS_DOC}}]}
        with self._lock:
            bucket = self._leak(shop)
            if bucket.available < requested:
                return _throttled(requested, self._status(bucket))
            bucket.available -= requested
        result = execute(schema, document, root_value=self, variable_values=variables,
                         operation_name=operation_name, field_resolver=_resolve)
        actual = min(requested, cost(result.data))
        with self._lock:
            bucket = self._leak(shop)
            bucket.available = min(self._config["maximum_available"],
                                   bucket.available + requested - actual)
            status = self._status(bucket)
        body = {"data": result.data}
        if result.errors:
            body = {"errors": [e.formatted for e in result.errors], **body}
        body["extensions"] = {"cost": {"requestedQueryCost": requested,
                                       "actualQueryCost": actual, "throttleStatus": status}}
        return body

    # Root resolvers (the fields the integration reads).

    def resolve_order(self, id: str) -> dict | None:
        match = ORDER_GID.match(id)
        if match is None:
            raise GraphQLError(f"Invalid global id '{id}'",
                               extensions={"code": "argumentLiteralsIncompatible"})
        with self._lock:
            order = self._orders.get(int(match.group(1)))
            return json.loads(json.dumps(order)) if order is not None else None

    # Internals (called with self._lock held).

    def _leak(self, shop: str) -> _Bucket:
        now = time.monotonic()
        maximum = self._config["maximum_available"]
        bucket = self._buckets.setdefault(shop, _Bucket(maximum, now))
        restored = (now - bucket.updated) * self._config["restore_rate"]
        bucket.available = min(maximum, bucket.available + restored)
        bucket.updated = now
        return bucket

    def _status(self, bucket: _Bucket) -> dict:
        return {"maximumAvailable": _number(self._config["maximum_available"]),
                "currentlyAvailable": max(0, math.floor(bucket.available)),
                "restoreRate": _number(self._config["restore_rate"])}

    def _reset_config(self) -> None:
        self._config = {"latency_ms": 0, "fail_next": None, "fail_times": 0, **self._defaults}

    def _shop_for(self, environ) -> str:
        host = (environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "").split(":")[0]
        with self._lock:
            return host.lower() if host.lower() in self._tokens else self.shop_domain


ROOT_RESOLVERS = {("QueryRoot", "order"): "resolve_order"}


def _resolve(source, info, **args):
    if info.parent_type in (info.schema.query_type, info.schema.mutation_type):
        name = ROOT_RESOLVERS.get((info.parent_type.name, info.field_name))
        if name is None:
            raise GraphQLError(
                f"The Shopify sandbox does not simulate {info.parent_type.name}."
                f"{info.field_name}", extensions={"code": "NOT_SIMULATED"})
        return getattr(source, name)(**args)
    if isinstance(source, dict) and info.field_name not in source:
        raise GraphQLError(
            f"The Shopify sandbox does not simulate {info.parent_type.name}.{info.field_name}",
            extensions={"code": "NOT_SIMULATED"})
    return default_field_resolver(source, info, **args)


def _throttled(requested: int, status: dict) -> dict:
    return {
        "errors": [{"message": "Throttled",
                    "extensions": {"code": "THROTTLED", "documentation": RATE_LIMITS_DOC}}],
        "extensions": {"cost": {"requestedQueryCost": requested, "actualQueryCost": None,
                                "throttleStatus": status}},
    }


def _failure(status: int):
    if status == 401:
        return 401, INVALID_TOKEN_BODY, []
    headers = [("Retry-After", "2.0")] if status == 429 else []
    return status, {"errors": HTTPStatus(status).phrase}, headers


def _graphql_request(environ) -> tuple[str, dict | None, str | None] | None:
    raw = _read(environ)
    if (environ.get("CONTENT_TYPE") or "").startswith("application/graphql"):
        return (raw.decode(), None, None) if raw.strip() else None
    try:
        body = json.loads(raw or b"null")
    except ValueError:
        return None
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return None
    variables = body.get("variables")
    return body["query"], variables if isinstance(variables, dict) else None, \
        body.get("operationName") or None


def _read(environ) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _json_object(raw: bytes) -> dict:
    body = json.loads(raw)
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _seed(body: dict) -> dict:
    if "id" not in body:
        raise ValueError("an order needs an id")
    unknown = set(body) - {"id", "name", "risk_recommendation", "risk_level", "facts"}
    if unknown:
        raise ValueError(f"unknown order fields: {', '.join(sorted(unknown))}")
    return {("order_id" if k == "id" else k): v for k, v in body.items()}


def _check_enum(schema: GraphQLSchema, enum_name: str, value) -> None:
    if value not in schema.get_type(enum_name).values:
        raise ValueError(f"{value!r} is not a {enum_name}")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
