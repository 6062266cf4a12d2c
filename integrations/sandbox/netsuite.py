"""A faithful simulator of NetSuite SuiteTalk REST for the demo, the tests and the benchmarks.

`NetSuiteSandbox(account_id, credentials, concurrency_limit)` is a WSGI app. It checks TBA
signatures (its own RFC 5849 code), keeps records per type (upsert by external id, create,
read, patch, delete), computes sales order totals, validates customers against the published
metadata, answers a SuiteQL subset with paging, refuses the (limit+1)th concurrent request
with 429, and takes per-run latency and faults. State is guarded by one lock.

Control endpoints under /_sandbox/ (config, known, reset, records/<type>, stats): see
netsuite_control.
"""

import copy
import itertools
import re
import threading
import time
from collections import Counter
from decimal import Decimal
from urllib.parse import parse_qsl

from .netsuite_control import control_response
from .netsuite_faults import SandboxConfig
from .netsuite_oauth import TokenVerifier
from .netsuite_records import (
    CANONICAL_TYPES,
    ORDER_STATUSES,
    RECORD_ROOT,
    REF_TYPES,
    Record,
    apply_body,
    canonical_type,
    compute_sales_order,
    now_text,
    render,
    suiteql_tables,
)
from .netsuite_suiteql import suiteql_answer
from .netsuite_validation import (
    Refusal,
    check_refs,
    error_body,
    invalid_value,
    no_lines,
    resolve_external_refs,
    validate_customer,
    validate_sales_order,
)
from .wsgi import Request, Response, SandboxTransport, SimulatedTimeout, serve

RECORD_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
EXTERNAL_ID = re.compile(r"^[A-Za-z0-9_-]+$")
FIELD_KINDS = {"entity": "customer", "customer": "customer", "parent": "customer",
               "terms": "term", "createdFrom": "salesOrder"}
NOT_FOUND = "The record instance does not exist. Provide a valid record instance ID."


