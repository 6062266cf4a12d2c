"""Connection credentials: write-only in the admin, encrypted at rest, never shown or in history."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from integrations.inbox import valid_webhook_secrets
from integrations.models import Connection, SyncJob
from tests.conftest import NETSUITE_CREDENTIALS, SHOPIFY_TOKEN, WEBHOOK_SECRET

pytestmark = pytest.mark.django_db

NEW_TOKEN = "shpat_rotated_token_0002"
NEW_SECRET = "whsec_rotated_secret_0002"
ALL_SECRETS = [SHOPIFY_TOKEN, WEBHOOK_SECRET, NEW_TOKEN, NEW_SECRET,
               *NETSUITE_CREDENTIALS.values()]


def stored_ciphertext(conn: Connection) -> str:
    with db.cursor() as cursor:
        cursor.execute("SELECT credentials FROM integrations_connection WHERE id = %s", [conn.pk])
        return cursor.fetchone()[0]


def change_url(conn: Connection) -> str:
    return reverse("admin:integrations_connection_change", args=[conn.pk])


def store_form(store: Connection, **changes) -> dict:
    """The store's change form as a browser would post it, credentials left blank."""
    data = {
        "name": store.name, "is_active": "on", "base_url": store.base_url,
        "api_version": store.api_version, "shop_domain": store.shop_domain,
        "netsuite": store.netsuite_id or "", "credentials_expire_at_0": "",
        "credentials_expire_at_1": "", "new_access_token": "", "new_webhook_secret": "",
    }
    data.update(changes)
    return data


def test_no_admin_page_shows_a_credential_or_its_ciphertext(admin_client, records, store,
                                                             netsuite_account):
    admin_client.post(change_url(store), store_form(store, new_webhook_secret=NEW_SECRET))
    store.refresh_from_db()
    assert store.credentials["previous_webhook_secret"] == WEBHOOK_SECRET
    history_id = store.history.latest().history_id
    pages = [
        reverse("admin:integrations_connection_changelist"),
        change_url(store),
        change_url(netsuite_account),
        reverse("admin:integrations_connection_history", args=[store.pk]),
        reverse("admin:integrations_connection_simple_history", args=[store.pk, history_id]),
        reverse("admin:integrations_connection_delete", args=[netsuite_account.pk]),
        reverse("admin:integrations_webhookevent_change", args=[records["event"].pk]),
        reverse("admin:integrations_syncjob_change", args=[records["job"].pk]),
        reverse("admin:exceptions_exceptionticket_change", args=[records["ticket"].pk]),
        reverse("admin:mappings_storemapping_change", args=[records["store"].pk]),
    ]
    ciphertexts = [stored_ciphertext(store), stored_ciphertext(netsuite_account)]

    for url in pages:
        html = admin_client.get(url).text

        for secret in ALL_SECRETS + ciphertexts:
            assert secret not in html, url
        assert "gAAAAA" not in html, url  # no Fernet token of any kind


def test_the_change_page_says_only_set_or_not_set(admin_client, store):
    store.credentials = {"access_token": SHOPIFY_TOKEN}
    store.save()

    html = admin_client.get(change_url(store)).text

    assert "Admin API access token: <span class=\"cp-pill cp-credential-set\">set" in html
    assert "Webhook signing secret: <span class=\"cp-pill cp-credential-missing\">not set" in html
    assert 'type="password"' in html


def test_a_typed_credential_is_stored_encrypted_and_blank_ones_are_kept(admin_client, store):
    response = admin_client.post(change_url(store), store_form(store, new_access_token=NEW_TOKEN))

    assert response.status_code == 302
    store.refresh_from_db()
    assert store.credentials["access_token"] == NEW_TOKEN
    assert store.credentials["webhook_secret"] == WEBHOOK_SECRET
    ciphertext = stored_ciphertext(store)
    assert ciphertext.startswith("gAAAAA")
    assert NEW_TOKEN not in ciphertext
    assert store.previous_webhook_secret_valid_until is None


def test_saving_with_every_credential_blank_changes_none(admin_client, store):
    response = admin_client.post(change_url(store), store_form(store, name="Demo store (US)"))

    assert response.status_code == 302
    store.refresh_from_db()
    assert store.name == "Demo store (US)"
    assert store.credentials == {"access_token": SHOPIFY_TOKEN, "webhook_secret": WEBHOOK_SECRET}
    assert store.previous_webhook_secret_valid_until is None
    assert "Credentials" not in (store.history.latest().history_change_reason or "")


def test_a_new_webhook_secret_keeps_the_old_one_for_the_grace_period(admin_client, store):
    before = timezone.now()

    admin_client.post(change_url(store), store_form(store, new_webhook_secret=NEW_SECRET))

    store.refresh_from_db()
    assert store.credentials["webhook_secret"] == NEW_SECRET
    assert store.credentials["previous_webhook_secret"] == WEBHOOK_SECRET
    until = store.previous_webhook_secret_valid_until
    assert before + settings.SHOPIFY_SECRET_GRACE <= until
    assert until <= timezone.now() + settings.SHOPIFY_SECRET_GRACE
    assert valid_webhook_secrets(store) == [NEW_SECRET, WEBHOOK_SECRET]
    html = admin_client.get(change_url(store)).text
    assert "Previous webhook secret: still accepted until" in html


