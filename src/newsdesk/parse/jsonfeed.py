"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) → `ParsedFeed`, with `json`.

Hostile JSON is a `ParseFailed`, never a crash (X17): nesting deep enough to exhaust the
recursion limit, a number too long to read, `NaN`/`Infinity` (not JSON), `items` that is
not a list. Items that are not objects are skipped; text fields of the wrong type are
ignored; lone surrogates (`"\\ud800"`) and NUL are scrubbed from every string we keep.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from newsdesk.errors import ErrorCode
from newsdesk.model import Enclosure, ParsedFeed, ParseFailed, RawItem
from newsdesk.parse.charset import scrub, text_or_none
from newsdesk.parse.dates import parse_date
from newsdesk.parse.links import http_url

__all__ = ["VERSION_PREFIX", "parse_json_feed"]

VERSION_PREFIX = "https://jsonfeed.org/version/"
_MAX_DIGITS = 30
_MAX_LENGTH = 2**62


class _Refused(ValueError):
    pass


def parse_json_feed(body: bytes, *, url: str) -> ParsedFeed | ParseFailed:
    """Parse a JSON Feed; `url` is the feed's final URL (the base of relative links)."""
    doc = _load(body)
    if isinstance(doc, ParseFailed):
        return doc
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith(VERSION_PREFIX):
        return ParseFailed(ErrorCode.NOT_A_FEED.value,
                           "JSON without a JSON Feed version (https://jsonfeed.org/version/…)")
    items = doc.get("items")
    if not isinstance(items, list):
        return ParseFailed(ErrorCode.PARSE_ERROR.value, "JSON Feed 'items' is not a list")
    language = text_or_none(doc.get("language"))
    return ParsedFeed(
        title=text_or_none(doc.get("title")),
        site_url=http_url(doc.get("home_page_url"), url),
        language=language,
        items=tuple(_item(obj, url, language) for obj in items if isinstance(obj, dict)),
        format="json11" if version.rstrip("/").endswith("/1.1") else "json10",
    )


def _load(body: bytes) -> Any:
    text = _decode(body)
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_bounded_int)
    except RecursionError:
        return ParseFailed(ErrorCode.PARSE_ERROR.value, "invalid JSON: nested too deeply")
    except ValueError as exc:  # JSONDecodeError, _Refused
        return ParseFailed(ErrorCode.PARSE_ERROR.value, f"invalid JSON: {scrub(str(exc))[:200]}")


def _decode(body: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace")
    return body.decode("utf-8", "replace")


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number")


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise _Refused(f"a number with {len(digits)} digits")
    return int(digits)


def _item(obj: dict[str, Any], base: str, language: str | None) -> RawItem:
    published = parse_date(text_or_none(obj.get("date_published")))
    updated = parse_date(text_or_none(obj.get("date_modified")))
    return RawItem(
        guid=_guid(obj.get("id")),
        url=http_url(obj.get("url"), base) or http_url(obj.get("external_url"), base),
        title=text_or_none(obj.get("title")),
        summary=_html(obj.get("summary")),
        content=_html(obj.get("content_html")) or _html(obj.get("content_text")),
        author=_author(obj),
        published_at=published or updated,
        updated_at=updated,
        language=text_or_none(obj.get("language")) or language,
        enclosures=_attachments(obj.get("attachments"), base),
    )


def _guid(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text_or_none(value)


def _html(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return scrub(value) or None


def _author(obj: dict[str, Any]) -> str | None:
    authors = obj.get("authors")
    candidates = list(authors) if isinstance(authors, list) else []
    candidates.append(obj.get("author"))  # JSON Feed 1.0
    for author in candidates:
        if isinstance(author, dict) and text_or_none(author.get("name")):
            return text_or_none(author.get("name"))
    return None


def _attachments(value: object, base: str) -> tuple[Enclosure, ...]:
    if not isinstance(value, list):
        return ()
    found: dict[str, Enclosure] = {}
    for obj in value:
        if not isinstance(obj, dict):
            continue
        url = http_url(obj.get("url"), base)
        if url is None or url in found:
            continue
        size = obj.get("size_in_bytes")
        length = size if isinstance(size, int) and not isinstance(size, bool) else None
        found[url] = Enclosure(url=url, type=text_or_none(obj.get("mime_type")),
                               length=length if length and 0 < length < _MAX_LENGTH else None)
    return tuple(found.values())
