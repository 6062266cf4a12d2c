"""Every control panel page renders with data: lists, change pages, history, add forms."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# admin url name → the key of its object in the `records` fixture ("store_conn": the store).
MODELS = {
    "integrations_connection": "store_conn",
    "integrations_webhookevent": "event",
    "integrations_syncjob": "job",
    "integrations_synclink": "link",
    "exceptions_tickettype": "ticket_type",
    "exceptions_exceptionticket": "ticket",
    "mappings_storemapping": "store",
    "mappings_locationmapping": "location",
    "mappings_itemmapping": "item",
    "mappings_bundlemapping": "bundle",
    "mappings_taxcodemapping": "tax",
    "mappings_discountmapping": "discount",
    "mappings_paymentmethodmapping": "payment",
    "mappings_b2bcompanymapping": "b2b",
    "monitoring_alertsent": "alert",
    "monitoring_alertdigest": "alert_digest",
}
WITH_HISTORY = [name for name in MODELS if not name.startswith(("integrations_", "monitoring_"))
                or name == "integrations_connection"]
ADDABLE = [name for name in MODELS if name.startswith("mappings_")] + [
    "integrations_connection", "exceptions_tickettype",
]


@pytest.fixture
def objects(records, store, netsuite_account):
    return {**records, "store_conn": store, "netsuite_conn": netsuite_account}


def test_the_site_is_titled_as_the_control_panel(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Shopify ⇄ NetSuite control panel" in response.text


@pytest.mark.parametrize("name", MODELS)
def test_each_changelist_renders_its_rows(admin_client, objects, name):
    response = admin_client.get(reverse(f"admin:{name}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("name", MODELS)
def test_each_change_page_renders(admin_client, objects, name):
    obj = objects[MODELS[name]]

    response = admin_client.get(reverse(f"admin:{name}_change", args=[obj.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", WITH_HISTORY)
def test_each_history_page_renders(admin_client, objects, name):
    obj = objects[MODELS[name]]

    response = admin_client.get(reverse(f"admin:{name}_history", args=[obj.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ADDABLE)
def test_each_add_form_renders(admin_client, objects, name):
    assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_the_changelists_answer_their_filters_and_searches(admin_client, objects):
    pages = [
        ("integrations_webhookevent", "status__exact=processed&q=evt-admin-1"),
        ("integrations_syncjob", "status__in=parked,paused&q=order"),
        ("integrations_synclink", "q=5512"),
        ("exceptions_exceptionticket", "team__exact=ops&overdue=no&q=MUG-BLUE"),
        ("mappings_itemmapping", f"store__id__exact={objects['store_conn'].pk}&q=MUG-RED"),
        ("mappings_bundlemapping", "q=301"),
        ("integrations_connection", "health__exact=unknown&q=demo"),
        ("monitoring_alertsent", "standing=yes&team__exact=ops&q=MUG-BLUE"),
        ("monitoring_alertdigest", "team__exact=ops&q=ops@example.com"),
    ]
    for name, query in pages:
        response = admin_client.get(reverse(f"admin:{name}_changelist") + "?" + query)

        assert response.status_code == 200, name
        assert response.context["cl"].result_count == 1, name


def test_a_netsuite_connection_page_shows_only_its_own_fields(admin_client, netsuite_account):
    response = admin_client.get(
        reverse("admin:integrations_connection_change", args=[netsuite_account.pk])
    )

    assert response.status_code == 200
    assert "new_consumer_key" in response.text
    assert "new_access_token" not in response.text
    assert "shop_domain" not in response.context["adminform"].form.fields
