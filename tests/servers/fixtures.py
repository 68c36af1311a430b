"""pytest fixtures around the hostile server, honeypots and fake DNS.

Register the module as a plugin in a test module (or once, in tests/conftest.py)::

    pytest_plugins = ["tests.servers.fixtures"]

then ask for `hostile_server`, `guarded_server`, `fake_resolver`, `loopback_client`,
`tls_certs`, `news_site` or `closed_news_site` by name. (Importing the fixtures instead
works too, but ruff reports every test argument that shadows the import as F811.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.fetch import SafeClient
from tests.servers.fakedns import FakeResolver
from tests.servers.hostile import (
    Honeypots,
    HostileServer,
    start_hostile_server,
    start_with_honeypots,
)
from tests.servers.loopback import LOOPBACK_FETCH_CONFIG
from tests.servers.newssite import NewsSite, start_news_site
from tests.servers.tls import TlsCerts, make_tls_certs, openssl_available


@pytest.fixture
def hostile_server() -> Iterator[HostileServer]:
    """A scriptable server on 127.0.0.1 (the "public internet" of the tests)."""
    server = start_hostile_server()
    yield server
    server.close()


@pytest.fixture
def guarded_server() -> Iterator[tuple[HostileServer, Honeypots]]:
    """(server on 127.0.0.1:P, honeypots on 127.0.0.2:P and [::1]:P)."""
    server, honeypots = start_with_honeypots()
    yield server, honeypots
    honeypots.close()
    server.close()


@pytest.fixture
def fake_resolver() -> FakeResolver:
    """The `.test` names of the address plan (see tests/servers/fakedns.py)."""
    return FakeResolver()


@pytest.fixture
def loopback_client(fake_resolver: FakeResolver) -> Iterator[SafeClient]:
    """A SafeClient that may reach 127.0.0.1 only, resolving `.test` names with fake DNS."""
    client = SafeClient(LOOPBACK_FETCH_CONFIG, resolver=fake_resolver)
    yield client
    client.close()


@pytest.fixture(scope="session")
def tls_certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCerts:
    """A CA and a `public.test` certificate (skips when the openssl command is missing)."""
    if not openssl_available():
        pytest.skip("the openssl command is needed to make test certificates")
    return make_tls_certs(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    """A fictional news site without feeds at http://public.test:P (see tests/servers/newssite.py)."""
    site = start_news_site()
    yield site
    site.close()


@pytest.fixture
def closed_news_site() -> Iterator[NewsSite]:
    """The same site with a robots.txt of `User-agent: *` / `Disallow: /`."""
    site = start_news_site(robots_disallow_all=True)
    yield site
    site.close()
