"""A cache of whole GET responses, invalidated when items change.

Pages, feeds and API answers are pure functions of the stored items (and the URL), so each
200 response is kept under its path and query and served again until items change — this
process's own writes at once, other processes' (the store's `items_version`, read at most
every `check_every` seconds, so a burst of requests costs one query) within that time — or
the entry is `max_age` seconds old (relative dates such as "3 hours ago"
stay roughly right). Every cached answer carries a strong ETag; a matching If-None-Match
gets 304. Bounded: at most `max_entries` responses and `max_bytes` in all, least recently
used first out. Only responses without Set-Cookie and with a body under 1 MiB are kept.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1 << 20


@dataclass(frozen=True, slots=True)
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    version: tuple[int, int]
    created: float


class ResponseCache:
    def __init__(self, app: ASGIApp, version: Callable[[], int], local_version: Callable[[], int],
                 *, check_every: float = 1.0,
                 max_age: float = 60.0, max_entries: int = 4096,
                 max_bytes: int = 128 << 20) -> None:
        self.app = app
        self._version_of = version
        self._local_of = local_version
        self.check_every = check_every
        self.max_age = max_age
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._version = -1
        self._checked = -1e9

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] == "/healthz":
            await self.app(scope, receive, send)
            return
        key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
        version = await self._current_version()
        entry = self._get(key, version)
        if entry is None:
            entry = await self._fill(key, version, scope, receive, send)
            if entry is None:
                return  # not cacheable: already sent as it was
        await self._send(entry, scope, send)

    async def _current_version(self) -> tuple[int, int]:
        """(the database's change counter, read at most every `check_every` s; this process's
        own change count, read every time): writes by this process (the worker of `serve`)
        show at once, writes by other worker processes within `check_every` seconds."""
        now = time.monotonic()
        if now - self._checked >= self.check_every:
            self._checked = now
            self._version = await anyio.to_thread.run_sync(self._version_of)
        return self._version, self._local_of()

    def _get(self, key: str, version: tuple[int, int]) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.version != version or time.monotonic() - entry.created > self.max_age:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    async def _fill(self, key: str, version: tuple[int, int], scope: Scope, receive: Receive,
                    send: Send) -> _Entry | None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        headers = list(start.get("headers", []))
        status = int(start.get("status", 500))
        cacheable = status == 200 and len(body) <= MAX_BODY and not any(
            name.lower() == b"set-cookie" for name, _ in headers)
        etag = next((v for n, v in headers if n.lower() == b"etag"), None)
        if etag is None and status == 200:
            etag = b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'
            headers.append((b"etag", etag))
        entry = _Entry(status, headers, body, etag or b"", version, time.monotonic())
        if not cacheable:
            await self._send(entry, scope, send, conditional=status == 200)
            return None
        self._put(key, entry)
        return entry

    def _put(self, key: str, entry: _Entry) -> None:
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while self._entries and (len(self._entries) > self.max_entries
                                     or self._bytes > self.max_bytes):
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key)
        self._bytes -= len(entry.body)

    async def _send(self, entry: _Entry, scope: Scope, send: Send, conditional: bool = True) -> None:
        if conditional and _fresh_for(scope, entry):
            keep = {b"etag", b"last-modified", b"cache-control", b"vary"}
            headers = [(n, v) for n, v in entry.headers if n.lower() in keep]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": entry.status,
                    "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body})


def _fresh_for(scope: Scope, entry: _Entry) -> bool:
    """Whether the client's copy is current: If-None-Match first, else If-Modified-Since."""
    request = dict(scope["headers"])
    wanted = request.get(b"if-none-match")
    if wanted is not None:
        return _matches(wanted, entry.etag)
    since = request.get(b"if-modified-since")
    modified = next((v for n, v in entry.headers if n.lower() == b"last-modified"), None)
    if since is None or modified is None:
        return False
    try:
        return parsedate_to_datetime(modified.decode()) <= parsedate_to_datetime(since.decode())
    except (TypeError, ValueError, UnicodeDecodeError):
        return False


def _matches(header: bytes, etag: bytes) -> bool:
    if header.strip() == b"*":
        return True
    bare = etag.removeprefix(b"W/")
    return any(tag.strip().removeprefix(b"W/") == bare for tag in header.split(b","))
