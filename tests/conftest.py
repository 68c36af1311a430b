"""Shared test fixtures.

A socket guard (an audit hook, installed for the whole session) makes any connection to an
address outside loopback a test failure, and any DNS lookup of a real name too: tests talk
only to 127.0.0.1, 127.0.0.2 and ::1 (see ../shared/design/safety.md §2.3).
"""

from __future__ import annotations

import ipaddress
import sys
from typing import Any

ALLOWED_HOSTS = {"127.0.0.1", "127.0.0.2", "::1", "localhost", "::ffff:127.0.0.1", "::ffff:127.0.0.2"}


class ForbiddenTestConnection(RuntimeError):
    pass


def _host_ok(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return True  # unix sockets, fds
    if host in ALLOWED_HOSTS or host == "":
        return True
    if host.endswith(".test"):
        return True  # reserved name; the fetcher's fake resolvers answer these
    try:
        addr = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_loopback or addr.is_unspecified


def _guard(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _host_ok(address[0]):
            raise ForbiddenTestConnection(f"test tried to connect to {address!r}")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if host is not None and not _host_ok(host):
            # numeric forms such as 2130706434 or 0x7f000002 are loopback aliases the
            # fetcher's tests use on purpose; anything else would be real DNS
            text = host.decode() if isinstance(host, bytes) else str(host)
            if not (text.replace(".", "").isdigit() or text.lower().startswith("0x")):
                raise ForbiddenTestConnection(f"test tried to resolve {host!r}")


sys.addaudithook(_guard)


# -- databases: every storage test runs on SQLite and on PostgreSQL ---------------------------
import os  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

PG_ADMIN_URL = os.environ.get("NEWSDESK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_admin() -> Any:
    import psycopg

    return psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"),
                           autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    try:
        admin = _pg_admin()
    except Exception as exc:  # any failure to connect means "no server"
        message = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (under CI=true a skipped PostgreSQL test is a failure)")
        pytest.skip(message)
    name = f"newsdesk_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    from newsdesk.store.engine import normalize_url
    from newsdesk.store.schema import metadata

    engine = create_engine(normalize_url(url))
    with engine.begin() as conn:
        exists = conn.execute(text("SELECT to_regclass('public.sources')")).scalar()
        if exists:
            names = ", ".join(t.name for t in metadata.sorted_tables if t.name != "site_state")
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            if conn.execute(text("SELECT to_regclass('public.site_state')")).scalar():
                conn.execute(text("UPDATE site_state SET items_version = 0"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A clean, empty database URL: a new SQLite file, or the session's PostgreSQL database
    emptied of rows."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsdesk.db'}"
    url: str = request.getfixturevalue("pg_database_url")
    _reset_pg(url)
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[Any]:
    from newsdesk.store import open_store

    s = open_store(database_url)
    try:
        yield s
    finally:
        s.close()
