"""SuiteQL answers the account's reference lists — items, locations, tax codes with their
rates, terms, price levels, customers, accounts, payment methods, currencies — from what the
account was told it has and from the records stored through the API."""

import httpx
import pytest

from integrations.netsuite.client import NetSuiteClient

from .conftest import make_connection, order_line, refusal, sales_order


def rows(netsuite, query: str) -> list[dict]:
    return list(netsuite.suiteql(query))


def test_known_items_answer_with_their_type_and_stored_items_follow(sandbox, netsuite):
    sandbox.register_known("item", {
        "211": "iPod Nano 8GB green",
        "301": {"name": "Shipping", "itemtype": "OthCharge"},
        "310": {"name": "Shopify discount", "itemtype": "Discount", "itemid": "DISC-SHOP"},
    })
    stored = netsuite.upsert("inventoryItem", "sku-tulips", {"itemId": "TULIPS",
                                                             "displayName": "Tulip bulbs"})

    answer = rows(netsuite, "SELECT id, itemid, displayname, itemtype, isinactive FROM item "
                            "ORDER BY id")

    assert answer == [
        {"id": "211", "itemid": "iPod Nano 8GB green", "displayname": "iPod Nano 8GB green",
         "itemtype": "InvtPart", "isinactive": "F"},
        {"id": "301", "itemid": "Shipping", "displayname": "Shipping", "itemtype": "OthCharge",
         "isinactive": "F"},
        {"id": "310", "itemid": "DISC-SHOP", "displayname": "Shopify discount",
         "itemtype": "Discount", "isinactive": "F"},
        {"id": stored, "itemid": "TULIPS", "displayname": "Tulip bulbs", "itemtype": "InvtPart",
         "isinactive": "F"},
    ]


def test_tax_codes_answer_with_their_rate_as_a_percentage(sandbox, netsuite):
    sandbox.register_known("taxCode", {"401": {"name": "State Tax", "taxtype": "1"},
                                       "403": "City Tax"})
    sandbox.set_tax_rates({"401": "0.06", "403": "0.07375"})

    answer = rows(netsuite, "SELECT id, itemid, rate, taxtype, isinactive FROM salestaxitem "
                            "ORDER BY id")

    assert answer == [
        {"id": "-7", "itemid": "-Not Taxable-", "rate": "0.00%", "isinactive": "F"},
        {"id": "401", "itemid": "State Tax", "rate": "6.00%", "taxtype": "1", "isinactive": "F"},
        {"id": "403", "itemid": "City Tax", "rate": "7.375%", "isinactive": "F"},
    ]


def test_every_reference_table_answers_its_columns(sandbox, netsuite):
    sandbox.register_known("location", {"1": "Main warehouse"})
    sandbox.register_known("term", {"2": "Net 30"})
    sandbox.register_known("priceLevel", {"3": "Wholesale"})
    sandbox.register_known("price", {"1": "Base Price"})
    sandbox.register_known("account", {"120": {"name": "Undeposited Funds",
                                               "acctnumber": "1200", "accttype": "OthCurrAsset"}})
    sandbox.register_known("paymentMethod", {"9": "Shopify Payments"})
    sandbox.register_known("currency", {"1": {"name": "US Dollar", "symbol": "USD"},
                                        "2": "EUR"})

    assert rows(netsuite, "SELECT id, name, isinactive FROM location") == [
        {"id": "1", "name": "Main warehouse", "isinactive": "F"}]
    assert rows(netsuite, "SELECT id, name FROM term") == [{"id": "2", "name": "Net 30"}]
    assert rows(netsuite, "SELECT id, name FROM pricelevel ORDER BY id") == [
        {"id": "1", "name": "Base Price"}, {"id": "3", "name": "Wholesale"}]
    assert rows(netsuite, "SELECT id, acctnumber, fullname, accttype FROM account") == [
        {"id": "120", "acctnumber": "1200", "fullname": "Undeposited Funds",
         "accttype": "OthCurrAsset"}]
    assert rows(netsuite, "SELECT id, name FROM paymentmethod") == [
        {"id": "9", "name": "Shopify Payments"}]
    assert rows(netsuite, "SELECT id, symbol, name FROM currency ORDER BY id") == [
        {"id": "1", "symbol": "USD", "name": "US Dollar"}, {"id": "2", "symbol": "EUR",
                                                            "name": "EUR"}]


