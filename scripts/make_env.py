"""Print a local .env with fresh secrets (for the demo and the test suite on one machine)."""

import base64
import os
import secrets

fernet_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
print(f"SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"FIELD_ENCRYPTION_KEY={fernet_key}")
print("DEBUG=true")
