"""Production settings refuse what is unsafe; checked in fresh interpreters so the test
run's own settings are not involved."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DJANGO_TESTING": "0",
            "SQLITE_PATH": "/nonexistent/never-opened.sqlite3",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_wsgi_refuses_to_start_without_a_secret_key():
    result = run_python("import factcheck.wsgi", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("key", ["short", "django-insecure-" + "x" * 60, "a" * 60])
def test_weak_secret_keys_are_refused_in_production(key):
    result = run_python("import django; django.setup()", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_settings_are_secure():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, "
        "'django.contrib.auth.middleware.LoginRequiredMiddleware' in s.MIDDLEWARE)"
    )
    result = run_python(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"] + ["True"] * 5


def test_debug_is_off_unless_asked_for():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG)"
    assert run_python(code, DJANGO_SECRET_KEY=STRONG_KEY).stdout.strip() == "False"
    assert run_python(code, DJANGO_DEBUG="1").stdout.strip() == "True"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    """The embedded database's settings, checked on a real SQLite file in a fresh process,
    whichever database this test run itself uses."""
    code = (
        "import django; django.setup(); from django.db import connection as c; "
        "cursor = c.cursor(); cursor.execute('PRAGMA journal_mode'); "
        "mode = cursor.fetchone()[0]; cursor.execute('PRAGMA busy_timeout'); "
        "print(c.vendor, mode, c.transaction_mode, cursor.fetchone()[0])"
    )
    result = run_python(code, DJANGO_DEBUG="1", SQLITE_PATH=str(tmp_path / "wal.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", "wal", "IMMEDIATE", "20000"]


def test_pages_send_a_nonce_csp_without_unsafe_inline(alice_client):
    response = alice_client.get("/articles/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.text  # the htmx script tag carries it
