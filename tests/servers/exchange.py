"""The request a hostile-server handler gets, and the raw connection to answer on."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # as sent: path and query
    path: str
    query: str
    headers: Mapping[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes
    client: tuple[str, int]
    received_at: float  # time.monotonic() when the request head was complete
    server: tuple[str, int]  # the (address, port) that accepted it


@dataclass(frozen=True)
class Reply:
    """A complete, well-formed response for `dynamic()` handlers."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "application/xml"
    etag: str | None = None
    last_modified: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


class Exchange:
    """One request and the raw connection to answer it on."""

    def __init__(self, request: Request, sock: socket.socket, stop: threading.Event) -> None:
        self.request = request
        self._sock = sock
        self._stop = stop

    @property
    def closing(self) -> bool:
        return self._stop.is_set()

    def send(self, data: bytes) -> bool:
        """Send raw bytes; False when the client went away or the server is closing."""
        if self._stop.is_set():
            return False
        try:
            self._sock.sendall(data)
        except OSError:
            return False
        return True

    def sleep(self, seconds: float) -> bool:
        """Wait; False (early) when the server is closing."""
        return not self._stop.wait(seconds)

    def respond(
        self, status: int, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> bool:
        head = dict(headers or {})
        names = {k.lower() for k in head}
        if "content-length" not in names and "transfer-encoding" not in names:
            head["Content-Length"] = str(len(body))
        head.setdefault("Connection", "close")
        return self.send(response_head(status, head) + (b"" if status == 304 else body))

    def respond_conditional(
        self,
        body: bytes,
        *,
        content_type: str | None = "application/xml",
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
        status: int = 200,
    ) -> bool:
        """200 with validators, or 304 when the request's validators match them."""
        head = dict(headers or {})
        if content_type:
            head.setdefault("Content-Type", content_type)
        if etag:
            head["ETag"] = etag
        if last_modified:
            head["Last-Modified"] = last_modified
        if not_modified(self.request, etag, last_modified):
            return self.respond(304, b"", {k: v for k, v in head.items() if k in ("ETag", "Last-Modified")})
        return self.respond(status, body, head)


Handler = Callable[[Exchange], None]


def not_modified(request: Request, etag: str | None, last_modified: str | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; otherwise an exact If-Modified-Since match."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        return etag is not None and (etag in tags or "*" in tags)
    since = request.headers.get("if-modified-since")
    return since is not None and last_modified is not None and since == last_modified


def response_head(status: int, headers: Mapping[str, str], reason: str | None = None) -> bytes:
    if reason is None:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Whatever"
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
