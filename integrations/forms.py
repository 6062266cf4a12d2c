"""The connection form. Credentials are write-only: typed in, encrypted, never rendered back.

A blank credential field keeps the stored value. Setting a new Shopify webhook secret keeps
the old one as `previous_webhook_secret`, still accepted for `SHOPIFY_SECRET_GRACE`, so
deliveries signed before the switch in Shopify are not refused.
"""

from datetime import datetime

import httpx
from django import forms
from django.conf import settings

from .models import Connection
from .netsuite.capabilities import check_time_zone

# Credential keys stored in Connection.credentials, per kind, with their labels.
SHOPIFY_CREDENTIALS = {
    "access_token": "Admin API access token",
    "webhook_secret": "Webhook signing secret",
}
NETSUITE_CREDENTIALS = {
    "consumer_key": "Consumer key",
    "consumer_secret": "Consumer secret",
    "token_id": "Token id",
    "token_secret": "Token secret",
}
CREDENTIALS_BY_KIND = {
    Connection.Kind.SHOPIFY: SHOPIFY_CREDENTIALS,
    Connection.Kind.NETSUITE: NETSUITE_CREDENTIALS,
}
ALL_CREDENTIALS = {**SHOPIFY_CREDENTIALS, **NETSUITE_CREDENTIALS}
PREVIOUS_WEBHOOK_SECRET = "previous_webhook_secret"  # noqa: S105 (a key name)

# Settings only NetSuite accounts use.
NETSUITE_ONLY_FIELDS = ("restlet_url", "time_zone")
RESTLET_PATH = "/app/site/hosting/restlet.nl"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

# The identifying field each kind cannot do without.
REQUIRED_BY_KIND = {
    Connection.Kind.SHOPIFY: ("shop_domain", "A Shopify store needs its myshopify.com domain."),
    Connection.Kind.NETSUITE: ("account_id", "A NetSuite account needs its account id."),
}

FIELD_PREFIX = "new_"


def field_name(key: str) -> str:
    return FIELD_PREFIX + key


# The write-only form fields of each kind, in display order.
SECRET_FIELDS = {
    kind: [field_name(key) for key in keys] for kind, keys in CREDENTIALS_BY_KIND.items()
}

# Fields the form never sets. A history revert rebuilds the connection from a record that
# lacks credentials and health, so these are always taken from the live row.
LIVE_FIELDS = (
    "health", "health_detail", "paused_at", "last_success_at", "last_error_at",
    "signature_failures", "last_signature_failure_at", "previous_webhook_secret_valid_until",
    "created_at", "capabilities", "capabilities_read_at", "capabilities_error",
)


def stored_credentials(connection: Connection) -> dict:
    """The credentials in the database (not those of a possibly historical instance)."""
    if not connection.pk:
        return {}
    row = Connection.objects.filter(pk=connection.pk).values_list("credentials", flat=True)
    return row.first() or {}


def credential_states(connection: Connection) -> list[tuple[str, bool]]:
    """(label, is set) for each credential of the connection's kind. Never the values."""
    stored = stored_credentials(connection)
    wanted = CREDENTIALS_BY_KIND.get(connection.kind, ALL_CREDENTIALS)
    return [(label, bool(stored.get(key))) for key, label in wanted.items()]


def missing_credentials(connection: Connection) -> list[str]:
    """Labels of the credentials its kind needs that the (loaded) connection lacks."""
    wanted = CREDENTIALS_BY_KIND.get(connection.kind, {})
    return [label for key, label in wanted.items() if not connection.credentials.get(key)]


def previous_secret_valid_until(connection: Connection, now: datetime) -> datetime | None:
    """Until when the previous webhook secret is still accepted, if it still is."""
    until = connection.previous_webhook_secret_valid_until
    if until and until > now and stored_credentials(connection).get(PREVIOUS_WEBHOOK_SECRET):
        return until
    return None


def secret_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Write-only. Leave blank to keep the current value.",
    )


