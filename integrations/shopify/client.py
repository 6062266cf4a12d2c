"""The only code that talks to Shopify's Admin API (GraphQL).

`ShopifyClient(connection)` posts documents from `queries` to
`{base_url}/admin/api/{api_version}/graphql.json`, waits on the shop's shared cost bucket
before each one, records the bucket Shopify reports after it, and raises the classified
errors of `integrations.errors`, each carrying the store it came from (`error.connection`).
A THROTTLED answer (nothing was executed) is retried here a couple of times after the bucket
has refilled; every other error goes to the caller.
"""

import logging
from dataclasses import dataclass
from functools import lru_cache

import httpx
from graphql import DocumentNode, OperationType, parse
from graphql.language import OperationDefinitionNode

from integrations.errors import DataError, IntegrationError, TransientError
from integrations.http import build_client

from . import queries
from .auth import auth_for
from .errors import (
    THROTTLED,
    cost_of,
    error_for_exception,
    is_throttled,
    raise_for_response,
    read_body,
)
from .throttle import CostThrottle, estimate_cost

log = logging.getLogger(__name__)

DEFAULT_API_VERSION = "2026-01"
USER_AGENT = "shopify-netsuite-control-panel"
THROTTLED_RETRIES = 2
ORDER_GID_PREFIX = "gid://shopify/Order/"
# RiskAssessmentResult, most to least alarming; PENDING means no verdict yet.
RISK_RANK = {"HIGH": 4, "MEDIUM": 3, "LOW": 2, "PENDING": 1, "NONE": 0}


@dataclass(frozen=True)
class OrderRisk:
    """Shopify's fraud verdict on an order.

    `recommendation` is None only when Shopify does not know the order; `highest_risk_level`
    is also None when the order has no assessment yet.
    """

    recommendation: str | None  # ACCEPT | INVESTIGATE | CANCEL | NONE
    highest_risk_level: str | None  # HIGH | MEDIUM | LOW | PENDING | NONE

    @property
    def found(self) -> bool:
        return self.recommendation is not None

    @property
    def is_high(self) -> bool:
        return self.recommendation == "CANCEL" or self.highest_risk_level == "HIGH"


def order_gid(order_id: int | str) -> str:
    """`gid://shopify/Order/<id>` from a numeric id (int or digits) or a gid."""
    if isinstance(order_id, str) and order_id.startswith(ORDER_GID_PREFIX):
        number = order_id[len(ORDER_GID_PREFIX):]
    elif isinstance(order_id, int) and not isinstance(order_id, bool):
        number = str(order_id)
    else:
        number = str(order_id).strip()
    if not number.isdigit():
        raise DataError(f"{order_id!r} is not a Shopify order id", code="INVALID_ORDER_ID")
    return ORDER_GID_PREFIX + number


@lru_cache(maxsize=256)
def _parse(document: str) -> DocumentNode:
    return parse(document)


def _is_mutation(document: DocumentNode) -> bool:
    return any(isinstance(d, OperationDefinitionNode) and d.operation == OperationType.MUTATION
               for d in document.definitions)


class ShopifyClient:
    """A Shopify store's Admin GraphQL API. Use as a context manager."""

    def __init__(self, connection, *, throttle: CostThrottle | None = None):
        self.connection = connection
        self.shop = connection.shop_domain
        version = connection.api_version or DEFAULT_API_VERSION
        self.path = f"/admin/api/{version}/graphql.json"
        self.throttle = throttle if throttle is not None else CostThrottle(self.shop)
        auth = auth_for(connection)
        self._http = build_client(
            connection.base_url,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
        )
        self._http.auth = auth

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self) -> None:
        self._http.close()

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        """Run one document and return its `data` (mutation userErrors included, not raised)."""
        try:
            return self._graphql(query, variables)
        except IntegrationError as error:
            error.came_from(self.connection)
            raise

    def _graphql(self, query: str, variables: dict | None) -> dict:
        document = _parse(query)
        mutation = _is_mutation(document)
        cost = estimate_cost(document, variables)
        payload = {"query": query, "variables": variables or {}}
        attempt = 0
        while True:
            waited = self.throttle.acquire(cost)
            response = self._post(payload, mutation=mutation)
            body = read_body(response)
            if is_throttled(body):
                self.throttle.throttled(cost_of(body))
            else:
                self.throttle.record(cost_of(body))
            try:
                data = raise_for_response(response, mutation=mutation)
            except TransientError as exc:
                if exc.code != THROTTLED or attempt >= THROTTLED_RETRIES:
                    raise
                attempt += 1
                log.info("Shopify throttled %s (estimated cost %s); retry %s after %.2fs",
                         self.shop, cost, attempt, exc.retry_after or 0)
                continue
            log.debug("Shopify %s: estimated cost %s, charged %s, waited %.2fs", self.shop,
                      cost, (cost_of(body) or {}).get("actualQueryCost"), waited)
            return data

    def order_risk(self, order_id: int | str) -> OrderRisk:
        """Shopify's risk recommendation and the highest assessment level for an order."""
        try:
            gid = order_gid(order_id)
        except DataError as error:
            error.came_from(self.connection)
            raise
        data = self.graphql(queries.ORDER_RISK, {"id": gid})
        order = data.get("order")
        if not isinstance(order, dict):
            return OrderRisk(recommendation=None, highest_risk_level=None)
        risk = order.get("risk") if isinstance(order.get("risk"), dict) else {}
        levels = [a.get("riskLevel") for a in risk.get("assessments") or []
                  if isinstance(a, dict) and isinstance(a.get("riskLevel"), str)]
        highest = max(levels, key=lambda level: RISK_RANK.get(level, 0), default=None)
        recommendation = risk.get("recommendation")
        return OrderRisk(
            recommendation=recommendation if isinstance(recommendation, str) else None,
            highest_risk_level=highest,
        )

    def _post(self, payload: dict, *, mutation: bool) -> httpx.Response:
        try:
            return self._http.post(self.path, json=payload)
        except httpx.HTTPError as exc:
            raise error_for_exception(exc, mutation=mutation) from exc
