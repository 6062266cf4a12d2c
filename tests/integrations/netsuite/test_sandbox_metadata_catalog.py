"""The metadata catalog tells a connection what its account's records are made of: an
OpenAPI 3.0.1 document or a JSON Schema, built from the field lists as the profile has them."""

from decimal import Decimal

import pytest
from jsonschema import Draft7Validator

from integrations.sandbox.netsuite_schema import RECORD_TYPES

from .conftest import BASE_URL, CREDENTIALS, RECORDS, SignedHTTP

CATALOG = f"{RECORDS}/metadata-catalog"
SWAGGER = {"Accept": "application/swagger+json"}
SCHEMA = {"Accept": "application/schema+json"}


def refs_in(value) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"]} if isinstance(value.get("$ref"), str) else set()
        return found.union(*(refs_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(refs_in(v) for v in value))
    return set()


def openapi(rest, record_type="salesOrder") -> dict:
    response = rest.get(f"{CATALOG}/{record_type}", headers=SWAGGER)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_catalog_lists_the_record_types_served(sandbox, rest):
    response = rest.get(f"{CATALOG}/")

    items = response.json()["items"]
    assert [item["name"] for item in items] == list(RECORD_TYPES)
    links = {link["mediaType"]: link["href"] for link in items[0]["links"] if "mediaType" in link}
    assert links["application/swagger+json"] == f"{BASE_URL}{CATALOG}/{items[0]['name'].lower()}"


def test_the_catalog_is_signed_like_every_call(sandbox):
    unsigned = SignedHTTP(BASE_URL, {**CREDENTIALS, "token_secret": "wrong"})

    response = unsigned.get(f"{CATALOG}/salesOrder", headers=SWAGGER)

    assert response.status_code == 401
    assert response.json()["o:errorDetails"][0]["o:errorCode"] == "INVALID_LOGIN"


def test_the_openapi_document_describes_the_record_and_what_it_references(sandbox, rest):
    document = openapi(rest)

    schemas = document["components"]["schemas"]
    order = schemas["salesOrder"]["properties"]
    assert document["openapi"] == "3.0.1"
    assert order["entity"] == {"$ref": "#/components/schemas/nsResource"}
    assert order["orderStatus"]["properties"]["id"]["enum"] == ["A", "B"]
    assert order["item"] == {"$ref": "#/components/schemas/salesOrder-itemCollection"}
    assert schemas["salesOrder-itemCollection"]["properties"]["items"]["items"] == {
        "$ref": "#/components/schemas/salesOrder-itemElement"}
    assert order["links"]["readOnly"] is True
    assert {r.rsplit("/", 1)[-1] for r in refs_in(document)} <= set(schemas)
    assert all(r.startswith("#/components/schemas/") for r in refs_in(document))
    post = document["paths"]["/salesOrder"]["post"]
    assert {p["name"]: p["schema"]["default"] for p in post["parameters"]} == {
        "X-NetSuite-PropertyNameValidation": "Warning",
        "X-NetSuite-PropertyValueValidation": "Error"}


def test_a_suitetax_account_shows_tax_details_and_no_legacy_tax(sandbox, rest):
    schemas = openapi(rest)["components"]["schemas"]

    assert {"taxDetails", "taxDetailsOverride"} <= set(schemas["salesOrder"]["properties"])
    assert "taxItem" not in schemas["salesOrder"]["properties"]
    assert "taxDetailsReference" in schemas["salesOrder-itemElement"]["properties"]
    assert "taxCode" not in schemas["salesOrder-itemElement"]["properties"]


def test_a_legacy_account_shows_legacy_tax_and_no_tax_details(sandbox, rest):
    sandbox.configure(tax_mode="legacy")

    schemas = openapi(rest)["components"]["schemas"]

    assert "taxItem" in schemas["salesOrder"]["properties"]
    assert "taxDetails" not in schemas["salesOrder"]["properties"]
    assert {"taxCode", "tax1Amt"} <= set(schemas["salesOrder-itemElement"]["properties"])


def test_the_profile_shapes_currency_payment_and_subsidiary(sandbox, rest):
    sandbox.configure(multi_currency=False, payment_field="paymentMethod", oneworld=False)

    order = openapi(rest)["components"]["schemas"]["salesOrder"]["properties"]

    assert "paymentMethod" in order and "paymentOption" not in order
    assert "currency" not in order and "subsidiary" not in order
    assert order["handlingMode"]["properties"]["id"]["enum"] == ["MIMIC", "PROCESS", "SAVE_ONLY"]


def test_several_records_in_one_document(sandbox, rest):
    response = rest.get(CATALOG, params={"select": "customer,salesOrder"}, headers=SWAGGER)

    schemas = response.json()["components"]["schemas"]
    assert {"customer", "salesOrder", "customer-addressBookElement"} <= set(schemas)


def test_the_json_schema_validates_bodies_the_way_the_account_does(sandbox, rest):
    response = rest.get(f"{CATALOG}/salesOrder", headers=SCHEMA)

    schema = response.json()
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema)
    good = {"entity": {"id": "1001"}, "orderStatus": {"id": "B"}, "tranDate": "2026-11-23",
            "item": {"items": [{"item": {"id": "98"}, "quantity": 2, "rate": 19.99}]}}
    assert not list(validator.iter_errors(good))
    assert list(validator.iter_errors({**good, "orderStatus": {"id": "C"}}))
    assert list(validator.iter_errors({**good, "memo": 42}))
    assert all(r.startswith("#/definitions/") for r in refs_in(schema))


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_every_record_type_is_described_with_refs_that_resolve(sandbox, rest, record_type):
    document = openapi(rest, record_type)
    schema = rest.get(f"{CATALOG}/{record_type.lower()}", headers=SCHEMA).json()

    names = set(document["components"]["schemas"])
    assert record_type in names
    assert {r.rsplit("/", 1)[-1] for r in refs_in(document)} <= names
    assert {r.rsplit("/", 1)[-1] for r in refs_in(schema)} <= set(schema["definitions"])
    Draft7Validator.check_schema(schema)


def test_plain_json_names_the_record_and_an_unknown_type_is_not_found(sandbox, rest):
    plain = rest.get(f"{CATALOG}/salesorder")
    unknown = rest.get(f"{CATALOG}/vendorBill", headers=SWAGGER)

    assert plain.json()["name"] == "salesOrder"
    assert unknown.status_code == 404


def test_a_body_built_from_the_catalog_is_accepted(sandbox, rest, acme):
    """What the catalog says is what the account takes."""
    properties = openapi(rest)["components"]["schemas"]["salesOrder"]["properties"]
    body = {"entity": {"id": acme}, "item": {"items": [
        {"item": {"id": "98"}, "quantity": 1, "rate": Decimal("5")}]}}
    body.update({name: True for name, spec in properties.items()
                 if spec.get("type") == "boolean" and name.startswith("toBe")})

    response = rest.put("salesOrder", "shopify-order-1", body,
                        headers={"X-NetSuite-PropertyNameValidation": "Error"})

    assert response.status_code == 204, response.text
