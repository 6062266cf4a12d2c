"""The demo's NetSuite sandbox account has reference lists the demo reads, and every mapping
seed_demo creates still saves through its admin form against them; each team's gap can be
closed by picking what NetSuite has."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from integrations.demo import merchant
from integrations.demo.replay import register_netsuite_records
from integrations.models import Connection, SyncJob
from integrations.runs import start_run
from integrations.sandbox.netsuite import NetSuiteSandbox
from mappings import models as m
from mappings.reference_models import NetSuiteRecord, ReferenceList
from mappings.references import Kind

pytestmark = pytest.mark.django_db

# Who edits what in the demo (exceptions.access).
OWNERS = {
    m.StoreMapping: "finance_fiona", m.TaxCodeMapping: "finance_fiona",
    m.DiscountMapping: "finance_fiona", m.PaymentMethodMapping: "finance_fiona",
    m.B2BCompanyMapping: "finance_fiona", m.ItemMapping: "ops_olga",
    m.LocationMapping: "ops_olga", m.BundleMapping: "ops_olga",
}


@pytest.fixture
def demo_account(queue):
    """seed_demo against a NetSuite sandbox on a local port, told the demo's records as
    `make demo` tells it, with its reference lists read."""
    account_id, credentials = merchant.netsuite_credentials()
    sandbox = NetSuiteSandbox(account_id=account_id, credentials=credentials)
    with sandbox.serve("127.0.0.1", 0) as server:
        call_command("seed_demo", netsuite_url=server.url, quiet=True)
        register_netsuite_records(server.url)
        account = Connection.objects.get(kind=Connection.Kind.NETSUITE, account_id=account_id)
        with queue.committed():
            job, _ = start_run("netsuite_references", account)
        queue.run()
        job.refresh_from_db()
        assert job.status == SyncJob.Status.SUCCEEDED, job.last_error
        yield account


def person(username: str) -> Client:
    browser = Client()
    browser.force_login(get_user_model().objects.get(username=username))
    return browser


def form_data(obj) -> dict:
    data = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items()
            if k not in ("id", "tax_key")}
    data["change_reason"] = "Checked against NetSuite's reference lists"
    if isinstance(obj, m.BundleMapping):
        components = list(obj.components.order_by("pk"))
        data |= {"components-TOTAL_FORMS": str(len(components)),
                 "components-INITIAL_FORMS": str(len(components)),
                 "components-MIN_NUM_FORMS": "0", "components-MAX_NUM_FORMS": "1000"}
        for i, c in enumerate(components):
            data |= {f"components-{i}-id": c.pk, f"components-{i}-bundle": obj.pk,
                     f"components-{i}-netsuite_item_id": c.netsuite_item_id,
                     f"components-{i}-quantity": c.quantity,
                     f"components-{i}-price_share": c.price_share}
    return data


def test_the_demo_account_lists_are_read_from_its_sandbox(demo_account):
    lists = {r.kind: r for r in ReferenceList.objects.filter(connection=demo_account)}

    assert set(lists) == set(Kind) and all(r.read_at and not r.error for r in lists.values())
    items = NetSuiteRecord.objects.filter(connection=demo_account, kind=Kind.ITEM)
    assert items.get(internal_id="211").code == "IPOD2008GREEN"
    assert items.get(internal_id=merchant.SHIPPING_ITEM).details == {"item_type": "OthCharge"}
    tax = NetSuiteRecord.objects.get(connection=demo_account, kind=Kind.TAX_CODE,
                                     internal_id=merchant.CITY_TAX_2026)
    assert tax.details == {"rate": "0.06", "tax_type": merchant.SALES_TAX_TYPE}


def test_every_seeded_mapping_saves_through_its_form(demo_account):
    refused = []
    for model, username in OWNERS.items():
        browser = person(username)
        for obj in model.objects.all():
            url = reverse(f"admin:mappings_{model._meta.model_name}_change", args=[obj.pk])
            response = browser.post(url, form_data(obj))
            if response.status_code != 302:
                form = response.context["adminform"].form
                refused.append(f"{model.__name__} {obj}: {form.errors.as_text()}")

    assert not refused, "\n".join(refused)
    assert m.ItemMapping.history.filter(
        history_change_reason="Checked against NetSuite's reference lists").exists()


def test_each_gap_can_be_closed_by_picking_what_netsuite_has(demo_account):
    store = Connection.objects.get(shop_domain=merchant.SHOP_DOMAIN)
    ops, finance = person("ops_olga"), person("finance_fiona")

    pink = ops.post(reverse("admin:mappings_itemmapping_add"), {
        "store": store.pk, "sku": merchant.UNMAPPED_SKU,
        "netsuite_item_id": merchant.PINK_IPOD_ITEM, "shopify_product_id": "",
        "change_reason": "Pink iPod launched"})
    acme = finance.post(reverse("admin:mappings_b2bcompanymapping_add"), {
        "store": store.pk, "shopify_company_id": str(merchant.UNMAPPED_COMPANY.id),
        "shopify_company_location_id": "", "name": merchant.UNMAPPED_COMPANY.name,
        "netsuite_customer_id": merchant.ACME_CUSTOMER,
        "price_level_id": merchant.PRICE_LEVEL_WHOLESALE, "payment_terms_id": merchant.NET_30,
        "change_reason": "Acme buys on Net 30"})
    city = m.TaxCodeMapping.objects.get(store=store, tax_title=merchant.DRIFT_TAX_TITLE)
    city_tax = finance.post(
        reverse("admin:mappings_taxcodemapping_change", args=[city.pk]),
        {**form_data(city), "rate": "", "netsuite_tax_code_id": merchant.CITY_TAX_2026,
         "change_reason": "City tax is 6% since this year"})

    assert (pink.status_code, acme.status_code, city_tax.status_code) == (302, 302, 302)
    city.refresh_from_db()
    assert str(city.rate) == "0.06000"
