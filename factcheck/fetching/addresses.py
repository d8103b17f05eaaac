"""Which IP addresses a server-side fetch may connect to.

Pure Python, no Django import: factcheck/fetching/client.py asks `refusal_reason` about
every address a host name resolves to, before any connection is made.

The base rule is `ipaddress`'s `is_global` (IANA's special-purpose registries: loopback,
RFC 1918 private, link-local, carrier-grade NAT 100.64.0.0/10, benchmarking, documentation,
unique-local, ...). It is not enough on its own, so on top of it we refuse:

- multicast and reserved ranges (Python counts 224.0.0.1 and ff02::1 as "global");
- every IPv6 address that carries an IPv4 address inside it: IPv4-mapped (::ffff:0:0/96),
  IPv4-compatible (::/96), 6to4 (2002::/16), Teredo (2001::/32) and NAT64 (64:ff9b::/96,
  64:ff9b:1::/48). A host or gateway may translate such an address to the IPv4 one it
  embeds, so ::ffff:127.0.0.1 can reach this machine's loopback; no public news site needs
  to be reached through one;
- IPv6 site-local (fec0::/10), deprecated but still routed by some networks.

An operator may allow chosen networks (FACTCHECK_FETCH_ALLOWED_ADDRESSES: the test suite's
local HTTP server on 127.0.0.1); `is_allowed` takes them as an argument.
"""

import ipaddress
from collections.abc import Iterable

type IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
type IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

CARRIER_GRADE_NAT = ipaddress.IPv4Network("100.64.0.0/10")
NAT64_PREFIXES = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def parse_networks(text: str) -> tuple[IPNetwork, ...]:
    """ "127.0.0.1, 10.1.0.0/16, ::1" -> networks; a single address is a /32 or /128.

    Raises ValueError naming the entry that is neither an address nor a network.
    """
    networks = []
    for entry in (item.strip() for item in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ValueError(f"{entry!r} is not an IP address or network ({error})") from None
    return tuple(networks)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address carries, with the name of the scheme, if any."""
    if ip.ipv4_mapped is not None:
        return "an IPv4-mapped IPv6 address", ip.ipv4_mapped
    if ip.sixtofour is not None:
        return "a 6to4 IPv6 address", ip.sixtofour
    if ip.teredo is not None:
        return "a Teredo IPv6 address", ip.teredo[1]
    for prefix in NAT64_PREFIXES:
        if ip in prefix:
            return "a NAT64 IPv6 address", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in IPV4_COMPATIBLE and int(ip) > 1:
        return "an IPv4-compatible IPv6 address", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal_reason(ip: IPAddress) -> str | None:
    """Why a fetch must not connect to `ip` ("the loopback range", ...), or None if it may.

    The reason completes the sentence "The address ... is in ..." shown to the user.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a scoped (zone-qualified) IPv6 address"
        embedded = embedded_ipv4(ip)
        if embedded is not None:
            scheme, inner = embedded
            return f"{scheme} (it stands for {inner})"
    if ip.is_unspecified:
        return "the unspecified range (0.0.0.0 or ::)"
    if ip.is_loopback:
        return "the loopback range (this machine)"
    if ip.is_link_local:
        return "the link-local range (this includes cloud metadata services)"
    if ip.is_multicast:
        return "a multicast range"
    if ip in CARRIER_GRADE_NAT:
        return "the carrier-grade NAT shared range (100.64.0.0/10)"
    if ip.is_private:
        return "a private range"
    if ip.is_reserved:
        return "a reserved range"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "the deprecated IPv6 site-local range"
    if not ip.is_global:
        return "a range that is not publicly routable"
    return None


def in_networks(ip: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    # An IPv4 address is never in an IPv6 network and vice versa: an allowance for
    # 127.0.0.1 does not let ::ffff:127.0.0.1 through.
    return any(ip.version == network.version and ip in network for network in networks)
