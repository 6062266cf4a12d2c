"""Shopify Admin API authentication: the store's access token in `X-Shopify-Access-Token`.

Custom-app tokens do not expire; public-app tokens do (see the connection's
`credentials_expire_at`). As an httpx `Auth` the header is added as each request is sent,
so the token never sits in the client's default headers, and `repr` never shows it.
"""

from collections.abc import Generator

import httpx

from integrations.errors import AuthError

HEADER = "X-Shopify-Access-Token"


class ShopifyAccessTokenAuth(httpx.Auth):
    """Adds the access token to every request; refuses to exist without one."""

    def __init__(self, access_token: str | None):
        token = (access_token or "").strip()
        if not token:
            raise AuthError("the Shopify connection has no access token", code="MISSING_TOKEN")
        self._token = token

    def __repr__(self):
        return "<ShopifyAccessTokenAuth token=***>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[HEADER] = self._token
        yield request


def auth_for(connection) -> ShopifyAccessTokenAuth:
    """The Auth for a Shopify `Connection`, from its encrypted credentials; an AuthError (no
    token) names that connection."""
    try:
        return ShopifyAccessTokenAuth((connection.credentials or {}).get("access_token"))
    except AuthError as error:
        error.came_from(connection)
        raise
