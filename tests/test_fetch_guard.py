"""The address policy as a pure function (safety.md N11, N2, §0.1) and the system resolver."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.errors import ForbiddenAddress
from newsdesk.fetch.guard import AddressPolicy, forbidden_reason, system_resolver

# N11, plus the ranges §2.1 lists and the spellings Python 3.11's ipaddress gets wrong.
FORBIDDEN = [
    "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "198.18.0.1",
    "224.0.0.1", "255.255.255.255", "fd00::1", "fe80::1", "64:ff9b::a9fe:a9fe",
    "2002:a9fe:a9fe::", "::ffff:10.0.0.1",
    "0.0.0.0", "0.1.2.3", "127.0.0.1", "127.0.0.2", "127.255.255.254", "::", "::1",
    "192.0.0.1", "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.88.99.1", "240.0.0.1",
    "239.255.255.250", "::ffff:127.0.0.1", "::ffff:7f00:2", "::ffff:169.254.169.254",
    "::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b:1::a00:1", "2002:7f00:1::", "2001::1",
    "2001:db8::1", "3fff::1", "2001:10::1", "2001:20::1", "100::1", "5f00::1", "fec0::1",
    "ff02::1", "fe80::1%eth0", "fc00::1",
]
PUBLIC = [
    "93.184.216.34", "1.1.1.1", "8.8.8.8", "151.101.1.69", "2606:4700:4700::1111",
    "2a00:1450:4001:81b::200e", "::ffff:93.184.216.34",
]


@pytest.mark.parametrize("ip", FORBIDDEN)
def test_non_public_addresses_are_refused(ip: str) -> None:
    assert forbidden_reason(ip) is not None


@pytest.mark.parametrize("ip", PUBLIC)
def test_public_addresses_are_allowed(ip: str) -> None:
    assert forbidden_reason(ip) is None


@pytest.mark.parametrize(
    ("ip", "words"),
    [
        ("127.0.0.2", "loopback"),
        ("::ffff:127.0.0.2", "IPv4-mapped loopback"),
        ("64:ff9b::a9fe:a9fe", "NAT64 address embedding 169.254.169.254"),
        ("2002:a9fe:a9fe::", "6to4 address embedding 169.254.169.254"),
        ("100.64.0.1", "CGNAT"),
        ("10.1.2.3", "private"),
        ("not-an-ip", "not an IP address"),
    ],
)
def test_reason_says_why(ip: str, words: str) -> None:
    reason = forbidden_reason(ip)
    assert reason is not None and words in reason


def test_allow_list_is_exact_and_unwraps_ipv4_mapped() -> None:
    allow = ["127.0.0.1/32"]
    assert forbidden_reason("127.0.0.1", allow) is None
    assert forbidden_reason("::ffff:127.0.0.1", allow) is None
    assert forbidden_reason("127.0.0.2", allow) is not None
    assert forbidden_reason("::1", allow) is not None
    assert forbidden_reason("::ffff:127.0.0.2", allow) is not None
    # reaching 127.0.0.1 *through* NAT64 or 6to4 is not reaching 127.0.0.1
    assert forbidden_reason("64:ff9b::7f00:1", allow) is not None
    assert forbidden_reason("2002:7f00:1::", allow) is not None


def test_allow_list_for_an_intranet_and_for_dns64() -> None:
    assert forbidden_reason("10.9.8.7", ["10.0.0.0/8"]) is None
    assert forbidden_reason("::ffff:10.9.8.7", ["10.0.0.0/8"]) is None
    assert forbidden_reason("10.9.8.7", ["10.0.0.0/24"]) is not None
    assert forbidden_reason("64:ff9b::a00:1", ["64:ff9b::/96"]) is None
    assert forbidden_reason("fd12::1", ["fd00::/8"]) is None


def test_policy_check_raises_forbidden_address_naming_host_and_address() -> None:
    policy = AddressPolicy(["127.0.0.1/32"])
    policy.check("public.test", "127.0.0.1")
    with pytest.raises(ForbiddenAddress) as caught:
        policy.check("internal.test", "127.0.0.2")
    assert caught.value.host == "internal.test"
    assert caught.value.address == "127.0.0.2"
    assert "loopback" in caught.value.reason
    assert "internal.test" in str(caught.value)


def test_policy_rejects_a_bad_network() -> None:
    with pytest.raises(ValueError):
        AddressPolicy(["10.0.0.0/33"])


@pytest.mark.parametrize("host", ["2130706434", "0x7f000002", "0177.0.0.2", "127.2", "127.0.0.2"])
def test_numeric_aliases_resolve_to_the_forbidden_address(host: str) -> None:
    # why the policy judges resolved addresses: a string check would miss all of these
    assert system_resolver(host, 80) == ["127.0.0.2"]
    assert forbidden_reason(system_resolver(host, 80)[0], ["127.0.0.1/32"]) is not None


ipv4s = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)


@given(ipv4s)
def test_ipv4_mapped_is_judged_as_its_ipv4(v4: ipaddress.IPv4Address) -> None:
    mapped = ipaddress.IPv6Address(f"::ffff:{v4}")
    assert (forbidden_reason(mapped) is None) == (forbidden_reason(v4) is None)


@given(ipv4s)
def test_tunnel_prefixes_are_refused_whatever_they_embed(v4: ipaddress.IPv4Address) -> None:
    nat64 = ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(v4))
    six_to_four = ipaddress.IPv6Address((0x2002 << 112) | (int(v4) << 80))
    assert forbidden_reason(nat64, ["127.0.0.1/32"]) is not None
    assert forbidden_reason(six_to_four, ["127.0.0.1/32"]) is not None


@given(st.integers(min_value=0, max_value=2**24 - 1))
def test_every_private_and_loopback_address_is_refused(low: int) -> None:
    for first in (10, 127):
        addr = ipaddress.IPv4Address((first << 24) | low)
        assert forbidden_reason(addr) is not None
        assert forbidden_reason(f"::ffff:{addr}") is not None
