"""The only code that talks to NetSuite: REST records (upsert, create, get), the metadata
catalog, SuiteQL and our record-upsert RESTlet (for legacy-tax accounts).

Every request is signed (TBA), runs inside one of the account's concurrency slots and is
classified on failure (integrations.netsuite.errors). A refusal for concurrency (429,
CONCURRENCY_LIMIT_EXCEEDED) is retried here a couple of times with jittered backoff, outside
the slot, and so, once, is a 401 that looks like NetSuite's overload answer (it came slowly,
or while every one of our slots was taken); every other failure goes to the job's own retry
policy. Every error raised here carries this client's connection (`error.connection`).

Record requests send `X-NetSuite-PropertyNameValidation: Error`, so an account refuses a field
name it does not know instead of dropping it (its default is Warning), and writes also send
`X-NetSuite-PropertyValueValidation: Error` (the published default, pinned). RESTlet calls
go to the account's RESTlet host with the same signing and the same concurrency pool.
"""

import json
import logging
import random
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
from django.conf import settings

from integrations.errors import AuthError, DataError, IntegrationError, UnknownOutcomeError
from integrations.http import build_client, origin_of

from . import governor
from .auth import auth_for
from .errors import error_from_exception, error_from_response, is_concurrency_limited
from .payloads import internal_id_from_location, parse_suiteql_page

log = logging.getLogger(__name__)

RECORD_ROOT = "/services/rest/record/v1"
SUITEQL_PATH = "/services/rest/query/v1/suiteql"
EXTERNAL_ID = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
RECORD_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
SUITEQL_MAX_PAGE = 1000
# Refuse unknown field names (the account's default only warns) and pin value validation.
RECORD_HEADERS = {"X-NetSuite-PropertyNameValidation": "Error"}
RECORD_WRITE_HEADERS = {**RECORD_HEADERS, "X-NetSuite-PropertyValueValidation": "Error"}
METADATA_ACCEPT = "application/swagger+json"  # OpenAPI 3.0; JSON Schema is the other choice


def _json_default(value):
    """JSON for what the flows put in bodies.

    Money is Decimal. NetSuite takes amounts as JSON numbers, and the standard library can
    only write a number from a float: a Decimal of up to 15 significant digits (every 2-dp
    amount below 10^13) converts to the float whose shortest repr is that same decimal, so
    the number on the wire is exact. Anything that would not survive the trip is refused.
    """
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        number = float(value)
        if Decimal(repr(number)) != value:
            raise ValueError(f"{value} cannot be sent to NetSuite as an exact JSON number")
        return number
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("datetimes sent to NetSuite must be aware")
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def encode_body(body: dict) -> bytes:
    return json.dumps(body, default=_json_default, allow_nan=False).encode()


def check_external_id(external_id: str) -> str:
    if not isinstance(external_id, str) or not EXTERNAL_ID.match(external_id):
        raise ValueError(
            f"invalid NetSuite external id {external_id!r}: use letters, digits, _ and - only"
        )
    return external_id


def _check_record_type(record_type: str) -> str:
    if not isinstance(record_type, str) or not RECORD_TYPE.match(record_type):
        raise ValueError(f"invalid NetSuite record type {record_type!r}")
    return record_type


def _check_internal_id(internal_id) -> str:
    text = str(internal_id)
    if not text.isdigit():
        raise ValueError(f"invalid NetSuite internal id {internal_id!r}")
    return text


def sublists_in(body: dict) -> list[str]:
    """Body fields that are sublists (`{"items": [...]}`)."""
    return sorted(k for k, v in body.items() if isinstance(v, dict) and "items" in v)