def apply_credentials(connection: Connection, stored: dict, changes: dict, now: datetime) -> list:
    """Merge `changes` into the `stored` credentials on `connection`; return the changed keys.

    A new webhook secret moves the current one to `previous_webhook_secret`, valid until
    now + SHOPIFY_SECRET_GRACE. Values equal to the stored ones are not changes.
    """
    credentials = dict(stored)
    changed = []
    for key, value in changes.items():
        if not value or credentials.get(key) == value:
            continue
        if key == "webhook_secret" and credentials.get(key):
            credentials[PREVIOUS_WEBHOOK_SECRET] = credentials[key]
            connection.previous_webhook_secret_valid_until = now + settings.SHOPIFY_SECRET_GRACE
        credentials[key] = value
        changed.append(key)
    connection.credentials = credentials
    return changed


class ConnectionForm(forms.ModelForm):
    """Connection settings plus one write-only field per credential."""

    new_access_token = secret_field(SHOPIFY_CREDENTIALS["access_token"])
    new_webhook_secret = secret_field(SHOPIFY_CREDENTIALS["webhook_secret"])
    new_consumer_key = secret_field(NETSUITE_CREDENTIALS["consumer_key"])
    new_consumer_secret = secret_field(NETSUITE_CREDENTIALS["consumer_secret"])
    new_token_id = secret_field(NETSUITE_CREDENTIALS["token_id"])
    new_token_secret = secret_field(NETSUITE_CREDENTIALS["token_secret"])

    class Meta:
        model = Connection
        fields = [
            "name", "kind", "shop_domain", "account_id", "base_url", "api_version", "netsuite",
            "concurrency_limit", "restlet_url", "time_zone", "credentials_expire_at", "is_active",
        ]

    def _kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind

    def clean_shop_domain(self):
        # Webhooks are matched on the lower-case X-Shopify-Shop-Domain header.
        domain = (self.cleaned_data.get("shop_domain") or "").strip().lower()
        if domain and not domain.endswith(".myshopify.com"):
            raise forms.ValidationError("Use the store's <shop>.myshopify.com domain.")
        return domain or None

    def clean_time_zone(self):
        typed = (self.cleaned_data.get("time_zone") or "").strip()
        if not typed:
            return ""
        try:
            return check_time_zone(typed)
        except ValueError as exc:
            raise forms.ValidationError(
                f"{exc}. Use the zone shown under Setup → Company → Company Information, "
                "as an IANA name."
            ) from exc

    def clean_restlet_url(self):
        raw = (self.cleaned_data.get("restlet_url") or "").strip()
        if not raw:
            return ""
        url = httpx.URL(raw)
        # Plain http only for the simulators on this machine (the demo).
        secure = url.scheme == "https" or (url.scheme == "http" and url.host in LOCAL_HOSTS)
        if (not secure or url.path != RESTLET_PATH
                or not url.params.get("script") or not url.params.get("deploy")):
            raise forms.ValidationError(
                "Paste the deployment's External URL: https://<account>.restlets.api.netsuite.com"
                f"{RESTLET_PATH}?script=…&deploy=…"
            )
        return raw

    def clean(self):
        cleaned = super().clean()
        kind = self._kind()
        required, message = REQUIRED_BY_KIND.get(kind, (None, ""))
        if required in self.fields and not cleaned.get(required) and required not in self.errors:
            self.add_error(required, message)
        if kind == Connection.Kind.SHOPIFY:
            for name in NETSUITE_ONLY_FIELDS:
                if name in self.fields and cleaned.get(name):
                    self.add_error(name, "Only NetSuite accounts use this: leave it blank.")
        if kind in CREDENTIALS_BY_KIND:
            wanted = CREDENTIALS_BY_KIND[kind]
            for key in ALL_CREDENTIALS:
                name = field_name(key)
                if key not in wanted and name in self.fields and cleaned.get(name):
                    self.add_error(
                        name, f"Not used by a {Connection.Kind(kind).label}: leave it blank."
                    )
        return cleaned

    def apply_to(self, connection: Connection, current: Connection | None, now) -> list[str]:
        """Put the typed credentials on `connection`, over those of `current` (the live row).

        Returns the keys that changed.
        """
        stored = {}
        if current is not None:
            for name in LIVE_FIELDS:
                setattr(connection, name, getattr(current, name))
            stored = current.credentials
        return apply_credentials(connection, stored, self.credential_changes(), now)

    def credential_changes(self) -> dict:
        """The credentials typed into this form (blank ones are left out)."""
        wanted = CREDENTIALS_BY_KIND.get(self._kind(), {})
        return {
            key: self.cleaned_data[field_name(key)]
            for key in wanted
            if self.cleaned_data.get(field_name(key))
        }
