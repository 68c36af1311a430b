"""robots.txt and the sitemaps of the loopback news site (sitemaps.org 0.9, Google News)."""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from tests.servers.newssite_corpus import SITE_NAME
from tests.servers.newssite_pages import Article, iso, w3c

_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
_NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def robots_txt(base: str, *, disallow_all: bool = False) -> bytes:
    """Open site: /private/ and /search disallowed for all, two Sitemap lines. Closed site:
    exactly `User-agent: *` / `Disallow: /`."""
    if disallow_all:
        return b"User-agent: *\nDisallow: /\n"
    return (f"# robots.txt for {SITE_NAME} (a fictional site for tests)\n"
            "User-agent: *\nDisallow: /private/\nDisallow: /search\n\n"
            f"Sitemap: {base}/sitemap_index.xml\nSitemap: {base}/sitemap-news.xml\n").encode()


def sitemap_index(entries: Sequence[tuple[str, datetime | None]]) -> bytes:
    """A `<sitemapindex>` of (absolute URL, lastmod)."""
    parts = [_DECL, f"<sitemapindex {_NS}>\n"]
    for loc, lastmod in entries:
        mod = f"<lastmod>{w3c(lastmod)}</lastmod>" if lastmod else ""
        parts.append(f"<sitemap><loc>{escape(loc)}</loc>{mod}</sitemap>\n")
    parts.append("</sitemapindex>\n")
    return "".join(parts).encode()


def news_sitemap(articles: Sequence[Article]) -> bytes:
    """A Google News sitemap: news:publication (name, language), publication_date, title."""
    parts = [_DECL, f"<urlset {_NS} {_NEWS_NS}>\n"]
    for a in articles:
        parts.append(
            f"<url><loc>{escape(a.canonical)}</loc><news:news><news:publication>"
            f"<news:name>{escape(SITE_NAME)}</news:name><news:language>{a.language}"
            f"</news:language></news:publication><news:publication_date>"
            f"{iso(a.published, a.tz)}</news:publication_date><news:title>{escape(a.title)}"
            "</news:title></news:news></url>\n")
    parts.append("</urlset>\n")
    return "".join(parts).encode()


def urlset(entries: Sequence[tuple[str, datetime | None]]) -> bytes:
    parts = [_DECL, f"<urlset {_NS}>\n"]
    for loc, lastmod in entries:
        mod = f"<lastmod>{w3c(lastmod)}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{escape(loc)}</loc>{mod}</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts).encode()


def gzipped(body: bytes) -> bytes:
    """gzip with a fixed mtime, so equal content gives equal bytes (and ETags)."""
    return gzip.compress(body, compresslevel=6, mtime=0)
