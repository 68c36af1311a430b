"""A feed body → `ParsedFeed` of `RawItem`s, or `ParseFailed`. No network, no files.

    parse_feed(body)
      ├─ sniff: JSON Feed → jsonfeed.parse_json_feed
      ├─ sniff: HTML page, sitemap, OPML, not markup → ParseFailed(not_a_feed)
      └─ XML: charset.xml_as_utf8 (decode, scrub, re-encode as UTF-8)
              → drop the Netscape RSS 0.91 DOCTYPE → xmlguard.check_xml
              → feedparser.parse(io.BytesIO(utf8))

feedparser and the guard see the very same UTF-8 bytes, so they cannot disagree about
where the prolog ends. feedparser only ever gets an `io.BytesIO`: given a `str` or `bytes`
it tries `open()` on it, given a URL it fetches it (safety.md X19). Its HTML sanitiser is
off (the normalize stage sanitises with nh3); relative links in content are made absolute.
Dates are read by `dates.parse_date`, not taken from feedparser.

A body that is not well-formed is still read (feedparser's lenient parser) when it yields
entries and its root element is closed; a body cut short is a `parse_error`.

Over `max_items`, the newest items (by date; undated ones count as oldest) are kept, in
feed order, and `dropped_items` says how many were left out.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

import feedparser

from newsdesk.errors import ErrorCode
from newsdesk.model import Enclosure, ParsedFeed, ParseFailed, RawItem
from newsdesk.parse.charset import decode_xml, scrub, text_or_none, xml_as_utf8
from newsdesk.parse.dates import parse_date
from newsdesk.parse.jsonfeed import parse_json_feed
from newsdesk.parse.links import http_url
from newsdesk.parse.sniff import root_element, root_tag, sniff
from newsdesk.parse.xmlguard import check_xml, drop_known_doctype

__all__ = ["FORMATS", "parse_feed"]

FORMATS = {
    "rss090": "rss090", "rss091n": "rss091", "rss091u": "rss091", "rss092": "rss092",
    "rss093": "rss093", "rss094": "rss094", "rss10": "rss10", "rss20": "rss20", "rss": "rss",
    "atom01": "atom01", "atom02": "atom02", "atom03": "atom03", "atom10": "atom10",
    "atom": "atom", "cdf": "cdf",
}
_NOT_FEEDS = {
    "html": "this is an HTML page, not a feed; look for the feeds it links to",
    "sitemap": "this is a sitemap, not a feed",
    "sitemap_index": "this is a sitemap index, not a feed",
    "opml": "this is an OPML subscription list, not a feed",
}
_MAX_LENGTH = 2**62


def parse_feed(
    body: bytes, *, url: str, charset: str | None = None, max_items: int = 1000
) -> ParsedFeed | ParseFailed:
    """Parse an RSS, RDF, Atom or JSON feed; `url` is the feed's final URL (the base of
    relative links), `charset` the one from the Content-Type header, if any."""
    if not body.strip():
        return ParseFailed(ErrorCode.EMPTY_RESPONSE.value, "the response body is empty")
    kind = sniff(body, None)
    if kind == "json_feed":
        parsed = parse_json_feed(body, url=url)
    elif kind in _NOT_FEEDS:
        return ParseFailed(ErrorCode.NOT_A_FEED.value, _NOT_FEEDS[kind])
    elif kind in {"rss", "rdf", "atom"} or _markup(body):
        parsed = _parse_xml(body, url=url, charset=charset)
    else:
        return ParseFailed(ErrorCode.NOT_A_FEED.value, "not a feed: neither XML nor a JSON Feed")
    if isinstance(parsed, ParseFailed):
        return parsed
    return _cap(replace(parsed, items=_with_substance(parsed.items)), max_items)


def _parse_xml(body: bytes, *, url: str, charset: str | None) -> ParsedFeed | ParseFailed:
    data = drop_known_doctype(xml_as_utf8(body, charset))
    refused = check_xml(data)
    if refused is not None:
        return refused
    result = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-type": "application/xml; charset=utf-8",
                          "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,  # normalize resolves them (cheaper: ~15% of parse time)
    )
    entries = result.get("entries") or []
    if result.get("bozo") and not (entries and _root_closed(data)):
        problem = scrub(str(result.get("bozo_exception") or "unknown error"))[:300]
        if entries:
            problem = f"the document ends before its root element does (truncated?); {problem}"
        return ParseFailed(ErrorCode.PARSE_ERROR.value, f"not a well-formed feed: {problem}")
    version = result.get("version") or ""
    if not entries and version not in FORMATS:
        root = root_element(data) or "?"
        return ParseFailed(ErrorCode.NOT_A_FEED.value,
                           f"not a feed: an XML document with root element <{root[:40]}>")
    feed = result.get("feed") or {}
    language = text_or_none(feed.get("language"))
    return ParsedFeed(
        title=text_or_none(feed.get("title")),
        site_url=http_url(feed.get("link"), url),
        language=language,
        items=tuple(_item(entry, base=url, language=language) for entry in entries),
        format=FORMATS.get(version, version or "unknown"),
    )


def _root_closed(data: bytes) -> bool:
    """Whether the root element's end tag is there: a body cut short is never taken for a
    whole feed (safety.md N19), however many entries the lenient parser got out of it."""
    tag = root_tag(data)
    return tag is not None and data.rfind(b"</" + tag.encode("utf-8")) > 0


def _markup(body: bytes) -> bool:
    """Starts with "<" once decoded (any BOM, UTF-16 too) and stripped of whitespace."""
    head, _ = decode_xml(body[:1024], None)
    return head.lstrip("\ufeff \t\r\n").startswith("<")


def _item(entry: Any, *, base: str, language: str | None) -> RawItem:
    content = _content(entry)
    published = parse_date(text_or_none(dict.get(entry, "published")))
    # dict.get: feedparser's own .get("updated") falls back to "published"
    updated = parse_date(text_or_none(dict.get(entry, "updated")))
    return RawItem(
        guid=text_or_none(entry.get("id")),
        url=http_url(entry.get("link"), base),
        title=text_or_none(entry.get("title")),
        summary=_summary(entry),
        content=scrub(content["value"]) if content else None,
        author=_author(entry),
        published_at=published or updated,
        updated_at=updated,
        language=_language(entry, content) or language,
        enclosures=_enclosures(entry, base),
        base_url=_content_base(entry, content, base),
    )


def _content_base(entry: Any, content: Any, base: str | None) -> str | None:
    """The xml:base that content links are relative to, when it is not the feed's own URL."""
    found = http_url((content or entry.get("summary_detail") or {}).get("base"), base)
    return found if found != base else None


