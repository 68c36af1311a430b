"""The bundled demo news sites, served on loopback so a newcomer sees newsdesk work offline.

`start_demo_site()` binds a `ThreadingHTTPServer` on 127.0.0.1 (port 0: any free port),
renders every page and feed once, dated relative to the start, and serves them from a
daemon thread under one path prefix per outlet:

    /                       index of the outlets
    /<slug>/                home page: a listing with teasers and feed autodiscovery
    /<slug>/feed.xml        RSS 2.0 (atom.xml: Atom 1.0, feed.json: JSON Feed 1.1)
    /<slug>/articles/<id>.html

Responses carry an ETag and Last-Modified; a conditional request that matches gets 304.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from newsdesk.demo.content import OutletContent, load_outlets, read_site_text
from newsdesk.demo.feeds import render_feed
from newsdesk.demo.pages import STYLESHEET, render_article, render_home, render_index
from newsdesk.errors import InputError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DemoOutlet:
    """One demo outlet as a source to add: its home page and its feed."""

    slug: str
    name: str
    home_url: str
    feed_url: str
    tags: tuple[str, ...]
    language: str = ""
    feed_format: str = ""  # "rss", "atom" or "json"


@dataclass(frozen=True, slots=True)
class Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime  # aware, whole seconds


class DemoSite:
    """A running demo site; `close()` (or leaving a `with` block) stops it."""

    def __init__(
        self, server: _DemoServer, thread: threading.Thread, outlets: Sequence[DemoOutlet]
    ) -> None:
        self._server = server
        self._thread = thread
        self._outlets = tuple(outlets)
        host, port = server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"

    @property
    def outlets(self) -> list[DemoOutlet]:
        return list(self._outlets)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoSite:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def start_demo_site(
    host: str = "127.0.0.1", port: int = 0, *, now: datetime | None = None
) -> DemoSite:
    """Serve the demo outlets on `host:port` (loopback only; port 0 picks a free port).

    `now` (aware) dates the items; by default the moment of the call.
    """
    moment = now or datetime.now(UTC)
    server = _DemoServer((loopback_address(host), port), _DemoHandler)
    try:
        bound_host, bound_port = server.server_address[:2]
        base_url = f"http://{bound_host!s}:{bound_port}"
        contents = load_outlets(moment)
        server.resources = build_resources(contents, base_url, moment)
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1},
        name="newsdesk-demo-site", daemon=True,
    )  # fmt: skip
    thread.start()
    outlets = [_outlet(content, base_url) for content in contents]
    logger.info("demo site serving %d outlets at %s", len(outlets), base_url)
    return DemoSite(server, thread, outlets)


def loopback_address(host: str) -> str:
    """The IPv4 loopback address to bind for `host`; anything else is refused."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None or address.version != 4 or not address.is_loopback:
        raise InputError(
            f"the demo site listens on an IPv4 loopback address only (e.g. 127.0.0.1), not {host!r}"
        )
    return str(address)


def build_resources(
    contents: Sequence[OutletContent], base_url: str, now: datetime
) -> dict[str, Resource]:
    """Every path the site answers, rendered once."""
    started = now
    homes = [(content, f"{base_url}/{content.slug}/") for content in contents]
    resources = {
        "/": _resource(render_index(homes), "text/html", started),
        STYLESHEET: _resource(read_site_text("demo.css").encode(), "text/css", started),
        "/robots.txt": _resource(b"User-agent: *\nAllow: /\n", "text/plain", started),
    }
    for content, home in homes:
        prefix = f"/{content.slug}/"
        updated = content.updated_at
        resources[prefix] = _resource(render_home(content, home), "text/html", updated)
        feed = render_feed(content, home)
        feed_type = content.format.media_type
        resources[prefix + content.format.file_name] = _resource(feed, feed_type, updated)
        for item in content.items:
            page = render_article(content, item, home)
            modified = item.published_at
            resources[f"{prefix}articles/{item.id}.html"] = _resource(page, "text/html", modified)
    return resources


def is_not_modified(headers: Message, resource: Resource) -> bool:
    """RFC 9110 §13.1: If-None-Match wins; If-Modified-Since only when it is absent."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or resource.etag in tags
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an unreadable date is ignored, as the RFC says
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return resource.last_modified <= since


def _resource(body: bytes, media_type: str, modified: datetime) -> Resource:
    digest = hashlib.sha256(body).hexdigest()[:20]
    last_modified = modified.astimezone(UTC).replace(microsecond=0)
    return Resource(body, f"{media_type}; charset=utf-8", f'"{digest}"', last_modified)


def _outlet(content: OutletContent, base_url: str) -> DemoOutlet:
    home = f"{base_url}/{content.slug}/"
    return DemoOutlet(
        slug=content.slug,
        name=content.name,
        home_url=home,
        feed_url=home + content.format.file_name,
        tags=content.tags,
        language=content.language,
        feed_format=content.format.value,
    )


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True
    resources: Mapping[str, Resource] = {}


class _DemoHandler(BaseHTTPRequestHandler):
    server: _DemoServer
    # HTTP/1.0: one request per connection, so close() leaves no keep-alive thread serving
    server_version = "newsdesk-demo/0.1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("demo site: " + format, *args)

    def _respond(self, *, send_body: bool) -> None:
        path = urlsplit(self.path).path
        resource = self.server.resources.get(path)
        if resource is None:
            self._not_found(path, send_body=send_body)
            return
        not_modified = is_not_modified(self.headers, resource)
        self.send_response(304 if not_modified else 200)
        self.send_header("ETag", resource.etag)
        self.send_header("Last-Modified", format_datetime(resource.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")
        if not_modified:
            self.end_headers()
            return
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def _not_found(self, path: str, *, send_body: bool) -> None:
        if path + "/" in self.server.resources:  # "/daily" → "/daily/"
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"not found\n"
        self.send_response(404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)
