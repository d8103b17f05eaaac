"""safe_fetch refuses every way a URL could make the server reach inside its own network,
cuts large and slow downloads, and keeps what it fetched as evidence.

Refused addresses are refused before any connection (the `connections` fixture fails a
test that connects anywhere but 127.0.0.1, and several tests check it connected nowhere).
"""

import datetime as dt
import hashlib
import ipaddress
import socket
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.fetching.addresses import parse_networks, refusal_reason
from factcheck.fetching.client import FetchRefused, Refusal, safe_fetch

from .conftest import LARGE, PAGES


def refusal(url: str, **options) -> FetchRefused:
    with pytest.raises(FetchRefused) as caught:
        safe_fetch(url, **options)
    return caught.value


# --- What a fetch keeps -------------------------------------------------------------------


def test_fetches_a_page_from_an_allowed_local_server_and_keeps_the_evidence(local_site):
    fetched = safe_fetch(
        local_site.url("/articles/en.html"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    expected = (PAGES / "en.html").read_bytes()
    assert fetched.url == fetched.final_url == local_site.url("/articles/en.html")
    assert fetched.redirects == ()
    assert fetched.address == "127.0.0.1"
    assert (fetched.status, fetched.content_type, fetched.charset) == (200, "text/html", "utf-8")
    assert fetched.body == expected
    assert fetched.sha256 == hashlib.sha256(expected).hexdigest()
    assert fetched.fetched_at.tzinfo == dt.UTC
    assert abs(dt.datetime.now(dt.UTC) - fetched.fetched_at) < dt.timedelta(seconds=10)


def test_follows_redirects_on_the_allowed_address_and_records_them(local_site):
    fetched = safe_fetch(
        local_site.url("/redirect/to-english"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert fetched.final_url == local_site.url("/articles/en.html")
    assert fetched.redirects == (local_site.url("/articles/en.html"),)
    assert fetched.body == (PAGES / "en.html").read_bytes()


def test_fetches_plain_text(local_site):
    fetched = safe_fetch(
        local_site.url("/plain.txt"), allowed=local_site.allowed, allowed_ports=local_site.ports
    )
    assert (fetched.content_type, fetched.body) == ("text/plain", b"Plain words.\nA second line.\n")


def test_connects_to_the_address_resolved_once_and_sends_the_name_as_host(
    local_site, monkeypatch, connections
):
    """DNS rebinding: the name answers 127.0.0.1 (allowed here) to the first lookup and
    10.0.0.5 to any later one; there is no later one, the connection goes to the address
    that was checked, and the Host header still names the site."""
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["127.0.0.1", "10.0.0.5", "10.0.0.5"])
    lookups = []

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        if host == "news.example":
            lookups.append(host)
            host = next(answers)
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    fetched = safe_fetch(
        local_site.url("/echo-host", host="news.example"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert fetched.body == f"news.example:{local_site.port}".encode()
    assert fetched.address == "127.0.0.1"
    assert lookups == ["news.example"]
    assert connections.made == ["127.0.0.1"]


def test_the_request_line_is_percent_encoded_and_keeps_existing_escapes(local_site):
    fetched = safe_fetch(
        local_site.url("/echo-path/caf%C3%A9 menu/ខ្មែរ?q=a b&lang=km#section"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert fetched.body == (
        b"/echo-path/caf%C3%A9%20menu/%E1%9E%81%E1%9F%92%E1%9E%98%E1%9F%82%E1%9E%9A?q=a%20b&lang=km"
    )
    assert "#" not in fetched.url


def test_an_international_name_is_looked_up_and_sent_in_its_ascii_form(local_site, resolver):
    looked_up = resolver({"xn--caf-dma.example": ["127.0.0.1"]})
    fetched = safe_fetch(
        local_site.url("/echo-host", host="café.example"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert fetched.body == f"xn--caf-dma.example:{local_site.port}".encode()
    assert looked_up[0] == "xn--caf-dma.example"


# --- Schemes, ports and URLs ---------------------------------------------------------------


def test_file_urls_are_refused(connections):
    refused = refusal("file:///etc/passwd")
    assert refused.code == Refusal.BAD_SCHEME
    assert "only http and https addresses can be fetched, not file:" in refused.message
    assert connections.made == []


def test_gopher_urls_are_refused(connections):
    refused = refusal("gopher://127.0.0.1:6379/_FLUSHALL")
    assert refused.code == Refusal.BAD_SCHEME
    assert "not gopher:" in refused.message
    assert connections.made == []


def test_an_address_without_a_scheme_is_refused():
    assert refusal("news.example/story").code == Refusal.BAD_SCHEME


def test_a_port_other_than_the_default_is_refused_unless_configured(resolver, connections):
    looked_up = resolver({"news.example": ["93.184.215.14"]})
    refused = refusal("http://news.example:6379/")
    assert refused.code == Refusal.BAD_PORT
    assert "port 6379 is not allowed" in refused.message
    assert looked_up == [] and connections.made == []


def test_urls_with_credentials_are_refused(connections):
    refused = refusal("http://admin:secret@news.example/")
    assert refused.code == Refusal.BAD_URL
    assert "user name or password" in refused.message


def test_a_name_that_does_not_resolve_is_refused_clearly(resolver, connections):
    resolver({})
    refused = refusal("https://no-such-site.example/")
    assert refused.code == Refusal.DNS_FAILURE
    assert "no-such-site.example could not be resolved" in refused.message
    assert connections.made == []


# --- Internal addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "range_named"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
        ("http://2130706433/", "loopback"),  # 127.0.0.1 written as one decimal number
        ("http://0x7f.1/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://[fd00::1]/", "private"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[2002:7f00:1::]/", "6to4"),
        ("http://[64:ff9b::a00:1]/", "NAT64"),
    ],
)
def test_internal_addresses_are_refused_before_connecting(url, range_named, connections):
    refused = refusal(url)
    assert refused.code == Refusal.ADDRESS_NOT_ALLOWED
    assert range_named in refused.message
    assert "does not fetch from internal addresses" in refused.message
    assert connections.made == []


def test_the_loopback_address_is_refused(connections):
    refused = refusal("http://127.0.0.1/")
    assert refused.message == (
        "The address 127.0.0.1 is in the loopback range (this machine); "
        "the workbench does not fetch from internal addresses."
    )
    assert connections.made == []


def test_ipv6_loopback_is_refused(connections):
    assert refusal("http://[::1]/").code == Refusal.ADDRESS_NOT_ALLOWED
    assert connections.made == []


def test_a_private_address_is_refused(connections):
    assert "a private range" in refusal("http://10.0.0.1/").message
    assert connections.made == []


def test_the_cloud_metadata_address_is_refused(connections):
    assert "link-local" in refusal("http://169.254.169.254/").message
    assert connections.made == []


def test_ipv4_mapped_loopback_is_refused_even_when_127_0_0_1_is_allowed(local_site, connections):
    refused = refusal(
        f"http://[::ffff:127.0.0.1]:{local_site.port}/plain.txt",
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert refused.code == Refusal.ADDRESS_NOT_ALLOWED
    assert "IPv4-mapped IPv6 address (it stands for 127.0.0.1)" in refused.message
    assert connections.made == []


def test_a_public_name_that_resolves_to_a_private_address_is_refused(resolver, connections):
    resolver({"news.example": ["10.0.0.5"]})
    refused = refusal("https://news.example/story")
    assert refused.code == Refusal.ADDRESS_NOT_ALLOWED
    assert refused.message.startswith("The address 10.0.0.5 of news.example is in a private range")
    assert connections.made == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(resolver, connections):
    resolver({"news.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::1"]})
    refused = refusal("https://news.example/story")
    assert refused.code == Refusal.ADDRESS_NOT_ALLOWED
    assert "::1 of news.example is in the loopback range" in refused.message
    assert connections.made == []


# --- Redirects ------------------------------------------------------------------------------


def test_a_redirect_to_a_private_address_is_refused(local_site, connections):
    refused = refusal(
        local_site.url("/redirect/private"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert refused.code == Refusal.ADDRESS_NOT_ALLOWED
    assert refused.message.startswith(
        "The redirect to http://10.0.0.1/ was refused: the address 10.0.0.1 is in a private range"
    )
    assert connections.made == ["127.0.0.1"]


def test_a_redirect_to_the_metadata_service_is_refused(local_site, connections):
    refused = refusal(
        local_site.url("/redirect/metadata"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert refused.code == Refusal.ADDRESS_NOT_ALLOWED
    assert connections.made == ["127.0.0.1"]


def test_the_allowance_does_not_cover_redirects_to_other_addresses_in_its_network(
    local_site, connections
):
    """127.0.0.0/8 is allowed and the first URL is on 127.0.0.1; the redirect to 127.0.0.2
    is checked as if nothing were allowed."""
    refused = refusal(
        local_site.url("/redirect/other-loopback"),
        allowed=parse_networks("127.0.0.0/8"),
        allowed_ports=local_site.ports,
    )
    assert refused.code == Refusal.ADDRESS_NOT_ALLOWED
    assert "the address 127.0.0.2 is in the loopback range" in refused.message
    assert connections.made == ["127.0.0.1"]


def test_a_redirect_to_a_file_url_is_refused(local_site):
    refused = refusal(
        local_site.url("/redirect/file"), allowed=local_site.allowed, allowed_ports=local_site.ports
    )
    assert refused.code == Refusal.BAD_SCHEME
    assert refused.message.startswith("The redirect to file:///etc/passwd was refused")


def test_five_redirects_are_followed(local_site):
    fetched = safe_fetch(
        local_site.url("/redirect/chain/5"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert len(fetched.redirects) == 5
    assert fetched.final_url == local_site.url("/plain.txt")


def test_a_sixth_redirect_is_refused(local_site):
    refused = refusal(
        local_site.url("/redirect/chain/6"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    assert refused.code == Refusal.TOO_MANY_REDIRECTS
    assert "more than 5 times" in refused.message


# --- Size and time ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/large/declared", "/large/undeclared", "/large/chunked"])
def test_an_oversized_body_is_cut_at_the_limit(local_site, path):
    refused = refusal(
        local_site.url(path),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
        max_bytes=1_000,
    )
    assert refused.code == Refusal.TOO_LARGE
    assert "limit of 1,000 bytes" in refused.message


def test_an_announced_oversized_body_is_refused_before_reading(local_site):
    refused = refusal(
        local_site.url("/large/declared"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
        max_bytes=1_000,
    )
    assert f"it announces {LARGE:,} bytes" in refused.message


def test_an_understated_content_length_does_not_let_more_in(local_site):
    fetched = safe_fetch(
        local_site.url("/large/understated"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
        max_bytes=1_000,
    )
    assert fetched.body == b"x" * 100


def test_the_default_size_limit_is_five_megabytes(local_site):
    assert safe_fetch.__kwdefaults__["max_bytes"] == 5_000_000
    assert safe_fetch.__kwdefaults__["timeout"] == 10
    assert safe_fetch.__kwdefaults__["max_redirects"] == 5


def test_a_body_trickled_byte_by_byte_is_cut_at_the_total_time_limit(local_site):
    started = time.monotonic()
    refused = refusal(
        local_site.url("/slow/trickle"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
        timeout=1,
    )
    elapsed = time.monotonic() - started
    assert refused.code == Refusal.TOO_SLOW
    assert refused.message == (
        "The page took too long: the time limit for the whole download, redirects included, is 1 s."
    )
    assert 0.9 < elapsed < 1.5


def test_a_server_slow_to_answer_is_cut_at_the_time_limit(local_site):
    started = time.monotonic()
    refused = refusal(
        local_site.url("/slow/headers"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
        timeout=1,
    )
    assert refused.code == Refusal.TOO_SLOW
    assert time.monotonic() - started < 1.5


def test_the_time_limit_covers_all_redirects_together(local_site):
    """Each hop takes 0.6 s, under the 1 s limit on its own; two together do not fit."""
    refused = refusal(
        local_site.url("/slow/redirect/2"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
        timeout=1,
    )
    assert refused.code == Refusal.TOO_SLOW


# --- What comes back -------------------------------------------------------------------------


def test_an_image_is_refused_from_its_content_type(local_site):
    refused = refusal(
        local_site.url("/image.png"), allowed=local_site.allowed, allowed_ports=local_site.ports
    )
    assert refused.code == Refusal.UNSUPPORTED_CONTENT_TYPE
    assert "is image/png; only HTML, XHTML and plain text pages can be imported" in refused.message


def test_a_page_without_a_content_type_is_refused(local_site):
    refused = refusal(
        local_site.url("/no-type"), allowed=local_site.allowed, allowed_ports=local_site.ports
    )
    assert refused.code == Refusal.UNSUPPORTED_CONTENT_TYPE
    assert "no Content-Type" in refused.message


def test_compressed_content_is_refused(local_site):
    refused = refusal(
        local_site.url("/compressed"), allowed=local_site.allowed, allowed_ports=local_site.ports
    )
    assert refused.code == Refusal.UNSUPPORTED_CONTENT_ENCODING


def test_a_404_is_refused_and_named(local_site):
    refused = refusal(
        local_site.url("/missing"), allowed=local_site.allowed, allowed_ports=local_site.ports
    )
    assert refused.code == Refusal.HTTP_ERROR
    assert "answered HTTP 404 Not Found" in refused.message


def test_a_server_error_is_refused_and_named(local_site):
    refused = refusal(
        local_site.url("/broken"), allowed=local_site.allowed, allowed_ports=local_site.ports
    )
    assert refused.code == Refusal.HTTP_ERROR
    assert "answered HTTP 500" in refused.message


def test_a_slow_name_lookup_counts_against_the_time_limit(monkeypatch, connections):
    def slow_getaddrinfo(*args, **kwargs):
        time.sleep(3)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    started = time.monotonic()
    refused = refusal("https://slow-dns.example/", timeout=1)
    assert refused.code == Refusal.TOO_SLOW
    assert time.monotonic() - started < 1.5
    assert connections.made == []


def test_a_body_of_exactly_the_limit_is_kept_and_one_byte_more_is_not(local_site):
    size = len(b"Plain words.\nA second line.\n")
    options = {"allowed": local_site.allowed, "allowed_ports": local_site.ports}
    assert len(safe_fetch(local_site.url("/plain.txt"), max_bytes=size, **options).body) == size
    assert refusal(local_site.url("/plain.txt"), max_bytes=size - 1, **options).code == (
        Refusal.TOO_LARGE
    )


internal_addresses = st.one_of(
    st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address),
    st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address),
).filter(lambda ip: refusal_reason(ip) is not None)


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # `connections` only grows
)
@given(ip=internal_addresses)
def test_no_internal_address_is_ever_connected_to(ip, connections):
    host = f"[{ip}]" if ip.version == 6 else str(ip)
    refused = refusal(f"http://{host}/")
    assert refused.code == Refusal.ADDRESS_NOT_ALLOWED
    assert connections.made == []
