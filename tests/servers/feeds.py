"""Feeds written on the fly for tests: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from plain dicts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

BASE_TIME = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def entries(n: int, *, prefix: str = "Story", site: str = "https://news.example",
            start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "guid": f"{site}/a/{i}",
            "url": f"{site}/a/{i}",
            "title": f"{prefix} {i}",
            "summary": f"Summary of {prefix.lower()} {i}. " + "Words follow here. " * 20,
            "published": BASE_TIME - timedelta(hours=i),
        }
        for i in range(start, start + n)
    ]


def rss(items: Sequence[dict[str, object]], title: str = "Test feed", lang: str = "en") -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://news.example/</link><language>{lang}</language>",
    ]
    for it in items:
        parts.append("<item>")
        if it.get("guid") is not None:
            parts.append(f"<guid isPermaLink=\"false\">{escape(str(it['guid']))}</guid>")
        if it.get("url") is not None:
            parts.append(f"<link>{escape(str(it['url']))}</link>")
        parts.append(f"<title>{escape(str(it['title']))}</title>")
        if it.get("summary") is not None:
            parts.append(f"<description>{escape(str(it['summary']))}</description>")
        published = it.get("published")
        if isinstance(published, datetime):
            parts.append(f"<pubDate>{format_datetime(published)}</pubDate>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def atom(items: Sequence[dict[str, object]], title: str = "Test Atom") -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title><id>urn:test:atom</id><updated>2026-03-01T12:00:00Z</updated>",
    ]
    for it in items:
        published = it["published"]
        assert isinstance(published, datetime)
        parts.append(
            f"<entry><id>{escape(str(it['guid']))}</id><title>{escape(str(it['title']))}</title>"
            f'<link href="{escape(str(it["url"]))}"/><updated>{published.isoformat()}</updated>'
            f"<summary>{escape(str(it['summary']))}</summary></entry>"
        )
    parts.append("</feed>")
    return "".join(parts).encode()


def json_feed(items: Sequence[dict[str, object]], title: str = "Test JSON") -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "items": [
            {
                "id": it["guid"], "url": it["url"], "title": it["title"],
                "content_html": it["summary"],
                "date_published": it["published"].isoformat()  # type: ignore[union-attr]
                if isinstance(it.get("published"), datetime) else None,
            }
            for it in items
        ],
    }).encode()
