"""The process's Redis clients, one connection pool per URL and decoding mode.

Workers share state through Redis: the NetSuite concurrency governor, Shopify's cost bucket
and the per-object job locks all read REDIS_URL here.
"""

import threading

import redis
from django.conf import settings

_clients: dict[tuple[str, bool], redis.Redis] = {}
_lock = threading.Lock()


def redis_client(*, decode_responses: bool = False) -> redis.Redis:
    url = settings.REDIS_URL
    with _lock:
        client = _clients.get((url, decode_responses))
        if client is None:
            client = redis.Redis.from_url(
                url, decode_responses=decode_responses, socket_timeout=5,
                socket_connect_timeout=5,
            )
            _clients[(url, decode_responses)] = client
        return client
