"""Django's settings feed the fetcher: empty allowances by default, and the environment
variable FACTCHECK_FETCH_ALLOWED_ADDRESSES is the one way to reach a local server."""

import pytest

from factcheck.fetching.addresses import parse_networks
from factcheck.fetching.client import FetchRefused, Refusal
from factcheck.fetching.configured import fetch_page
from tests.test_settings import run_python

SHOW_FETCH_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.FACTCHECK_FETCH_ALLOWED_ADDRESSES, s.FACTCHECK_FETCH_ALLOWED_PORTS, "
    "s.FACTCHECK_FETCH_MAX_BYTES, s.FACTCHECK_FETCH_TIMEOUT_SECONDS)"
)


def test_by_default_nothing_internal_is_allowed(local_site, connections):
    with pytest.raises(FetchRefused) as caught:
        fetch_page(local_site.url("/plain.txt").replace(f":{local_site.port}", ""))
    assert caught.value.code == Refusal.ADDRESS_NOT_ALLOWED
    assert connections.made == []


def test_the_default_ports_only_by_default(local_site, connections):
    with pytest.raises(FetchRefused) as caught:
        fetch_page(local_site.url("/plain.txt"))
    assert caught.value.code == Refusal.BAD_PORT


def test_configured_allowances_reach_the_local_server(local_site, settings):
    settings.FACTCHECK_FETCH_ALLOWED_ADDRESSES = parse_networks("127.0.0.1")
    settings.FACTCHECK_FETCH_ALLOWED_PORTS = (local_site.port,)
    assert fetch_page(local_site.url("/plain.txt")).body.startswith(b"Plain words.")


def test_configured_size_limit_applies(local_site, settings):
    settings.FACTCHECK_FETCH_ALLOWED_ADDRESSES = parse_networks("127.0.0.1")
    settings.FACTCHECK_FETCH_ALLOWED_PORTS = (local_site.port,)
    settings.FACTCHECK_FETCH_MAX_BYTES = 10
    with pytest.raises(FetchRefused) as caught:
        fetch_page(local_site.url("/plain.txt"))
    assert caught.value.code == Refusal.TOO_LARGE


def test_settings_default_to_no_allowance_five_megabytes_and_ten_seconds():
    result = run_python(SHOW_FETCH_SETTINGS, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["()", "()", "5000000", "10.0"]


def test_settings_read_the_allowance_from_the_environment():
    result = run_python(
        SHOW_FETCH_SETTINGS,
        DJANGO_DEBUG="1",
        FACTCHECK_FETCH_ALLOWED_ADDRESSES="127.0.0.1, 10.1.0.0/16",
        FACTCHECK_FETCH_ALLOWED_PORTS="8123",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "(IPv4Network('127.0.0.1/32'), IPv4Network('10.1.0.0/16')) (8123,) "
    )


def test_settings_refuse_an_allowance_that_is_not_an_address():
    result = run_python(
        "import django; django.setup()",
        DJANGO_DEBUG="1",
        FACTCHECK_FETCH_ALLOWED_ADDRESSES="localhost",
    )
    assert result.returncode != 0
    assert "FACTCHECK_FETCH_ALLOWED_ADDRESSES: 'localhost' is not an IP address" in result.stderr
