"""NetSuite's error answers, read and classified into our error classes.

NetSuite writes errors as `{type, title, status, "o:errorDetails": [{detail, "o:errorCode",
"o:errorPath"?, …}]}`. `type` varies between releases (RFC 2616 vs RFC 9110 URLs), so the
classification keys on the HTTP status and `o:errorCode` only.

RESTlets answer an uncaught SuiteScript error with HTTP 400 (401 for a refused login) and
`{"error": {"code", "message"}}`, where the message is sometimes the whole error serialized as
JSON. The same classification applies: `SSS_REQUEST_LIMIT_EXCEEDED` is the account's
concurrency pool, `INVALID_LOGIN_ATTEMPT` a refused signature, any other code the record.
"""

import json
import re
from dataclasses import dataclass, field

import httpx

from integrations.errors import (
    AuthError,
    DataError,
    IntegrationError,
    TransientError,
    UnknownOutcomeError,
)
from integrations.retry_after import retry_after_of

# The account's concurrent request pool is full (REST: 429; RESTlets: 400).
CONCURRENCY_CODES = frozenset({
    "CONCURRENCY_LIMIT_EXCEEDED", "SSS_REQUEST_LIMIT_EXCEEDED", "WS_REQUEST_BLOCKED",
})
AUTH_CODES = frozenset({"INVALID_LOGIN", "INVALID_LOGIN_ATTEMPT", "INVALID_LOGIN_CREDENTIALS"})
# A proxy in front of NetSuite answered instead of it: the request may have gone through.
GATEWAY_STATUSES = frozenset({502, 504})
# Where a RESTlet's message names the field (a REST path such as item.items[0].taxCode):
# "… for the following field: <path>", "Field <path> is not a field of …", "… (<path>)."
_PATH = r"([A-Za-z_]\w*(?:\.\w+|\[\d+\])*)"
_FIELD_IN_MESSAGE = (
    re.compile(rf"for the following field: {_PATH}"),
    re.compile(rf"^Field {_PATH} is "),
    re.compile(rf"\({_PATH}\)\.?$"),
)


@dataclass(frozen=True)
class ErrorDetail:
    detail: str = ""
    code: str = ""
    path: str = ""
    url_path: str = ""


@dataclass(frozen=True)
class ErrorBody:
    status: int | None
    title: str = ""
    details: list[ErrorDetail] = field(default_factory=list)

    @property
    def code(self) -> str:
        return next((d.code for d in self.details if d.code), "")

    @property
    def path(self) -> str:
        return next((d.path for d in self.details if d.path), "")

    @property
    def message(self) -> str:
        texts = [d.detail for d in self.details if d.detail]
        return " ".join(texts) or self.title


def parse_error_body(body) -> ErrorBody:
    """Read an error body (bytes, text or already-parsed JSON); tolerant of non-JSON bodies."""
    data = body
    if isinstance(body, bytes | str):
        try:
            data = json.loads(body or b"null")
        except ValueError:
            data = None
    if not isinstance(data, dict):
        return ErrorBody(status=None)
    if isinstance(data.get("error"), dict):
        return _restlet_error(data["error"])
    details = []
    for raw in data.get("o:errorDetails") or []:
        if isinstance(raw, dict):
            details.append(ErrorDetail(
                detail=str(raw.get("detail") or ""),
                code=str(raw.get("o:errorCode") or ""),
                path=str(raw.get("o:errorPath") or ""),
                url_path=str(raw.get("o:urlPath") or ""),
            ))
    status = data.get("status")
    return ErrorBody(
        status=status if isinstance(status, int) else None,
        title=str(data.get("title") or ""),
        details=details,
    )


def _restlet_error(error: dict) -> ErrorBody:
    code = str(error.get("code") or "")
    message = error.get("message")
    if isinstance(message, str) and message.lstrip().startswith("{"):
        try:
            inner = json.loads(message)
        except ValueError:
            inner = None
        if isinstance(inner, dict):
            code = code or str(inner.get("name") or "")
            message = inner.get("message", message)
    text = "" if message is None else str(message)
    path = next((m.group(1) for m in (p.search(text) for p in _FIELD_IN_MESSAGE) if m), "")
    return ErrorBody(status=None, title=code,
                     details=[ErrorDetail(detail=text, code=code, path=path)])


def is_concurrency_limited(error: IntegrationError) -> bool:
    return error.status == 429 or error.code in CONCURRENCY_CODES


def error_from_response(response: httpx.Response, *, write: bool) -> IntegrationError:
    """The error a non-2xx answer means. `write` is true for requests that change records."""
    status = response.status_code
    body = parse_error_body(response.content)
    code = body.code
    message = body.message or response.reason_phrase or f"HTTP {status}"
    where = f"NetSuite {response.request.method} {response.request.url.path}"
    text = f"{where}: {status} {message}"
    common = {"code": code, "status": status, "path": body.path}

    if code in CONCURRENCY_CODES or status == 429:
        return TransientError(text, retry_after=retry_after_of(response), **common)
    if status == 401 or code in AUTH_CODES:
        return AuthError(text, **common)
    if status >= 500:
        if write and status in GATEWAY_STATUSES:
            return UnknownOutcomeError(text, **common)
        return TransientError(text, retry_after=retry_after_of(response), **common)
    if status == 408:
        return TransientError(text, **common)
    # 400 INVALID_CONTENT / USER_ERROR / INVALID_PARAMETER, 403 INSUFFICIENT_PERMISSION,
    # 404 NONEXISTENT_ID and the other 4xx: the request itself is wrong; retrying cannot help.
    return DataError(text, **common)


def error_from_exception(exc: httpx.TransportError, request: httpx.Request | None = None,
                         *, write: bool) -> IntegrationError:
    """The error a failed exchange means: whether a write may have happened decides it."""
    method = request.method if request is not None else ""
    path = request.url.path if request is not None else ""
    where = f"NetSuite {method} {path}".strip()
    name = type(exc).__name__
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return TransientError(f"{where}: could not connect ({name})", code=name)
    if isinstance(exc, httpx.WriteTimeout | httpx.WriteError):
        # The request was not completely sent, so NetSuite cannot have acted on it.
        return TransientError(f"{where}: sending the request failed ({name})", code=name)
    if write and isinstance(exc, httpx.ReadTimeout | httpx.ReadError | httpx.RemoteProtocolError):
        return UnknownOutcomeError(
            f"{where}: no answer after the request was sent ({name}); "
            "read back by external id before writing again",
            code=name,
        )
    return TransientError(f"{where}: {name}", code=name)
