"""The TBA signer (oauthlib) checked against fixed answers and the sandbox's own RFC 5849 code."""

import re

import pytest

from integrations.errors import AuthError
from integrations.netsuite.auth import NetSuiteAuth, realm_for
from integrations.netsuite.client import NetSuiteClient
from integrations.sandbox.netsuite_oauth import (
    TokenVerifier,
    hmac_sha256_signature,
    signature_base_string,
)

from .conftest import ACCOUNT, BASE_URL, CREDENTIALS, make_connection

HEADER_PARAM = re.compile(r'(\w+)="([^"]*)"')

# Known answer for our signer, derived outside Python:
#   printf '%s' "$BASE" | openssl dgst -sha256 -hmac 'cs_test_0001&ts_test_0001' -binary | base64
KAT_URL = f"{BASE_URL}/services/rest/record/v1/customer/eid:shopify-customer-42?replace=addressbook"
KAT_BASE_STRING = (
    "PUT&https%3A%2F%2F123456-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1"
    "%2Fcustomer%2Feid%3Ashopify-customer-42&oauth_consumer_key%3Dck_test_0001%26oauth_nonce"
    "%3Dkat0nonce42%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1795000000"
    "%26oauth_token%3Dtk_test_0001%26oauth_version%3D1.0%26replace%3Daddressbook"
)
KAT_SIGNATURE = "H0goNcVEc6g9VieWI1YYKi6ERvQR+RJLTGi7I9NAwuI="


def header_params(header: str) -> dict[str, str]:
    assert header.startswith("OAuth ")
    return dict(HEADER_PARAM.findall(header))


def test_signer_matches_the_known_answer():
    auth = NetSuiteAuth(ACCOUNT, CREDENTIALS)

    header = auth.sign("PUT", KAT_URL, nonce="kat0nonce42", timestamp="1795000000")

    assert header_params(header) == {
        "realm": "123456_SB1",
        "oauth_consumer_key": "ck_test_0001",
        "oauth_token": "tk_test_0001",
        "oauth_signature_method": "HMAC-SHA256",
        "oauth_timestamp": "1795000000",
        "oauth_nonce": "kat0nonce42",
        "oauth_version": "1.0",
        "oauth_signature": "H0goNcVEc6g9VieWI1YYKi6ERvQR%2BRJLTGi7I9NAwuI%3D",
    }


def test_sandbox_builds_the_same_base_string_and_signature():
    params = [
        ("oauth_consumer_key", "ck_test_0001"), ("oauth_nonce", "kat0nonce42"),
        ("oauth_signature_method", "HMAC-SHA256"), ("oauth_timestamp", "1795000000"),
        ("oauth_token", "tk_test_0001"), ("oauth_version", "1.0"), ("replace", "addressbook"),
    ]

    base = signature_base_string("PUT", KAT_URL.split("?")[0], params)

    assert base == KAT_BASE_STRING
    assert hmac_sha256_signature(base, "cs_test_0001", "ts_test_0001") == KAT_SIGNATURE


def test_sandbox_verifier_reproduces_the_rfc_5849_example_with_sha256():
    # RFC 5849 §3.4.1.1's example request (query, form body, oauth_* parameters), signed with
    # HMAC-SHA256 and the RFC's secrets; the answer is published in Faithlife's OAuth tests
    # and agrees with openssl.
    params = [
        ("b5", "=%3D"), ("a3", "a"), ("c@", ""), ("a2", "r b"),
        ("oauth_consumer_key", "9djdj82h48djs9d2"), ("oauth_token", "kkk9d7dh3k39sjv7"),
        ("oauth_signature_method", "HMAC-SHA256"), ("oauth_timestamp", "137131201"),
        ("oauth_nonce", "7d8f3e4a"), ("c2", ""), ("a3", "2 q"),
    ]

    base = signature_base_string("POST", "http://example.com/request", params)

    assert base == (
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D"
        "%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce"
        "%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D137131201%26"
        "oauth_token%3Dkkk9d7dh3k39sjv7"
    )
    assert hmac_sha256_signature(base, "j49sk3j29djd", "dh893hdasih9") == (
        "ypAxjNip++Dm0fTM+gCl8wAo6ufSnseu1WHxL7py3BU="
    )


@pytest.mark.parametrize("method,url", [
    ("GET", f"{BASE_URL}/services/rest/record/v1/salesOrder/18?expandSubResources=true"),
    ("POST", f"{BASE_URL}/services/rest/query/v1/suiteql?limit=10&offset=20"),
    ("PUT", f"{BASE_URL}/services/rest/record/v1/salesOrder/eid:shopify-order-1001?replace=item"),
    ("PATCH", "http://127.0.0.1:8101/services/rest/record/v1/customer/1001"),
])
def test_every_signature_passes_the_independent_verifier(method, url):
    auth = NetSuiteAuth(ACCOUNT, CREDENTIALS)
    verifier = TokenVerifier(ACCOUNT, CREDENTIALS)

    verdict = verifier.verify(method, url, auth.sign(method, url))

    assert verdict.ok, verdict.reason


def test_verifier_refuses_tampering_and_replays():
    auth = NetSuiteAuth(ACCOUNT, CREDENTIALS)
    verifier = TokenVerifier(ACCOUNT, CREDENTIALS)
    url = f"{BASE_URL}/services/rest/query/v1/suiteql?limit=10&offset=0"
    header = auth.sign("POST", url)

    assert verifier.verify("POST", url.replace("offset=0", "offset=10"), header).reason == (
        "signature mismatch"
    )
    assert verifier.verify("GET", url, header).reason == "signature mismatch"
    assert verifier.verify("POST", url, header).ok
    assert verifier.verify("POST", url, header).reason == "nonce already used"
    wrong_realm = header.replace('realm="123456_SB1"', 'realm="123456-sb1"')
    assert verifier.verify("POST", url, wrong_realm).reason == "wrong realm"


def test_realm_is_the_account_id_upper_case_with_underscores():
    assert realm_for("123456-sb1") == "123456_SB1"
    assert realm_for(" 123456 ") == "123456"


def test_each_request_and_each_retry_is_signed_afresh(sandbox, netsuite):
    # The sandbox refuses a reused nonce with 401, so a retry that went out with the first
    # attempt's signature would fail as an AuthError.
    sandbox.configure(fail_next=[{"status": 429, "code": "CONCURRENCY_LIMIT_EXCEEDED"}])

    assert netsuite.get_by_external_id("customer", "nobody") is None
    assert netsuite.get_by_external_id("customer", "nobody") is None

    assert sandbox.stats["statuses"] == {"429": 1, "404": 2}
    assert "cs_test" not in repr(netsuite.auth) and "ts_test" not in repr(netsuite.auth)


def test_incomplete_credentials_are_an_auth_error():
    with pytest.raises(AuthError, match="token_secret"):
        NetSuiteClient(make_connection(credentials={**CREDENTIALS, "token_secret": ""}))
