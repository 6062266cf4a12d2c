"""The NetSuite connection page: the RESTlet URL and time zone settings, the capabilities as
last read, the read that follows each save, and the "Run now" buttons of on-demand flows."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from integrations.models import Connection, SyncJob
from integrations.netsuite.capabilities import AccountCapabilities, Subsidiary
from tests.conftest import NETSUITE_RESTLET_URL

pytestmark = pytest.mark.django_db

FLOW = "account_capabilities"


def change_url(conn: Connection) -> str:
    return reverse("admin:integrations_connection_change", args=[conn.pk])


def run_url(conn: Connection, flow: str = FLOW) -> str:
    return reverse("admin:integrations_connection_run", args=[conn.pk, flow])


def account_form(account: Connection, **changes) -> dict:
    """The account's change form as a browser would post it, credentials left blank."""
    data = {
        "name": account.name, "is_active": "on", "base_url": account.base_url,
        "api_version": account.api_version, "account_id": account.account_id,
        "concurrency_limit": str(account.concurrency_limit),
        "restlet_url": account.restlet_url, "time_zone": account.time_zone,
        "credentials_expire_at_0": "", "credentials_expire_at_1": "",
        **{f"new_{key}": "" for key in account.credentials},
    }
    data.update(changes)
    return data


def capability_jobs():
    return SyncJob.objects.filter(flow=FLOW)


@pytest.fixture
def viewer_victor(django_user_model):
    """Staff who may look at connections but not change them."""
    user = django_user_model.objects.create_user("victor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_connection"))
    return user


def test_the_account_page_offers_the_read_now_button_and_says_nothing_was_read(
    admin_client, netsuite_account, store
):
    account_page = admin_client.get(change_url(netsuite_account)).text
    store_page = admin_client.get(change_url(store)).text

    assert "Account capabilities" in account_page
    assert "Not read yet." in account_page
    assert 'value="Read account capabilities now"' in account_page
    assert f'formaction="{run_url(netsuite_account)}"' in account_page
    assert "Read account capabilities now" not in store_page
    assert "Account capabilities" not in store_page


def test_the_capabilities_read_last_are_shown_in_plain_words(admin_client, netsuite_account):
    capabilities = AccountCapabilities(
        tax_mode="legacy", multi_currency=True, payment_field="paymentMethod",
        time_zone="America/Los_Angeles", time_zone_source="restlet", restlet_version="1",
        subsidiaries=(Subsidiary(id="1", name="Honeycomb US", currency="1", country="US"),),
        disagreements=("companyfeaturesetup says Multiple Currencies is off",),
    )
    netsuite_account.capabilities = capabilities.as_json()
    netsuite_account.capabilities_error = "2026-12-01 10:00 UTC: 403 permission denied."
    netsuite_account.save()

    html = admin_client.get(change_url(netsuite_account)).text

    for words in (
        "Tax: Legacy tax (written through the RESTlet)", "Multiple currencies: on",
        "Payment field: paymentMethod", "Time zone: America/Los_Angeles (from the RESTlet)",
        "Subsidiary 1: Honeycomb US (currency 1, country US)", "RESTlet: version 1", "Read: ",
        "companyfeaturesetup says Multiple Currencies is off",
        "last read failed</span> 2026-12-01 10:00 UTC: 403 permission denied.",
    ):
        assert words in html


def test_a_suitetax_account_with_a_typed_time_zone_reads_so(admin_client, netsuite_account):
    netsuite_account.capabilities = AccountCapabilities(
        tax_mode="suitetax", multi_currency=False, payment_field="",
        time_zone="Europe/Berlin", time_zone_source="connection",
    ).as_json()
    netsuite_account.save()

    html = admin_client.get(change_url(netsuite_account)).text

    assert "Tax: SuiteTax (tax details sent with each order)" in html
    assert "Multiple currencies: off" in html
    assert "Payment field: none offered" in html
    assert "Time zone: Europe/Berlin (typed in)" in html


