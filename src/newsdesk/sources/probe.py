"""What a page is and what newsdesk would take from it: `newsdesk probe`.

One function, `probe(body, ...)`, for the CLI today and the add-a-source preview of the web
app later: a feed lists its items, a sitemap its URLs, an HTML page its listing items when it
has at least `MIN_LISTING` of them; an HTML page without a listing is an `article` when it
says so (og:type article, JSON-LD Article types, one `<article>` with prose), else `other`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newsdesk.extract.dates import as_datetime, find_date
from newsdesk.model import ParsedFeed
from newsdesk.normalize.html import html_to_text
from newsdesk.normalize.teaser import make_teaser
from newsdesk.parse.charset import decode_html
from newsdesk.parse.discover import discover_feeds
from newsdesk.parse.feeds import parse_feed
from newsdesk.parse.listing import detect_listing, looks_like_articles
from newsdesk.parse.sitemaps import Sitemap, parse_sitemap
from newsdesk.parse.sniff import sniff

MIN_LISTING = 3
FEED_KINDS = {"rss", "rdf", "atom", "json_feed"}
SITEMAP_KINDS = {"sitemap", "sitemap_index"}
_ARTICLE_HINTS = re.compile(
    rb'property=["\']og:type["\'][^>]*content=["\']article|"@type"\s*:\s*"(News|Blog)?Article"',
    re.I,
)


@dataclass(frozen=True, slots=True)
class ProbeItem:
    url: str
    title: str | None
    teaser: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class ProbeResult:
    kind: str  # feed | sitemap | listing | article | other
    items: tuple[ProbeItem, ...] = ()
    feeds: tuple[str, ...] = ()  # feeds an HTML page links to
    note: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "items": [
                {"url": i.url, "title": i.title, "teaser": i.teaser,
                 "published_at": i.published_at.isoformat().replace("+00:00", "Z")
                 if i.published_at else None}
                for i in self.items
            ],
            "feeds": list(self.feeds),
            **({"note": self.note} if self.note else {}),
        }


def probe(body: bytes, *, url: str, content_type: str | None = None,
          charset: str | None = None, now: datetime) -> ProbeResult:
    kind = sniff(body, content_type)
    if kind in FEED_KINDS:
        return _feed(body, url, charset)
    if kind in SITEMAP_KINDS or body[:2] == b"\x1f\x8b":
        return _sitemap(body, url)
    if kind != "html":
        return ProbeResult("other", note=f"not a feed, sitemap or HTML page ({kind})")
    return _html(body, url, charset, now)


def _feed(body: bytes, url: str, charset: str | None) -> ProbeResult:
    feed = parse_feed(body, url=url, charset=charset)
    if not isinstance(feed, ParsedFeed):
        return ProbeResult("other", note=feed.message)
    items = tuple(
        ProbeItem(url=i.url or "", title=i.title,
                  teaser=make_teaser(html_to_text(i.summary or i.content or "")) or None,
                  published_at=i.published_at)
        for i in feed.items if i.url
    )
    return ProbeResult("feed", items)


def _sitemap(body: bytes, url: str) -> ProbeResult:
    found = parse_sitemap(body, url=url)
    if not isinstance(found, Sitemap):
        return ProbeResult("other", note=found.message)
    items = tuple(ProbeItem(url=e.url, title=e.news_title, teaser=None,
                            published_at=e.news_published or e.lastmod) for e in found.entries)
    note = "a sitemap index: its entries are sitemaps" if found.kind == "index" else None
    return ProbeResult("sitemap", items, note=note)


def _html(body: bytes, url: str, charset: str | None, now: datetime) -> ProbeResult:
    feeds = tuple(discover_feeds(body, url, charset))
    listing = detect_listing(body, base_url=url, charset=charset)
    if len(listing) >= MIN_LISTING and looks_like_articles(listing):
        lang = _lang(body, charset)
        items = tuple(
            ProbeItem(url=i.url, title=i.title, teaser=i.teaser, published_at=_when(i.date_text, lang, now))
            for i in listing
        )
        return ProbeResult("listing", items, feeds)
    if _ARTICLE_HINTS.search(body[:200_000]):
        return ProbeResult("article", (), feeds)
    return ProbeResult("other", (), feeds)


def _lang(body: bytes, charset: str | None) -> str | None:
    text, _ = decode_html(body[:4096], charset)
    m = re.search(r'<html[^>]*\slang=["\']?([A-Za-z-]{2,12})', text, re.I)
    return m.group(1) if m else None


def _when(text: str | None, lang: str | None, now: datetime) -> datetime | None:
    if not text:
        return None
    found = find_date(text, lang=lang, now=now)
    return as_datetime(found) if found is not None else None