class NetSuiteClient:
    """A NetSuite account's REST API, for one unit of work. Use as a context manager."""

    def __init__(self, connection, *, concurrency_retries: int = 2,
                 backoff_seconds: float = 1.0, max_in_client_wait: float = 10.0):
        self.connection = connection
        self.auth = auth_for(connection)
        self.concurrency_retries = concurrency_retries
        self.backoff_seconds = backoff_seconds
        self.max_in_client_wait = max_in_client_wait
        self._http: httpx.Client | None = None
        self._restlet_http: httpx.Client | None = None

    def __enter__(self):
        self._client()
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self) -> None:
        for client in (self._http, self._restlet_http):
            if client is not None:
                client.close()
        self._http = self._restlet_http = None

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = build_client(
                self.connection.base_url, headers={"Accept": "application/json"}
            )
        return self._http

    def _client_for(self, target) -> httpx.Client:
        """The REST client for a path; for an absolute URL (the RESTlet's), one for its host."""
        if not isinstance(target, httpx.URL):
            return self._client()
        if self._restlet_http is None:
            self._restlet_http = build_client(
                origin_of(str(target)), headers={"Accept": "application/json"}
            )
        return self._restlet_http

    # Records -------------------------------------------------------------------------

    def upsert(self, record_type: str, external_id: str, body: dict) -> str:
        """Create or update the record keyed by `external_id`; returns its internal id.

        Sublists in `body` replace the record's lines (`?replace=`): by default NetSuite
        appends non-keyed lines on update, so a job that runs twice would double them.
        """
        _check_record_type(record_type)
        check_external_id(external_id)
        path = f"{RECORD_ROOT}/{record_type}/eid:{external_id}"
        replace = sublists_in(body)
        params = {"replace": ",".join(replace)} if replace else None
        response = self._request("PUT", path, params=params, body=body, write=True,
                                 headers=RECORD_WRITE_HEADERS)
        internal_id = internal_id_from_location(response.headers.get("Location"))
        if internal_id:
            return internal_id
        record = self.get_by_external_id(record_type, external_id)
        if record is None or not record.get("id"):
            raise UnknownOutcomeError(
                f"NetSuite accepted the upsert of {record_type} {external_id} but it cannot be "
                "read back", code="NO_LOCATION", connection=self.connection,
            )
        return str(record["id"])

    def create(self, record_type: str, body: dict) -> str:
        """POST a new record; returns its internal id (from the Location header)."""
        _check_record_type(record_type)
        response = self._request("POST", f"{RECORD_ROOT}/{record_type}", body=body, write=True,
                                 headers=RECORD_WRITE_HEADERS)
        internal_id = internal_id_from_location(response.headers.get("Location"))
        if internal_id:
            return internal_id
        external_id = body.get("externalId")
        record = self.get_by_external_id(record_type, external_id) if external_id else None
        if record is None or not record.get("id"):
            raise IntegrationError(
                f"NetSuite created a {record_type} without saying its id", code="NO_LOCATION",
                status=response.status_code, connection=self.connection,
            )
        return str(record["id"])

    def get(self, record_type: str, internal_id, expand: bool = False) -> dict:
        _check_record_type(record_type)
        path = f"{RECORD_ROOT}/{record_type}/{_check_internal_id(internal_id)}"
        return self._read_json("GET", path, params=self._expand(expand), headers=RECORD_HEADERS)

    def get_by_external_id(self, record_type: str, external_id: str,
                           expand: bool = False) -> dict | None:
        """The record with this external id, or None when NetSuite has none."""
        _check_record_type(record_type)
        path = f"{RECORD_ROOT}/{record_type}/eid:{check_external_id(external_id)}"
        try:
            return self._read_json("GET", path, params=self._expand(expand),
                                   headers=RECORD_HEADERS)
        except IntegrationError as error:
            if error.status == 404 and (
                error.code == "NONEXISTENT_ID" or "not found" in error.message.lower()
                or "does not exist" in error.message.lower()
            ):
                return None
            raise

    def metadata_catalog(self, record_type: str) -> dict:
        """The account's OpenAPI 3.0 description of `record_type`: the fields it offers here,
        with this account's features and customizations."""
        _check_record_type(record_type)
        return self._read_json("GET", f"{RECORD_ROOT}/metadata-catalog/{record_type}",
                               headers={**RECORD_HEADERS, "Accept": METADATA_ACCEPT})

    # SuiteQL ---------------------------------------------------------------------------

    def suiteql(self, query: str, page_size: int = SUITEQL_MAX_PAGE) -> Iterator[dict]:
        """Every row of a SuiteQL query, page after page. Order by a unique key to page."""
        if not 1 <= page_size <= SUITEQL_MAX_PAGE:
            raise ValueError(f"page_size must be between 1 and {SUITEQL_MAX_PAGE}")
        offset = 0
        while True:
            data = self._read_json(
                "POST", SUITEQL_PATH, params={"limit": page_size, "offset": offset},
                body={"q": query}, headers={"Prefer": "transient"},
            )
            try:
                page = parse_suiteql_page(data)
            except ValueError as exc:
                raise IntegrationError(f"unexpected SuiteQL answer: {exc}",
                                       connection=self.connection) from exc
            yield from page.items
            if not page.has_more or not page.items:
                return
            offset = page.offset + len(page.items)

    # The record-upsert RESTlet (integrations/netsuite/suitescript) --------------------

    def restlet_upsert(self, record_type: str, external_id: str, body: dict,
                       replace: list[str] | None = None) -> str:
        """Create or update the record keyed by `external_id` through the RESTlet; returns its
        internal id. `body` is shaped as for REST; the sublists named in `replace` (by default
        every sublist in `body`) lose their lines first, so a job that runs twice writes once.
        """
        _check_record_type(record_type)
        check_external_id(external_id)
        request = {"action": "upsert", "recordType": record_type, "externalId": external_id,
                   "body": body, "replace": sublists_in(body) if replace is None else replace}
        answer = self._restlet_json("POST", write=True, body=request)
        internal_id = str(answer.get("id") or "")
        if not internal_id.isdigit():
            raise UnknownOutcomeError(
                f"the RESTlet answered the upsert of {record_type} {external_id} without an "
                "internal id", code="NO_ID", connection=self.connection,
            )
        return internal_id

    def restlet_capabilities(self) -> dict:
        """The RESTlet's `{timeZone, features, restletVersion}` for this account."""
        return self._restlet_json("GET", write=False, params={"action": "capabilities"})

    def _restlet_json(self, method: str, *, write: bool, params: dict | None = None,
                      body: dict | None = None) -> dict:
        raw = (self.connection.restlet_url or "").strip()
        if not raw:
            raise DataError(f"{self.connection.name} has no RESTlet URL", code="NO_RESTLET_URL",
                            connection=self.connection)
        url = httpx.URL(raw)
        if params:
            url = url.copy_merge_params(params)
        # A RESTlet answers in the request's content type: JSON only when asked in JSON.
        response = self._request(method, url, write=write, body=body,
                                 headers={"Content-Type": "application/json"})
        try:
            answer = json.loads(response.content, parse_float=Decimal)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise IntegrationError(
                f"the RESTlet answered {method} with {response.status_code} but no JSON object",
                status=response.status_code, connection=self.connection,
            )
        return answer

    # Plumbing --------------------------------------------------------------------------

    @staticmethod
    def _expand(expand: bool) -> dict | None:
        return {"expandSubResources": "true"} if expand else None

    def _read_json(self, method: str, path: str, **kwargs):
        response = self._request(method, path, write=False, **kwargs)
        try:
            # Amounts arrive as JSON numbers: read them as Decimal, never float.
            return json.loads(response.content, parse_float=Decimal)
        except ValueError as exc:
            raise IntegrationError(
                f"NetSuite {method} {path} answered {response.status_code} without JSON",
                status=response.status_code, connection=self.connection,
            ) from exc

    def _request(self, method: str, path: str, *, write: bool, params: dict | None = None,
                 body: dict | None = None, headers: dict | None = None) -> httpx.Response:
        request_headers = dict(headers or {})
        content = None
        if body is not None:
            content = encode_body(body)
            request_headers["Content-Type"] = "application/json"
        client = self._client_for(path)
        attempt = 0
        auth_retried = False
        while True:
            request = client.build_request(
                method, path, params=params, content=content, headers=request_headers
            )
            try:
                with governor.slot(self.connection) as taken:
                    started = time.monotonic()
                    try:
                        response = client.send(request, auth=self.auth)
                    except httpx.TransportError as exc:
                        log.warning("NetSuite %s %s failed: %s", method, path,
                                    type(exc).__name__)
                        raise error_from_exception(exc, request, write=write) from exc
            except IntegrationError as error:
                error.came_from(self.connection)
                raise
            elapsed = time.monotonic() - started
            log.debug("NetSuite %s %s -> %s in %.0f ms", method, path,
                      response.status_code, elapsed * 1000)
            if response.is_success:
                return response
            error = error_from_response(response, write=write).came_from(self.connection)
            error.sent_body = body
            if isinstance(error, AuthError):
                pool_full = taken >= governor.limit_for(self.connection)
                if auth_retried or not self._looks_overloaded(pool_full, elapsed):
                    raise error
                auth_retried = True
                wait = self._auth_backoff()
                log.warning("NetSuite %s %s: 401 after %.1fs with %s of %s slots taken; "
                            "retrying once in %.1fs", method, path, elapsed, taken,
                            governor.limit_for(self.connection), wait)
            else:
                wait = self._backoff(attempt, error)
                if wait is None:
                    raise error
                attempt += 1
            time.sleep(wait)

    @staticmethod
    def _looks_overloaded(pool_full: bool, elapsed: float) -> bool:
        """NetSuite may answer overload with a slow INVALID_LOGIN (seen after ~60 s): a 401
        that came slowly, or while every slot of ours was taken, may not be about the
        credentials. A fast 401 with free slots is."""
        return pool_full or elapsed >= settings.NETSUITE_SLOW_AUTH_SECONDS

    @staticmethod
    def _auth_backoff() -> float:
        return settings.NETSUITE_AUTH_RETRY_BACKOFF_SECONDS * random.uniform(1.0, 2.0)

    def _backoff(self, attempt: int, error: IntegrationError) -> float | None:
        """Seconds to wait before retrying a concurrency refusal here, or None to give up."""
        if not is_concurrency_limited(error) or attempt >= self.concurrency_retries:
            return None
        if error.retry_after is not None:
            if error.retry_after > self.max_in_client_wait:
                return None  # too long to hold a worker: the job retries later instead
            return error.retry_after + random.uniform(0, self.backoff_seconds / 2)
        # Full jitter: spreads workers that were refused together.
        return random.uniform(0.5, 1.0) * self.backoff_seconds * (2 ** attempt)
