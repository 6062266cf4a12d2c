"""Per-run behaviour of the NetSuite sandbox: latency, concurrency, injected faults.

Set from Python (`NetSuiteSandbox.configure(...)`) or over HTTP (`POST /_sandbox/config`)
with the same keys:

    {"latency_ms": 200, "concurrency_limit": 5, "token_revoked": false,
     "fail_next": [{"status": 429, "code": "CONCURRENCY_LIMIT_EXCEEDED", "times": 2,
                    "detail": "…", "retry_after": 1, "method": "PUT", "path_contains": "eid:",
                    "error_path": "otherRefNum"}],
     "timeout_next": {"times": 1, "apply": true, "hang_seconds": 60, "method": "PUT"}}

The same calls also take the account profile (netsuite_profile: tax_mode, multi_currency,
payment_field, time_zone, oneworld) and the RESTlet's restlet_script / restlet_deploy.

`fail_next` entries queue up; each answers the next matching API requests (`times` of them)
with that status and a NetSuite error body. `timeout_next` takes the next matching requests
and never answers them; with `apply` the write happens first (the unknown-outcome case).
"""

from dataclasses import asdict, dataclass, field

DEFAULT_DETAILS = {
    "CONCURRENCY_LIMIT_EXCEEDED": "Concurrent request limit exceeded. Request blocked.",
    "SSS_REQUEST_LIMIT_EXCEEDED": "Concurrent request limit exceeded. Request blocked.",
    "INVALID_LOGIN": "Invalid login attempt.",
    "UNEXPECTED_ERROR": "An unexpected error occurred. Error ID: sandbox",
}


@dataclass
class Fault:
    status: int
    code: str = ""
    times: int = 1
    detail: str = ""
    retry_after: float | None = None
    method: str = ""
    path_contains: str = ""
    error_path: str = ""  # the body field the answer names (o:errorPath), if any

    def __post_init__(self):
        self.status = int(self.status)
        self.times = int(self.times)
        self.method = self.method.upper()
        if not self.code:
            self.code = "UNEXPECTED_ERROR" if self.status >= 500 else "USER_ERROR"
        if not self.detail:
            self.detail = DEFAULT_DETAILS.get(self.code, f"Injected {self.status} {self.code}.")

    def matches(self, method: str, path: str) -> bool:
        return (self.times > 0 and (not self.method or self.method == method)
                and self.path_contains in path)


@dataclass
class TimeoutFault:
    times: int = 0
    apply: bool = True
    hang_seconds: float = 60.0
    method: str = ""

    def __post_init__(self):
        self.times = int(self.times)
        self.hang_seconds = float(self.hang_seconds)
        self.method = self.method.upper()

    def matches(self, method: str) -> bool:
        return self.times > 0 and (not self.method or self.method == method)


@dataclass
class SandboxConfig:
    latency_ms: int = 0
    concurrency_limit: int = 5
    token_revoked: bool = False
    fail_next: list[Fault] = field(default_factory=list)
    timeout_next: TimeoutFault = field(default_factory=TimeoutFault)

    def update(self, changes: dict) -> None:
        unknown = set(changes) - {"latency_ms", "concurrency_limit", "token_revoked",
                                  "fail_next", "timeout_next"}
        if unknown:
            raise ValueError(f"unknown sandbox settings: {', '.join(sorted(unknown))}")
        if "latency_ms" in changes:
            self.latency_ms = max(int(changes["latency_ms"]), 0)
        if "concurrency_limit" in changes:
            self.concurrency_limit = max(int(changes["concurrency_limit"]), 1)
        if "token_revoked" in changes:
            self.token_revoked = bool(changes["token_revoked"])
        for raw in changes.get("fail_next") or []:
            self.fail_next.append(raw if isinstance(raw, Fault) else Fault(**raw))
        timeout = changes.get("timeout_next")
        if isinstance(timeout, int) and not isinstance(timeout, bool):
            self.timeout_next = TimeoutFault(times=timeout)
        elif isinstance(timeout, dict):
            self.timeout_next = TimeoutFault(**timeout)
        elif isinstance(timeout, TimeoutFault):
            self.timeout_next = timeout

    def take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.fail_next:
            if fault.matches(method, path):
                fault.times -= 1
                if fault.times <= 0:
                    self.fail_next.remove(fault)
                return fault
        return None

    def take_timeout(self, method: str) -> TimeoutFault | None:
        if self.timeout_next.matches(method):
            self.timeout_next.times -= 1
            return self.timeout_next
        return None

    def as_dict(self) -> dict:
        return asdict(self)