def test_history_records_which_credentials_changed_but_never_their_values(admin_client, store):
    admin_client.post(change_url(store), store_form(store, new_access_token=NEW_TOKEN))

    record = store.history.latest()
    assert record.history_change_reason == "Credentials replaced: admin api access token"
    assert "credentials" not in {f.name for f in store.history.model._meta.fields}
    assert record.history_user.is_superuser


def test_new_credentials_resume_a_paused_connection_and_requeue_its_jobs(
    admin_client, store, parked_job, django_capture_on_commit_callbacks
):
    Connection.objects.filter(pk=store.pk).update(
        health=Connection.Health.PAUSED, paused_at=timezone.now() - timedelta(hours=1)
    )
    SyncJob.objects.filter(pk=parked_job.pk).update(status=SyncJob.Status.PAUSED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(
            change_url(store), store_form(store, new_access_token=NEW_TOKEN), follow=True
        )

    store.refresh_from_db()
    parked_job.refresh_from_db()
    assert store.health == Connection.Health.UNKNOWN
    assert store.paused_at is None
    assert parked_job.status == SyncJob.Status.PENDING
    assert callbacks, "the resumed job is enqueued once the save commits"
    assert "it is resumed and 1 paused job is queued again" in response.text


def test_a_paused_connection_stays_paused_when_its_credentials_are_untouched(admin_client, store):
    Connection.objects.filter(pk=store.pk).update(health=Connection.Health.PAUSED)

    admin_client.post(change_url(store), store_form(store, name="Renamed"))

    store.refresh_from_db()
    assert store.health == Connection.Health.PAUSED


def test_credentials_of_the_other_kind_are_refused(admin_client):
    response = admin_client.post(
        reverse("admin:integrations_connection_add"),
        {
            "name": "NetSuite prod", "kind": "netsuite", "is_active": "on",
            "base_url": "https://123456.suitetalk.api.netsuite.com", "api_version": "",
            "account_id": "123456", "concurrency_limit": "5", "shop_domain": "",
            "netsuite": "", "new_access_token": "shpat_wrong_place",
            "credentials_expire_at_0": "", "credentials_expire_at_1": "",
        },
    )

    assert response.status_code == 200
    assert "Not used by a NetSuite account" in response.text
    assert "shpat_wrong_place" not in response.text
    assert not Connection.objects.filter(name="NetSuite prod").exists()


def test_a_netsuite_account_is_added_with_its_four_credentials(admin_client):
    response = admin_client.post(
        reverse("admin:integrations_connection_add"),
        {
            "name": "NetSuite prod", "kind": "netsuite", "is_active": "on",
            "base_url": "https://123456.suitetalk.api.netsuite.com", "api_version": "",
            "account_id": "123456", "concurrency_limit": "5", "shop_domain": "",
            "netsuite": "", "credentials_expire_at_0": "", "credentials_expire_at_1": "",
            **{f"new_{key}": value for key, value in NETSUITE_CREDENTIALS.items()},
        },
    )

    assert response.status_code == 302
    account = Connection.objects.get(name="NetSuite prod")
    assert account.credentials == NETSUITE_CREDENTIALS


def test_reverting_to_an_old_version_keeps_the_current_credentials(admin_client, store):
    first_version = store.history.earliest()
    admin_client.post(change_url(store), store_form(store, new_access_token=NEW_TOKEN))
    url = reverse(
        "admin:integrations_connection_simple_history",
        args=[store.pk, first_version.history_id],
    )

    response = admin_client.post(url, store_form(store))

    assert response.status_code == 302
    store.refresh_from_db()
    assert store.credentials["access_token"] == NEW_TOKEN
    assert store.credentials["webhook_secret"] == WEBHOOK_SECRET


def test_view_only_staff_see_the_state_but_get_no_credential_fields(signed_in, governance_user,
                                                                    store):
    html = signed_in(governance_user).get(change_url(store)).text

    assert "new_access_token" not in html
    assert "cp-credential-set" in html


@pytest.mark.parametrize("url", [
    "admin:integrations_webhookevent_changelist", "admin:integrations_syncjob_changelist",
    "admin:integrations_synclink_changelist", "admin:exceptions_exceptionticket_changelist",
    "admin:mappings_itemmapping_changelist", "admin:mappings_storemapping_changelist",
])
def test_lists_of_other_records_never_load_connection_credentials(admin_client, records, url):
    with CaptureQueriesContext(db) as queries:
        response = admin_client.get(reverse(url))

    assert response.status_code == 200
    column = '"integrations_connection"."credentials"'
    assert not [q["sql"] for q in queries.captured_queries
                if f"{column}," in q["sql"] or f"{column} " in q["sql"]]


def test_a_store_domain_is_stored_as_webhooks_send_it(admin_client, store):
    typed = " Demo-Store.MyShopify.com "

    admin_client.post(change_url(store), store_form(store, shop_domain=typed))

    store.refresh_from_db()
    assert store.shop_domain == "demo-store.myshopify.com"


@pytest.mark.parametrize(("domain", "error"), [
    ("", "A Shopify store needs its myshopify.com domain."),
    ("https://demo-store.com", "Use the store&#x27;s &lt;shop&gt;.myshopify.com domain."),
])
def test_a_store_needs_a_myshopify_domain(admin_client, store, domain, error):
    response = admin_client.post(change_url(store), store_form(store, shop_domain=domain))

    assert response.status_code == 200
    assert error in response.text
