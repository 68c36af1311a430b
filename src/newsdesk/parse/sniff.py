"""What a body is, from its first bytes: a feed (which kind), a sitemap, OPML, an HTML page.

The body decides; the Content-Type header only breaks ties (servers label feeds
`text/html` and pages `text/xml`). We look past a BOM, whitespace, the XML declaration,
processing instructions, comments and a DOCTYPE to the root element's local name.
A JSON object is a JSON Feed when it carries `"version": "https://jsonfeed.org/version/…"`.
"""

from __future__ import annotations

import re

from newsdesk.parse.charset import decode_xml

__all__ = ["KINDS", "root_element", "root_tag", "sniff"]

KINDS = ("rss", "rdf", "atom", "json_feed", "sitemap", "sitemap_index", "opml", "html",
         "unknown")

_HEAD = 65536  # how far we look for the root element
_ROOTS = {
    "rss": "rss",
    "rdf": "rdf",
    "feed": "atom",
    "urlset": "sitemap",
    "sitemapindex": "sitemap_index",
    "opml": "opml",
}
_HTML_ROOTS = {"html", "head", "body", "meta", "title", "link", "script", "style", "div",
               "p", "a", "span", "table", "br", "header", "main", "section", "iframe"}
_NAME = re.compile(r"<([A-Za-z_][\w.:\-]*)")
_JSON_FEED = re.compile(
    rb'"version"\s*:\s*"https?:(?:\\?/){2}jsonfeed\.org(?:\\?/)version(?:\\?/)'
)


def sniff(body: bytes, content_type: str | None) -> str:
    """One of KINDS."""
    media = (content_type or "").split(";")[0].strip().lower()
    head = body[:_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json_feed" if _JSON_FEED.search(body) else "unknown"
    root = root_element(body)
    if root is not None:
        if root in _ROOTS:
            return _ROOTS[root]
        if root in _HTML_ROOTS:
            return "html"
    if root is None and _html_doctype(body):
        return "html"
    if "html" in media and body.strip():
        return "html"
    return "unknown"


def root_element(body: bytes) -> str | None:
    """The lower-cased local name of the first element, or None if there is none near the
    start (not markup, or the prolog is longer than 64 KB)."""
    tag = root_tag(body)
    return tag.rsplit(":", 1)[-1].lower() if tag else None


def root_tag(body: bytes) -> str | None:
    """The first element's name as written (`rdf:RDF`), or None as for `root_element`."""
    text, _ = decode_xml(body[:_HEAD], None)
    pos = _skip_prolog(text)
    if pos is None:
        return None
    match = _NAME.match(text, pos)
    return match.group(1) if match else None


def _html_doctype(body: bytes) -> bool:
    text, _ = decode_xml(body[:1024], None)
    return re.search(r"<!doctype\s+html|<html[\s>]", text, re.I) is not None


def _skip_prolog(text: str) -> int | None:
    """Position of the first element's "<", or None."""
    pos = 0
    length = len(text)
    while pos < length:
        while pos < length and text[pos] in "\ufeff \t\r\n":
            pos += 1
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
        elif text[pos : pos + 9].lower() == "<!doctype":
            if text[pos : pos + 14].lower() == "<!doctype html":
                return None
            end = _doctype_end(text, pos)
        elif text.startswith("<", pos):
            return pos
        else:
            return None
        close = text.find(">", end) if end >= 0 else -1
        if close < 0:
            return None
        pos = close + 1
    return None


def _doctype_end(text: str, pos: int) -> int:
    bracket = text.find("[", pos)
    close = text.find(">", pos)
    if 0 <= bracket < close:
        return text.find("]", bracket)
    return close
