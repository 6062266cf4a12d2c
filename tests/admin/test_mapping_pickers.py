"""Mapping forms pick NetSuite records by name: the form shows what an id is, the search
answers from the store's account for the fields a person may edit, and saving refuses an id
the reference list does not have, has as inactive or no longer has."""

import pytest
from django.urls import reverse

from integrations.models import Connection
from mappings.models import ItemMapping, LocationMapping
from mappings.reference_models import NetSuiteRecord, ReferenceList
from mappings.references import Kind
from tests.admin.conftest import read_references

pytestmark = pytest.mark.django_db

PICK = reverse("admin:mappings_netsuiterecord_pick")
ITEM_FIELD = "mappings.itemmapping.netsuite_item_id"


def item_form(store, item_id, *, sku="MUG-BLUE", reason="New blue mug") -> dict:
    return {"store": store.pk, "sku": sku, "netsuite_item_id": item_id,
            "shopify_product_id": "", "change_reason": reason}


def search(client, store, field=ITEM_FIELD, **params):
    return client.get(PICK, {"field": field, "store": store.pk, **params})


@pytest.fixture
def other_account(db):
    """A second NetSuite account, with an item of the same id and another name."""
    account = Connection.objects.create(
        name="NetSuite EU", kind=Connection.Kind.NETSUITE, account_id="777_SB1",
        base_url="https://777-sb1.suitetalk.api.netsuite.com")
    read_references(account, {Kind.ITEM: {"300": ("Tasse rouge", {}),
                                          "900": ("Nur in der EU", {})}})
    return account


# -- What the form shows


def test_the_form_shows_the_picked_record_by_name_id_and_status(
        signed_in, ops_user, mappings, references, django_assert_max_num_queries):
    url = reverse("admin:mappings_itemmapping_change", args=[mappings["item"].pk])
    browser = signed_in(ops_user)

    with django_assert_max_num_queries(12):
        page = browser.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="cp-netsuite-picker"' in html
    assert f'data-url="{PICK}"' in html
    assert "Red mug — internal id 300, active" in html
    assert 'name="change_reason"' in html
    assert "mappings/netsuite_picker.js" in html


def test_an_id_no_longer_usable_is_shown_as_such(signed_in, ops_user, mappings, references):
    read_references(references, {Kind.ITEM: {"300": ("Red mug", {})}}, inactive={"300"})

    page = signed_in(ops_user).get(
        reverse("admin:mappings_itemmapping_change", args=[mappings["item"].pk]))

    assert "Red mug — internal id 300, inactive" in page.content.decode()
    assert "cp-picked-unusable" in page.content.decode()


def test_a_bundle_page_looks_up_all_its_components_at_once(
        signed_in, ops_user, mappings, references, django_assert_max_num_queries):
    from mappings.models import BundleComponent

    bundle = mappings["bundle"]
    url = reverse("admin:mappings_bundlemapping_change", args=[bundle.pk])
    browser = signed_in(ops_user)
    with django_assert_max_num_queries(16) as few:
        browser.get(url)
    for item in ("98", "302", "310", "77", "88"):
        BundleComponent.objects.create(bundle=bundle, netsuite_item_id=item, quantity=1,
                                       price_share="0.1")

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = browser.get(url)

    assert page.content.decode().count("cp-picked\"") >= 6
    assert "Ribbon — internal id 302, active" in page.content.decode()


# -- The search


def test_search_answers_from_the_store_account_by_name_code_or_id(
        signed_in, ops_user, store, references, other_account):
    NetSuiteRecord.objects.filter(connection=references, internal_id="301").update(
        code="GIFTBOX-1")
    browser = signed_in(ops_user)

    by_name = search(browser, store, term="mug").json()
    by_code = search(browser, store, term="giftbox").json()
    by_id = search(browser, store, term="77").json()

    assert [r["id"] for r in by_name["results"]] == ["98", "300", "310"]
    assert by_name["results"][0] == {
        "id": "98", "text": "Blue mug · 98", "name": "Blue mug", "code": "", "status": "active",
        "summary": "Blue mug — internal id 98, active · InvtPart", "disabled": False,
        "type": "InvtPart", "rate": ""}
    assert [r["id"] for r in by_code["results"]] == ["301"]
    assert [r["id"] for r in by_id["results"]] == ["77"]
    assert "900" not in {r["id"] for r in search(browser, store).json()["results"]}


