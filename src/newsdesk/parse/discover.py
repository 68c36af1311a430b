"""The feeds an HTML page says it has: `<link rel="alternate" type="application/rss+xml">`.

`discover_feeds` reads `<link>` elements (anywhere in the page, with the stdlib HTML
parser, which never raises on bad markup) whose `rel` holds `alternate` or `feed` and whose
`type` is a feed type. Plain `application/json` counts only when the title or the URL says
"feed" (JSON Feed 1.0 pages used that type; so does the WordPress REST API, for every
post). Links are resolved against `<base href>` when it is http(s), else the page URL;
only http(s) results are kept, in document order, without repeats.

`COMMON_FEED_PATHS` are the places a caller may probe when a page links no feed.
"""

from __future__ import annotations

from html.parser import HTMLParser

from newsdesk.parse.charset import decode_html
from newsdesk.parse.links import http_url

__all__ = ["COMMON_FEED_PATHS", "FEED_TYPES", "discover_feeds"]

COMMON_FEED_PATHS = (
    "/feed",
    "/feed/",
    "/rss",
    "/rss/",
    "/feed.xml",
    "/rss.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/index.rss",
    "/rss/index.xml",
    "/feeds/posts/default",
    "/?feed=rss2",
    "/?format=rss",
)
FEED_TYPES = frozenset({
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
})
_MAX_LINKS = 100


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "base" and self.base is None:
            self.base = dict(attrs).get("href") or None
        elif tag == "link" and len(self.found) < _MAX_LINKS:
            values = {name: value or "" for name, value in attrs}
            if _is_feed_link(values):
                self.found.append(values.get("href", ""))

    handle_startendtag = handle_starttag

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # CPython 3.11's _markupbase raises AssertionError on "<![" not followed by a name
        # ("<![ x"); read such a section as a bogus comment, as browsers do.
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i)


def _is_feed_link(attrs: dict[str, str]) -> bool:
    rel = set(attrs.get("rel", "").lower().split())
    media = attrs.get("type", "").split(";")[0].strip().lower()
    if not rel & {"alternate", "feed"}:
        return False
    if media in FEED_TYPES:
        return True
    if media == "application/json":
        hint = (attrs.get("title", "") + " " + attrs.get("href", "")).lower()
        return "feed" in hint
    return "feed" in rel and not media


def discover_feeds(body: bytes, base_url: str, charset: str | None = None) -> list[str]:
    """Absolute feed URLs the page links to, in document order, without repeats."""
    text, _ = decode_html(body, charset)
    parser = _FeedLinks()
    parser.feed(text)
    parser.close()
    base = http_url(parser.base, base_url) or base_url
    urls: dict[str, None] = {}
    for href in parser.found:
        url = http_url(href, base)
        if url is not None:
            urls.setdefault(url)
    return list(urls)
