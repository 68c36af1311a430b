"""HTTPS: the certificate and SNI are checked on the host name although the client connects
to the resolved, policy-checked IP; untrusted certificates are refused (N24); the deadline
also cuts off a dripping TLS server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from newsdesk import model
from newsdesk.errors import ErrorCode
from newsdesk.fetch import FetchConfig, SafeClient
from tests.servers.fakedns import FakeResolver
from tests.servers.hostile import Handler, HostileServer, drip, drip_head, start_hostile_server
from tests.servers.loopback import LOOPBACK_FETCH_CONFIG
from tests.servers.tls import TlsCerts

FEED = b"<rss/>"

pytest_plugins = ["tests.servers.fixtures"]  # hostile_server, loopback_client, ...


@pytest.fixture
def tls_server(tls_certs: TlsCerts) -> Iterator[HostileServer]:
    server = start_hostile_server(tls=tls_certs.server_context())
    yield server
    server.close()


@pytest.fixture
def tls_config(tls_certs: TlsCerts) -> FetchConfig:
    return replace(LOOPBACK_FETCH_CONFIG, ca_certs=str(tls_certs.ca))


def test_https_by_name_checks_the_certificate_against_the_name(
    tls_server: HostileServer, tls_config: FetchConfig, fake_resolver: FakeResolver
) -> None:
    tls_server.serve("/feed", FEED)
    with SafeClient(tls_config, resolver=fake_resolver) as client:
        outcome = client.get(f"https://public.test:{tls_server.port}/feed")
    assert isinstance(outcome, model.Fetched), outcome
    assert outcome.body == FEED
    assert tls_server.server_names == ["public.test"]  # SNI is the name, not 127.0.0.1
    assert tls_server.requests[0].headers["host"] == f"public.test:{tls_server.port}"


def test_certificate_for_another_name_is_refused(
    tls_server: HostileServer, tls_config: FetchConfig, fake_resolver: FakeResolver
) -> None:
    tls_server.serve("/feed", FEED)
    with SafeClient(tls_config, resolver=fake_resolver) as client:
        outcome = client.get(f"https://127.0.0.1:{tls_server.port}/feed")  # cert says public.test
    assert isinstance(outcome, model.FetchFailed) and outcome.code == ErrorCode.TLS_ERROR, outcome
    assert tls_server.requests == []


def test_untrusted_certificate_is_refused(
    tls_certs: TlsCerts, tls_config: FetchConfig, fake_resolver: FakeResolver
) -> None:
    server = start_hostile_server(tls=tls_certs.server_context(trusted=False))
    try:
        server.serve("/feed", FEED)
        for config in (tls_config, LOOPBACK_FETCH_CONFIG):  # our CA, and the system store
            with SafeClient(config, resolver=fake_resolver) as client:
                outcome = client.get(f"https://public.test:{server.port}/feed")
            assert isinstance(outcome, model.FetchFailed), outcome
            assert outcome.code == ErrorCode.TLS_ERROR, outcome
        assert server.requests == []
    finally:
        server.close()


@pytest.mark.parametrize(
    "handler", [drip(b"x" * 1000, interval=0.2), drip_head(interval=0.2)], ids=["body", "headers"]
)
def test_deadline_cuts_off_a_dripping_tls_server(
    tls_server: HostileServer, tls_config: FetchConfig, fake_resolver: FakeResolver, handler: Handler
) -> None:
    # the header drip is only stopped by the deadline's timer shutting the TLS socket down
    tls_server.route("/slow", handler)
    config = replace(tls_config, deadline=1.0, read_timeout=10.0)
    with SafeClient(config, resolver=fake_resolver) as client:
        started = time.monotonic()
        outcome = client.get(f"https://public.test:{tls_server.port}/slow")
        took = time.monotonic() - started
    assert isinstance(outcome, model.FetchFailed) and outcome.code == ErrorCode.TIMEOUT, outcome
    assert took < 3.0


def test_https_to_a_forbidden_address_is_refused_before_the_handshake(
    tls_config: FetchConfig, fake_resolver: FakeResolver
) -> None:
    with SafeClient(tls_config, resolver=fake_resolver) as client:
        outcome = client.get("https://internal.test:1/feed")
    assert isinstance(outcome, model.FetchFailed) and outcome.code == ErrorCode.FORBIDDEN_ADDRESS
