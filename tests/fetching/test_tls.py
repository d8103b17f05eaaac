"""HTTPS: the connection goes to the checked address, while the TLS server name and the
certificate check use the name from the URL."""

import pytest

from factcheck.fetching.client import FetchRefused, Refusal, safe_fetch


def test_https_reaches_the_checked_address_and_verifies_the_certificate_for_the_name(
    tls_site, local_site, resolver, connections
):
    looked_up = resolver({"news.example": ["127.0.0.1"]})
    fetched = safe_fetch(
        f"https://news.example:{tls_site.port}/echo-host",
        allowed=local_site.allowed,
        allowed_ports=(tls_site.port,),
        tls_context=tls_site.trusting_context(),
    )
    assert fetched.body == f"news.example:{tls_site.port}".encode()
    assert fetched.final_url == f"https://news.example:{tls_site.port}/echo-host"
    assert tls_site.server_names[-1] == "news.example"
    assert looked_up.count("news.example") == 1
    assert connections.made == ["127.0.0.1"]


def test_a_certificate_for_another_name_is_refused(tls_site, local_site, resolver):
    resolver({"other.example": ["127.0.0.1"]})
    with pytest.raises(FetchRefused) as caught:
        safe_fetch(
            f"https://other.example:{tls_site.port}/plain.txt",
            allowed=local_site.allowed,
            allowed_ports=(tls_site.port,),
            tls_context=tls_site.trusting_context(),
        )
    assert caught.value.code == Refusal.TLS_FAILURE
    assert caught.value.message.startswith(
        "The certificate of other.example could not be verified (Hostname mismatch"
    )


def test_a_certificate_from_an_unknown_authority_is_refused(tls_site, local_site, resolver):
    resolver({"news.example": ["127.0.0.1"]})
    with pytest.raises(FetchRefused) as caught:
        safe_fetch(
            f"https://news.example:{tls_site.port}/plain.txt",
            allowed=local_site.allowed,
            allowed_ports=(tls_site.port,),
        )
    assert caught.value.code == Refusal.TLS_FAILURE
    assert "could not be verified (unable to get local issuer certificate)" in caught.value.message
