"""Handlers for the hostile server: well-behaved (static, dynamic with ETag/304) and not
(drips, silence, endless bodies, lies, raw bytes). Each returns a `Handler`."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from tests.servers.exchange import Exchange, Handler, Reply, Request, response_head


def static(
    body: bytes,
    content_type: str | None = "application/xml",
    *,
    status: int = 200,
    etag: str | None = None,
    last_modified: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Handler:
    """A fixed body with optional validators; answers 304 to a matching conditional GET."""

    def handle(ex: Exchange) -> None:
        ex.respond_conditional(body, content_type=content_type, etag=etag,
                               last_modified=last_modified, headers=headers, status=status)

    return handle


def dynamic(make: Callable[[Request], Reply]) -> Handler:
    """A response computed per request (feeds that change, GUID churn...), with 304 support."""

    def handle(ex: Exchange) -> None:
        reply = make(ex.request)
        ex.respond_conditional(reply.body, content_type=reply.content_type, etag=reply.etag,
                               last_modified=reply.last_modified, headers=reply.headers,
                               status=reply.status)

    return handle


def fixed(status: int, body: bytes = b"", headers: Mapping[str, str] | None = None) -> Handler:
    """Any status with a well-formed body (404, 410, 500, a 200 with an empty body...)."""

    def handle(ex: Exchange) -> None:
        ex.respond(status, body, headers)

    return handle


def redirect(location: str, status: int = 302) -> Handler:
    return fixed(status, b"moved", {"Location": location})


def retry_after(value: str, status: int = 429) -> Handler:
    return fixed(status, b"slow down", {"Retry-After": value})


def encoded(body: bytes, encoding: str, content_type: str = "application/xml") -> Handler:
    """`body` sent as-is under `Content-Encoding: encoding` (bombs, stacked or bogus codings)."""
    return fixed(200, body, {"Content-Type": content_type, "Content-Encoding": encoding})


def raw(data: bytes) -> Handler:
    """Exactly these bytes, then close (malformed status lines, broken framing...)."""

    def handle(ex: Exchange) -> None:
        ex.send(data)

    return handle


def drip(body: bytes, interval: float = 0.5, content_type: str = "application/xml") -> Handler:
    """Complete headers at once, then the body one byte every `interval` seconds."""

    def handle(ex: Exchange) -> None:
        head = {"Content-Type": content_type, "Content-Length": str(len(body)), "Connection": "close"}
        if not ex.send(response_head(200, head)):
            return
        for i in range(len(body)):
            if not ex.sleep(interval) or not ex.send(body[i : i + 1]):
                return

    return handle


def drip_head(interval: float = 0.5) -> Handler:
    """The status line and headers one byte every `interval` seconds, forever."""

    def handle(ex: Exchange) -> None:
        head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 100_000
        for i in range(len(head)):
            if not ex.sleep(interval) or not ex.send(head[i : i + 1]):
                return

    return handle


def silent() -> Handler:
    """Read the request, never answer (until the client or the server gives up)."""

    def handle(ex: Exchange) -> None:
        while ex.sleep(0.05):
            pass

    return handle


def endless_chunked(chunk: bytes = b"x" * 65536) -> Handler:
    """A chunked body that never ends."""

    def handle(ex: Exchange) -> None:
        head = {"Content-Type": "application/xml", "Transfer-Encoding": "chunked", "Connection": "close"}
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        if ex.send(response_head(200, head)):
            while ex.send(frame):
                pass

    return handle


def endless_unframed(chunk: bytes = b"x" * 65536) -> Handler:
    """No Content-Length, no chunking: a body delimited by a close that never comes."""

    def handle(ex: Exchange) -> None:
        if ex.send(response_head(200, {"Content-Type": "application/xml", "Connection": "close"})):
            while ex.send(chunk):
                pass

    return handle


def length_lie(declared: int, sent: bytes = b"<rss>") -> Handler:
    """Declares `declared` bytes, sends `sent`, then closes."""
    return fixed(200, sent, {"Content-Type": "application/xml", "Content-Length": str(declared)})


def recording(handler: Handler, log: list[tuple[str, float, float]]) -> Handler:
    """Wrap `handler`, appending (path, start, end) monotonic times to `log` (thread-safe)."""

    def handle(ex: Exchange) -> None:
        start = time.monotonic()
        try:
            handler(ex)
        finally:
            log.append((ex.request.path, start, time.monotonic()))

    return handle
