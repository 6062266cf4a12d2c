"""Writing and reading records: upserts by external id write once, ids come from Location."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from integrations.errors import DataError
from integrations.netsuite.client import NetSuiteClient, encode_body
from integrations.netsuite.payloads import read_ref, ref_id

from .conftest import make_connection


def order_body(customer_id: str, *lines) -> dict:
    """A SuiteTax sales order: each line's tax as charged, in the tax details (override)."""
    return {
        "entity": {"id": customer_id},
        "item": {"items": [
            {"item": {"id": item}, "quantity": qty, "rate": rate,
             "taxDetailsReference": f"line-{n}"}
            for n, (item, qty, rate, _) in enumerate(lines)
        ]},
        "taxDetailsOverride": True,
        "taxDetails": {"items": [
            {"taxDetailsReference": {"id": f"line-{n}"}, "taxCode": {"id": "-7"},
             "taxAmount": tax}
            for n, (_, _, _, tax) in enumerate(lines)
        ]},
    }


@pytest.fixture
def customer_id(netsuite):
    return netsuite.upsert("customer", "shopify-customer-7", {
        "companyName": "Fiona's Flowers", "email": "fiona@example.com",
    })


def test_upsert_twice_writes_one_record_with_its_lines_once(sandbox, netsuite, customer_id):
    sandbox.register_known("item", {"98": "Tulip bulbs"})
    body = order_body(customer_id, ("98", 2, Decimal("19.99"), Decimal("3.20")))

    first = netsuite.upsert("salesOrder", "shopify-order-1001", body)
    second = netsuite.upsert("salesOrder", "shopify-order-1001", body)

    assert first == second
    (order,) = sandbox.records("salesOrder")
    assert order["id"] == first
    assert order["externalId"] == "shopify-order-1001"
    assert order["item"]["count"] == 1


def test_get_by_id_and_by_external_id(netsuite, customer_id):
    by_id = netsuite.get("customer", customer_id)
    by_external_id = netsuite.get_by_external_id("customer", "shopify-customer-7")

    assert by_id == by_external_id
    assert by_id["id"] == customer_id
    assert by_id["companyName"] == "Fiona's Flowers"
    assert netsuite.get_by_external_id("customer", "shopify-customer-8") is None


def test_get_of_a_missing_internal_id_is_a_data_error(netsuite):
    with pytest.raises(DataError) as caught:
        netsuite.get("customer", 999999)

    assert (caught.value.status, caught.value.code) == (404, "NONEXISTENT_ID")


def test_create_returns_the_id_from_the_location_header(sandbox, netsuite, customer_id):
    new_id = netsuite.create("customer", {"companyName": "Carlos Coffee"})

    assert new_id.isdigit() and new_id != customer_id
    assert {c["id"] for c in sandbox.records("customer")} == {customer_id, new_id}


def test_amounts_come_back_as_decimal_and_references_as_strings(sandbox, netsuite, customer_id):
    order_id = netsuite.upsert("salesOrder", "shopify-order-1002", order_body(
        customer_id, ("98", 3, Decimal("10.10"), Decimal("2.43")),
    ))

    order = netsuite.get("salesOrder", order_id, expand=True)

    assert order["subtotal"] == Decimal("30.30")
    assert order["taxTotal"] == Decimal("2.43")
    assert order["total"] == Decimal("32.73")
    assert read_ref(order["entity"]).id == customer_id
    assert read_ref(order["entity"]).ref_name == "Fiona's Flowers"
    assert ref_id(order["item"]["items"][0]["item"]) == "98"


def test_without_expand_sublists_are_links_only(netsuite, customer_id):
    order_id = netsuite.upsert("salesOrder", "shopify-order-1003", order_body(
        customer_id, ("98", 1, Decimal("5.00"), Decimal("0")),
    ))

    order = netsuite.get("salesOrder", order_id)

    assert set(order["item"]) == {"links"}
    assert order["item"]["links"][0]["href"].endswith(f"/salesorder/{order_id}/item")


@pytest.mark.parametrize("bad", ["has space", "pipe|id", "", "ümlaut", "a/b", "x" * 256])
def test_external_ids_are_validated_before_anything_is_sent(sandbox, netsuite, bad):
    with pytest.raises(ValueError, match="external id"):
        netsuite.upsert("customer", bad, {"companyName": "x"})

    assert sandbox.stats["requests"] == 0


def test_decimal_amounts_are_sent_as_exact_json_numbers():
    body = {"rate": Decimal("19.99"), "qty": Decimal("2"), "big": Decimal("1234567890.12"),
            "day": date(2026, 11, 23), "at": datetime(2026, 11, 23, 10, 0, tzinfo=UTC)}

    assert encode_body(body) == (
        b'{"rate": 19.99, "qty": 2, "big": 1234567890.12, "day": "2026-11-23", '
        b'"at": "2026-11-23T10:00:00Z"}'
    )
    with pytest.raises(ValueError, match="exact"):
        encode_body({"rate": Decimal("0.12345678901234567")})


def test_concurrent_upserts_of_one_external_id_make_one_record(live_sandbox):
    connection = make_connection(live_sandbox.url)

    def upsert(_):
        with NetSuiteClient(connection, backoff_seconds=0.05) as client:
            return client.upsert("customer", "shopify-customer-9", {"companyName": "Olga's"})

    with ThreadPoolExecutor(max_workers=5) as pool:
        ids = set(pool.map(upsert, range(10)))

    assert len(ids) == 1
    assert len(live_sandbox.records("customer")) == 1
