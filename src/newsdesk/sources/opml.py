"""OPML subscription lists in and out (X21).

`parse_opml` reads every `<outline>` with an `xmlUrl` (feed:// is read as http://); the
URL is NOT checked here: the caller applies its URL policy and tells the user what it
skipped (`javascript:`, `file:` ...). `htmlUrl` is kept only when http(s). The folders
an outline sits in become its tags, outermost first, followed by the paths in
its `category` attribute. The body passes the same XML guard as feeds, then a streaming
defusedxml parse that stops at `MAX_DEPTH` nested outlines and at `max_outlines` feeds.
A feed listed twice is kept once, with the tags of both places.

`write_opml` writes OPML 2.0: one folder per first tag, the other tags in `category`
(as `/tag`, comma-separated); control characters are removed and everything is escaped.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from newsdesk.errors import ErrorCode
from newsdesk.model import ParseFailed
from newsdesk.parse.charset import scrub, text_or_none, xml_as_utf8
from newsdesk.parse.links import http_url
from newsdesk.parse.sniff import root_element
from newsdesk.parse.xmlguard import check_xml

__all__ = ["MAX_DEPTH", "OpmlOutline", "parse_opml", "write_opml"]

MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class OpmlOutline:
    url: str
    title: str | None
    site_url: str | None
    tags: tuple[str, ...] = ()


class _TooMany(Exception):
    pass


class _TooDeep(Exception):
    pass


def parse_opml(body: bytes, max_outlines: int = 10000) -> list[OpmlOutline] | ParseFailed:
    """The feeds of an OPML file, in file order, or why there are none to read."""
    body = xml_as_utf8(body, None)
    refused = check_xml(body)
    if refused is not None:
        return refused
    if root_element(body) != "opml":
        return ParseFailed(ErrorCode.NOT_A_FEED.value, "not an OPML file (no <opml> root)")
    found: dict[str, OpmlOutline] = {}
    try:
        for outline in _outlines(body):
            _merge(found, outline)
            if len(found) > max_outlines:
                raise _TooMany
    except _TooMany:
        return ParseFailed(ErrorCode.PARSE_ERROR.value,
                           f"the OPML file lists more than {max_outlines} feeds")
    except _TooDeep:
        return ParseFailed(ErrorCode.PARSE_ERROR.value,
                           f"the OPML file nests outlines more than {MAX_DEPTH} deep")
    except ET.ParseError as exc:
        return ParseFailed(ErrorCode.PARSE_ERROR.value, f"not well-formed OPML: {exc}")
    except DefusedXmlException as exc:  # the guard above should have said so already
        return ParseFailed(ErrorCode.XML_FORBIDDEN.value, f"refused XML: {exc}")
    return list(found.values())


def _outlines(body: bytes) -> Iterator[OpmlOutline]:
    folders: list[str | None] = []  # one per open <outline>; None for a feed outline
    events = iterparse(io.BytesIO(body), events=("start", "end"),
                       forbid_dtd=True, forbid_entities=True, forbid_external=True)
    for event, element in events:
        if _local(element.tag) != "outline":
            continue
        if event == "end":
            folders.pop()
            element.clear()
            continue
        if len(folders) >= MAX_DEPTH:
            raise _TooDeep
        attrs = {_local(k): v for k, v in element.attrib.items()}
        url = _feed_url(attrs.get("xmlurl"))
        title = text_or_none(attrs.get("text")) or text_or_none(attrs.get("title"))
        if url is None:
            folders.append(title)
            continue
        folders.append(None)
        path = tuple(name for name in folders if name)
        if title in {url, (attrs.get("xmlurl") or "").strip()}:
            title = None  # write_opml's stand-in for a missing title
        yield OpmlOutline(url=url, title=title, site_url=http_url(attrs.get("htmlurl")),
                          tags=_unique(path + _categories(attrs.get("category"))))


def _local(name: Any) -> str:
    return str(name).rsplit("}", 1)[-1].lower()


def _feed_url(value: str | None) -> str | None:
    value = text_or_none(value)
    if value is not None and value[:5].lower() == "feed:":
        # feed://host/rss means http://host/rss; feed:https://host/rss wraps a URL
        value = "http:" + value[5:] if value[5:7] == "//" else value[5:]
    return value


def _categories(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part for path in value.split(",") for part in path.split("/"))


def _unique(tags: Sequence[str]) -> tuple[str, ...]:
    cleaned = (text_or_none(tag) for tag in tags)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag))


def _merge(found: dict[str, OpmlOutline], outline: OpmlOutline) -> None:
    first = found.get(outline.url)
    if first is None:
        found[outline.url] = outline
    else:
        found[outline.url] = OpmlOutline(first.url, first.title or outline.title,
                                         first.site_url or outline.site_url,
                                         _unique(first.tags + outline.tags))


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value: str | None) -> str:
    return _CONTROL.sub("", scrub(value or ""))


def write_opml(entries: Sequence[OpmlOutline], title: str = "newsdesk sources") -> bytes:
    """OPML 2.0, UTF-8, one folder per first tag (in first-seen order)."""
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = _clean(title)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for entry in entries:
        parent = body
        if entry.tags:
            name = _clean(entry.tags[0])
            if name not in folders:
                folders[name] = ET.SubElement(body, "outline", text=name, title=name)
            parent = folders[name]
        ET.SubElement(parent, "outline", _outline_attrs(entry))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _outline_attrs(entry: OpmlOutline) -> dict[str, str]:
    name = _clean(entry.title or entry.url)
    attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": _clean(entry.url)}
    if entry.site_url:
        attrs["htmlUrl"] = _clean(entry.site_url)
    if len(entry.tags) > 1:
        attrs["category"] = ",".join("/" + _clean(tag) for tag in entry.tags[1:])
    return attrs
