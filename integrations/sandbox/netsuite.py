"""A faithful simulator of NetSuite SuiteTalk REST (and the product's RESTlet) for the demo,
the tests and the benchmarks.

`NetSuiteSandbox(account_id, credentials, concurrency_limit, ...)` is a WSGI app. It checks TBA
signatures (its own RFC 5849 code), refuses the (limit+1)th concurrent request (REST: 429
CONCURRENCY_LIMIT_EXCEEDED; RESTlet: 400 SSS_REQUEST_LIMIT_EXCEEDED), takes per-run latency,
faults and timeouts (netsuite_faults, RESTlet calls included), and serves:

- the 21 record types of NetSuite's published REST field lists (netsuite_schemas/: sales
  orders, invoices, cash sales, credit memos, customers, deposits, journal entries, items…):
  create, read, upsert by external id, patch, delete (routes: netsuite_rest), every body
  validated against its own field list as the account profile shapes it (netsuite_validation,
  netsuite_rules), totals computed by the account (netsuite_totals);
- the metadata catalog (netsuite_catalog) and a SuiteQL subset with paging
  (netsuite_suiteql), including `companyfeaturesetup` and `subsidiary`;
- the RESTlet at /app/site/hosting/restlet.nl (netsuite_restlet).

The account profile (tax_mode, multi_currency, payment_field, time_zone, oneworld:
netsuite_profile) is set in the constructor, with `configure()` or `POST /_sandbox/config`.
Control endpoints under /_sandbox/ need no signature: see netsuite_control. State is guarded
by one lock.
"""

import copy
import threading
import time
from collections import Counter
from decimal import Decimal
from urllib.parse import parse_qsl

from .netsuite_control import control_response
from .netsuite_errors import Refusal, restlet_error_body
from .netsuite_faults import SandboxConfig
from .netsuite_oauth import TokenVerifier
from .netsuite_profile import PROFILE_KEYS, AccountProfile
from .netsuite_records import ORDER_STATUSES, now_text, render
from .netsuite_rest import refuse, rest_answer
from .netsuite_restlet import DEFAULT_DEPLOY, DEFAULT_SCRIPT, RESTLET_PATH, restlet_answer
from .netsuite_store import RecordStore
from .wsgi import Request, Response, SandboxTransport, SimulatedTimeout, serve

RESTLET_KEYS = ("restlet_script", "restlet_deploy")
CONCURRENCY_DETAIL = "Concurrent request limit exceeded. Request blocked."