class NetSuiteSandbox:
    def __init__(self, account_id: str = "123456_SB1", credentials: dict | None = None,
                 concurrency_limit: int = 5, *, latency_ms: int = 0):
        self.account_id = account_id.upper().replace("-", "_")
        self.credentials = dict(credentials or {})
        self.verifier = TokenVerifier(self.account_id, self.credentials)
        self.config = SandboxConfig(latency_ms=latency_ms, concurrency_limit=concurrency_limit)
        self.extra_customer_fields: set[str] = set()
        self._lock = threading.RLock()
        self._known: dict[str, dict[str, str]] = {}
        self._tax_rates: dict[str, Decimal] = {}
        self._reset_state()

    def _reset_state(self) -> None:
        self._records: dict[str, dict[str, Record]] = {}
        self._ids = itertools.count(1001)
        self._tran_ids = itertools.count(1)
        self.in_flight = 0
        self.peak_in_flight = 0
        self.refused_concurrency = 0
        self.statuses: Counter = Counter()
        self.history: list[tuple[str, str, int]] = []

    # Python-side control ----------------------------------------------------------------

    @property
    def default_origin(self) -> str:
        host = self.account_id.lower().replace("_", "-")
        return f"https://{host}.suitetalk.api.netsuite.com"

    def configure(self, **changes) -> None:
        with self._lock:
            self.config.update(changes)

    def reset(self) -> None:
        with self._lock:
            self.config = SandboxConfig(concurrency_limit=self.config.concurrency_limit)
            self._reset_state()

    def register_known(self, kind: str, ids) -> None:
        """Ids that references of `kind` (item, location, subsidiary, taxCode, customer…) may
        use, with their names ({id: name}) or without (an iterable of ids). Once a kind has
        ids, references to any other id of that kind are refused like NetSuite does."""
        names = ids if isinstance(ids, dict) else {str(i): "" for i in ids}
        if not names:
            return
        with self._lock:
            known = self._known.setdefault(kind, {})
            for key, name in names.items():
                known[str(key)] = str(name) or known.get(str(key), "")

    def set_tax_rates(self, rates: dict) -> None:
        """Tax code id → rate (e.g. "0.0725"): lines without tax1Amt get amount x rate."""
        with self._lock:
            for code, rate in rates.items():
                self._tax_rates[str(code)] = Decimal(str(rate))
        self.register_known("taxCode", list(rates))

    def set_order_status(self, external_id: str, status: str) -> None:
        """Change a sales order's status as people in NetSuite do (e.g. "D" once the
        warehouse has partly fulfilled it), without going through the API."""
        if status not in ORDER_STATUSES:
            raise ValueError(f"unknown sales order status {status!r}")
        with self._lock:
            order = self._find("salesOrder", f"eid:{external_id}")[0]
            if order is None:
                raise KeyError(f"no sales order with external id {external_id}")
            order.fields["orderStatus"] = order.fields["status"] = status
            order.modified = now_text()

    def records(self, record_type: str, origin: str | None = None) -> list[dict]:
        with self._lock:
            stored = list(self._records.get(record_type.lower(), {}).values())
            return [render(r, origin or self.default_origin, expand=True,
                           ref_name=self._ref_name) for r in stored]

    def config_snapshot(self) -> dict:
        with self._lock:
            return self.config.as_dict()

    @property
    def stats(self) -> dict:
        """Counts by answer status ("0": taken but never answered, a simulated timeout)."""
        with self._lock:
            return {"requests": sum(self.statuses.values()), "in_flight": self.in_flight,
                    "peak_in_flight": self.peak_in_flight,
                    "refused_concurrency": self.refused_concurrency,
                    "statuses": {str(k): v for k, v in self.statuses.items()}}

    def transport(self) -> SandboxTransport:
        return SandboxTransport(app=self)

    def serve(self, host: str = "127.0.0.1", port: int = 0):
        return serve(self, host, port)

    # WSGI ------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path.startswith("/_sandbox/"):
            return control_response(self, request)(start_response)
        with self._lock:
            self.in_flight += 1
            refused = self.in_flight > self.config.concurrency_limit
            if refused:
                self.in_flight -= 1
                self.refused_concurrency += 1
            else:
                self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        if refused:
            response = self._error(Refusal(429, "CONCURRENCY_LIMIT_EXCEEDED",
                                           "Concurrent request limit exceeded. Request blocked."))
        else:
            try:
                response = self._api(request)
            except SimulatedTimeout:
                self._record(request, 0)  # taken, never answered
                raise
            finally:
                with self._lock:
                    self.in_flight -= 1
        self._record(request, response.status)
        return response(start_response)

    def _record(self, request: Request, status: int) -> None:
        with self._lock:
            self.statuses[status] += 1
            self.history.append((request.method, request.path, status))
            del self.history[:-1000]

    def _api(self, request: Request) -> Response:
        if self.config.latency_ms:
            time.sleep(self.config.latency_ms / 1000)
        with self._lock:
            refusal = self._authenticate(request)
            fault = None if refusal else self.config.take_fault(request.method, request.path)
            timeout = None if refusal or fault else self.config.take_timeout(request.method)
        if refusal:
            return refusal
        if fault:
            headers = [("Retry-After", f"{fault.retry_after:g}")] if fault.retry_after else []
            return self._error(Refusal(fault.status, fault.code, fault.detail), headers)
        if timeout and not timeout.apply:
            raise SimulatedTimeout(timeout.hang_seconds)
        response = self._route(request)
        if timeout:
            raise SimulatedTimeout(timeout.hang_seconds)
        return response

    def _authenticate(self, request: Request) -> Response | None:
        url = request.url_without_query
        if request.query_string:
            url += "?" + request.query_string
        extra = []
        if request.header("content-type").startswith("application/x-www-form-urlencoded"):
            extra = parse_qsl(request.body.decode(), keep_blank_values=True)
        verdict = self.verifier.verify(request.method, url, request.header("authorization"),
                                       extra)
        if verdict.ok and not self.config.token_revoked:
            return None
        challenge = (f'OAuth realm="{self.account_id}", error="token_rejected", '
                     'error_description="Invalid login attempt."')
        return self._error(Refusal(401, "INVALID_LOGIN", ""), [("WWW-Authenticate", challenge)])

    @staticmethod
    def _error(refusal: Refusal, headers=None) -> Response:
        return Response(refusal.status, error_body(refusal), headers)

    # Routing ---------------------------------------------------------------------------

    def _route(self, request: Request) -> Response:
        if request.path == "/services/rest/query/v1/suiteql":
            if request.method != "POST":
                return self._error(Refusal(405, "INVALID_REQUEST", "Use POST for SuiteQL."))
            with self._lock:
                rows_by_table = suiteql_tables(self._records)
            return suiteql_answer(request, rows_by_table)
        if not request.path.startswith(RECORD_ROOT + "/"):
            return self._error(Refusal(404, "INVALID_URL", "The requested URL was not found."))
        parts = request.path[len(RECORD_ROOT) + 1:].split("/")
        if not parts[0] or not RECORD_TYPE.match(parts[0]) or len(parts) > 3:
            return self._error(Refusal(404, "INVALID_URL", "The requested URL was not found."))
        record_type = canonical_type(parts[0])
        if len(parts) == 1:
            if request.method == "POST":
                return self._write(request, record_type, None)
            return self._error(Refusal(405, "INVALID_REQUEST", "Unsupported method."))
        with self._lock:
            record, external_id = self._find(record_type, parts[1])
        if external_id == "":
            return self._error(invalid_value("externalId", parts[1]))
        if len(parts) == 3:
            return self._sublist(request, record, parts[2])
        if request.method == "GET":
            if record is None:
                return self._error(Refusal(404, "NONEXISTENT_ID", NOT_FOUND))
            expand = request.query.get("expandSubResources", "").lower() == "true"
            with self._lock:
                return Response(200, render(record, request.origin, expand=expand,
                                            ref_name=self._ref_name))
        if request.method == "PUT" and external_id:
            return self._write(request, record_type, record, external_id)
        if request.method == "PATCH" and record is not None:
            return self._write(request, record_type, record)
        if request.method == "DELETE" and record is not None:
            with self._lock:
                self._records[record.key].pop(record.id, None)
            return Response(204)
        if record is None:
            return self._error(Refusal(404, "NONEXISTENT_ID", NOT_FOUND))
        return self._error(Refusal(405, "INVALID_REQUEST", "Unsupported method."))

    def _find(self, record_type: str, ident: str) -> tuple[Record | None, str | None]:
        """The record an URL segment names: `<internal id>` or `eid:<external id>`."""
        stored = self._records.get(record_type.lower(), {})
        if ident.startswith("eid:"):
            external_id = ident[4:]
            if not EXTERNAL_ID.match(external_id):
                return None, ""
            match = next((r for r in stored.values() if r.external_id == external_id), None)
            return match, external_id
        return stored.get(ident), None

    def _sublist(self, request: Request, record: Record | None, name: str) -> Response:
        if record is None:
            return self._error(Refusal(404, "NONEXISTENT_ID", NOT_FOUND))
        with self._lock:
            rendered = render(record, request.origin, expand=True, ref_name=self._ref_name)
        value = rendered.get(name)
        if not isinstance(value, dict) or request.method != "GET":
            return self._error(Refusal(404, "INVALID_URL", "The requested URL was not found."))
        return Response(200, value)

    # Writes ----------------------------------------------------------------------------

    def _write(self, request: Request, record_type: str, record: Record | None,
               external_id: str | None = None) -> Response:
        if not request.header("content-type").startswith("application/json"):
            return self._error(Refusal(415, "INVALID_CONTENT",
                                       "The request body must be application/json."))
        try:
            body = request.json(parse_float=Decimal)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return self._error(Refusal(400, "INVALID_CONTENT",
                                       "Error while accessing a resource. Invalid JSON body."))
        replace = {n for n in request.query.get("replace", "").split(",") if n}
        with self._lock:
            outcome = self._apply(record_type, record, body, replace, external_id)
        if isinstance(outcome, Refusal):
            return self._error(outcome)
        location = f"{request.origin}{RECORD_ROOT}/{outcome.type_name}/{outcome.id}"
        return Response(204, headers=[("Location", location)])

    def _apply(self, record_type, record, body, replace, external_id):
        kind = record_type.lower()
        # Look again under the lock: a concurrent upsert of the same external id may have
        # created the record since the URL was resolved.
        if external_id:
            record = self._find(record_type, f"eid:{external_id}")[0]
        elif record is not None:
            record = self._records.get(kind, {}).get(record.id)
            if record is None:
                return Refusal(404, "NONEXISTENT_ID", NOT_FOUND)
        body = resolve_external_refs(
            body, lambda ref_type, eid: self._find(ref_type, f"eid:{eid}")[0]
        )
        if isinstance(body, Refusal):
            return body
        if kind == "customer":
            refusal = validate_customer(body, self.extra_customer_fields)
        elif kind == "salesorder":
            refusal = validate_sales_order(body, creating=record is None)
        else:
            refusal = None
        refusal = refusal or check_refs(body, self._exists)
        if refusal:
            return refusal
        if external_id is None and record is None and body.get("externalId"):
            external_id = str(body["externalId"])
            if self._find(record_type, f"eid:{external_id}")[0] is not None:
                return Refusal(400, "USER_ERROR", "Error while accessing a resource. A record "
                               "with the same external ID already exists.", "externalId")
        draft = copy.deepcopy(record) if record is not None else Record(
            type_name=CANONICAL_TYPES.get(kind, record_type), id=str(next(self._ids)),
            external_id=external_id,
        )
        apply_body(draft, body, replace)
        if kind == "salesorder":
            refusal = self._finish_sales_order(draft, creating=record is None)
            if refusal:
                return refusal
        self._records.setdefault(kind, {})[draft.id] = draft
        return draft

    def _finish_sales_order(self, draft: Record, *, creating: bool) -> Refusal | None:
        fields = draft.fields
        status = fields.get("orderStatus", "B")
        fields["orderStatus"] = status.get("id") if isinstance(status, dict) else status
        fields["status"] = fields["orderStatus"]
        if not (fields.get("item") or {}).get("items"):
            return no_lines()
        if creating:
            fields.setdefault("tranId", str(next(self._tran_ids)))
            fields.setdefault("tranDate", draft.created[:10])
        compute_sales_order(fields, self._tax_rates)
        return None

    def _exists(self, field_name: str, ref_id: str) -> bool | None:
        kind = FIELD_KINDS.get(field_name, field_name)
        stored_type = REF_TYPES.get(field_name, kind).lower()
        stored = ref_id in self._records.get(stored_type, {})
        if kind in self._known:
            return ref_id in self._known[kind] or stored
        if kind in ("customer", "salesOrder"):
            return stored
        return None

    def _ref_name(self, field_name: str, ref_id: str) -> str | None:
        kind = FIELD_KINDS.get(field_name, field_name)
        name = self._known.get(kind, {}).get(ref_id)
        if name:
            return name
        stored_type = REF_TYPES.get(field_name, kind).lower()
        stored = self._records.get(stored_type, {}).get(ref_id)
        if stored is None:
            return None
        f = stored.fields
        person = " ".join(str(f[k]) for k in ("firstName", "lastName") if f.get(k))
        return f.get("companyName") or person or f.get("entityId") or f.get("tranId") or None