def test_company_customers_known_or_stored_and_persons_apart(sandbox, netsuite):
    sandbox.register_known("customer", {"501": "Shopify guest checkouts"})
    company = netsuite.upsert("customer", "shopify-company-1", {"companyName": "Acme"})
    netsuite.upsert("customer", "shopify-customer-2", {
        "isPerson": True, "firstName": "Ada", "lastName": "Lovelace"})

    answer = rows(netsuite, "SELECT id, entityid, companyname, isinactive FROM customer "
                            "WHERE isperson = 'F' ORDER BY id")

    assert answer == [
        {"id": "501", "entityid": "Shopify guest checkouts",
         "companyname": "Shopify guest checkouts", "isinactive": "F"},
        {"id": company, "companyname": "Acme", "isinactive": "F"},
    ]


def test_an_inactive_record_is_listed_as_such_and_refused_as_a_reference(
        sandbox, netsuite, rest, acme):
    sandbox.register_known("item", {"98": {"name": "Tulip bulbs", "isinactive": True}})

    assert rows(netsuite, "SELECT id, isinactive FROM item WHERE isinactive = 'T'") == [
        {"id": "98", "isinactive": "T"}]
    response = rest.put("salesOrder", "shopify-order-1", sales_order(acme, order_line("98")))
    assert refusal(response) == (400, "INVALID_CONTENT", "item.items[0].item")


def test_a_forgotten_record_leaves_its_list(sandbox, netsuite):
    sandbox.register_known("item", {"211": "Green", "212": "Red"})
    sandbox.register_known("taxCode", {"401": "State Tax"})
    sandbox.set_tax_rates({"401": "0.06"})

    sandbox.forget_known("item", ["212"])
    sandbox.forget_known("taxCode", ["401"])

    assert rows(netsuite, "SELECT id FROM item") == [{"id": "211"}]
    assert rows(netsuite, "SELECT id FROM salestaxitem") == [{"id": "-7"}]


def test_columns_a_table_does_not_have_are_refused(sandbox):
    with pytest.raises(ValueError, match="colour: not a column of the item table"):
        sandbox.register_known("item", {"1": {"name": "Widget", "colour": "red"}})


def test_reference_lists_page_like_any_query(sandbox, netsuite):
    sandbox.register_known("item", {str(n): f"Item {n}" for n in range(1, 26)})

    answer = list(netsuite.suiteql("SELECT id FROM item ORDER BY id", page_size=10))

    assert [row["id"] for row in answer] == [str(n) for n in range(1, 26)]


def test_records_are_described_and_forgotten_over_the_control_endpoints(live_sandbox):
    control = httpx.Client(base_url=live_sandbox.url, timeout=5)

    known = control.post("/_sandbox/known", json={"item": {
        "301": {"name": "Shipping", "itemtype": "OthCharge"}, "302": "Gift card"}})
    forgotten = control.post("/_sandbox/forget", json={"item": ["302"]})
    nonsense = control.post("/_sandbox/forget", json={"item": "302"})
    control.close()

    assert known.json() == {"registered": ["item"]}
    assert (forgotten.status_code, nonsense.status_code) == (200, 400)
    with NetSuiteClient(make_connection(live_sandbox.url)) as client:
        answer = list(client.suiteql("SELECT id, itemid, itemtype FROM item"))
    assert answer == [{"id": "301", "itemid": "Shipping", "itemtype": "OthCharge"}]