class NetSuiteSandbox:
    def __init__(self, account_id: str = "123456_SB1", credentials: dict | None = None,
                 concurrency_limit: int = 5, *, latency_ms: int = 0,
                 restlet_script: str = DEFAULT_SCRIPT, restlet_deploy: str = DEFAULT_DEPLOY,
                 **profile):
        self.account_id = account_id.upper().replace("-", "_")
        self.credentials = dict(credentials or {})
        self.verifier = TokenVerifier(self.account_id, self.credentials)
        self.config = SandboxConfig(latency_ms=latency_ms, concurrency_limit=concurrency_limit)
        self.profile = AccountProfile(**profile)
        self.restlet_script = restlet_script
        self.restlet_deploy = restlet_deploy
        self.extra_customer_fields: set[str] = set()
        self.lock = threading.RLock()
        self.store = RecordStore()
        self._reset_counters()

    def _reset_counters(self) -> None:
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
        """Change settings (netsuite_faults keys), the account profile (netsuite_profile
        keys) and the RESTlet's script/deployment ids; nothing changes if one is invalid."""
        profile_changes = {k: changes.pop(k) for k in PROFILE_KEYS if k in changes}
        restlet = {k: changes.pop(k) for k in RESTLET_KEYS if k in changes}
        for key, value in restlet.items():
            if not isinstance(value, str) or not value:
                raise ValueError(f"{key} must be a script or deployment id")
        with self.lock:
            profile = self.profile.changed(profile_changes)
            config = copy.deepcopy(self.config)
            config.update(changes)
            self.profile, self.config = profile, config
            for key, value in restlet.items():
                setattr(self, key, value)

    def reset(self) -> None:
        """Forget records, faults and counters; the account (profile, known ids) stays."""
        with self.lock:
            self.config = SandboxConfig(concurrency_limit=self.config.concurrency_limit)
            self.store.reset()
            self._reset_counters()

    def register_known(self, kind: str, ids) -> None:
        """Ids that references of `kind` (item, location, subsidiary, taxCode, customer…) may
        use, with their names ({id: name}) or without (an iterable of ids). Once a kind has
        ids, references to any other id of that kind are refused like NetSuite does."""
        names = ids if isinstance(ids, dict) else {str(i): "" for i in ids}
        if not names:
            return
        with self.lock:
            known = self.store.known.setdefault(kind, {})
            for key, name in names.items():
                known[str(key)] = str(name) or known.get(str(key), "")

    def set_tax_rates(self, rates: dict, default: str | None = None) -> None:
        """Tax code id → rate (e.g. "0.0725") for the sandbox's tax engine: legacy lines
        without tax1Amt, SuiteTax lines without override (netsuite_totals). `default` is the
        code the engine gives SuiteTax item lines that carry no tax details."""
        with self.lock:
            for code, rate in rates.items():
                self.store.tax_rates[str(code)] = Decimal(str(rate))
            if default is not None:
                self.store.default_tax_code = str(default)
        self.register_known("taxCode", list(rates))

    def set_subsidiaries(self, subsidiaries: dict) -> None:
        """Subsidiaries the account has, as SuiteQL's `subsidiary` table shows them:
        {id: {"name": ..., "currency": "<currency id>", "country": "US", "isinactive": False}}
        (registered as known subsidiaries too)."""
        allowed = {"name", "currency", "country", "isinactive"}
        for key, details in subsidiaries.items():
            if not isinstance(details, dict) or set(details) - allowed:
                raise ValueError(f"subsidiary {key}: use the keys {', '.join(sorted(allowed))}")
        with self.lock:
            for key, details in subsidiaries.items():
                self.store.subsidiaries[str(key)] = {
                    k: (bool(v) if k == "isinactive" else str(v))
                    for k, v in details.items() if k != "name"}
        self.register_known("subsidiary", {k: d.get("name", "") for k, d in subsidiaries.items()})

    def set_order_status(self, external_id: str, status: str) -> None:
        """Change a sales order's status as people in NetSuite do (e.g. "D" once the
        warehouse has partly fulfilled it), without going through the API."""
        if status not in ORDER_STATUSES:
            raise ValueError(f"unknown sales order status {status!r}")
        with self.lock:
            order = self.store.find("salesOrder", f"eid:{external_id}")
            if order is None:
                raise KeyError(f"no sales order with external id {external_id}")
            order.fields["orderStatus"] = order.fields["status"] = status
            order.modified = now_text()

    def extra_fields(self, record_type: str) -> frozenset:
        """Fields (custom fields) an account has beyond its published field list."""
        return frozenset(self.extra_customer_fields if record_type == "customer" else ())

    def records(self, record_type: str, origin: str | None = None) -> list[dict]:
        with self.lock:
            stored = list(self.store.records.get(record_type.lower(), {}).values())
            return [render(r, origin or self.default_origin, expand=True,
                           ref_name=self.store.ref_name) for r in stored]

    def sent_bodies(self, record_type: str, external_id: str) -> list[dict]:
        """The bodies clients sent for one record, in order (what NetSuite was told)."""
        with self.lock:
            record = self.store.find(record_type, f"eid:{external_id}")
            return [dict(body) for body in record.sent] if record else []

    def config_snapshot(self) -> dict:
        with self.lock:
            return {**self.config.as_dict(), **self.profile.as_dict(),
                    "restlet_script": self.restlet_script,
                    "restlet_deploy": self.restlet_deploy}

    @property
    def stats(self) -> dict:
        """Counts by answer status ("0": taken but never answered, a simulated timeout), and
        the fields accepted bodies lost (unknown names or values, see netsuite_validation)."""
        with self.lock:
            return {"requests": sum(self.statuses.values()), "in_flight": self.in_flight,
                    "peak_in_flight": self.peak_in_flight,
                    "refused_concurrency": self.refused_concurrency,
                    "statuses": {str(k): v for k, v in self.statuses.items()},
                    "dropped_fields": [dict(d) for d in self.store.dropped]}

    def transport(self) -> SandboxTransport:
        return SandboxTransport(app=self)

    def serve(self, host: str = "127.0.0.1", port: int = 0):
        return serve(self, host, port)

    # WSGI ------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path.startswith("/_sandbox/"):
            return control_response(self, request)(start_response)
        restlet = request.path == RESTLET_PATH
        with self.lock:
            self.in_flight += 1
            refused = self.in_flight > self.config.concurrency_limit
            if refused:
                self.in_flight -= 1
                self.refused_concurrency += 1
            else:
                self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        if refused:
            response = self._refuse(restlet, Refusal(
                400 if restlet else 429,
                "SSS_REQUEST_LIMIT_EXCEEDED" if restlet else "CONCURRENCY_LIMIT_EXCEEDED",
                CONCURRENCY_DETAIL))
        else:
            try:
                response = self._api(request, restlet)
            except SimulatedTimeout:
                self._record(request, 0)  # taken, never answered
                raise
            finally:
                with self.lock:
                    self.in_flight -= 1
        self._record(request, response.status)
        return response(start_response)

    def _record(self, request: Request, status: int) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.history.append((request.method, request.path, status))
            del self.history[:-1000]

    @staticmethod
    def _refuse(restlet: bool, refusal: Refusal, headers=None) -> Response:
        if restlet:
            return Response(refusal.status, restlet_error_body(refusal.code, refusal.detail),
                            headers)
        return refuse(refusal, headers)

    def _api(self, request: Request, restlet: bool) -> Response:
        if self.config.latency_ms:
            time.sleep(self.config.latency_ms / 1000)
        with self.lock:
            refusal = self._authenticate(request, restlet)
            fault = None if refusal else self.config.take_fault(request.method, request.path)
            timeout = None if refusal or fault else self.config.take_timeout(request.method)
        if refusal:
            return refusal
        if fault:
            headers = [("Retry-After", f"{fault.retry_after:g}")] if fault.retry_after else []
            refused = Refusal(fault.status, fault.code, fault.detail, fault.error_path)
            return self._refuse(restlet, refused, headers)
        if timeout and not timeout.apply:
            raise SimulatedTimeout(timeout.hang_seconds)
        response = restlet_answer(self, request) if restlet else rest_answer(self, request)
        if timeout:
            raise SimulatedTimeout(timeout.hang_seconds)
        return response

    def _authenticate(self, request: Request, restlet: bool) -> Response | None:
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
        challenge = [("WWW-Authenticate", f'OAuth realm="{self.account_id}", '
                      'error="token_rejected", error_description="Invalid login attempt."')]
        if restlet:
            return self._refuse(True, Refusal(401, "INVALID_LOGIN_ATTEMPT",
                                              "Invalid login attempt."), challenge)
        return refuse(Refusal(401, "INVALID_LOGIN", ""), challenge)
