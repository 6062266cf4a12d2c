"""A tax mapping's rate is its NetSuite code's rate: the form shows NetSuite's rate beside
what Shopify charged, takes NetSuite's when left blank and refuses any other."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from exceptions.catalogue import TAX_DRIFT
from exceptions.models import TicketType
from integrations.models import WebhookEvent
from mappings.models import TaxCodeMapping
from mappings.references import Kind
from tests.admin.conftest import make_ticket, read_references
from tests.conftest import load_fixture

pytestmark = pytest.mark.django_db

ADD = reverse("admin:mappings_taxcodemapping_add")
ORDER = "shopify_order_discount_tax_partial_refund.json"  # charges 'State Tax'


def tax_form(store, **fields) -> dict:
    return {"store": store.pk, "tax_title": "State Tax", "jurisdiction": "", "rate": "",
            "netsuite_tax_code_id": "12", "netsuite_tax_type": "",
            "change_reason": "State tax booked to its NetSuite code", **fields}


@pytest.fixture
def drift_ticket(store):
    """Shopify now charges State Tax at 6.5%: an order is held on a tax drift ticket."""
    order = load_fixture(ORDER)
    for line in order["line_items"]:
        for tax in line["tax_lines"]:
            tax["rate"] = 0.065
    event = WebhookEvent.objects.create(
        connection=store, shop_domain=store.shop_domain, topic="orders/create",
        event_id="evt-drift-1", body=json.dumps(order), resource_id=str(order["id"]))
    return make_ticket(store, ticket_type=TicketType.objects.get(code=TAX_DRIFT),
                       title="Shopify charged 'State Tax' at 6.5%", event=event,
                       fingerprint=f"{TAX_DRIFT}:{store.pk}:state tax")


def test_a_blank_rate_and_tax_type_take_netsuites(signed_in, finance_user, store, references):
    response = signed_in(finance_user).post(ADD, tax_form(store))

    assert response.status_code == 302
    mapping = TaxCodeMapping.objects.get()
    assert (mapping.rate, mapping.netsuite_tax_type) == (Decimal("0.06"), "1")


def test_a_rate_other_than_netsuites_is_refused_naming_both(signed_in, finance_user, store,
                                                            references):
    response = signed_in(finance_user).post(ADD, tax_form(store, rate="0.065"))

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["rate"]
    assert "NetSuite's tax code State Tax (12) is 6%, not 6.5%" in error
    assert "pick the NetSuite code at that rate" in error
    assert not TaxCodeMapping.objects.exists()


def test_the_form_shows_netsuites_rate_beside_what_shopify_charged(
        signed_in, finance_user, mappings, references, drift_ticket,
        django_assert_max_num_queries):
    url = reverse("admin:mappings_taxcodemapping_change", args=[mappings["tax"].pk])
    browser = signed_in(finance_user)

    with django_assert_max_num_queries(14):
        page = browser.get(url)

    html = page.content.decode()
    assert 'NetSuite: <strong class="cp-netsuite-rate">6%</strong>' in html
    assert "Shopify charged: <strong>6.5% on order #1001, held by an open ticket</strong>" in html
    assert "State Tax — internal id 12, active · rate 6%, tax type 1" in html


def test_matching_the_number_to_shopify_does_not_clear_a_drift(
        signed_in, finance_user, mappings, references, drift_ticket):
    mapping = mappings["tax"]
    url = reverse("admin:mappings_taxcodemapping_change", args=[mapping.pk])

    response = signed_in(finance_user).post(url, tax_form(mapping.store, rate="0.065",
                                                          change_reason="Match Shopify"))

    assert response.status_code == 200
    mapping.refresh_from_db()
    assert mapping.rate == Decimal("0.06")
    assert drift_ticket.history.count() == 1


def test_picking_the_netsuite_code_at_shopifys_rate_is_the_fix(
        signed_in, finance_user, mappings, references, drift_ticket):
    read_references(references, {Kind.TAX_CODE: {
        "12": ("State Tax", {"rate": "0.06", "tax_type": "1"}),
        "14": ("State Tax 2027", {"rate": "0.065", "tax_type": "1"})}})
    mapping = mappings["tax"]
    url = reverse("admin:mappings_taxcodemapping_change", args=[mapping.pk])

    response = signed_in(finance_user).post(url, tax_form(
        mapping.store, netsuite_tax_code_id="14", change_reason="State tax rose to 6.5%"))

    assert response.status_code == 302
    mapping.refresh_from_db()
    assert (mapping.netsuite_tax_code_id, mapping.rate) == ("14", Decimal("0.065"))


def test_a_tax_type_other_than_the_codes_is_refused(signed_in, finance_user, store,
                                                    references):
    response = signed_in(finance_user).post(ADD, tax_form(store, netsuite_tax_type="7"))

    assert "has tax type 1, not 7" in response.context["adminform"].form.errors[
        "netsuite_tax_type"][0]


def test_a_code_netsuite_lists_without_a_rate_needs_one_typed(signed_in, finance_user, store,
                                                              references):
    read_references(references, {Kind.TAX_CODE: {"12": ("State Tax", {"tax_type": "1"})}})
    browser = signed_in(finance_user)

    blank = browser.post(ADD, tax_form(store))
    typed = browser.post(ADD, tax_form(store, rate="0.06"))

    assert "NetSuite lists no rate for tax code State Tax (12)" in blank.context[
        "adminform"].form.errors["rate"][0]
    assert typed.status_code == 302
