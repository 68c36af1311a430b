"""The address policy end to end (safety.md N1-N7): refused at connect, honeypots untouched.

The allow-list is exactly 127.0.0.1/32: the hostile server there is "the internet";
honeypots on 127.0.0.2 and ::1 (same port) are "internal" and must see zero connections,
whatever spelling, name or redirect leads to them.
"""

from __future__ import annotations

import pytest

from newsdesk import model
from newsdesk.errors import ErrorCode
from newsdesk.fetch import FetchConfig, SafeClient
from tests.servers.fakedns import FakeResolver
from tests.servers.hostile import Honeypots, HostileServer, redirect

FEED = b"<rss/>"
Guarded = tuple[HostileServer, Honeypots]

LITERALS = [
    "127.0.0.2", "[::1]", "2130706434", "0x7f000002", "0177.0.0.2", "127.2",
    "[::ffff:127.0.0.2]", "[::ffff:7f00:2]", "0.0.0.0", "[::]",
]
NAMES = [
    "internal.test", "v6.test", "both.test", "mapped.test", "zero.test", "metadata.test",
    "policy-only.test", "cgnat.test", "ula.test",
]

pytest_plugins = ["tests.servers.fixtures"]  # hostile_server, loopback_client, ...


def assert_refused(outcome: model.FetchOutcome, host: str) -> None:
    assert isinstance(outcome, model.FetchFailed), outcome
    assert outcome.code == ErrorCode.FORBIDDEN_ADDRESS, outcome
    assert host.strip("[]") in outcome.message  # the operator sees which host


def assert_untouched(server: HostileServer, honeypots: Honeypots, allowed_requests: int = 0) -> None:
    assert honeypots.connections == 0
    assert len(server.requests) == allowed_requests  # 0.0.0.0 would land on the server


@pytest.mark.parametrize("host", LITERALS)
def test_forbidden_literals_are_refused(guarded_server: Guarded, loopback_client: SafeClient, host: str) -> None:
    server, honeypots = guarded_server
    assert_refused(loopback_client.get(f"http://{host}:{server.port}/"), host)
    assert_untouched(server, honeypots)


@pytest.mark.parametrize("name", NAMES)
def test_names_resolving_to_forbidden_addresses_are_refused(
    guarded_server: Guarded, loopback_client: SafeClient, fake_resolver: FakeResolver, name: str
) -> None:
    server, honeypots = guarded_server
    assert_refused(loopback_client.get(f"http://{name}:{server.port}/"), name)
    assert_untouched(server, honeypots)
    assert fake_resolver.calls(name) == 1


@pytest.mark.parametrize("host", ["127.0.0.2", "[::1]", "2130706434", "internal.test", "both.test", "[::ffff:127.0.0.2]"])
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_to_a_forbidden_address_is_refused(
    guarded_server: Guarded, loopback_client: SafeClient, host: str, status: int
) -> None:
    server, honeypots = guarded_server
    start = server.route("/r", redirect(f"http://{host}:{server.port}/feed", status))
    outcome = loopback_client.get(start)
    assert_refused(outcome, host)
    assert_untouched(server, honeypots, allowed_requests=1)


def test_allowed_name_is_fetched_with_its_host_header(guarded_server: Guarded, loopback_client: SafeClient) -> None:
    server, honeypots = guarded_server
    server.serve("/feed", FEED)
    outcome = loopback_client.get(f"http://public.test:{server.port}/feed")
    assert isinstance(outcome, model.Fetched), outcome
    assert server.requests[0].headers["host"] == f"public.test:{server.port}"
    assert honeypots.connections == 0


def test_dns_rebinding_cannot_swap_the_checked_address(
    guarded_server: Guarded, loopback_client: SafeClient, fake_resolver: FakeResolver
) -> None:
    # rebind.test answers 127.0.0.1 once, then 127.0.0.2. A client that resolved once to
    # check and again to connect would reach the honeypot on the first fetch.
    server, honeypots = guarded_server
    server.serve("/feed", FEED)
    url = f"http://rebind.test:{server.port}/feed"
    first = loopback_client.get(url)
    assert isinstance(first, model.Fetched), first
    assert fake_resolver.calls("rebind.test") == 1  # one answer, checked and connected
    assert_refused(loopback_client.get(url), "rebind.test")
    assert honeypots.connections == 0
    assert len(server.requests) == 1


def test_rebinding_between_redirect_hops_is_caught(
    guarded_server: Guarded, loopback_client: SafeClient, fake_resolver: FakeResolver
) -> None:
    server, honeypots = guarded_server
    server.route("/r", redirect("/feed"))
    assert_refused(loopback_client.get(f"http://rebind.test:{server.port}/r"), "rebind.test")
    assert honeypots.connections == 0
    assert [r.path for r in server.requests] == ["/r"]
    assert fake_resolver.calls("rebind.test") == 2  # every hop resolves and checks again


def test_default_policy_refuses_loopback_entirely(guarded_server: Guarded, fake_resolver: FakeResolver) -> None:
    server, honeypots = guarded_server
    server.serve("/feed", FEED)
    with SafeClient(FetchConfig(), resolver=fake_resolver) as client:
        assert_refused(client.get(server.url("/feed")), "127.0.0.1")
    assert_untouched(server, honeypots)
