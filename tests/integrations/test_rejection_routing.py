"""A NetSuite refusal naming a field becomes a ticket for the owner of the mapping behind it,
in words (integrations.rejections, pure: the path, the body sent and what maps to the id)."""

import pytest

from exceptions import catalogue
from integrations.rejections import MappedFrom, reference_at, rejection_problem

SENT = {
    "externalId": "shopify-order-1001",
    "entity": {"id": "900"},
    "subsidiary": {"id": "1"},
    "currency": {"id": "2"},
    "location": {"id": "6"},
    "terms": {"id": "2"},
    "paymentOption": {"id": "7"},
    "item": {"items": [
        {"item": {"id": "101"}, "quantity": 1, "description": "IPod Nano - 8GB",
         "taxCode": {"id": "31"}, "location": {"id": "8"}},
        {"item": {"id": "61"}, "amount": -5, "description": "Discount TENOFF"},
        {"item": {"id": "214"}, "quantity": 2, "description": "IPod Nano - Pink",
         "taxDetailsReference": "line-3"},
    ]},
    "taxDetails": {"items": [
        {"taxDetailsReference": {"id": "line-1"}, "taxCode": {"id": "31"}, "taxType": "1"},
        {"taxDetailsReference": {"id": "line-3"}, "taxCode": {"id": "44"}, "taxType": "1"},
    ]},
}
INVALID = "Invalid Field Value 214 for the following field: item"
NOTHING = MappedFrom()


def problem_for(path, mapped=NOTHING, code="INVALID_CONTENT", sent=SENT):
    ref = reference_at(path, sent)
    assert ref is not None, path
    return rejection_problem(ref, mapped, label="order #1001", code=code, detail=INVALID)


def test_an_item_goes_to_ops_naming_the_sku_mapped_to_it():
    problem = problem_for("item.items[2].item", MappedFrom(skus=("IPOD-PINK",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_ITEM
    assert problem.key == "item:214"
    assert problem.message.startswith(
        "NetSuite has no active item 214 for SKU IPOD-PINK: order #1001 is held.")
    assert INVALID in problem.message
    assert problem.context["path"] == "item.items[2].item"


def test_an_item_of_several_skus_and_a_bundle_names_them_all():
    mapped = MappedFrom(skus=("IPOD-PINK", "IPOD-ROSE"), bundles=("KIT-PINK",))

    problem = problem_for("item.items[2].item", mapped)

    assert "item 214 for SKUs IPOD-PINK, IPOD-ROSE and bundle KIT-PINK (a component)" in (
        problem.message)


def test_a_discount_item_goes_to_finance_naming_the_code():
    problem = problem_for("item.items[1].item", MappedFrom(discount_codes=("TENOFF",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_SETTING
    assert problem.message.startswith("NetSuite has no active item 61 for discount code TENOFF")


def test_the_stores_shipping_item_goes_to_finance_as_a_store_setting():
    problem = problem_for("item.items[1].item", MappedFrom(store_settings=("shipping item",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_SETTING
    assert "item 61, the store's shipping item:" in problem.message


def test_an_item_nothing_maps_stays_with_ops_and_names_its_line():
    problem = problem_for("item.items[2].item")

    assert problem.code == catalogue.NETSUITE_REJECTED_ITEM
    assert ("item 214 (on line 'IPod Nano - Pink'), which no mapping of this store names"
            in problem.message)


@pytest.mark.parametrize("path, netsuite_id", [("location", "6"), ("item.items[0].location", "8")])
def test_a_location_goes_to_ops_naming_the_shopify_location(path, netsuite_id):
    problem = problem_for(path, MappedFrom(locations=("655441491 (Main warehouse)",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_LOCATION
    assert problem.key == f"location:{netsuite_id}"
    assert (f"NetSuite has no active location {netsuite_id} for Shopify location 655441491 "
            "(Main warehouse)") in problem.message


def test_the_default_location_goes_to_finance_as_a_store_setting():
    problem = problem_for("location", MappedFrom(store_settings=("default location",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_SETTING
    assert "location 6, the store's default location" in problem.message


@pytest.mark.parametrize("path, netsuite_id", [
    ("item.items[0].taxCode", "31"),  # legacy tax: one code per line
    ("taxDetails.items[1].taxCode", "44"),  # SuiteTax: the tax details sublist
])
def test_a_tax_code_goes_to_finance_naming_the_tax_title(path, netsuite_id):
    problem = problem_for(path, MappedFrom(tax_titles=("'State Tax' in US-CA",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_TAX
    assert problem.key == f"tax code:{netsuite_id}"
    assert (f"NetSuite has no active tax code {netsuite_id} for Shopify tax 'State Tax' in "
            "US-CA") in problem.message


def test_a_tax_type_goes_to_finance_too():
    problem = problem_for("taxDetails.items[0].taxType", MappedFrom(tax_titles=("'State Tax'",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_TAX
    assert problem.key == "tax type:1"


def test_the_customer_goes_to_finance_naming_the_b2b_company():
    problem = problem_for("entity", MappedFrom(companies=("4411 (Acme Retail)",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_CUSTOMER
    assert problem.message.startswith(
        "NetSuite has no active customer 900 for B2B company 4411 (Acme Retail)")


def test_the_guest_customer_goes_to_finance():
    problem = problem_for("entity", MappedFrom(store_settings=("guest customer",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_CUSTOMER
    assert "customer 900, the store's guest customer" in problem.message


def test_payment_terms_go_with_the_b2b_company():
    problem = problem_for("terms", MappedFrom(companies=("4411",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_CUSTOMER
    assert "payment terms 2 for B2B company 4411" in problem.message


@pytest.mark.parametrize("path, words", [
    ("subsidiary", "subsidiary 1, the store's subsidiary"),
    ("currency", "currency 2, the store's currency"),
])
def test_the_ledger_settings_go_to_finance(path, words):
    setting = path
    problem = problem_for(path, MappedFrom(store_settings=(setting,)))

    assert problem.code == catalogue.NETSUITE_REJECTED_SETTING
    assert words in problem.message


def test_a_payment_method_names_the_gateway():
    problem = problem_for("paymentOption", MappedFrom(gateways=("bogus",)))

    assert problem.code == catalogue.NETSUITE_REJECTED_SETTING
    assert "payment method 7 for Shopify gateway bogus" in problem.message


def test_another_error_code_says_refused_rather_than_missing():
    problem = problem_for("item.items[2].item", MappedFrom(skus=("IPOD-PINK",)),
                          code="USER_ERROR")

    assert problem.message.startswith("NetSuite refused item 214 for SKU IPOD-PINK")


def test_a_restlet_request_is_read_at_the_rest_path_of_its_record():
    envelope = {"recordType": "salesOrder", "externalId": "shopify-order-1001", "body": SENT,
                "replace": ["item"]}

    problem = problem_for("item.items[2].item", MappedFrom(skus=("IPOD-PINK",)), sent=envelope)

    assert problem.key == "item:214"


@pytest.mark.parametrize("path", [
    "", "memo", "item.items[0].amount", "shippingAddress.zip", "item.items[9].item",
    "item.items[x].item", "taxDetails.items[0].taxBasis", "entity.id.extra",
])
def test_a_path_that_names_no_mapped_id_is_not_routed(path):
    assert reference_at(path, SENT) is None


def test_nothing_is_routed_without_the_sent_body():
    assert reference_at("item.items[0].item", None) is None
