"""Credentials encrypted at rest with Fernet; the key list comes from the environment.

The first key encrypts; every key decrypts, so a new key can be put in front and the
old one removed once `rotate_credentials` has re-encrypted the rows.
"""

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is empty: set one or more Fernet keys.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be url-safe base64 Fernet keys, comma-separated."
        ) from exc


def encrypt_text(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Stored credentials cannot be decrypted with any key in FIELD_ENCRYPTION_KEY."
        ) from exc


class EncryptedJSONField(models.TextField):
    """A dict stored as a Fernet token. Never rendered: the admin sets it through a form."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return {}
        return json.loads(decrypt_text(value))

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        if value in (None, ""):
            return {}
        return json.loads(decrypt_text(value))

    def get_prep_value(self, value):
        if value in (None, ""):
            value = {}
        return encrypt_text(json.dumps(value, sort_keys=True))

    def value_to_string(self, obj):
        return ""
