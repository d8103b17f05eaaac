"""The address policy: public addresses pass, every internal range is refused with its name,
also when an IPv6 address carries an internal IPv4 address inside it."""

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.fetching.addresses import in_networks, parse_networks, refusal_reason

ipv4_addresses = st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address)
internal_ipv4 = ipv4_addresses.filter(lambda ip: refusal_reason(ip) is not None)


@pytest.mark.parametrize("address", ["93.184.215.14", "1.1.1.1", "2606:4700::1111"])
def test_public_addresses_pass(address):
    assert refusal_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "the loopback range (this machine)"),
        ("127.5.6.7", "the loopback range (this machine)"),
        ("::1", "the loopback range (this machine)"),
        ("10.0.0.1", "a private range"),
        ("172.16.0.1", "a private range"),
        ("192.168.1.1", "a private range"),
        ("fd12:3456::1", "a private range"),
        ("169.254.169.254", "the link-local range (this includes cloud metadata services)"),
        ("fe80::1", "the link-local range (this includes cloud metadata services)"),
        ("fe80::1%eth0", "a scoped (zone-qualified) IPv6 address"),
        ("100.64.0.1", "the carrier-grade NAT shared range (100.64.0.0/10)"),
        ("224.0.0.1", "a multicast range"),
        ("ff02::1", "a multicast range"),
        ("240.0.0.1", "a private range"),  # Python files 240/4 under both private and reserved
        ("255.255.255.255", "a private range"),
        ("0.0.0.0", "the unspecified range (0.0.0.0 or ::)"),  # noqa: S104
        ("::", "the unspecified range (0.0.0.0 or ::)"),
        ("fec0::1", "the deprecated IPv6 site-local range"),
        ("192.0.2.1", "a private range"),  # documentation
        ("::ffff:127.0.0.1", "an IPv4-mapped IPv6 address (it stands for 127.0.0.1)"),
        ("::ffff:8.8.8.8", "an IPv4-mapped IPv6 address (it stands for 8.8.8.8)"),
        ("2002:a00:1::", "a 6to4 IPv6 address (it stands for 10.0.0.1)"),
        (
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "a Teredo IPv6 address (it stands for 192.0.2.45)",
        ),
        ("64:ff9b::7f00:1", "a NAT64 IPv6 address (it stands for 127.0.0.1)"),
        ("::127.0.0.1", "an IPv4-compatible IPv6 address (it stands for 127.0.0.1)"),
    ],
)
def test_internal_addresses_are_refused_with_the_range_named(address, reason):
    assert refusal_reason(ipaddress.ip_address(address)) == reason


@settings(max_examples=300, deadline=None, database=None)
@given(internal_ipv4)
def test_every_ipv6_form_of_an_internal_ipv4_address_is_refused(ip):
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    sixtofour = ipaddress.IPv6Address((0x2002 << 112) | (int(ip) << 80))
    nat64 = ipaddress.IPv6Address(f"64:ff9b::{ip}")
    for wrapped in (mapped, sixtofour, nat64):
        assert refusal_reason(wrapped) is not None, wrapped


@settings(max_examples=300, deadline=None, database=None)
@given(ipv4_addresses)
def test_any_ipv4_mapped_address_is_refused(ip):
    assert refusal_reason(ipaddress.IPv6Address(f"::ffff:{ip}")) is not None


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address))
def test_only_global_ipv6_addresses_pass(ip):
    if refusal_reason(ip) is None:
        assert ip.is_global and not ip.is_multicast and not ip.is_reserved


def test_allowed_networks_parse_from_a_comma_separated_list():
    assert parse_networks(" 127.0.0.1, 10.1.0.0/16 ,::1,") == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.1.0.0/16"),
        ipaddress.ip_network("::1/128"),
    )
    assert parse_networks("") == ()


def test_an_entry_that_is_not_an_address_is_named():
    with pytest.raises(ValueError, match="'localhost' is not an IP address or network"):
        parse_networks("127.0.0.1,localhost")


def test_an_ipv4_allowance_does_not_cover_the_mapped_ipv6_form():
    allowed = parse_networks("127.0.0.1")
    assert in_networks(ipaddress.ip_address("127.0.0.1"), allowed)
    assert not in_networks(ipaddress.ip_address("::ffff:127.0.0.1"), allowed)
    assert not in_networks(ipaddress.ip_address("127.0.0.2"), allowed)
