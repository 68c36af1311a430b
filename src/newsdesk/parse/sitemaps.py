"""A sitemap body → `Sitemap` of `SitemapEntry`s, or `ParseFailed`; and `SitemapWalk` (X18).

    parse_sitemap(body, url=...)
      ├─ gzip magic bytes → gunzip, counting decoded bytes: over `max_decompressed` the
      │  decompressor stops at once (a gzip bomb never gets past the cap)
      ├─ not markup → a plain-text sitemap, one URL per line (read as a urlset)
      └─ XML: charset.xml_as_utf8 → xmlguard.check_xml (DTD/entities refused)
              → root must be <urlset> or <sitemapindex>
              → defusedxml iterparse, one <url>/<sitemap> at a time, then freed

Only a `<loc>`, `<lastmod>` or `<news:news>` that is a direct child of a `<url>` or
`<sitemap>` is read, so `image:loc`, `video:content_loc` and other extensions are ignored.
Locs are absolute by the protocol: nothing is resolved; anything that is not an http(s)
URL with a host, or longer than 2,048 characters, is left out and counted in `invalid`.
Entries keep document order; past `max_urls` they are counted in `dropped`.

`SitemapWalk` is the bookkeeping a fetch loop needs to walk an index safely: a visited
set (a sitemap that lists itself, or A → B → A, is fetched once), a depth bound and a
count bound; and `changed` picks the URLs that are new or whose lastmod moved forward.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from newsdesk.errors import ErrorCode
from newsdesk.model import ParseFailed
from newsdesk.parse.charset import decode_xml, text_or_none, xml_as_utf8
from newsdesk.parse.dates import parse_date
from newsdesk.parse.links import http_url
from newsdesk.parse.sniff import root_element, sniff
from newsdesk.parse.xmlguard import check_xml

__all__ = ["MAX_URL_LENGTH", "Sitemap", "SitemapEntry", "SitemapWalk", "gunzip",
           "parse_sitemap"]

MAX_URL_LENGTH = 2048  # the sitemap protocol's own limit for <loc>
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 65536
_MAX_TITLE = 1024
_MAX_LANGUAGE = 35  # a BCP 47 tag is rarely longer
_ROOTS = {"urlset": "urlset", "sitemapindex": "index"}
_ENTRIES = {"urlset": "url", "sitemapindex": "sitemap"}


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None = None  # aware, UTC
    news_title: str | None = None
    news_published: datetime | None = None  # aware, UTC
    news_language: str | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    kind: str  # "urlset" (pages) or "index" (more sitemaps)
    entries: tuple[SitemapEntry, ...]
    dropped: int = 0  # valid entries past `max_urls`
    invalid: int = 0  # locs left out: not http(s), relative, too long, missing


def parse_sitemap(
    body: bytes, *, url: str, max_urls: int = 50_000,
    max_decompressed: int = 50 * 1024 * 1024,
) -> Sitemap | ParseFailed:
    """Parse an XML (urlset or index), gzipped or plain-text sitemap; `url` is where it was
    fetched from (used in messages only: locs are absolute and never resolved)."""
    if body.startswith(_GZIP_MAGIC):
        unpacked = gunzip(body, max_decompressed)
        if isinstance(unpacked, ParseFailed):
            return unpacked
        body = unpacked
    elif len(body) > max_decompressed:
        return _too_large(max_decompressed)
    if not body.strip():
        return ParseFailed(ErrorCode.EMPTY_RESPONSE.value, f"the sitemap {url} is empty")
    if _markup(body):
        return _parse_xml(body, url=url, max_urls=max_urls)
    return _parse_text(body, url=url, max_urls=max_urls)


def gunzip(body: bytes, limit: int) -> bytes | ParseFailed:
    """Decompress a gzip body (several members too), never producing more than `limit`
    bytes: the decompressor is asked for at most what is left under the cap each time."""
    out = bytearray()
    data = body
    try:
        while data:
            decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            pending = data
            while pending and not decomp.eof:
                room = limit - len(out) + 1  # one byte over the cap proves it is over
                out += decomp.decompress(pending, room)
                if len(out) > limit:
                    return _too_large(limit)
                pending = decomp.unconsumed_tail
            if not decomp.eof:
                out += decomp.flush(limit - len(out) + 1)
                if len(out) > limit:
                    return _too_large(limit)
                if not decomp.eof:
                    return ParseFailed(ErrorCode.PARSE_ERROR.value,
                                       "the gzip data ends early (truncated?)")
            data = decomp.unused_data if decomp.unused_data.startswith(_GZIP_MAGIC) else b""
    except zlib.error as exc:
        return ParseFailed(ErrorCode.BAD_ENCODING.value, f"not valid gzip data: {exc}")
    return bytes(out)


@dataclass
class SitemapWalk:
    """Which sitemaps of an index to fetch. Depth 0 is the source's own sitemap, the
    sitemaps it lists are depth 1, and so on; `admit` says yes at most once per URL (the
    fragment and the case of scheme and host do not make a new URL), to at most
    `max_sitemaps` URLs in all, none deeper than `max_depth`."""

    max_sitemaps: int = 50
    max_depth: int = 3
    seen: set[str] = field(default_factory=set)

    def admit(self, url: str, depth: int) -> bool:
        key = _visit_key(url)
        if key is None or depth < 0 or depth > self.max_depth or key in self.seen:
            return False
        if len(self.seen) >= self.max_sitemaps:
            return False
        self.seen.add(key)
        return True

    @staticmethod
    def changed(
        entries: Iterable[SitemapEntry], known: Mapping[str, datetime | None]
    ) -> list[SitemapEntry]:
        """Entries whose URL is not in `known`, or whose lastmod is later than the known
        one (a known URL with no lastmod now, or none before and one now, counts as
        changed only in the second case). Each URL once, in the order given."""
        found: list[SitemapEntry] = []
        taken: set[str] = set()
        for entry in entries:
            if entry.url in taken:
                continue
            taken.add(entry.url)
            if entry.url not in known:
                found.append(entry)
                continue
            before = known[entry.url]
            if entry.lastmod is not None and (before is None or entry.lastmod > before):
                found.append(entry)
        return found


def _visit_key(url: str) -> str | None:
    checked = http_url(url)
    if checked is None:
        return None
    parts = urlsplit(checked)
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower(),
                          fragment="").geturl()


def _markup(body: bytes) -> bool:
    head, _ = decode_xml(body[:1024], None)
    return head.lstrip("\ufeff \t\r\n").startswith("<")


def _parse_text(body: bytes, *, url: str, max_urls: int) -> Sitemap | ParseFailed:
    text, _ = decode_xml(body, None)
    collector = _Collector(max_urls)
    for line in text.splitlines():
        if line.strip():
            collector.add(line, None)
    if not collector.entries and not collector.dropped:
        return ParseFailed(ErrorCode.NOT_A_FEED.value,
                           f"not a sitemap: {url} is neither XML nor a list of URLs")
    return collector.result("urlset")


def _parse_xml(body: bytes, *, url: str, max_urls: int) -> Sitemap | ParseFailed:
    data = xml_as_utf8(body, None)
    if sniff(data, None) == "html":
        return ParseFailed(ErrorCode.NOT_A_FEED.value, f"not a sitemap: {url} is an HTML page")
    refused = check_xml(data)
    if refused is not None:
        return refused
    root = root_element(data)
    if root not in _ROOTS:
        return ParseFailed(ErrorCode.NOT_A_FEED.value,
                           f"not a sitemap: {url} has root element <{(root or '?')[:40]}>")
    collector = _Collector(max_urls)
    try:
        _walk_xml(data, _ENTRIES[root], collector)
    except DefusedXmlException as exc:  # the guard already refuses these; belt and braces
        return ParseFailed(ErrorCode.XML_FORBIDDEN.value, f"refused XML: {exc}")
    except ET.ParseError as exc:
        return ParseFailed(ErrorCode.PARSE_ERROR.value, f"not a well-formed sitemap: {exc}")
    return collector.result(_ROOTS[root])


def _walk_xml(data: bytes, entry_name: str, collector: _Collector) -> None:
    depth = 0
    root: ET.Element | None = None
    events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
    for event, element in events:
        if event == "start":
            depth += 1
            root = element if root is None else root
            continue
        depth -= 1
        if depth == 1 and root is not None:
            if _local(element.tag) == entry_name:
                _read_entry(element, collector)
            root.clear()  # entries are read as they end: memory stays flat


def _read_entry(element: ET.Element, collector: _Collector) -> None:
    loc = lastmod = None
    news: ET.Element | None = None
    for child in element:
        name = _local(child.tag)
        if name == "loc" and loc is None:
            loc = child.text or ""
        elif name == "lastmod" and lastmod is None:
            lastmod = _w3c_date(child.text)
        elif name == "news" and news is None:
            news = child
    collector.add(loc, lastmod, news)


class _Collector:
    def __init__(self, max_urls: int) -> None:
        self.max_urls = max_urls
        self.entries: list[SitemapEntry] = []
        self.dropped = 0
        self.invalid = 0

    def add(self, loc: str | None, lastmod: datetime | None,
            news: ET.Element | None = None) -> None:
        url = http_url(loc) if loc is not None else None
        if url is None or len(url) > MAX_URL_LENGTH:
            self.invalid += 1
        elif len(self.entries) >= self.max_urls:
            self.dropped += 1
        else:
            self.entries.append(_entry(url, lastmod, news))

    def result(self, kind: str) -> Sitemap:
        return Sitemap(kind=kind, entries=tuple(self.entries), dropped=self.dropped,
                       invalid=self.invalid)


def _entry(url: str, lastmod: datetime | None, news: ET.Element | None) -> SitemapEntry:
    if news is None:
        return SitemapEntry(url=url, lastmod=lastmod)
    title = published = language = None
    for child in news:
        name = _local(child.tag)
        if name == "title":
            title = text_or_none(child.text)
        elif name == "publication_date":
            published = _w3c_date(child.text)
        elif name == "publication":
            for part in child:
                if _local(part.tag) == "language":
                    language = text_or_none(part.text)
    return SitemapEntry(
        url=url, lastmod=lastmod, news_title=title[:_MAX_TITLE] if title else None,
        news_published=published,
        news_language=language if language and len(language) <= _MAX_LANGUAGE else None,
    )


def _w3c_date(text: str | None) -> datetime | None:
    """W3C datetime: YYYY, YYYY-MM, YYYY-MM-DD, or with a time and zone (`dates.parse_date`
    reads the last three; the first two become the first day of the year or month)."""
    value = (text or "").strip()
    if len(value) == 4 and value.isdigit():
        value += "-01-01"
    elif len(value) == 7 and value[4] == "-" and value.replace("-", "").isdigit():
        value += "-01"
    return parse_date(value or None)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _too_large(limit: int) -> ParseFailed:
    return ParseFailed(ErrorCode.RESPONSE_TOO_LARGE.value,
                       f"the sitemap is larger than {limit:,} bytes once decompressed")
