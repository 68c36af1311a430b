"""Writing feeds out: Atom 1.0, RSS 2.0 and JSON Feed 1.1 from stored items.

XML is built with ElementTree (a real serializer, never string concatenation), and every text
and attribute first goes through `xml_text`, which drops the characters XML 1.0 forbids (C0
controls other than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF):
they are never written. The output depends only on the items, so equal items give equal
bytes (and equal ETags).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from newsdesk.model import Item

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the `updated` of a feed with no items
GENERATOR = "newsdesk"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """What a feed says about itself; every URL is absolute."""

    title: str
    description: str
    self_url: str  # this document
    page_url: str  # the HTML listing the feed mirrors
    base_url: str  # the site root without a trailing slash; item pages are {base_url}/items/{id}


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", value)


def item_url(base_url: str, item: Item) -> str:
    return f"{base_url}/items/{item.id}"


def changed_at(item: Item) -> datetime:
    """When the item last changed as far as we know: first seen, or updated later."""
    if item.updated_at is not None and item.updated_at > item.first_seen_at:
        return item.updated_at
    return item.first_seen_at


def newest_change(items: Sequence[Item]) -> datetime | None:
    return max((changed_at(i) for i in items), default=None)


def feed_language(items: Sequence[Item]) -> str | None:
    """The one language of all items that declare one; None when they differ or none does."""
    langs = {i.language for i in items if i.language}
    return xml_text(langs.pop()) if len(langs) == 1 else None


def rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def rfc822(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC), usegmt=True)


def _entry_updated(item: Item) -> datetime:
    times = [t for t in (item.updated_at, item.published_at) if t is not None]
    return max(times) if times else item.first_seen_at


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _lang_attrs(lang: str | None) -> dict[str, str]:
    return {XML_LANG: xml_text(lang)} if lang else {}


def _serialize(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _html_of(item: Item) -> str | None:
    return item.content_html or item.summary_html


# -- Atom 1.0 (RFC 4287) -------------------------------------------------------------------
def atom(info: FeedInfo, items: Sequence[Item]) -> bytes:
    root = ET.Element("feed", {"xmlns": ATOM_NS, **_lang_attrs(feed_language(items))})
    _sub(root, "title", info.title, type="text")
    _sub(root, "subtitle", info.description, type="text")
    _sub(root, "id", info.self_url)
    _sub(root, "updated", rfc3339(newest_change(items) or EPOCH))
    _sub(root, "link", rel="self", type="application/atom+xml", href=info.self_url)
    _sub(root, "link", rel="alternate", type="text/html", href=info.page_url)
    _sub(_sub(root, "author"), "name", info.title)  # Atom needs an author for entries without one
    _sub(root, "generator", GENERATOR)
    for item in items:
        _atom_entry(root, info, item)
    return _serialize(root)


def _atom_entry(root: ET.Element, info: FeedInfo, item: Item) -> None:
    entry = ET.SubElement(root, "entry", _lang_attrs(item.language))
    ours = item_url(info.base_url, item)
    _sub(entry, "title", item.title, type="text")
    _sub(entry, "id", ours)
    _sub(entry, "link", rel="alternate", type="text/html", href=ours)
    if item.url:
        _sub(entry, "link", rel="related", type="text/html", href=item.url)
    for enc in item.enclosures:
        attrs = {"type": enc.type} if enc.type else {}
        if enc.length is not None:
            attrs["length"] = str(enc.length)
        _sub(entry, "link", rel="enclosure", href=enc.url, **attrs)
    if item.published_at is not None:
        _sub(entry, "published", rfc3339(item.published_at))
    _sub(entry, "updated", rfc3339(_entry_updated(item)))
    if item.author:
        _sub(_sub(entry, "author"), "name", item.author)
    if item.teaser:
        _sub(entry, "summary", item.teaser, type="text")
    body = _html_of(item)
    if body:
        _sub(entry, "content", body, type="html")


# -- RSS 2.0 -------------------------------------------------------------------------------
def rss(info: FeedInfo, items: Sequence[Item]) -> bytes:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS,
                              "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS})
    channel = _sub(root, "channel")
    _sub(channel, "title", info.title)
    _sub(channel, "link", info.page_url)
    _sub(channel, "description", info.description)
    _sub(channel, "atom:link", rel="self", type="application/rss+xml", href=info.self_url)
    lang = feed_language(items)
    if lang:
        _sub(channel, "language", lang)
    _sub(channel, "lastBuildDate", rfc822(newest_change(items) or EPOCH))
    _sub(channel, "generator", GENERATOR)
    for item in items:
        _rss_item(channel, info, item)
    return _serialize(root)


def _rss_item(channel: ET.Element, info: FeedInfo, item: Item) -> None:
    el = ET.SubElement(channel, "item", _lang_attrs(item.language))
    ours = item_url(info.base_url, item)
    _sub(el, "title", item.title)
    _sub(el, "link", ours)
    _sub(el, "guid", ours, isPermaLink="true")
    if item.teaser:  # RSS descriptions are read as HTML: the plain-text teaser is escaped
        _sub(el, "description", html.escape(item.teaser, quote=False))
    body = _html_of(item)
    if body:
        _sub(el, "content:encoded", body)
    if item.author:
        _sub(el, "dc:creator", item.author)
    _sub(el, "pubDate", rfc822(item.published_at or item.first_seen_at))
    if item.url:  # RSS has no element for "the original"; Atom's link says it
        _sub(el, "atom:link", rel="related", type="text/html", href=item.url)
    for enc in item.enclosures[:1]:  # RSS allows one enclosure, with length and type
        _sub(el, "enclosure", url=enc.url, length=str(enc.length or 0),
             type=enc.type or "application/octet-stream")


# -- JSON Feed 1.1 -------------------------------------------------------------------------
def json_feed(info: FeedInfo, items: Sequence[Item]) -> bytes:
    doc: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": xml_text(info.title),
        "description": xml_text(info.description),
        "home_page_url": info.page_url,
        "feed_url": info.self_url,
        "items": [_json_item(info, i) for i in items],
    }
    lang = feed_language(items)
    if lang:
        doc["language"] = lang
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_item(info: FeedInfo, item: Item) -> dict[str, object]:
    ours = item_url(info.base_url, item)
    out: dict[str, object] = {"id": ours, "url": ours, "title": xml_text(item.title)}
    if item.url:
        out["external_url"] = item.url
    if item.teaser:
        out["summary"] = xml_text(item.teaser)
    body = _html_of(item)
    if body:
        out["content_html"] = xml_text(body)
    else:  # an item must carry content_html or content_text
        out["content_text"] = xml_text(item.teaser)
    out["date_published"] = rfc3339(item.published_at or item.first_seen_at)
    out["date_modified"] = rfc3339(_entry_updated(item))
    if item.author:
        out["authors"] = [{"name": xml_text(item.author)}]
    if item.language:
        out["language"] = xml_text(item.language)
    if item.enclosures:
        out["attachments"] = [
            {"url": e.url, "mime_type": e.type or "application/octet-stream",
             **({"size_in_bytes": e.length} if e.length is not None else {})}
            for e in item.enclosures
        ]
    return out
