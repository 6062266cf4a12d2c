"""Mappings are edited in the admin: validation shows on the form, every edit keeps history."""

import pytest
from django.urls import reverse

from mappings.models import BundleComponent, BundleMapping, DiscountMapping, ItemMapping

pytestmark = pytest.mark.django_db


def bundle_form(store, components) -> dict:
    data = {
        "store": store.pk, "parent_sku": "TRIO-SET", "name": "Trio",
        "change_reason": "New trio bundle",
        "components-TOTAL_FORMS": str(len(components)), "components-INITIAL_FORMS": "0",
        "components-MIN_NUM_FORMS": "0", "components-MAX_NUM_FORMS": "1000",
    }
    for i, (item, quantity, share) in enumerate(components):
        data |= {
            f"components-{i}-netsuite_item_id": item,
            f"components-{i}-quantity": str(quantity),
            f"components-{i}-price_share": share,
        }
    return data


def test_a_bundle_is_saved_with_its_components_and_their_history(
        admin_client, admin_user, store, references):
    components = [("301", 1, "0.5"), ("302", 2, "0.5")]

    response = admin_client.post(
        reverse("admin:mappings_bundlemapping_add"), bundle_form(store, components)
    )

    assert response.status_code == 302
    bundle = BundleMapping.objects.get(parent_sku="TRIO-SET")
    assert [c.netsuite_item_id for c in bundle.components.all()] == ["301", "302"]
    assert bundle.history.latest().history_user == admin_user
    assert BundleComponent.history.filter(bundle_id=bundle.pk).count() == 2
    assert {h.history_change_reason for h in BundleComponent.history.all()} == {
        "New trio bundle"}


def test_price_shares_adding_up_to_zero_are_refused(admin_client, store, references):
    components = [("301", 1, "0"), ("302", 2, "0.0000")]

    response = admin_client.post(
        reverse("admin:mappings_bundlemapping_add"), bundle_form(store, components)
    )

    assert response.status_code == 200
    assert "The price shares add up to 0" in response.text
    assert not BundleMapping.objects.filter(parent_sku="TRIO-SET").exists()


def test_a_bundle_without_components_is_refused(admin_client, store):
    url = reverse("admin:mappings_bundlemapping_add")

    response = admin_client.post(url, bundle_form(store, []))

    assert response.status_code == 200
    assert "A bundle needs at least one component." in response.text


def test_model_validation_shows_as_a_form_error(admin_client, store):
    response = admin_client.post(reverse("admin:mappings_storemapping_add"), {
        "store": store.pk, "subsidiary_id": "1", "currency_code": "US1", "currency_id": "1",
        "shipping_item_id": "77", "high_risk_policy": "hold",
    })

    assert response.status_code == 200
    assert "Use the three-letter ISO code, e.g. USD." in response.text
    assert response.context["adminform"].form.errors["currency_code"]


def test_a_second_mapping_for_the_same_sku_is_refused(admin_client, store, mappings):
    response = admin_client.post(reverse("admin:mappings_itemmapping_add"), {
        "store": store.pk, "sku": "MUG-RED", "netsuite_item_id": "999", "shopify_product_id": "",
    })

    assert response.status_code == 200
    assert ItemMapping.objects.filter(sku="MUG-RED").count() == 1
    assert response.context["adminform"].form.non_field_errors()


def test_discount_codes_are_stored_as_shopify_matches_them(admin_client, store, references):
    admin_client.post(reverse("admin:mappings_discountmapping_add"), {
        "store": store.pk, "code": "  summer5 ", "netsuite_discount_item_id": "88",
        "netsuite_promotion_id": "", "change_reason": "Summer campaign",
    })

    assert DiscountMapping.objects.get(store=store).code == "SUMMER5"


def test_only_shopify_stores_are_offered(admin_client, store, netsuite_account):
    response = admin_client.get(reverse("admin:mappings_locationmapping_add"))

    choices = [label for _, label in response.context["adminform"].form.fields["store"].choices]
    assert store.name in choices
    assert netsuite_account.name not in choices


def test_an_edit_is_kept_in_history_with_its_author(admin_client, admin_user, store, mappings,
                                                    references):
    item = mappings["item"]
    url = reverse("admin:mappings_itemmapping_change", args=[item.pk])

    admin_client.post(url, {
        "store": store.pk, "sku": "MUG-RED", "netsuite_item_id": "310", "shopify_product_id": "",
        "change_reason": "Sold as the large mug",
    })

    history = list(item.history.order_by("history_date"))
    assert [h.netsuite_item_id for h in history] == ["300", "310"]
    assert history[-1].history_user == admin_user
    assert history[-1].history_change_reason == "Sold as the large mug"
    page = admin_client.get(reverse("admin:mappings_itemmapping_history", args=[item.pk]))
    assert page.status_code == 200


def test_mapping_forms_refuse_names_where_ids_belong_and_trim_skus(admin_client, store,
                                                                   references):
    refused = admin_client.post("/admin/mappings/itemmapping/add/", {
        "store": store.pk, "sku": "MUG-BLUE", "netsuite_item_id": "Blue mug",
        "shopify_product_id": "gid://shopify/Product/1", "change_reason": "New mug",
    })
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert set(errors) == {"netsuite_item_id", "shopify_product_id"}
    assert "internal id" in errors["netsuite_item_id"][0]

    accepted = admin_client.post("/admin/mappings/itemmapping/add/", {
        "store": store.pk, "sku": "  MUG-BLUE ", "netsuite_item_id": "98",
        "shopify_product_id": "", "change_reason": "New mug",
    })
    assert accepted.status_code == 302
    assert ItemMapping.objects.get().sku == "MUG-BLUE"


def test_a_tax_rate_is_a_fraction(admin_client, store):
    response = admin_client.post("/admin/mappings/taxcodemapping/add/", {
        "store": store.pk, "tax_title": "State Tax", "rate": "6", "netsuite_tax_code_id": "31",
    })
    assert response.status_code == 200
    assert "rate" in response.context["adminform"].form.errors