def _content(entry: Any) -> Any:
    """The first content block with text (RSS may carry content:encoded and xhtml:body)."""
    for block in entry.get("content") or []:
        if isinstance(block.get("value"), str) and scrub(block["value"]).strip():
            return block
    return None


def _summary(entry: Any) -> str | None:
    # feedparser copies the content into `summary` when there is none; only a real one counts
    if "summary_detail" not in entry:
        return None
    return scrub(entry.get("summary") or "") or None


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail") or {}
    return text_or_none(detail.get("name")) or text_or_none(entry.get("author"))


def _language(entry: Any, content: Any) -> str | None:
    for detail in (content, entry.get("summary_detail"), entry.get("title_detail")):
        if detail and text_or_none(detail.get("language")):
            return text_or_none(detail.get("language"))
    return None


def _enclosures(entry: Any, base: str) -> tuple[Enclosure, ...]:
    found: dict[str, Enclosure] = {}
    candidates = [(e.get("href"), e.get("type"), e.get("length"))
                  for e in entry.get("enclosures") or []]
    candidates += [(m.get("url"), m.get("type"), m.get("filesize") or m.get("fileSize"))
                   for m in entry.get("media_content") or []]
    for href, kind, length in candidates:
        url = http_url(href, base)
        if url is not None and url not in found:
            found[url] = Enclosure(url=url, type=text_or_none(kind), length=_length(length))
    return tuple(found.values())


def _length(value: object) -> int | None:
    text = text_or_none(value)
    if text is None or not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    number = int(text)
    return number if 0 < number < _MAX_LENGTH else None


def _with_substance(items: Iterable[RawItem]) -> tuple[RawItem, ...]:
    """An entry with no id, link, title or text is noise (a broken feed's leftovers)."""
    return tuple(i for i in items if i.guid or i.url or i.title or i.summary or i.content)


def _cap(feed: ParsedFeed, max_items: int) -> ParsedFeed:
    count = len(feed.items)
    limit = max(0, max_items)
    if count <= limit:
        return feed
    dates = [item.published_at or item.updated_at for item in feed.items]
    if any(dates):
        newest = sorted(range(count), key=lambda i: _sort_key(dates[i], i))[:limit]
        keep = sorted(newest)
    else:
        keep = list(range(limit))
    return replace(feed, items=tuple(feed.items[i] for i in keep), dropped_items=count - limit)


def _sort_key(date: datetime | None, index: int) -> tuple[int, float, int]:
    if date is None:
        return (1, 0.0, index)
    return (0, -date.timestamp(), index)
