"""A fast loopback server of synthetic RSS feeds, for benchmarks.

    python benchmarks/loopback_feeds.py --feeds 500 --items 20 [--port 0]

prints `PORT <n>` on its first stdout line once it listens on 127.0.0.1, then serves until
killed:

    /feed/<N>.xml           RSS 2.0, <items> items with ~1-2 KB of content:encoded each,
                            stable GUIDs, ETag + Last-Modified, 304 on a matching condition,
                            gzip when the client accepts it (precompressed)
    /feed/<N>/item-<M>.html a small article page (counted, in case a client fetches pages)
    /robots.txt             allow everything
    /_stats[?reset=1]       JSON request counters, optionally reset after reading

Everything is rendered before the port is announced; requests are answered from memory by
one asyncio loop with HTTP/1.1 keep-alive, so the server is never the bottleneck.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape

VOCABULARY = """
council harbour river bridge station library school hospital market festival museum
railway budget report survey research study scientists engineers residents visitors
farmers teachers students nurses drivers volunteers officials minister mayor committee
agreement proposal decision investment project programme network system service plan
winter summer spring autumn morning evening week month year decade century region city
village county district coast valley island mountain forest field garden street road
water energy power heat light climate weather storm flood drought rain snow wind sea
new old large small local national public private early late higher lower first last
said announced reported confirmed expected approved opened closed started finished built
repaired replaced measured recorded found showed published released planned delayed
because although while after before during since until across along between through
"""
WORDS = tuple(VOCABULARY.split())


@dataclass(frozen=True, slots=True)
class Page:
    body: bytes
    gzipped: bytes
    content_type: str
    etag: str
    last_modified: str
    kind: str  # "feed" or "page"


def _sentence_pool(rng: random.Random, size: int = 3000) -> list[str]:
    pool = []
    for _ in range(size):
        words = rng.choices(WORDS, k=rng.randint(8, 22))
        pool.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
    return pool


def _item_xml(base: str, feed: int, item: int, when: datetime, pool: list[str]) -> str:
    rng = random.Random(feed * 100_003 + item)
    target = rng.randint(1000, 2000)
    paragraphs, size = [], 0
    while size < target:
        text = " ".join(rng.sample(pool, rng.randint(2, 5)))
        paragraphs.append(f"<p>{text}</p>")
        size += len(text) + 7
    title = " ".join(rng.choices(WORDS, k=rng.randint(5, 10))).capitalize()
    title = f"{title} (feed {feed}, story {item})"
    content = "\n".join(paragraphs)
    return (
        f"<item><title>{escape(title)}</title>"
        f"<link>{base}/feed/{feed}/item-{item}.html</link>"
        f'<guid isPermaLink="false">tag:bench.invalid,2024:feed-{feed}/item-{item}</guid>'
        f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
        f"<dc:creator>Reporter {rng.randint(1, 40)}</dc:creator>"
        f"<description>{escape(paragraphs[0][3:-4][:300])}</description>"
        f"<content:encoded>{escape(content)}</content:encoded></item>"
    )


def _page(body: bytes, content_type: str, modified: datetime, kind: str) -> Page:
    return Page(
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        content_type=content_type,
        etag='"' + hashlib.sha256(body).hexdigest()[:20] + '"',
        last_modified=format_datetime(modified, usegmt=True),
        kind=kind,
    )


def build_site(base: str, feeds: int, items: int, now: datetime) -> dict[str, Page]:
    """Every path the server answers; items are dated back from `now` (whole hours)."""
    now = now.replace(minute=0, second=0, microsecond=0)
    pool = _sentence_pool(random.Random(20240101))
    site: dict[str, Page] = {}
    for feed in range(feeds):
        dates = [now - timedelta(minutes=feed % 97 + item * 53) for item in range(items)]
        entries = "\n".join(_item_xml(base, feed, i, dates[i], pool) for i in range(items))
        xml = (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
            f"<title>Bench outlet {feed}</title><link>{base}/feed/{feed}/</link>"
            f"<description>Synthetic feed {feed}</description><language>en</language>\n"
            f"{entries}\n</channel>\n</rss>\n"
        )
        site[f"/feed/{feed}.xml"] = _page(
            xml.encode(), "application/rss+xml; charset=utf-8", dates[0], "feed"
        )
        for item in range(items):
            html = (
                f"<!doctype html><title>Story {item}</title><article><p>Feed {feed}.</p></article>"
            )
            site[f"/feed/{feed}/item-{item}.html"] = _page(
                html.encode(), "text/html; charset=utf-8", dates[item], "page"
            )
    site["/robots.txt"] = _page(b"User-agent: *\nAllow: /\n", "text/plain", now, "other")
    return site


class Server:
    def __init__(self, site: dict[str, Page]) -> None:
        self.site = site
        self.stats: Counter[str] = Counter()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    break
                try:
                    keep_alive = self.respond(head, writer)
                except ValueError:  # not HTTP
                    break
                await writer.drain()
                if not keep_alive:
                    break
        except ConnectionError:
            pass
        finally:
            writer.close()

    def respond(self, head: bytes, writer: asyncio.StreamWriter) -> bool:
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        path, _, query = target.partition("?")
        keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        if path == "/_stats":
            body = json.dumps(self.stats).encode()
            if "reset=1" in query:
                self.stats.clear()
            self._send(writer, 200, {"Content-Type": "application/json"}, body, keep_alive)
            return keep_alive
        page = self.site.get(path)
        if page is None:
            self.stats["not_found"] += 1
            self._send(writer, 404, {"Content-Type": "text/plain"}, b"not found\n", keep_alive)
            return keep_alive
        validators = {"ETag": page.etag, "Last-Modified": page.last_modified}
        if _not_modified(headers, page):
            self.stats[f"{page.kind}_304"] += 1
            self._send(writer, 304, validators, b"", keep_alive, body_allowed=False)
            return keep_alive
        self.stats[f"{page.kind}_200"] += 1
        extra = {**validators, "Content-Type": page.content_type, "Vary": "Accept-Encoding"}
        body = page.body
        if "gzip" in headers.get("accept-encoding", ""):
            extra["Content-Encoding"] = "gzip"
            body = page.gzipped
        self.stats["bytes"] += len(body)
        self._send(writer, 200, extra, body if method != "HEAD" else b"", keep_alive, len(body))
        return keep_alive

    @staticmethod
    def _send(
        writer: asyncio.StreamWriter,
        status: int,
        headers: dict[str, str],
        body: bytes,
        keep_alive: bool,
        length: int | None = None,
        body_allowed: bool = True,
    ) -> None:
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
        lines = [f"HTTP/1.1 {status} {reason}", "Server: loopback-feeds"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body_allowed:
            lines.append(f"Content-Length: {len(body) if length is None else length}")
        lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


def _not_modified(headers: dict[str, str], page: Page) -> bool:
    if "if-none-match" in headers:
        tags = {t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")}
        return page.etag in tags or "*" in tags
    since = headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return parsedate_to_datetime(page.last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


async def serve(feeds: int, items: int, port: int) -> None:
    holder: dict[str, Server] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await holder["server"].handle(reader, writer)

    listener = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    bound = listener.sockets[0].getsockname()[1]
    holder["server"] = Server(
        build_site(f"http://127.0.0.1:{bound}", feeds, items, datetime.now(UTC))
    )
    print(f"PORT {bound}", flush=True)
    async with listener:
        await listener.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.feeds, args.items, args.port))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
