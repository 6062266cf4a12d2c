"""Both tax paths end to end, on published orders: a SuiteTax account over REST with tax
details, and a legacy-tax account through the RESTlet. NetSuite's own figures (the sandbox
computes them from rates, quantities and tax details, not from our amounts) must equal what
Shopify captured."""

import copy
from decimal import Decimal

import pytest

from integrations.models import SyncJob
from mappings.models import ItemMapping, TaxCodeMapping
from tests.conftest import FIXTURES, NETSUITE_RESTLET_URL, load_fixture
from tests.docs_store import LEGACY_ACCOUNT

from .conftest import order_payload

pytestmark = pytest.mark.django_db

D = Decimal
DISCOUNT_ORDER = "shopify_order_discount_tax_partial_refund.json"
EDITED_ORDER = "shopify_order_edited_line_removed.json"


def the_sales_order(netsuite):
    (sales_order,) = netsuite.records("salesOrder")
    return sales_order


def succeeded(job_count=1):
    jobs = list(SyncJob.objects.order_by("pk"))
    assert len(jobs) == job_count
    for job in jobs:
        assert job.status == SyncJob.Status.SUCCEEDED, job.last_error
    return jobs[-1]


def requests_to(netsuite, method, fragment):
    return [path for m, path, _ in netsuite.history if m == method and fragment in path]


@pytest.fixture
def legacy_account(mapped_store, sandboxes):
    """The store's NetSuite account as a legacy-tax account with the RESTlet deployed."""
    netsuite, _ = sandboxes
    netsuite.configure(tax_mode="legacy", payment_field="paymentMethod", time_zone="UTC")
    account = mapped_store.netsuite
    account.capabilities = LEGACY_ACCOUNT.as_json()
    account.restlet_url = NETSUITE_RESTLET_URL
    account.save()
    return netsuite


def test_a_discounted_order_books_shopifys_tax_as_tax_details(mapped_store, sandboxes,
                                                               webhooks):
    netsuite, _ = sandboxes
    order = load_fixture(DISCOUNT_ORDER)

    webhooks.send("orders/create", order)

    succeeded()
    sales_order = the_sales_order(netsuite)
    assert sales_order["taxDetailsOverride"] is True
    details = sales_order["taxDetails"]["items"]
    assert [D(str(d["taxAmount"])) for d in details] == [D("3.98")] * 3
    assert D(str(sales_order["taxTotal"])) == D(order["total_tax"])
    assert D(str(sales_order["total"])) == D(order["total_price"])
    assert requests_to(netsuite, "PUT", "/salesOrder/eid:shopify-order-450789469")
    assert not requests_to(netsuite, "POST", "restlet.nl")


def test_a_tax_inclusive_order_adds_up_in_netsuite(mapped_store, sandboxes, webhooks):
    netsuite, _ = sandboxes
    order = load_fixture(DISCOUNT_ORDER)
    order["taxes_included"] = True
    order["total_price"] = order["total_price_set"]["shop_money"]["amount"] = "587.00"
    order["total_price_set"]["presentment_money"]["amount"] = "587.00"

    webhooks.send("orders/create", order)

    succeeded()
    sales_order = the_sales_order(netsuite)
    assert D(str(sales_order["taxTotal"])) == D("11.94")
    assert D(str(sales_order["total"])) == D("587.00")


def test_an_edit_that_removes_a_line_takes_it_off_the_sales_order(mapped_store, sandboxes,
                                                                 webhooks):
    netsuite, _ = sandboxes
    for sku, item in (("COAT-RED", "101"), ("SHOES-BLUE", "102"), ("BERET", "103")):
        ItemMapping.objects.create(store=mapped_store, sku=sku, netsuite_item_id=item)
    TaxCodeMapping.objects.create(store=mapped_store, tax_title="County Tax",
                                  rate=D("0.025"), netsuite_tax_code_id="32",
                                  netsuite_tax_type="1")
    netsuite.register_known("taxCode", ["31", "32"])
    edited = load_fixture(EDITED_ORDER)
    original = copy.deepcopy(edited)
    original["updated_at"] = original["created_at"]
    for line in original["line_items"]:
        line["current_quantity"] = line["quantity"]
    for key in ("current_subtotal_price", "current_total_tax", "current_total_price"):
        original[key] = original[key.replace("current_", "")]

    webhooks.send("orders/create", original)
    assert D(str(the_sales_order(netsuite)["total"])) == D("270.37")
    webhooks.send("orders/updated", edited)

    succeeded(job_count=2)
    sales_order = the_sales_order(netsuite)
    assert [(line["item"]["id"], D(str(line["quantity"])))
            for line in sales_order["item"]["items"]] == [("101", D("1")), ("103", D("1"))]
    assert D(str(sales_order["total"])) == D("162.75") == D(edited["current_total_price"])


