"""Customer bodies are held to NetSuite's 2026.1 customer field list and to the customer
metadata a real account published (JSON Schema), for the fields only that names."""

import pytest

from integrations.errors import DataError

GOOD_CUSTOMER = {
    "externalId": "shopify-customer-42",
    "isPerson": True,
    "firstName": "Carlos",
    "lastName": "Cortez",
    "email": "carlos@example.com",
    "phone": "+1 555 0100",
    "subsidiary": {"id": "1"},
    "taxable": True,
    "addressbook": {"items": [{
        "defaultBilling": True,
        "defaultShipping": True,
        "addressbookaddress": {"addr1": "1 Main St", "city": "Austin", "state": "TX",
                               "zip": "78701", "country": "US"},
    }]},
}


def test_a_body_that_follows_the_metadata_is_stored(sandbox, netsuite):
    customer_id = netsuite.upsert("customer", "shopify-customer-42", GOOD_CUSTOMER)

    stored = netsuite.get("customer", customer_id, expand=True)
    assert stored["email"] == "carlos@example.com"
    address = stored["addressbook"]["items"][0]["addressbookaddress"]
    assert address["country"] == "US"


@pytest.mark.parametrize("change,path", [
    ({"email": 42}, "email"),
    ({"isPerson": "yes"}, "isPerson"),
    ({"subsidiary": "1"}, "subsidiary"),
    ({"startDate": "23/11/2026"}, "startDate"),
    ({"thirdPartyCountry": "United States"}, "thirdPartyCountry"),
    ({"addressbook": {"items": [{"addressbookaddress": {"country": "USA"}}]}},
     "addressbook.items[0].addressbookaddress.country"),
    ({"addressBook": {"items": [{"addressBookAddress": {"country": "US"}}]}},
     "addressBook.items[0].addressBookAddress.country"),
])
def test_a_body_that_breaks_the_metadata_is_refused_with_its_path(sandbox, netsuite, change,
                                                                  path):
    with pytest.raises(DataError) as caught:
        netsuite.upsert("customer", "shopify-customer-42", {**GOOD_CUSTOMER, **change})

    assert (caught.value.status, caught.value.code, caught.value.path) == (
        400, "INVALID_CONTENT", path
    )
    assert sandbox.records("customer") == []


def test_an_unknown_subsidiary_is_refused_once_subsidiaries_are_known(sandbox, netsuite):
    sandbox.register_known("subsidiary", {"1": "Parent Company"})

    with pytest.raises(DataError) as caught:
        netsuite.upsert("customer", "shopify-customer-42",
                        {**GOOD_CUSTOMER, "subsidiary": {"id": "7"}})

    assert caught.value.path == "subsidiary"
    customer_id = netsuite.upsert("customer", "shopify-customer-42", GOOD_CUSTOMER)
    assert netsuite.get("customer", customer_id)["subsidiary"]["refName"] == "Parent Company"


def test_the_2026_address_book_takes_the_country_as_a_select(sandbox, netsuite):
    body = {**GOOD_CUSTOMER, "addressbook": None, "addressBook": {"items": [{
        "defaultShipping": True, "addressBookAddress": {"city": "Austin", "country": {"id": "US"}},
    }]}}

    customer_id = netsuite.upsert("customer", "shopify-customer-42", body)

    stored = netsuite.get("customer", customer_id, expand=True)
    assert stored["addressBook"]["items"][0]["addressBookAddress"]["country"] == {"id": "US"}


def test_an_unknown_customer_field_is_refused_unless_names_go_unvalidated(sandbox, netsuite,
                                                                          rest):
    body = {**GOOD_CUSTOMER, "shopifyTags": "vip"}

    with pytest.raises(DataError) as caught:
        netsuite.upsert("customer", "shopify-customer-42", body)
    lenient = rest.put("customer", "shopify-customer-43", body)

    assert (caught.value.code, caught.value.path) == ("INVALID_CONTENT", "shopifyTags")
    assert lenient.status_code == 204
    assert sandbox.stats["dropped_fields"] == [
        {"record": "customer", "path": "shopifyTags", "reason": "unknown field"}]
