"""A real loopback HTTP server that can misbehave, scripted per path; and honeypots.

Raw sockets in threads (not http.server), so a handler can send anything: a slow drip, no
status line at all, an endless body, a Content-Length lie, a decompression bomb::

    server = start_hostile_server()                      # 127.0.0.1, ephemeral port
    server.serve("/feed.xml", FEED, content_type="application/rss+xml", etag='"v1"')
    server.route("/slow", drip(b"<rss/>", interval=0.5))
    server.route("/news", dynamic(lambda request: Reply(body=make_feed())))
    url = server.url("/feed.xml")
    ...
    server.requests          # every request seen: method, path, headers (lower-case)
    server.close()

A handler is any `Callable[[Exchange], None]`; `Exchange` has the request and raw
`send()`/`sleep()`, plus `respond()` and `respond_conditional()` (ETag/Last-Modified
with 304 handling). Unrouted paths get a 404. Each connection serves one request and is
closed (responses say `Connection: close`).

`Honeypot` listens on a forbidden address (127.0.0.2, ::1) and only counts connections:
tests assert it stays at zero.

The handler factories live in handlers.py, the request/exchange types in exchange.py and
the bombs in bombs.py; everything is re-exported here, so one import is enough.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from tests.servers.bombs import brotli_bomb, gzip_bomb
from tests.servers.exchange import Exchange, Handler, Reply, Request, not_modified, response_head
from tests.servers.handlers import (
    drip,
    drip_head,
    dynamic,
    encoded,
    endless_chunked,
    endless_unframed,
    fixed,
    length_lie,
    raw,
    recording,
    redirect,
    retry_after,
    silent,
    static,
)

__all__ = [
    "Exchange", "Handler", "Honeypot", "Honeypots", "HostileServer", "Reply", "Request",
    "brotli_bomb", "drip", "drip_head", "dynamic", "encoded", "endless_chunked",
    "endless_unframed", "fixed", "gzip_bomb", "length_lie", "not_modified", "raw",
    "recording", "redirect", "response_head", "retry_after", "silent", "start_hostile_server",
    "start_with_honeypots", "static",
]

MAX_HEAD = 64 * 1024


class _Listener:
    """A listening socket with an accept thread; subclasses handle each connection."""

    def __init__(self, host: str, port: int = 0) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._sock = socket.create_server((host, port), family=family, backlog=64)
        self._sock.settimeout(0.05)
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept_loop, daemon=True,
                                          name=f"hostile-accept-{host}:{self.port}")
        self._accepter.start()

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._conns.add(conn)
            self._accepted(conn, peer)

    def _accepted(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        thread = threading.Thread(target=self._serve, args=(conn, peer), daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _serve(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        try:
            self._handle(conn, peer)
        finally:
            _close(conn)
            with self._lock:
                self._conns.discard(conn)
                self._conns = {c for c in self._conns if c.fileno() != -1}

    def _handle(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stop.set()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes accept() at once on Linux
        except OSError:
            pass
        self._sock.close()
        with self._lock:
            conns, threads = list(self._conns), list(self._threads)
        for conn in conns:
            _close(conn)
        self._accepter.join(timeout=2)
        for thread in threads:
            thread.join(timeout=2)

    def __enter__(self) -> _Listener:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _close(conn: socket.socket) -> None:
    try:
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    conn.close()


class HostileServer(_Listener):
    def __init__(self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        self._routes: dict[str, Handler] = {}
        self._requests: list[Request] = []
        self._tls = tls
        self.server_names: list[str | None] = []  # TLS SNI names clients sent
        self.errors: list[BaseException] = []  # unexpected exceptions raised by handlers
        if tls is not None:
            tls.sni_callback = self._record_sni
        super().__init__(host, port)

    def _record_sni(self, _sock: ssl.SSLObject | ssl.SSLSocket, name: str | None, _ctx: ssl.SSLContext) -> None:
        with self._lock:
            self.server_names.append(name)

    @property
    def base_url(self) -> str:
        url = super().base_url
        return url.replace("http://", "https://") if self._tls is not None else url

    def route(self, path: str, handler: Handler) -> str:
        """Answer `path` (query ignored) with `handler`; returns the full URL."""
        with self._lock:
            self._routes[path] = handler
        return self.url(path)

    def serve(
        self,
        path: str,
        body: bytes,
        content_type: str | None = "application/xml",
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """A static body at `path` (with 304 support when validators are given); its URL."""
        return self.route(path, static(body, content_type, etag=etag,
                                       last_modified=last_modified, headers=headers))

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def _handle(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        conn.settimeout(10)
        if self._tls is not None:
            try:
                conn = self._tls.wrap_socket(conn, server_side=True)
            except (OSError, ssl.SSLError):
                return  # the client refused our certificate (or went away)
            with self._lock:
                self._conns.add(conn)  # close() must shut down the TLS socket now
            try:
                self._answer(conn, peer)
            finally:
                _close(conn)
        else:
            self._answer(conn, peer)

    def _answer(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        request = _read_request(conn, peer, (self.host, self.port))
        if request is None:
            return
        with self._lock:
            self._requests.append(request)
            handler = self._routes.get(request.path, fixed(404, b"not found"))
        conn.settimeout(30)
        try:
            handler(Exchange(request, conn, self._stop))
        except OSError:
            pass  # the client went away
        except Exception as exc:  # a broken test handler: keep it for the test to see
            self.errors.append(exc)
            raise


def _read_request(conn: socket.socket, peer: tuple[str, int], server: tuple[str, int]) -> Request | None:
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk or len(data) > MAX_HEAD:
                return None
            data += chunk
    except OSError:
        return None
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return None
    method, target, _version = parts
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    body = _read_body(conn, rest, headers)
    path, _, query = target.partition("?")
    return Request(method, target, path, query, headers, body, peer, time.monotonic(), server)


def _read_body(conn: socket.socket, rest: bytes, headers: Mapping[str, str]) -> bytes:
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return rest[:length]


class Honeypot(_Listener):
    """Listens on a forbidden address and counts accepted connections (then drops them)."""

    def __init__(self, host: str, port: int = 0) -> None:
        self._count = 0
        super().__init__(host, port)

    @property
    def connections(self) -> int:
        with self._lock:
            return self._count

    def _accepted(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        with self._lock:
            self._count += 1
            self._conns.discard(conn)
        _close(conn)


def start_hostile_server(
    host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
) -> HostileServer:
    """A server on `host` (https when given a server-side `tls` context)."""
    return HostileServer(host, port, tls)


@dataclass
class Honeypots:
    """The forbidden listeners of the address plan (safety.md §2.1), on one port."""

    v4: Honeypot  # 127.0.0.2
    v6: Honeypot  # ::1

    @property
    def connections(self) -> int:
        return self.v4.connections + self.v6.connections

    def close(self) -> None:
        self.v4.close()
        self.v6.close()


def start_with_honeypots(attempts: int = 20) -> tuple[HostileServer, Honeypots]:
    """A server on 127.0.0.1:P and honeypots on 127.0.0.2:P and [::1]:P (the same P), so
    one URL port serves every name a fake resolver maps to any of them."""
    for _ in range(attempts):
        server = start_hostile_server()
        try:
            v4 = Honeypot("127.0.0.2", server.port)
        except OSError:
            server.close()
            continue
        try:
            v6 = Honeypot("::1", server.port)
        except OSError:
            v4.close()
            server.close()
            continue
        return server, Honeypots(v4, v6)
    raise RuntimeError("no port free on 127.0.0.1, 127.0.0.2 and ::1 at once")
