"""The one way this project opens HTTP connections to Shopify and NetSuite.

Timeouts are always set. A transport can be mounted for an origin, which is how the demo,
the tests and the benchmarks put the sandbox simulators behind the real clients without
touching them.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from django.conf import settings

_mounted: dict[str, httpx.BaseTransport] = {}
_lock = threading.Lock()


def origin_of(url: str) -> str:
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def build_client(base_url: str, *, headers: dict[str, str] | None = None) -> httpx.Client:
    timeout = httpx.Timeout(settings.HTTP_TIMEOUT_SECONDS, connect=5.0)
    transport = _mounted.get(origin_of(base_url))
    return httpx.Client(
        base_url=base_url,
        headers=headers,
        timeout=timeout,
        transport=transport,
        follow_redirects=False,
    )


@contextmanager
def mounted(base_url: str, transport: httpx.BaseTransport) -> Iterator[None]:
    """Route every request for base_url's origin through `transport` while the block runs."""
    origin = origin_of(base_url)
    with _lock:
        previous = _mounted.get(origin)
        _mounted[origin] = transport
    try:
        yield
    finally:
        with _lock:
            if previous is None:
                _mounted.pop(origin, None)
            else:
                _mounted[origin] = previous