def test_saving_the_account_enqueues_a_read_after_commit(
    admin_client, netsuite_account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(change_url(netsuite_account), account_form(
            netsuite_account, time_zone="America/Chicago", restlet_url=NETSUITE_RESTLET_URL,
        ))

    assert response.status_code == 302
    (job,) = capability_jobs()
    assert (job.connection, job.status) == (netsuite_account, SyncJob.Status.PENDING)
    assert job.idempotency_key.startswith(f"{FLOW}:{netsuite_account.pk}:on_demand:")
    assert len(callbacks) == 1  # the enqueue waits for the commit
    netsuite_account.refresh_from_db()
    assert (netsuite_account.time_zone, netsuite_account.restlet_url) == (
        "America/Chicago", NETSUITE_RESTLET_URL)


def test_saving_a_store_or_an_account_without_credentials_reads_nothing(
    admin_client, netsuite_account, store
):
    store_form = {
        "name": store.name, "is_active": "on", "base_url": store.base_url,
        "api_version": store.api_version, "shop_domain": store.shop_domain,
        "netsuite": store.netsuite_id, "credentials_expire_at_0": "",
        "credentials_expire_at_1": "", "new_access_token": "", "new_webhook_secret": "",
    }
    admin_client.post(change_url(store), store_form)
    Connection.objects.filter(pk=netsuite_account.pk).update(credentials={})
    netsuite_account.refresh_from_db()

    response = admin_client.post(change_url(netsuite_account), account_form(netsuite_account),
                                 follow=True)

    assert not capability_jobs().exists()
    assert "will be read once the connection is active with all its credentials" in (
        response.text)


@pytest.mark.parametrize(("field", "value", "says"), [
    ("time_zone", "Pacific Time", "is not an IANA time zone"),
    ("time_zone", "America/Atlantis", "is not an IANA time zone"),
    ("restlet_url", "https://123456-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl",
     "External URL"),
    ("restlet_url", "http://123456-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl"
     "?script=1&deploy=1", "External URL"),
])
def test_a_time_zone_or_restlet_url_netsuite_would_not_know_is_refused(
    admin_client, netsuite_account, field, value, says
):
    response = admin_client.post(change_url(netsuite_account),
                                 account_form(netsuite_account, **{field: value}))

    assert response.status_code == 200
    assert says in response.text
    assert not capability_jobs().exists()


def test_run_now_starts_the_flow_and_says_so(admin_client, netsuite_account,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post(run_url(netsuite_account), follow=True)

    (job,) = capability_jobs()
    assert response.redirect_chain == [(change_url(netsuite_account), 302)]
    assert f"NetSuite account capabilities: started (sync job #{job.pk})" in response.text


def test_run_now_is_refused_to_a_get(admin_client, netsuite_account):
    response = admin_client.get(run_url(netsuite_account))

    assert response.status_code == 405
    assert not capability_jobs().exists()


def test_run_now_is_refused_without_change_permission(client, viewer_victor, netsuite_account):
    client.force_login(viewer_victor)

    page = client.get(change_url(netsuite_account)).text
    response = client.post(run_url(netsuite_account))

    assert "Read account capabilities now" not in page
    assert response.status_code == 403
    assert not capability_jobs().exists()


def test_run_now_needs_the_csrf_token(admin_user, netsuite_account):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)

    response = browser.post(run_url(netsuite_account))

    assert response.status_code == 403
    assert not capability_jobs().exists()


@pytest.mark.parametrize("flow", ["orders", "no_such_flow"])
def test_run_now_knows_only_the_on_demand_flows_of_the_connections_kind(
    admin_client, netsuite_account, store, flow
):
    response = admin_client.post(run_url(netsuite_account, flow))
    wrong_kind = admin_client.post(run_url(store, FLOW))

    assert (response.status_code, wrong_kind.status_code) == (404, 404)
    assert not SyncJob.objects.exists()


def test_run_now_reads_the_account_and_the_page_shows_what_it_can_do(
    admin_client, netsuite_account, netsuite_sandbox, queue
):
    Connection.objects.filter(pk=netsuite_account.pk).update(time_zone="America/Denver")

    with queue.committed():
        admin_client.post(run_url(netsuite_account))
    queue.run()

    (job,) = capability_jobs()
    assert job.status == SyncJob.Status.SUCCEEDED
    html = admin_client.get(change_url(netsuite_account)).text
    assert "Tax: SuiteTax (tax details sent with each order)" in html
    assert "Multiple currencies: on" in html
    assert "Payment field: paymentOption" in html
    assert "Time zone: America/Denver (typed in)" in html


def test_saving_a_legacy_account_with_its_restlet_reads_it_through_the_restlet(
    admin_client, netsuite_account, netsuite_sandbox, queue
):
    netsuite_sandbox.configure(tax_mode="legacy", time_zone="Australia/Sydney")

    with queue.committed():
        admin_client.post(change_url(netsuite_account), account_form(
            netsuite_account, restlet_url=NETSUITE_RESTLET_URL))
    queue.run()

    html = admin_client.get(change_url(netsuite_account)).text
    assert "Tax: Legacy tax (written through the RESTlet)" in html
    assert "Time zone: Australia/Sydney (from the RESTlet)" in html
    assert "RESTlet: version 1" in html


def test_the_demo_simulators_restlet_url_on_this_machine_is_accepted(admin_client,
                                                                     netsuite_account):
    local = ("http://127.0.0.1:8101/app/site/hosting/restlet.nl"
             "?script=customscript_scnp_record_upsert&deploy=customdeploy_scnp_record_upsert")

    response = admin_client.post(change_url(netsuite_account),
                                 account_form(netsuite_account, restlet_url=local))

    assert response.status_code == 302