def test_inactive_and_vanished_records_come_last_and_cannot_be_picked(
        signed_in, ops_user, store, references):
    read_references(references, {Kind.ITEM: {"300": ("Red mug", {}),
                                             "310": ("Red mug (large)", {}),
                                             "98": ("Blue mug", {})}},
                    inactive={"98"}, gone={"300"})

    results = search(signed_in(ops_user), store, term="mug").json()["results"]

    assert [(r["id"], r["status"], r["disabled"]) for r in results] == [
        ("310", "active", False), ("98", "inactive", True), ("300", "no longer in NetSuite",
                                                              True)]


def test_search_pages_and_costs_the_same_for_any_list_size(
        signed_in, ops_user, store, references, django_assert_max_num_queries):
    browser = signed_in(ops_user)
    with django_assert_max_num_queries(8) as few:
        search(browser, store)
    read_references(references, {Kind.ITEM: {str(n): (f"Widget {n:03}", {})
                                             for n in range(1000, 1060)}})

    with django_assert_max_num_queries(len(few.captured_queries)):
        first = search(browser, store, term="widget").json()
    second = search(browser, store, term="widget", page=3).json()

    assert len(first["results"]) == 20 and first["pagination"]["more"]
    assert [r["name"] for r in second["results"]] == [f"Widget {n:03}"
                                                       for n in range(1040, 1060)]
    assert not second["pagination"]["more"]


def test_search_answers_only_for_fields_the_person_may_edit(
        signed_in, ops_user, cx_user, finance_user, governance_user, store, references):
    tax_field = "mappings.taxcodemapping.netsuite_tax_code_id"
    shipping_item = "mappings.storemapping.shipping_item_id"

    assert search(signed_in(ops_user), store, field=tax_field).status_code == 403
    assert search(signed_in(cx_user), store,
                  field="mappings.locationmapping.netsuite_location_id").status_code == 403
    assert search(signed_in(governance_user), store).status_code == 403
    assert search(signed_in(ops_user), store, field="mappings.itemmapping.sku").status_code \
        == 404
    finance = search(signed_in(finance_user), store, field=shipping_item, term="ship").json()
    assert [r["id"] for r in finance["results"]] == ["77"]
    assert search(signed_in(finance_user), store, field=tax_field).json()["results"][0][
        "rate"] == "6%"


def test_search_says_when_there_is_nothing_to_pick_from(signed_in, ops_user, store,
                                                        netsuite_account):
    browser = signed_in(ops_user)

    never_read = search(browser, store).json()["results"]
    store.netsuite = None
    store.save()
    no_account = search(browser, store).json()["results"]

    assert never_read[0]["disabled"] and "have never been read" in never_read[0]["text"]
    assert no_account[0]["text"] == "Choose a store with a NetSuite account first."


# -- Saving


def test_an_id_from_the_list_is_saved_as_the_id_string(signed_in, ops_user, store, references):
    response = signed_in(ops_user).post(reverse("admin:mappings_itemmapping_add"),
                                        item_form(store, " 98 "))

    assert response.status_code == 302
    assert ItemMapping.objects.get(sku="MUG-BLUE").netsuite_item_id == "98"


@pytest.mark.parametrize(("state", "message"), [
    ("unknown", "Item 4242 is not in the items of NetSuite account NetSuite sandbox"),
    ("inactive", "Item Blue mug (98) is inactive in NetSuite"),
    ("gone", "Item Blue mug (98) was no longer in NetSuite account NetSuite sandbox"),
])
def test_an_id_the_list_does_not_offer_is_refused_naming_it(
        signed_in, ops_user, store, references, state, message):
    item_id = "4242" if state == "unknown" else "98"
    if state != "unknown":
        read_references(references, {Kind.ITEM: {"98": ("Blue mug", {})}},
                        **{state: {"98"}})

    response = signed_in(ops_user).post(reverse("admin:mappings_itemmapping_add"),
                                        item_form(store, item_id))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in errors["netsuite_item_id"][0]
    assert not ItemMapping.objects.filter(sku="MUG-BLUE").exists()


