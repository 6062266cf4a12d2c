"""All 21 record types of the published field lists are served (stored, read, upserted by
external id, patched) and each body is held to its own list."""

from decimal import Decimal

import pytest

from integrations.sandbox.netsuite_profile import AccountProfile
from integrations.sandbox.netsuite_schema import RECORD_TYPES, account_schema

from .conftest import RECORDS, STRICT_NAMES, refusal

LINE = {"item": {"id": "98"}, "quantity": 2, "rate": Decimal("5.00")}


def minimal(record_type: str, ids: dict) -> dict:
    """The least body each record type can be created with on the default account."""
    customer = {"id": ids["customer"]}
    bodies = {
        "customer": {"companyName": "Olga's Outfitters"},
        "customerDeposit": {"customer": customer, "payment": Decimal("20.00")},
        "customerPayment": {"customer": customer, "payment": Decimal("20.00")},
        "customerRefund": {"customer": customer},
        "deposit": {"account": {"id": "1"}},
        "giftCertificate": {"name": "Fiona", "originalAmount": Decimal("50")},
        "inventoryAdjustment": {"account": {"id": "1"}, "subsidiary": {"id": "1"},
                                "inventory": {"items": [{"item": {"id": "98"},
                                                         "location": {"id": "1"},
                                                         "adjustQtyBy": 3}]}},
        "inventoryItem": {"itemId": "TULIPS-10"},
        "kitItem": {"itemId": "TULIP-KIT"},
        "itemFulfillment": {"createdFrom": {"id": ids["salesOrder"]}},
        "itemReceipt": {"createdFrom": {"id": ids["purchaseOrder"]}},
        "journalEntry": {"subsidiary": {"id": "1"}, "line": {"items": [
            {"account": {"id": "1"}, "debit": Decimal("5")},
            {"account": {"id": "2"}, "credit": Decimal("5")}]}},
        "location": {"name": "Austin DC"},
        "purchaseOrder": {"entity": {"id": "77"}, "item": {"items": [LINE]}},
        "subsidiary": {"name": "Canada"},
    }
    return bodies.get(record_type, {"entity": customer, "item": {"items": [LINE]}})


def a_text_field(record_type: str) -> str:
    """A plain text field of the record (to patch, and to send a number to)."""
    root = account_schema(record_type, AccountProfile(), "rest").root
    return next(name for name, spec in sorted(root.items()) if spec["type"] == "string"
                and "format" not in spec and name not in ("id", "externalId", "refName"))


@pytest.fixture
def ids(sandbox, netsuite):
    sandbox.register_known("item", {"98": "Tulip bulbs"})
    customer = netsuite.upsert("customer", "shopify-customer-1", {"companyName": "Acme"})
    order = netsuite.upsert("salesOrder", "shopify-order-1",
                            {"entity": {"id": customer}, "item": {"items": [LINE]}})
    purchase = netsuite.upsert("purchaseOrder", "po-1",
                               {"entity": {"id": "77"}, "item": {"items": [LINE]}})
    return {"customer": customer, "salesOrder": order, "purchaseOrder": purchase}


def test_the_21_published_record_types_are_served():
    assert sorted(RECORD_TYPES) == sorted([
        "cashRefund", "cashSale", "creditMemo", "customer", "customerDeposit",
        "customerPayment", "customerRefund", "deposit", "giftCertificate",
        "inventoryAdjustment", "inventoryItem", "invoice", "itemFulfillment", "itemReceipt",
        "journalEntry", "kitItem", "location", "purchaseOrder", "returnAuthorization",
        "salesOrder", "subsidiary"])


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_each_record_type_is_stored_read_upserted_and_patched(sandbox, rest, ids, record_type):
    created = rest.put(record_type, "made-here-1", minimal(record_type, ids))
    assert created.status_code == 204, created.text
    internal_id = created.headers["Location"].rsplit("/", 1)[-1]
    assert created.headers["Location"].endswith(f"{RECORDS}/{record_type}/{internal_id}")

    field = a_text_field(record_type)
    patched = rest.patch(record_type.lower(), internal_id, {field: "patched"})
    again = rest.put(record_type, "made-here-1", {field: "upserted"})

    assert patched.status_code == 204, patched.text
    assert again.headers["Location"] == created.headers["Location"]
    by_id = rest.get(f"{RECORDS}/{record_type}/{internal_id}").json()
    assert by_id["externalId"] == "made-here-1"
    assert by_id[field] == "upserted"
    assert [r["id"] for r in sandbox.records(record_type) if r.get("externalId")
            == "made-here-1"] == [internal_id]


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_each_record_type_is_held_to_its_own_field_list(sandbox, rest, ids, record_type):
    body = minimal(record_type, ids)
    field = a_text_field(record_type)

    unknown = rest.put(record_type, "made-here-2", {**body, "shopifyNote": "x"},
                       headers=STRICT_NAMES)
    wrong_type = rest.put(record_type, "made-here-2", {**body, field: 42})

    assert refusal(unknown) == (400, "INVALID_CONTENT", "shopifyNote")
    assert refusal(wrong_type) == (400, "INVALID_CONTENT", field)
    assert not [r for r in sandbox.records(record_type) if r.get("externalId") == "made-here-2"]


def test_a_field_of_another_record_type_is_unknown_here(sandbox, rest, ids):
    # `itemId` names an item; a customer has no such field.
    response = rest.put("customer", "shopify-customer-2", {"companyName": "B", "itemId": "X"},
                        headers=STRICT_NAMES)

    assert refusal(response) == (400, "INVALID_CONTENT", "itemId")


def test_a_record_type_without_a_published_list_is_not_served(sandbox, rest):
    response = rest.put("vendorBill", "bill-1", {"memo": "x"})

    assert refusal(response)[:2] == (404, "INVALID_URL")
