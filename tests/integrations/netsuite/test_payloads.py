"""Reading NetSuite's answers: Location ids, references, SuiteQL pages; nothing secret logged."""

import logging
from decimal import Decimal

import pytest

from integrations.errors import AuthError
from integrations.netsuite.payloads import (
    Ref,
    internal_id_from_location,
    money,
    parse_suiteql_page,
    read_ref,
)

from .conftest import CREDENTIALS


@pytest.mark.parametrize("location,expected", [
    ("https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder/647",
     "647"),
    ("/services/rest/record/v1/customer/1001/", "1001"),
    ("https://x/services/rest/record/v1/customer/eid:abc", None),
    ("", None),
    (None, None),
])
def test_internal_id_from_location(location, expected):
    assert internal_id_from_location(location) == expected


def test_references_as_netsuite_writes_them():
    assert read_ref({"links": [], "id": "110", "refName": "Anonymous Customer"}) == Ref(
        "110", "Anonymous Customer"
    )
    assert read_ref({"id": 107}) == Ref("107")
    assert read_ref("A") == Ref("A")  # the fixture's bare orderStatus
    assert read_ref(None) is None
    assert read_ref({"links": []}) is None
    with pytest.raises(ValueError):
        read_ref(["110"])


def test_money_is_decimal():
    assert money(39.95) == Decimal("39.95")
    assert money("0.10") == Decimal("0.10")
    assert money(None) is None
    with pytest.raises(ValueError):
        money("abc")


def test_a_suiteql_page():
    page = parse_suiteql_page({
        "links": [{"rel": "next", "href": "https://x/suiteql?limit=2&offset=2"}],
        "count": 2, "hasMore": True, "offset": 0, "totalResults": 3,
        "items": [{"links": [], "id": "1"}, {"links": [], "id": "2"}],
    })

    assert page.items == [{"id": "1"}, {"id": "2"}]
    assert (page.count, page.has_more, page.offset, page.total_results) == (2, True, 0, 3)
    assert page.next_url.endswith("offset=2")
    with pytest.raises(ValueError):
        parse_suiteql_page({"items": "nope"})


def test_no_secret_or_signature_reaches_the_logs(sandbox, netsuite, caplog):
    caplog.set_level(logging.DEBUG)
    netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})
    sandbox.configure(token_revoked=True)
    with pytest.raises(AuthError):
        netsuite.get_by_external_id("customer", "shopify-customer-1")

    logged = caplog.text
    assert "NetSuite" in logged or "HTTP Request" in logged
    for secret in (CREDENTIALS["consumer_secret"], CREDENTIALS["token_secret"],
                   "oauth_signature", "OAuth realm"):
        assert secret not in logged