def test_a_list_never_read_is_said_and_points_to_reading_it(signed_in, ops_user, store,
                                                            netsuite_account):
    response = signed_in(ops_user).post(reverse("admin:mappings_locationmapping_add"), {
        "store": store.pk, "shopify_location_id": "655441491", "name": "Main warehouse",
        "netsuite_location_id": "3", "change_reason": "Main warehouse opens"})

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["netsuite_location_id"]
    assert "The locations of NetSuite account NetSuite sandbox have never been read" in error
    assert reverse("admin:mappings_referencelist_changelist") in error
    assert not LocationMapping.objects.exists()


def test_a_store_without_a_netsuite_account_cannot_name_netsuite_records(
        signed_in, ops_user, store, references):
    store.netsuite = None
    store.save()

    response = signed_in(ops_user).post(reverse("admin:mappings_itemmapping_add"),
                                        item_form(store, "98"))

    assert response.status_code == 200
    assert "has no NetSuite account" in str(response.context["adminform"].form.errors)


def test_a_component_of_a_bundle_is_checked_in_the_bundle_store_account(
        signed_in, ops_user, store, references):
    data = {"store": store.pk, "parent_sku": "DUO", "name": "Duo", "change_reason": "Duo kit",
            "components-TOTAL_FORMS": "2", "components-INITIAL_FORMS": "0",
            "components-MIN_NUM_FORMS": "0", "components-MAX_NUM_FORMS": "1000",
            "components-0-netsuite_item_id": "301", "components-0-quantity": "1",
            "components-0-price_share": "0.5",
            "components-1-netsuite_item_id": "4242", "components-1-quantity": "1",
            "components-1-price_share": "0.5"}

    response = signed_in(ops_user).post(reverse("admin:mappings_bundlemapping_add"), data)

    assert response.status_code == 200
    assert "Item 4242 is not in the items" in response.content.decode()


# -- A reason for every change


def test_a_change_without_a_reason_is_refused(signed_in, ops_user, store, references):
    response = signed_in(ops_user).post(reverse("admin:mappings_itemmapping_add"),
                                        item_form(store, "98", reason=""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["change_reason"]
    assert not ItemMapping.objects.exists()


def test_the_reason_is_kept_in_the_history_with_its_author(signed_in, ops_user, store,
                                                           references):
    signed_in(ops_user).post(reverse("admin:mappings_itemmapping_add"),
                             item_form(store, "98", reason="Blue mug launched today"))

    entry = ItemMapping.objects.get().history.get()
    assert (entry.history_change_reason, entry.history_user) == (
        "Blue mug launched today", ops_user)


def test_a_person_who_may_only_read_a_mapping_is_not_asked_for_a_reason(
        signed_in, finance_user, mappings, references):
    page = signed_in(finance_user).get(
        reverse("admin:mappings_itemmapping_change", args=[mappings["item"].pk]))

    assert page.status_code == 200
    assert "change_reason" not in page.content.decode()
    assert ReferenceList.objects.filter(connection=references).exists()


def test_the_shop_currency_must_be_the_netsuite_currencys(signed_in, finance_user, store,
                                                          references):
    NetSuiteRecord.objects.filter(kind=Kind.CURRENCY, internal_id="1").update(code="USD")
    form = {"store": store.pk, "subsidiary_id": "1", "currency_code": "EUR", "currency_id": "1",
            "shipping_item_id": "77", "high_risk_policy": "hold",
            "change_reason": "EU store goes live"}

    response = signed_in(finance_user).post(reverse("admin:mappings_storemapping_add"), form)

    assert response.status_code == 200
    assert "NetSuite currency US Dollar (1) is USD, not the shop currency EUR." in (
        response.context["adminform"].form.errors["currency_id"][0])