def test_a_legacy_tax_account_is_written_through_the_restlet(legacy_account, webhooks):
    order = load_fixture(DISCOUNT_ORDER)

    webhooks.send("orders/create", order)

    succeeded()
    sales_order = the_sales_order(legacy_account)
    lines = [line for line in sales_order["item"]["items"] if D(str(line["amount"])) > 0]
    assert {line["taxCode"]["id"] for line in lines} == {"31"}
    assert [D(str(line["tax1Amt"])) for line in lines] == [D("3.98")] * 3
    assert "taxDetails" not in sales_order
    assert sales_order["paymentMethod"]["id"] == "7"
    assert D(str(sales_order["total"])) == D(order["total_price"])
    assert requests_to(legacy_account, "POST", "restlet.nl")
    assert not requests_to(legacy_account, "PUT", "/salesOrder/")


def test_the_restlet_path_is_idempotent(legacy_account, webhooks, queue):
    order = load_fixture(DISCOUNT_ORDER)

    webhooks.send("orders/create", order, event_id="evt-1")
    job = SyncJob.objects.get()
    SyncJob.objects.filter(pk=job.pk).update(status=SyncJob.Status.PENDING)
    from integrations.queue import enqueue_job

    with queue.committed():
        enqueue_job(job.pk)
    queue.run()

    sales_order = the_sales_order(legacy_account)
    assert len(sales_order["item"]["items"]) == 6
    assert D(str(sales_order["total"])) == D(order["total_price"])


ORDER_FIXTURES = sorted(p.name for p in FIXTURES.glob("shopify_order_*.json"))


def map_everything(store, payload, netsuite):
    """Give every SKU of the order an item and every title a code, as Ops and Finance would."""
    for n, line in enumerate(payload["line_items"]):
        line["sku"] = line["sku"] or f"CUSTOM-{n}"
        if not ItemMapping.objects.filter(store=store, sku=line["sku"]).exists() and (
                line["sku"] != "KIT-IPOD-RED"):
            ItemMapping.objects.create(store=store, sku=line["sku"],
                                       netsuite_item_id=str(500 + n))
    TaxCodeMapping.objects.create(store=store, tax_title="County Tax", rate=D("0.025"),
                                  netsuite_tax_code_id="32", netsuite_tax_type="1")
    TaxCodeMapping.objects.create(store=store, tax_title="County Tax + State Tax",
                                  rate=D("0.085"), netsuite_tax_code_id="33")


@pytest.mark.parametrize("path", ["suitetax", "legacy"])
@pytest.mark.parametrize("fixture", ORDER_FIXTURES)
def test_every_body_the_client_sends_is_one_netsuite_accepts(
        request, mapped_store, sandboxes, webhooks, fixture, path):
    """Each published order, on each tax path: the sandbox validates every customer and sales
    order body against NetSuite's field lists, refusing unknown names as the client asks it to,
    and its own totals come out at what Shopify captured."""
    netsuite = request.getfixturevalue("legacy_account") if path == "legacy" else sandboxes[0]
    payload = order_payload(fixture)
    map_everything(mapped_store, payload, netsuite)

    webhooks.send("orders/create", payload)

    succeeded()
    sales_order = the_sales_order(netsuite)
    current = payload.get("current_total_price") if fixture == EDITED_ORDER else None
    assert D(str(sales_order["total"])) == D(current or payload["total_price"])
    assert netsuite.stats["dropped_fields"] == []  # nothing was silently lost either
