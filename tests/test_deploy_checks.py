"""Production settings pass `manage.py check --deploy` with no warnings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**overrides):
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, "DEBUG": "false", "REDIS_URL": "redis://127.0.0.1:6379/0",
           "SECRET_KEY": "x" * 10 + "a-long-random-production-secret-key-0123456789",
           **overrides}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_production_settings_pass_the_deploy_checks():
    result = run_check()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_when_https_hardening_is_turned_off():
    result = run_check(SECURE_SSL_REDIRECT="false")

    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout

