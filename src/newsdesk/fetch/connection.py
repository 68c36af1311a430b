"""urllib3 connections that resolve their host themselves and connect only to checked IPs.

This is where the address policy bites (Miniflux puts it in `net.Dialer.Control`): the
connection asks the `Resolver` for the host's addresses, refuses the connection if **any**
of them is forbidden (a name with one public and one internal record is suspicious, and
refusing is simpler to reason about than picking), then connects to the first address that
answers — the very address that was checked, so DNS rebinding between check and connect
is impossible. `Host`, TLS SNI and the certificate check keep using the host name.

A connection is kept alive for the next request to the same origin only when its
response was read completely; it still goes to the address that was checked when it was
opened. A reused socket is attached to the new fetch's `Deadline` when it is taken from
the pool (a deadline that fired on it earlier left it shut down, and urllib3 then sees the
connection as dropped and opens, and checks, a new one). Environment proxies and `.netrc`
are never consulted: urllib3 does not read them and we configure no proxy.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from newsdesk.fetch.deadline import Deadline
from newsdesk.fetch.guard import AddressPolicy, Resolver

_CURRENT_DEADLINE: ContextVar[Deadline | None] = ContextVar("newsdesk_fetch_deadline", default=None)


@contextmanager
def deadline_scope(deadline: Deadline) -> Iterator[None]:
    """Sockets opened in this thread inside the block are attached to `deadline`."""
    token = _CURRENT_DEADLINE.set(deadline)
    try:
        yield
    finally:
        _CURRENT_DEADLINE.reset(token)


def _attach(sock: socket.socket | None) -> None:
    deadline = _CURRENT_DEADLINE.get()
    if deadline is not None and sock is not None:
        deadline.attach(sock)


SocketOptions = Sequence[tuple[int, int, int | bytes]]


class Connector:
    """Resolve a host, check every address against the policy, connect to a checked one."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver) -> None:
        self.policy = policy
        self.resolver = resolver

    def addresses(self, host: str, port: int) -> list[str]:
        """The host's addresses, all allowed; `ForbiddenAddress` or `socket.gaierror` if not."""
        try:
            found = self.resolver(host, port)
        except socket.gaierror:
            raise
        except (OSError, UnicodeError) as exc:  # e.g. an IDNA failure inside getaddrinfo
            raise socket.gaierror(f"cannot resolve {host!r}: {exc}") from exc
        if not found:
            raise socket.gaierror(f"{host} has no address")
        for ip in found:
            self.policy.check(host, ip)
        return list(found)

    def connect(
        self,
        host: str,
        port: int,
        timeout: float | None,
        socket_options: SocketOptions | None = None,
    ) -> socket.socket:
        last_error: OSError | None = None
        for ip in self.addresses(host, port):
            try:
                return _connect_ip(ip, port, timeout, socket_options)
            except OSError as exc:
                last_error = exc
        assert last_error is not None  # addresses() never returns an empty list
        raise last_error


def _connect_ip(
    ip: str, port: int, timeout: float | None, socket_options: SocketOptions | None
) -> socket.socket:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        for level, option, value in socket_options or ():
            sock.setsockopt(level, option, value)
        sock.settimeout(timeout)
        sock.connect((ip, port))
    except BaseException:
        sock.close()
        raise
    return sock


def _guarded_new_conn(conn: HTTPConnection, connector: Connector) -> socket.socket:
    timeout = conn.timeout if isinstance(conn.timeout, int | float) else None
    try:
        sock = connector.connect(conn.host, conn.port or 0, timeout, conn.socket_options)
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    except TimeoutError as exc:
        raise ConnectTimeoutError(
            conn, f"Connection to {conn.host} timed out. (connect timeout={conn.timeout})"
        ) from exc
    except OSError as exc:
        raise NewConnectionError(conn, f"Failed to establish a new connection: {exc}") from exc
    _attach(sock)
    sys.audit("http.client.connect", conn, conn.host, conn.port)
    return sock


class GuardedHTTPConnection(HTTPConnection):
    def __init__(self, *args: Any, connector: Connector, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._connector = connector

    def _new_conn(self) -> socket.socket:
        return _guarded_new_conn(self, self._connector)


class GuardedHTTPSConnection(HTTPSConnection):
    def __init__(self, *args: Any, connector: Connector, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._connector = connector

    def _new_conn(self) -> socket.socket:
        return _guarded_new_conn(self, self._connector)

    def connect(self) -> None:
        super().connect()
        _attach(self.sock)  # the TLS socket replaced the raw one attached in _new_conn


class _DeadlineOnCheckout:
    """Pool mixin: a kept-alive connection's socket joins the current fetch's deadline."""

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)  # type: ignore[misc]
        _attach(getattr(conn, "sock", None))
        return conn


class GuardedHTTPConnectionPool(_DeadlineOnCheckout, HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(_DeadlineOnCheckout, HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedPoolManager(PoolManager):
    """A PoolManager whose pools make only guarded connections (http and https only)."""

    def __init__(self, connector: Connector, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pool_classes_by_scheme = {
            "http": GuardedHTTPConnectionPool,
            "https": GuardedHTTPSConnectionPool,
        }
        self._connector = connector

    def _new_pool(
        self,
        scheme: str,
        host: str,
        port: int,
        request_context: dict[str, Any] | None = None,
    ) -> HTTPConnectionPool:
        context = dict(self.connection_pool_kw if request_context is None else request_context)
        context["connector"] = self._connector
        return super()._new_pool(scheme, host, port, context)

