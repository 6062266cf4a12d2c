"""NetSuite Token-Based Authentication: OAuth 1.0a, HMAC-SHA256, realm = account id.

oauthlib computes the signature. It covers the method, the URL and its query parameters
(RFC 5849 §3.4.1); a JSON body is not part of it. As an httpx `Auth`, it signs every
request as it is sent, so a retried request gets a fresh nonce and timestamp.
"""

import logging
from collections.abc import Generator

import httpx
from oauthlib import oauth1

from integrations.errors import AuthError

CREDENTIAL_KEYS = ("consumer_key", "consumer_secret", "token_id", "token_secret")

# oauthlib's debug output carries every signature, base string, consumer key and token id:
# keep it out of our logs whatever level the root logger runs at.
logging.getLogger("oauthlib.oauth1").setLevel(logging.INFO)


def realm_for(account_id: str) -> str:
    """NetSuite's realm: the account id upper case with `-` as `_` ("123456-sb1" → "123456_SB1")."""
    realm = (account_id or "").strip().upper().replace("-", "_")
    if not realm:
        raise AuthError("the NetSuite connection has no account id", code="MISSING_ACCOUNT_ID")
    return realm


class NetSuiteAuth(httpx.Auth):
    """Signs each request with the connection's consumer and token (never logged or shown)."""

    def __init__(self, account_id: str, credentials: dict):
        missing = [key for key in CREDENTIAL_KEYS if not (credentials or {}).get(key)]
        if missing:
            raise AuthError(
                "NetSuite credentials are incomplete: missing " + ", ".join(missing),
                code="MISSING_CREDENTIALS",
            )
        self.realm = realm_for(account_id)
        self._consumer_key = credentials["consumer_key"]
        self._consumer_secret = credentials["consumer_secret"]
        self._token_id = credentials["token_id"]
        self._token_secret = credentials["token_secret"]

    def __repr__(self):
        return f"<NetSuiteAuth realm={self.realm}>"

    def sign(self, method: str, url: str, *, nonce: str | None = None,
             timestamp: str | None = None) -> str:
        """The Authorization header value for one request.

        `nonce` and `timestamp` are left to oauthlib (random nonce, current Unix time) except
        when a known-answer check pins them.
        """
        client = oauth1.Client(
            self._consumer_key,
            client_secret=self._consumer_secret,
            resource_owner_key=self._token_id,
            resource_owner_secret=self._token_secret,
            signature_method=oauth1.SIGNATURE_HMAC_SHA256,
            signature_type=oauth1.SIGNATURE_TYPE_AUTH_HEADER,
            realm=self.realm,
            nonce=nonce,
            timestamp=timestamp,
        )
        # No body and no headers: the JSON body is not signed, and oauthlib refuses a body
        # that is not form-encoded.
        _, headers, _ = client.sign(url, http_method=method.upper())
        return headers["Authorization"]

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self.sign(request.method, str(request.url))
        yield request


def auth_for(connection) -> NetSuiteAuth:
    """The Auth for a NetSuite `Connection`, from its encrypted credentials; an AuthError
    (incomplete credentials, no account id) names that connection."""
    try:
        return NetSuiteAuth(connection.account_id, connection.credentials)
    except AuthError as error:
        error.came_from(connection)
        raise
