"""The address policy: which resolved IP addresses the fetcher may connect to.

The decision is made on the *resolved* address, at connect time, for every hop (see
`fetch.connection`), never on the host string: `getaddrinfo` turns `2130706434`,
`0x7f000002`, `0177.0.0.2` and `127.2` into 127.0.0.2 while `ipaddress` rejects them.

Python 3.11's `ipaddress` needs help (safety.md §0.1): it calls `::ffff:127.0.0.1` not
loopback, and `64:ff9b::7f00:1` (NAT64) and `2002:7f00:1::` (6to4) global. So IPv4-mapped
addresses are unwrapped and judged as the IPv4 address they are, and the tunnelling ranges
(NAT64, 6to4, Teredo) are refused outright, naming the IPv4 address they embed.

An operator may allow networks that are not public (`fetch_allow_networks`, e.g.
`10.0.0.0/8` for an intranet, `127.0.0.1/32` in tests). An address is allowed when it, or
the IPv4 address an IPv4-mapped address stands for, lies in one of them. The tunnelling
ranges are only allowed by listing the IPv6 range itself (e.g. `64:ff9b::/96` on a DNS64
host): reaching 10.0.0.1 *through* NAT64 is not reaching 10.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence

from newsdesk.errors import ForbiddenAddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

Resolver = Callable[[str, int], list[str]]
"""(host, port) -> the IP addresses (as strings) the host resolves to; OSError on failure."""


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system (`getaddrinfo`), TCP addresses only, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def _nets(*cidrs: str) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(c) for c in cidrs)


# Checked in order; the first match names the reason.
_V4_RANGES: tuple[tuple[str, tuple[IPNetwork, ...]], ...] = (
    ("unspecified address", _nets("0.0.0.0/8")),
    ("loopback address", _nets("127.0.0.0/8")),
    ("private network", _nets("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
    ("shared address space (CGNAT)", _nets("100.64.0.0/10")),
    ("link-local address", _nets("169.254.0.0/16")),
    ("IETF protocol assignment", _nets("192.0.0.0/24")),
    ("documentation address", _nets("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")),
    ("benchmarking network", _nets("198.18.0.0/15")),
    ("6to4 relay anycast", _nets("192.88.99.0/24")),
    ("multicast address", _nets("224.0.0.0/4")),
    ("reserved address", _nets("240.0.0.0/4")),  # includes 255.255.255.255
)

_V6_RANGES: tuple[tuple[str, tuple[IPNetwork, ...]], ...] = (
    ("unspecified address", _nets("::/128")),
    ("loopback address", _nets("::1/128")),
    ("IPv4-compatible address", _nets("::/96")),
    ("discard-only address", _nets("100::/64")),
    ("benchmarking network", _nets("2001:2::/48")),
    ("ORCHID address", _nets("2001:10::/28", "2001:20::/28")),
    ("documentation address", _nets("2001:db8::/32", "3fff::/20")),
    ("SRv6 SID", _nets("5f00::/16")),
    ("unique local address", _nets("fc00::/7")),
    ("link-local address", _nets("fe80::/10")),
    ("site-local address", _nets("fec0::/10")),
    ("multicast address", _nets("ff00::/8")),
)

_NAT64 = _nets("64:ff9b::/96", "64:ff9b:1::/48")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
_TEREDO = ipaddress.ip_network("2001::/32")
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")


def parse_ip(ip: str | IPAddress) -> IPAddress:
    """An address from a string, dropping an IPv6 zone (`fe80::1%eth0`); ValueError if not one."""
    if isinstance(ip, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return ip
    return ipaddress.ip_address(ip.split("%", 1)[0].strip("[]"))


def parse_networks(cidrs: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Networks from CIDR strings (host bits allowed); ValueError on a bad one."""
    return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs)


def _unwrap_mapped(addr: IPAddress) -> IPAddress:
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def _in_any(addr: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    return any(addr.version == net.version and addr in net for net in networks)


def _tunnel_reason(addr: ipaddress.IPv6Address) -> str | None:
    if _in_any(addr, _NAT64):
        return f"NAT64 address embedding {ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)}"
    if addr in _SIX_TO_FOUR:
        return f"6to4 address embedding {addr.sixtofour}"
    if addr in _TEREDO:
        teredo = addr.teredo
        return f"Teredo address embedding {teredo[1]}" if teredo else "Teredo address"
    return None


def _v6_reason(addr: ipaddress.IPv6Address) -> str | None:
    for reason, networks in _V6_RANGES:
        if _in_any(addr, networks):
            return reason
    tunnel = _tunnel_reason(addr)
    if tunnel is not None:
        return tunnel
    if addr not in _GLOBAL_UNICAST_V6 or not addr.is_global:
        return "reserved address"
    return None


def _v4_reason(addr: ipaddress.IPv4Address) -> str | None:
    for reason, networks in _V4_RANGES:
        if _in_any(addr, networks):
            return reason
    if not addr.is_global:
        return "not a public address"
    return None


def forbidden_reason(
    ip: str | IPAddress, allow_networks: Sequence[str | IPNetwork] = ()
) -> str | None:
    """Why the fetcher must not connect to `ip`, or None when it may.

    Unparseable input is refused ("not an IP address") rather than raising: the answer
    of a resolver is untrusted data too.
    """
    try:
        addr = parse_ip(ip)
    except ValueError:
        return "not an IP address"
    allowed = [n if not isinstance(n, str) else parse_networks([n])[0] for n in allow_networks]
    inner = _unwrap_mapped(addr)
    if _in_any(addr, allowed) or _in_any(inner, allowed):
        return None
    if isinstance(inner, ipaddress.IPv4Address):
        reason = _v4_reason(inner)
        if reason is not None and inner is not addr:
            return f"IPv4-mapped {reason} {inner}"
        return reason
    return _v6_reason(inner)


class AddressPolicy:
    """The policy with its allow-list parsed once; immutable and thread-safe."""

    def __init__(self, allow_networks: Sequence[str] = ()) -> None:
        self.allow_networks: tuple[IPNetwork, ...] = parse_networks(allow_networks)

    def reason(self, ip: str) -> str | None:
        return forbidden_reason(ip, self.allow_networks)

    def check(self, host: str, ip: str) -> None:
        """Raise `errors.ForbiddenAddress` when `host`'s resolved `ip` is refused."""
        reason = self.reason(ip)
        if reason is not None:
            raise ForbiddenAddress(host, ip, reason)

    def __repr__(self) -> str:
        return f"AddressPolicy(allow_networks={[str(n) for n in self.allow_networks]!r})"
