"""Mapping lists show the NetSuite records they name by name beside the id, flag what the
reference list says is inactive, gone or missing, and cost the same for any page size."""

import pytest
from django.urls import reverse

from mappings.models import ItemMapping
from mappings.references import Kind
from tests.admin.conftest import read_references

pytestmark = pytest.mark.django_db

ITEMS = reverse("admin:mappings_itemmapping_changelist")


def test_the_item_list_names_the_netsuite_items(signed_in, ops_user, store, mappings,
                                               references):
    ItemMapping.objects.create(store=store, sku="MUG-OLD", netsuite_item_id="301")
    ItemMapping.objects.create(store=store, sku="MUG-LOST", netsuite_item_id="5555")
    read_references(references, {Kind.ITEM: {"300": ("Red mug", {}), "301": ("Gift box", {})}},
                    inactive={"301"})

    html = signed_in(ops_user).get(ITEMS).content.decode()

    assert 'Red mug <span class="cp-quiet">· 300</span>' in html
    assert '<span class="cp-pill cp-reference-inactive">inactive</span>' in html
    assert "5555 <span class=\"cp-pill cp-reference-gone\">not in NetSuite's list</span>" in html


def test_a_list_never_read_shows_the_bare_id(signed_in, ops_user, mappings):
    html = signed_in(ops_user).get(ITEMS).content.decode()

    assert "<td class=\"field-netsuite_item_id_named\">300</td>" in html


@pytest.mark.parametrize("page", ["itemmapping", "storemapping", "paymentmethodmapping",
                                  "b2bcompanymapping", "taxcodemapping"])
def test_mapping_lists_cost_the_same_for_any_number_of_rows(
        signed_in, superuser, store, mappings, references, page,
        django_assert_max_num_queries):
    url = reverse(f"admin:mappings_{page}_changelist")
    browser = signed_in(superuser)
    with django_assert_max_num_queries(12) as few:
        browser.get(url)
    for n in range(40):
        ItemMapping.objects.create(store=store, sku=f"SKU-{n}", netsuite_item_id=str(300 + n))
    read_references(references, {Kind.ITEM: {str(300 + n): (f"Item {n}", {})
                                             for n in range(40)}})

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = browser.get(url)

    assert response.status_code == 200
