"""The sandbox's own check of OAuth 1.0 (RFC 5849) HMAC-SHA256 signatures, as NetSuite TBA
uses them. Written from the RFC with hmac and hashlib, independently of oauthlib, so that the
tests compare our signer with a second implementation rather than with itself.
"""

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

# RFC 5849 §3.6: everything but the unreserved characters is percent-encoded, upper-case hex.
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

MAX_CLOCK_SKEW_SECONDS = 300
MIN_NONCE_LENGTH = 6


def percent_encode(value: str) -> str:
    return "".join(
        chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in value.encode("utf-8")
    )


def base_string_uri(url: str) -> str:
    """RFC 5849 §3.4.1.2: lower-case scheme and host, no default port, no query or fragment."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return f"{scheme}://{host}{parts.path or '/'}"


def normalized_parameters(params: list[tuple[str, str]]) -> str:
    """RFC 5849 §3.4.1.3.2: encode each name and value, sort, join with = and &."""
    encoded = sorted((percent_encode(name), percent_encode(value)) for name, value in params)
    return "&".join(f"{name}={value}" for name, value in encoded)


def signature_base_string(method: str, url: str, params: list[tuple[str, str]]) -> str:
    """RFC 5849 §3.4.1: METHOD & encoded base URI & encoded normalized parameters.

    `params` are the query parameters, the oauth_* parameters of the header (without realm
    and oauth_signature) and any form-encoded body parameters.
    """
    return "&".join((
        percent_encode(method.upper()),
        percent_encode(base_string_uri(url)),
        percent_encode(normalized_parameters(params)),
    ))


def hmac_sha256_signature(base_string: str, consumer_secret: str, token_secret: str) -> str:
    """RFC 5849 §3.4.2 with SHA-256: key = encoded secrets joined by &; base64 digest."""
    key = f"{percent_encode(consumer_secret)}&{percent_encode(token_secret)}"
    digest = hmac.new(key.encode(), base_string.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def parse_authorization(header: str) -> dict[str, str] | None:
    """RFC 5849 §3.5.1: `OAuth k="v", …` with percent-encoded values; None if not OAuth."""
    scheme, _, rest = (header or "").strip().partition(" ")
    if scheme.lower() != "oauth":
        return None
    params: dict[str, str] = {}
    for item in rest.split(","):
        name, sep, value = item.strip().partition("=")
        if not sep or len(value) < 2 or not (value.startswith('"') and value.endswith('"')):
            return None
        name = unquote(name.strip())
        if name in params:
            return None  # each parameter at most once
        params[name] = unquote(value[1:-1])
    return params


@dataclass
class Verdict:
    ok: bool
    reason: str = ""


class TokenVerifier:
    """Checks the Authorization header of one request against one consumer and token."""

    def __init__(self, realm: str, credentials: dict, *, clock=time.time):
        self.realm = realm
        self.credentials = dict(credentials)
        self.clock = clock
        self._seen_nonces: dict[tuple[str, str], float] = {}

    def verify(self, method: str, url: str, authorization: str,
               extra_params: list[tuple[str, str]] | None = None) -> Verdict:
        params = parse_authorization(authorization)
        if params is None:
            return Verdict(False, "no OAuth Authorization header")
        if params.get("realm") != self.realm:
            return Verdict(False, "wrong realm")
        required = ("oauth_consumer_key", "oauth_token", "oauth_signature_method",
                    "oauth_timestamp", "oauth_nonce", "oauth_signature")
        if any(not params.get(name) for name in required):
            return Verdict(False, "missing OAuth parameters")
        if params["oauth_signature_method"] != "HMAC-SHA256":
            return Verdict(False, "unsupported signature method")
        if params.get("oauth_version", "1.0") != "1.0":
            return Verdict(False, "unsupported OAuth version")
        if not hmac.compare_digest(params["oauth_consumer_key"], self.credentials["consumer_key"]):
            return Verdict(False, "unknown consumer")
        if not hmac.compare_digest(params["oauth_token"], self.credentials["token_id"]):
            return Verdict(False, "unknown token")
        timestamp, nonce = params["oauth_timestamp"], params["oauth_nonce"]
        if not timestamp.isdigit() or abs(self.clock() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
            return Verdict(False, "timestamp outside the allowed window")
        if len(nonce) < MIN_NONCE_LENGTH:
            return Verdict(False, "nonce too short")

        query = urlsplit(url).query
        signed = [(k, v) for k, v in params.items() if k not in ("realm", "oauth_signature")]
        signed += parse_qsl(query, keep_blank_values=True)
        signed += extra_params or []
        expected = hmac_sha256_signature(
            signature_base_string(method, url, signed),
            self.credentials["consumer_secret"],
            self.credentials["token_secret"],
        )
        if not hmac.compare_digest(expected, params["oauth_signature"]):
            return Verdict(False, "signature mismatch")
        if not self._first_use(nonce, timestamp):
            return Verdict(False, "nonce already used")
        return Verdict(True)

    def _first_use(self, nonce: str, timestamp: str) -> bool:
        now = self.clock()
        for key, seen_at in list(self._seen_nonces.items()):
            if now - seen_at > 2 * MAX_CLOCK_SKEW_SECONDS:
                del self._seen_nonces[key]
        key = (nonce, timestamp)
        if key in self._seen_nonces:
            return False
        self._seen_nonces[key] = now
        return True
