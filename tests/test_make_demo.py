"""`make demo HOST=...` links published pages to the server it starts: the Makefile derives
FACTCHECK_PUBLIC_BASE_URL from HOST, unless the user set it. Checked with `make -n`, which
prints the recipe without running it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def demo_recipe(*arguments: str, **env: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "FACTCHECK_PUBLIC_BASE_URL"}
    environment.update(env)
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "demo", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.splitlines()


def served_with(lines: list[str]) -> str:
    [runserver] = [line for line in lines if "manage.py runserver" in line]
    return runserver


@pytest.mark.parametrize(
    ("host", "base_url"),
    [
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("localhost:8124", "http://localhost:8124"),
        ("8125", "http://127.0.0.1:8125"),  # runserver's bare port
        ("0.0.0.0:8126", "http://127.0.0.1:8126"),  # every interface: linked at loopback
        ("[::]:8127", "http://[::1]:8127"),
    ],
)
def test_the_public_address_follows_the_host(host, base_url):
    lines = demo_recipe(f"HOST={host}")
    assert served_with(lines) == (
        f"FACTCHECK_PUBLIC_BASE_URL='{base_url}' .venv/bin/python manage.py runserver {host}"
    )
    # load_demo publishes a claim; it runs with the same address
    [load] = [line for line in lines if "manage.py load_demo" in line]
    assert f"FACTCHECK_PUBLIC_BASE_URL='{base_url}'" in load


def test_the_default_is_port_8000():
    assert "FACTCHECK_PUBLIC_BASE_URL='http://127.0.0.1:8000'" in served_with(demo_recipe())


def test_an_address_the_user_set_wins():
    from_env = demo_recipe("HOST=127.0.0.1:8123", FACTCHECK_PUBLIC_BASE_URL="https://fc.example")
    assert "FACTCHECK_PUBLIC_BASE_URL='https://fc.example'" in served_with(from_env)
    on_line = demo_recipe("HOST=127.0.0.1:8123", "FACTCHECK_PUBLIC_BASE_URL=https://fc2.example")
    assert "FACTCHECK_PUBLIC_BASE_URL='https://fc2.example'" in served_with(on_line)
