"""Shopify Admin GraphQL answers, read and classified into our error classes.

GraphQL errors mostly arrive with HTTP 200 and a top-level `errors` list whose
`extensions.code` says what happened (THROTTLED, MAX_COST_EXCEEDED, ACCESS_DENIED,
INTERNAL_SERVER_ERROR...), so the body is read before the status is trusted. HTTP-level
refusals (401 bad token, 402 frozen shop, 429, 5xx) carry `{"errors": "<text>"}`.

Mutation `userErrors` are part of `data`: they are the caller's business, never raised here.
"""

import json

import httpx

from integrations.errors import (
    AuthError,
    DataError,
    IntegrationError,
    TransientError,
    UnknownOutcomeError,
)
from integrations.retry_after import retry_after_of

THROTTLED = "THROTTLED"
MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
ACCESS_DENIED = "ACCESS_DENIED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

# 401: token invalid or revoked (app uninstalled); 403: token lacks access or shop
# restricted; 402: shop frozen (unpaid); 423: shop locked. None of them is fixed by retrying
# or by editing one order: the connection is paused until a person acts.
CONNECTION_STATUSES = {401: "INVALID_TOKEN", 402: "SHOP_FROZEN", 403: "FORBIDDEN",
                       423: "SHOP_LOCKED"}
# Statuses after which a mutation may or may not have been applied.
AMBIGUOUS_STATUSES = frozenset({500, 502, 504})
DEFAULT_RETRY_AFTER = 1.0


def read_body(response: httpx.Response) -> dict | None:
    """The JSON object in a response, or None when it is not one."""
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def cost_of(body: dict | None) -> dict | None:
    """`extensions.cost` ({requestedQueryCost, actualQueryCost, throttleStatus}) if present."""
    extensions = (body or {}).get("extensions")
    cost = extensions.get("cost") if isinstance(extensions, dict) else None
    return cost if isinstance(cost, dict) else None


def throttled_wait(body: dict | None) -> float | None:
    """Seconds until the bucket holds the refused query: (requested - available) / restore."""
    cost = cost_of(body) or {}
    status = cost.get("throttleStatus") or {}
    requested = cost.get("requestedQueryCost")
    available = status.get("currentlyAvailable")
    rate = status.get("restoreRate")
    if not all(isinstance(v, int | float) for v in (requested, available, rate)) or rate <= 0:
        return None
    return max(0.0, (requested - available) / rate)


def graphql_errors(body: dict | None) -> list[dict]:
    errors = (body or {}).get("errors")
    if isinstance(errors, list):
        return [e for e in errors if isinstance(e, dict)]
    return []


def error_code(error: dict) -> str:
    extensions = error.get("extensions")
    code = extensions.get("code") if isinstance(extensions, dict) else None
    return str(code) if code else ""


def is_throttled(body: dict | None) -> bool:
    return any(error_code(e) == THROTTLED for e in graphql_errors(body))


def raise_for_response(response: httpx.Response, *, mutation: bool = False) -> dict:
    """Return `data` from a GraphQL answer, or raise the classified error."""
    body = read_body(response)
    status = response.status_code
    if status in CONNECTION_STATUSES:
        raise AuthError(
            f"Shopify refused the credentials ({status}): {_text(body, response)}",
            code=CONNECTION_STATUSES[status], status=status,
        )
    errors = graphql_errors(body)
    codes = [error_code(e) for e in errors]
    if THROTTLED in codes:
        wait = throttled_wait(body)
        raise TransientError(
            "Shopify throttled the query (cost bucket empty)", code=THROTTLED, status=status,
            retry_after=_or_default(wait),
        )
    if status == 429:
        raise TransientError(
            f"Shopify rate limit: {_text(body, response)}", code="RATE_LIMITED", status=status,
            retry_after=_or_default(retry_after_of(response)),
        )
    if status >= 500:
        cls = UnknownOutcomeError if mutation and status in AMBIGUOUS_STATUSES else TransientError
        raise cls(f"Shopify answered {status}: {_text(body, response)}", code=f"HTTP_{status}",
                  status=status)
    if status >= 400:
        raise DataError(f"Shopify refused the request ({status}): {_text(body, response)}",
                        code=f"HTTP_{status}", status=status)
    if body is None:
        raise TransientError("Shopify answered with a body that is not a JSON object",
                             code="UNREADABLE_RESPONSE", status=status)
    if errors:
        raise _classify_errors(errors, codes, status=status, mutation=mutation)
    data = body.get("data")
    return data if isinstance(data, dict) else {}


def _classify_errors(errors: list[dict], codes: list[str], *, status: int,
                     mutation: bool) -> IntegrationError:
    message = "; ".join(str(e.get("message") or "unnamed error") for e in errors)
    code = next((c for c in codes if c), "GRAPHQL_ERROR")
    path = ".".join(str(p) for p in (errors[0].get("path") or []))
    if MAX_COST_EXCEEDED in codes:
        return DataError(message, code=MAX_COST_EXCEEDED, status=status, path=path)
    if ACCESS_DENIED in codes:
        return AuthError(message, code=ACCESS_DENIED, status=status, path=path)
    if INTERNAL_SERVER_ERROR in codes:
        cls = UnknownOutcomeError if mutation else TransientError
        return cls(message, code=INTERNAL_SERVER_ERROR, status=status, path=path)
    return DataError(message, code=code, status=status, path=path)


def error_for_exception(exc: httpx.HTTPError, *, mutation: bool = False) -> TransientError:
    """A transport failure. A mutation that may have reached Shopify has an unknown outcome."""
    never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if mutation and not never_sent:
        return UnknownOutcomeError(f"Shopify mutation outcome unknown: {exc!r}",
                                   code="UNKNOWN_OUTCOME")
    code = "TIMEOUT" if isinstance(exc, httpx.TimeoutException) else "NETWORK"
    return TransientError(f"Shopify unreachable: {exc!r}", code=code)


def _or_default(seconds: float | None) -> float:
    return DEFAULT_RETRY_AFTER if seconds is None else seconds


def _text(body: dict | None, response: httpx.Response) -> str:
    """A short human description of an error answer (never echoes request headers)."""
    if body is not None:
        errors = body.get("errors")
        if isinstance(errors, str):
            return errors
        if isinstance(errors, list):
            return "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e)
                             for e in errors)
        if isinstance(errors, dict):
            return "; ".join(f"{k}: {v}" for k, v in errors.items())
    return response.reason_phrase or f"HTTP {response.status_code}"
