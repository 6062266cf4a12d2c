"""Small WSGI plumbing shared by the sandbox simulators (standard library only).

- `Request` / `Response`: just enough to read a request and answer JSON.
- `SimulatedTimeout`: an app raises it after taking a request whose answer must never arrive;
  the in-process transport turns it into `httpx.ReadTimeout`, the live server into silence
  for `hang_seconds`.
- `SandboxTransport`: `httpx.WSGITransport` with that translation.
- `serve(app, host, port)`: a threaded WSGI server in a background thread.
"""

import json
import logging
import socketserver
import threading
import time
from decimal import Decimal
from http import HTTPStatus
from urllib.parse import parse_qsl, quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import httpx

log = logging.getLogger(__name__)


class SimulatedTimeout(Exception):
    """The request was received (and maybe acted on); its answer never comes."""

    def __init__(self, hang_seconds: float = 60.0):
        super().__init__(f"simulated timeout ({hang_seconds}s)")
        self.hang_seconds = hang_seconds


class Request:
    """A WSGI request read once: method, path, query, headers and raw body."""

    def __init__(self, environ: dict):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        raw_path = environ.get("PATH_INFO", "") or "/"
        # PEP 3333 hands the path over as latin-1 text; undo that to get the UTF-8 path back.
        self.path = raw_path.encode("latin-1", "replace").decode("utf-8", "replace")
        self.query_string = environ.get("QUERY_STRING", "")
        self.query_pairs = parse_qsl(self.query_string, keep_blank_values=True)
        self.query = dict(self.query_pairs)
        self.headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            self.headers["content-type"] = environ["CONTENT_TYPE"]
        length = environ.get("CONTENT_LENGTH") or "0"
        size = int(length) if length.isdigit() else 0
        self.body = environ["wsgi.input"].read(size) if size else b""
        self.scheme = environ.get("wsgi.url_scheme", "http")
        self.host = (self.headers.get("host") or self._server_host()).lower()

    def _server_host(self) -> str:
        name = self.environ.get("SERVER_NAME", "localhost")
        port = self.environ.get("SERVER_PORT", "")
        default = {"http": "80", "https": "443"}.get(self.environ.get("wsgi.url_scheme", ""))
        return name if not port or port == default else f"{name}:{port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}"

    @property
    def url_without_query(self) -> str:
        return self.origin + quote(self.path, safe="/:@!$&'()*+,;=~")

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def json(self, **options):
        """The body parsed as JSON (ValueError when it is not); options go to json.loads."""
        return json.loads(self.body.decode("utf-8") or "null", **options)


class Response:
    def __init__(self, status: int, body=None, headers: list[tuple[str, str]] | None = None):
        self.status = status
        self.headers = list(headers or [])
        if body is None:
            self.content = b""
        elif isinstance(body, bytes):
            self.content = body
        else:
            self.content = json_bytes(body)
            self.headers.append(("Content-Type", "application/json; charset=utf-8"))

    def __call__(self, start_response):
        phrase = HTTPStatus(self.status).phrase
        headers = [*self.headers, ("Content-Length", str(len(self.content)))]
        start_response(f"{self.status} {phrase}", headers)
        return [self.content]


def json_bytes(data) -> bytes:
    """JSON the way an API writes numbers: Decimals as plain JSON numbers."""
    return json.dumps(data, default=_number, indent=None).encode()


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class SandboxTransport(httpx.WSGITransport):
    """Runs a sandbox app in-process; a simulated timeout surfaces as httpx.ReadTimeout."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return super().handle_request(request)
        except SimulatedTimeout as exc:
            raise httpx.ReadTimeout(str(exc), request=request) from exc


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        log.debug("%s %s", self.address_string(), format % args)


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def _hanging(app):
    """On SimulatedTimeout, keep the client waiting, then answer 504 to nobody."""

    def wrapper(environ, start_response):
        try:
            return app(environ, start_response)
        except SimulatedTimeout as exc:
            time.sleep(exc.hang_seconds)
            return Response(504, b"")(start_response)

    return wrapper


class RunningServer:
    """A sandbox app served on a port from a background thread."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0):
        self.server = _ThreadingWSGIServer((host, port), _QuietHandler)
        self.server.set_app(_hanging(app))
        self.host = host
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, name=f"sandbox:{self.port}", daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def serve(app, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve `app` on host:port (0 = any free port) until `.close()`."""
    return RunningServer(app, host, port)
