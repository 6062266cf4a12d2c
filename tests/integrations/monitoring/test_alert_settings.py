"""Alert settings come from the environment; a malformed one stops start-up, naming it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def check(**environment):
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           **environment}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_well_formed_alert_settings_start():
    result = check(ALERT_EMAILS_OPS="olga@example.com, lead@example.com",
                   ALERT_WEBHOOK_URL="https://hooks.example.com/services/T/B/x")

    assert result.returncode == 0, result.stderr


def test_a_malformed_address_is_refused_by_name():
    result = check(ALERT_EMAILS_FINANCE="fiona@example.com,not-an-address")

    assert result.returncode != 0
    assert "ALERT_EMAILS_FINANCE: 'not-an-address' is not valid" in result.stderr


def test_a_webhook_that_is_not_https_is_refused_by_name():
    result = check(ALERT_WEBHOOK_URL_OPS="http://hooks.example.com/plain")

    assert result.returncode != 0
    assert "ALERT_WEBHOOK_URL_OPS: 'http://hooks.example.com/plain' is not valid" in result.stderr
