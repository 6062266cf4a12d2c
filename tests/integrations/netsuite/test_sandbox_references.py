"""References: `{"id": ...}` or `{"externalId": ...}` to a record the account has; NetSuite's
built-in records have negative ids."""

from decimal import Decimal

import pytest

from integrations.errors import DataError

from .conftest import order_line, refusal, sales_order

BAD_SHAPES = [
    ("entity", "1001", "entity"),  # a bare string
    ("entity", 1001, "entity"),  # a bare number
    ("entity", {"name": "Acme"}, "entity"),
    ("entity", {"id": "Acme"}, "entity"),  # ids are digits
    ("entity", {"id": True}, "entity"),
    ("entity", {"id": "1001", "type": "customer"}, "entity"),
    ("location", {"id": "1.5"}, "location"),
    ("location", {"externalId": "has space"}, "location"),
]


@pytest.mark.parametrize("name,value,path", BAD_SHAPES)
def test_a_reference_not_shaped_as_one_is_refused(sandbox, rest, acme, name, value, path):
    response = rest.put("salesOrder", "shopify-order-1", {**sales_order(acme), name: value})

    assert refusal(response) == (400, "INVALID_CONTENT", path)


def test_a_line_reference_not_shaped_as_one_is_refused(sandbox, rest, acme):
    body = sales_order(acme, order_line(), {**order_line(), "item": "99"})

    assert refusal(rest.put("salesOrder", "shopify-order-1", body)) == (
        400, "INVALID_CONTENT", "item.items[1].item")


def test_read_back_references_may_carry_their_name_and_links(sandbox, rest, netsuite, acme):
    read_back = netsuite.get("customer", acme)
    entity = {"id": acme, "refName": "Acme", "links": read_back["links"]}

    response = rest.put("salesOrder", "shopify-order-1", {**sales_order(acme), "entity": entity})

    assert response.status_code == 204, response.text
    assert rest.read("salesOrder", "shopify-order-1")["entity"]["refName"] == "Acme"


def test_negative_ids_are_netsuite_built_in_records(sandbox, rest, acme):
    sandbox.register_known("taxCode", {"31": "CA State"})
    sandbox.register_known("price", {"1": "Base Price"})
    body = sales_order(acme, order_line(price={"id": "-1"}, taxDetailsReference="a"),
                       taxDetailsOverride=True, taxDetails={"items": [
                           {"taxDetailsReference": {"id": "a"}, "taxCode": {"id": "-7"},
                            "taxAmount": Decimal("0")}]})

    response = rest.put("salesOrder", "shopify-order-1", body)

    assert response.status_code == 204, response.text
    order = rest.read("salesOrder", "shopify-order-1")
    assert order["item"]["items"][0]["price"]["refName"] == "Custom"
    tax_code = order["taxDetails"]["items"][0]["taxCode"]
    assert (tax_code["id"], tax_code["refName"]) == ("-7", "-Not Taxable-")


def test_a_reference_to_a_record_the_account_lacks_is_refused_whatever_the_headers(
        sandbox, rest, acme):
    body = sales_order(acme, order_line(), order_line("9999"))

    response = rest.put("salesOrder", "shopify-order-1", body,
                        headers={"X-NetSuite-PropertyValueValidation": "Ignore"})

    assert refusal(response) == (400, "INVALID_CONTENT", "item.items[1].item")
    assert "Invalid Field Value 9999" in response.json()["o:errorDetails"][0]["detail"]


def test_external_id_references_resolve_to_the_record(sandbox, rest, netsuite, acme):
    item_id = netsuite.upsert("inventoryItem", "sku-tulips", {"itemId": "TULIPS"})
    body = {"entity": {"externalId": "shopify-customer-1"},
            "item": {"items": [{"item": {"externalId": "sku-tulips"}, "quantity": 1,
                                "rate": Decimal("4.00")}]}}

    assert rest.put("salesOrder", "shopify-order-1", body).status_code == 204

    order = rest.read("salesOrder", "shopify-order-1")
    assert order["entity"]["id"] == acme
    assert order["item"]["items"][0]["item"]["id"] == item_id  # any item record will do


def test_an_unknown_external_id_is_refused(sandbox, netsuite, acme):
    with pytest.raises(DataError) as caught:
        netsuite.upsert("salesOrder", "shopify-order-1",
                        {**sales_order(acme), "entity": {"externalId": "shopify-customer-404"}})

    assert (caught.value.code, caught.value.path) == ("INVALID_CONTENT", "entity")


def test_a_kind_with_nothing_known_is_not_checked(sandbox, rest, acme):
    body = sales_order(acme, terms={"id": "7"}, department={"externalId": "retail"})

    assert rest.put("salesOrder", "shopify-order-1", body).status_code == 204

    order = rest.read("salesOrder", "shopify-order-1")
    assert order["terms"]["id"] == "7"
    assert order["department"] == {"externalId": "retail"}
