"""The mapping, routing and connection changes of the week: who made them, their reason and
what they changed, from the models' history, and only of what the viewer may view."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from exceptions.catalogue import UNKNOWN_SKU
from exceptions.models import TicketType
from mappings.models import ItemMapping, LocationMapping, TaxCodeMapping
from mappings.references import Kind
from tests.admin.conftest import REFERENCES, read_references
from tests.admin.governance.conftest import REVIEW_DAY, WEEK, nov, travel
from tests.admin.test_admin_credentials import store_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_weeks():
    """The store and the people exist from early November on."""
    with travel(datetime(2026, 11, 2, 8, tzinfo=UTC)):
        yield


@pytest.fixture
def week_of_changes(store, ops_user, finance_user, integration_admin_user, signed_in):
    with travel(datetime(2026, 11, 2, 9, tzinfo=UTC)):
        location = LocationMapping.objects.create(store=store, shopify_location_id="655441491",
                                                  name="Main warehouse",
                                                  netsuite_location_id="3")
        item = ItemMapping.objects.create(store=store, sku="MUG-RED", netsuite_item_id="300")
        tax = TaxCodeMapping.objects.create(store=store, tax_title="State Tax",
                                            rate=Decimal("0.06"), netsuite_tax_code_id="12")
        # What the mapping forms pick from: the account's lists, with the new warehouse.
        read_references(store.netsuite, {**REFERENCES, Kind.LOCATION: {
            "3": ("Main warehouse", {}), "4": ("New warehouse", {})}})
    # Each person signs in on the day they make their change.
    def olga():
        return signed_in(ops_user)

    def fiona():
        return signed_in(finance_user)

    def ada():
        return signed_in(integration_admin_user)

    with travel(nov(18, 9)):  # last week
        olga().post(reverse("admin:mappings_itemmapping_change", args=[item.pk]), {
            "store": store.pk, "sku": "MUG-RED", "netsuite_item_id": "310",
            "shopify_product_id": "", "change_reason": "Item renumbered in NetSuite"})
    with travel(nov(24, 14)):
        olga().post(reverse("admin:mappings_locationmapping_change", args=[location.pk]), {
            "store": store.pk, "shopify_location_id": "655441491", "name": "Main warehouse",
            "netsuite_location_id": "4", "change_reason": "Stock moved to the new warehouse"})
    with travel(nov(25, 15)):
        # A change made outside the admin's forms (which ask for a reason) carries none.
        tax.rate = Decimal("0.065")
        tax._history_user = finance_user
        tax.save()
    unknown_sku = TicketType.objects.get(code=UNKNOWN_SKU)
    with travel(datetime(2026, 11, 2, 9, tzinfo=UTC)):  # seeded types have no history yet
        ada().post(reverse("admin:exceptions_tickettype_change", args=[unknown_sku.pk]), {
            "title": unknown_sku.title, "team": "ops", "severity": "high",
            "response_window": "04:00:00", "guidance": unknown_sku.guidance})
    with travel(nov(26, 16)):
        ada().post(reverse("admin:exceptions_tickettype_change", args=[unknown_sku.pk]), {
            "title": unknown_sku.title, "team": "ops", "severity": "critical",
            "response_window": "08:00:00", "guidance": unknown_sku.guidance,
            "change_reason": "Ops asked for a working day"})
    with travel(nov(27, 17)):
        ada().post(reverse("admin:integrations_connection_change", args=[store.pk]),
                 {**store_form(store), "is_active": ""})
    return {"location": location, "item": item, "tax": tax, "ticket_type": unknown_sku}


def report_for(user, signed_in):
    with travel(REVIEW_DAY):
        response = signed_in(user).get(reverse("governance-week", args=[WEEK]))
    assert response.status_code == 200
    return response


def test_governance_sees_every_change_with_who_why_and_what(week_of_changes, governance_user,
                                                           signed_in):
    response = report_for(governance_user, signed_in)
    changes = response.context["report"].changes

    assert [(c.model, c.who, c.reason) for c in changes.this_week] == [
        ("ticket type", "Ada", "Ops asked for a working day"),
        ("tax code mapping", "Fiona", ""),
        ("location mapping", "Olga", "Stock moved to the new warehouse"),
    ]
    assert changes.last_week_count == 1
    routing, tax, location = changes.this_week
    assert {(f.field, f.old, f.new) for f in routing.fields} == {
        ("severity", "High", "Critical"), ("response window", "4 hours", "8 hours")}
    assert [(f.field, f.old, f.new) for f in tax.fields] == [("rate", "0.06000", "0.06500")]
    assert [(f.field, f.old, f.new) for f in location.fields] == [
        ("NetSuite location", "3", "4")]
    assert location.label == "Main warehouse → location 4"
    assert location.history_url == reverse("admin:mappings_locationmapping_history",
                                           args=[week_of_changes["location"].pk])
    html = response.content.decode()
    assert "Stock moved to the new warehouse" in html and "no reason given" in html


def test_connection_changes_are_listed_beside_the_incidents(week_of_changes, store,
                                                           governance_user, signed_in):
    changes = report_for(governance_user, signed_in).context["report"].connection_changes

    (change,) = changes.this_week
    assert (change.model, change.label, change.who) == ("connection", store.name,
                                                        "Ada")
    assert [(f.field, f.old, f.new) for f in change.fields] == [("is active", "yes", "no")]


def test_each_team_sees_the_changes_of_what_it_may_view(week_of_changes, finance_user,
                                                        ops_user, signed_in):
    finance = report_for(finance_user, signed_in)
    ops = report_for(ops_user, signed_in).context["report"]

    assert [c.model for c in finance.context["report"].changes.this_week] == [
        "tax code mapping"]
    assert finance.context["report"].changes.last_week_count == 1  # items: Finance reads them
    assert finance.context["report"].connection_changes is None
    assert "Stock moved to the new warehouse" not in finance.content.decode()
    assert [c.model for c in ops.changes.this_week] == ["location mapping"]
    assert ops.connection_changes is None
