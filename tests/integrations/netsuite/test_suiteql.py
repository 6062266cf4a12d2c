"""SuiteQL: pages followed to the end, values as text, unsupported queries refused."""

import pytest

from integrations.errors import DataError
from integrations.http import build_client
from integrations.netsuite.auth import NetSuiteAuth

from .conftest import ACCOUNT, BASE_URL, CREDENTIALS


@pytest.fixture
def customers(netsuite):
    return [
        netsuite.upsert("customer", f"shopify-customer-{n}", {"companyName": f"Shop {n:02d}"})
        for n in range(1, 26)
    ]


def suiteql_requests(sandbox) -> list[str]:
    return [path for method, path, _ in sandbox.history if path.endswith("/suiteql")]


def test_all_pages_are_read_in_order(sandbox, netsuite, customers):
    rows = list(netsuite.suiteql(
        "SELECT id, externalid, companyname FROM customer ORDER BY id", page_size=10
    ))

    assert [row["id"] for row in rows] == customers
    assert rows[0] == {"id": customers[0], "externalid": "shopify-customer-1",
                       "companyname": "Shop 01"}
    assert len(suiteql_requests(sandbox)) == 3


def test_a_where_on_external_id(netsuite, customers):
    rows = list(netsuite.suiteql(
        "SELECT id FROM customer WHERE externalid = 'shopify-customer-7' ORDER BY id"
    ))

    assert rows == [{"id": customers[6]}]


def test_transactions_by_type(sandbox, netsuite, customers):
    sandbox.register_known("item", ["98"])
    order = {"entity": {"id": customers[0]},
             "item": {"items": [{"item": {"id": "98"}, "quantity": 1, "amount": 12.5}]}}
    order_id = netsuite.upsert("salesOrder", "shopify-order-1", order)

    query = ("SELECT id, tranid, entity, foreigntotal FROM transaction "
             "WHERE type = 'SalesOrd' AND entity IN ({}) ORDER BY id DESC")

    rows = list(netsuite.suiteql(query.format(int(customers[0]))))

    assert rows == [{"id": order_id, "tranid": "1", "entity": customers[0],
                     "foreigntotal": "12.50"}]


def test_the_page_shape_follows_netsuite(sandbox, customers):
    with build_client(BASE_URL) as http:
        response = http.post(
            "/services/rest/query/v1/suiteql", params={"limit": 10, "offset": 10},
            json={"q": "SELECT id FROM customer ORDER BY id"},
            headers={"Prefer": "transient"}, auth=NetSuiteAuth(ACCOUNT, CREDENTIALS),
        )

    page = response.json()
    assert (page["count"], page["offset"], page["totalResults"], page["hasMore"]) == (
        10, 10, 25, True
    )
    assert page["items"][0] == {"links": [], "id": customers[10]}
    rels = {link["rel"]: link["href"] for link in page["links"]}
    assert rels["next"].endswith("/services/rest/query/v1/suiteql?limit=10&offset=20")


def test_suiteql_needs_the_transient_preference(sandbox):
    with build_client(BASE_URL) as http:
        response = http.post(
            "/services/rest/query/v1/suiteql", json={"q": "SELECT id FROM customer"},
            auth=NetSuiteAuth(ACCOUNT, CREDENTIALS),
        )

    assert response.status_code == 400
    assert response.json()["o:errorDetails"][0]["o:errorHeader"] == "Prefer"


@pytest.mark.parametrize("query", [
    "SELECT id FROM customer c JOIN transaction t ON t.entity = c.id",
    "DELETE FROM customer",
    "SELECT id FROM nosuchtable",
    "SELECT COUNT(*) FROM customer",
])
def test_unsupported_queries_are_refused_as_invalid_parameter(netsuite, query):
    with pytest.raises(DataError) as caught:
        list(netsuite.suiteql(query))

    assert (caught.value.status, caught.value.code) == (400, "INVALID_PARAMETER")


def test_page_size_is_bounded(netsuite):
    with pytest.raises(ValueError):
        list(netsuite.suiteql("SELECT id FROM customer", page_size=1001))
