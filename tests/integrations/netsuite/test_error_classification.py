"""NetSuite's answers become our error classes, keyed on status and o:errorCode only."""

import json
from pathlib import Path

import httpx
import pytest

import integrations.sandbox
from integrations.errors import AuthError, DataError, TransientError, UnknownOutcomeError
from integrations.http import build_client
from integrations.netsuite.auth import NetSuiteAuth
from integrations.netsuite.client import NetSuiteClient
from integrations.netsuite.errors import error_from_exception, error_from_response, parse_error_body

from .conftest import ACCOUNT, BASE_URL, CREDENTIALS, make_connection

RECORDED = Path(integrations.sandbox.__file__).parent
INVALID_CONTENT = json.loads((RECORDED / "netsuite_error_invalid_content_400.json").read_text())
INVALID_LOGIN = json.loads((RECORDED / "netsuite_error_invalid_login_401.json").read_text())


def answer(status: int, body=None, *, method="PUT", headers=None) -> httpx.Response:
    request = httpx.Request(method, "https://123456-sb1.suitetalk.api.netsuite.com/x")
    content = json.dumps(body).encode() if body is not None else b""
    return httpx.Response(status, content=content, headers=headers, request=request)


def ns_error(status: int, code: str, detail: str = "d", type_url: str = "") -> dict:
    return {"type": type_url or "https://www.rfc-editor.org/rfc/rfc9110.html", "title": "t",
            "status": status, "o:errorDetails": [{"detail": detail, "o:errorCode": code}]}


def test_the_recorded_invalid_content_answer_is_parsed_with_its_path():
    body = parse_error_body(json.dumps(INVALID_CONTENT))

    assert (body.status, body.code, body.path) == (400, "INVALID_CONTENT", "item.items[0].item")
    assert "Invalid Field Value 9999" in body.message


def test_sandbox_answers_the_documented_bad_item_request_with_the_recorded_body(sandbox):
    # The request documented next to the recorded answer: a line pointing at item 9999.
    sandbox.register_known("customer", {"107": "Anonymous Customer"})
    sandbox.register_known("location", ["1"])
    sandbox.register_known("item", {"98": "Widget"})
    documented = {"entity": {"id": 107}, "location": {"id": 1},
                  "item": {"items": [{"item": {"id": 9999}, "amount": 1}]}}

    with build_client(BASE_URL) as http:
        response = http.post("/services/rest/record/v1/salesOrder", json=documented,
                             auth=NetSuiteAuth(ACCOUNT, CREDENTIALS))
    assert response.status_code == 400
    assert response.json() == INVALID_CONTENT

    with NetSuiteClient(make_connection()) as client, pytest.raises(DataError) as caught:
        client.create("salesOrder", documented)
    assert caught.value.path == "item.items[0].item"
    assert caught.value.code == "INVALID_CONTENT"
    assert caught.value.permanent


def test_rejected_credentials_are_an_auth_error_with_the_recorded_body(sandbox):
    wrong = make_connection(credentials={**CREDENTIALS, "token_secret": "revoked"})

    with build_client(BASE_URL) as http:
        response = http.get("/services/rest/record/v1/customer/1",
                            auth=NetSuiteAuth(ACCOUNT, wrong.credentials))
    assert response.status_code == 401
    assert response.json() == INVALID_LOGIN
    assert 'realm="123456_SB1"' in response.headers["WWW-Authenticate"]
    assert 'error="token_rejected"' in response.headers["WWW-Authenticate"]

    with NetSuiteClient(wrong) as client, pytest.raises(AuthError) as caught:
        client.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})
    assert (caught.value.status, caught.value.code) == (401, "INVALID_LOGIN")
    assert sandbox.records("customer") == []


def test_a_revoked_token_is_an_auth_error(sandbox, netsuite):
    sandbox.configure(token_revoked=True)

    with pytest.raises(AuthError):
        netsuite.get("customer", 1)


@pytest.mark.parametrize("status,body,write,expected", [
    (429, ns_error(429, "CONCURRENCY_LIMIT_EXCEEDED"), True, TransientError),
    (400, ns_error(400, "SSS_REQUEST_LIMIT_EXCEEDED"), True, TransientError),
    (500, ns_error(500, "UNEXPECTED_ERROR"), False, TransientError),
    (503, None, True, TransientError),
    (504, None, True, UnknownOutcomeError),
    (504, None, False, TransientError),
    (401, ns_error(401, "INVALID_LOGIN"), False, AuthError),
    (400, ns_error(400, "INVALID_LOGIN_ATTEMPT"), False, AuthError),
    (400, ns_error(400, "USER_ERROR"), True, DataError),
    (403, ns_error(403, "INSUFFICIENT_PERMISSION"), True, DataError),
    (404, ns_error(404, "NONEXISTENT_ID"), True, DataError),
])
def test_status_and_code_decide_the_class(status, body, write, expected):
    error = error_from_response(answer(status, body), write=write)

    assert type(error) is expected
    assert error.status == status


def test_the_type_url_does_not_matter():
    rfc2616 = ns_error(400, "USER_ERROR", type_url="https://www.w3.org/Protocols/rfc2616/x")
    rfc9110 = ns_error(400, "USER_ERROR", type_url="https://www.rfc-editor.org/rfc/rfc9110.html")

    assert type(error_from_response(answer(400, rfc2616), write=True)) is DataError
    assert type(error_from_response(answer(400, rfc9110), write=True)) is DataError


def test_retry_after_is_kept_and_a_non_json_body_tolerated():
    error = error_from_response(answer(503, None, headers={"Retry-After": "7"}), write=False)

    assert isinstance(error, TransientError)
    assert error.retry_after == 7.0


@pytest.mark.parametrize("exc_type,write,expected", [
    (httpx.ReadTimeout, True, UnknownOutcomeError),
    (httpx.ReadTimeout, False, TransientError),
    (httpx.RemoteProtocolError, True, UnknownOutcomeError),
    (httpx.ConnectTimeout, True, TransientError),
    (httpx.ConnectError, True, TransientError),
    (httpx.WriteTimeout, True, TransientError),
    (httpx.PoolTimeout, True, TransientError),
])
def test_transport_failures(exc_type, write, expected):
    request = httpx.Request("PUT", "https://123456-sb1.suitetalk.api.netsuite.com/x")

    error = error_from_exception(exc_type("boom", request=request), request, write=write)

    assert type(error) is expected
