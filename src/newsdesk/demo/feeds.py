"""The demo outlets' feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1, rendered as UTF-8 bytes.

`home` is the outlet's home page URL (ending in "/"); item links are `home + articles/<id>.html`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape as html_escape
from xml.sax.saxutils import escape, quoteattr

from newsdesk.demo.content import DemoItem, FeedFormat, OutletContent


def render_feed(outlet: OutletContent, home: str) -> bytes:
    if outlet.format is FeedFormat.RSS:
        return render_rss(outlet, home)
    if outlet.format is FeedFormat.ATOM:
        return render_atom(outlet, home)
    return render_json_feed(outlet, home)


def article_url(home: str, item: DemoItem) -> str:
    return f"{home}articles/{item.id}.html"


def item_html(item: DemoItem) -> str:
    """The article body as HTML paragraphs."""
    return "\n".join(f"<p>{html_escape(p, quote=False)}</p>" for p in item.paragraphs)


def render_rss(outlet: OutletContent, home: str) -> bytes:
    feed_url = home + outlet.format.file_name
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(outlet.name)}</title>",
        f"<link>{escape(home)}</link>",
        f"<description>{escape(outlet.tagline)}</description>",
        f"<language>{escape(outlet.language)}</language>",
        f"<lastBuildDate>{_rfc822(outlet.updated_at)}</lastBuildDate>",
        f'<atom:link href={quoteattr(feed_url)} rel="self" type="application/rss+xml"/>',
    ]
    for item in outlet.items:
        lines += _rss_item(outlet, home, item)
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines).encode("utf-8")


def _rss_item(outlet: OutletContent, home: str, item: DemoItem) -> list[str]:
    lines = [
        "<item>",
        f"<title>{escape(item.title)}</title>",
        f"<link>{escape(article_url(home, item))}</link>",
        f'<guid isPermaLink="false">{escape(item.guid)}</guid>',
        f"<pubDate>{_rfc822(item.published_at)}</pubDate>",
        f"<dc:creator>{escape(item.author)}</dc:creator>",
    ]
    lines += [f"<category>{escape(c)}</category>" for c in item.categories]
    lines.append(f"<description>{escape(item.summary)}</description>")
    if outlet.full_text_in_feed:
        lines.append(f"<content:encoded>{escape(item_html(item))}</content:encoded>")
    lines.append("</item>")
    return lines


def render_atom(outlet: OutletContent, home: str) -> bytes:
    feed_url = home + outlet.format.file_name
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(outlet.language)}>',
        f"<title>{escape(outlet.name)}</title>",
        f"<subtitle>{escape(outlet.tagline)}</subtitle>",
        f'<link rel="alternate" type="text/html" href={quoteattr(home)}/>',
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>',
        f"<id>{escape(f'tag:newsdesk-demo.invalid,2024:{outlet.slug}')}</id>",
        f"<updated>{_rfc3339(outlet.updated_at)}</updated>",
    ]
    for item in outlet.items:
        lines += [
            "<entry>",
            f"<title>{escape(item.title)}</title>",
            f'<link rel="alternate" type="text/html" href={quoteattr(article_url(home, item))}/>',
            f"<id>{escape(item.guid)}</id>",
            f"<published>{_rfc3339(item.published_at)}</published>",
            f"<updated>{_rfc3339(item.published_at)}</updated>",
            f"<author><name>{escape(item.author)}</name></author>",
            *(f"<category term={quoteattr(c)}/>" for c in item.categories),
            f'<summary type="text">{escape(item.summary)}</summary>',
        ]
        if outlet.full_text_in_feed:
            lines.append(f'<content type="html">{escape(item_html(item))}</content>')
        lines.append("</entry>")
    lines += ["</feed>", ""]
    return "\n".join(lines).encode("utf-8")


def render_json_feed(outlet: OutletContent, home: str) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name,
        "home_page_url": home,
        "feed_url": home + outlet.format.file_name,
        "description": outlet.tagline,
        "language": outlet.language,
        "items": [_json_item(outlet, home, item) for item in outlet.items],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _json_item(outlet: OutletContent, home: str, item: DemoItem) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": item.guid,
        "url": article_url(home, item),
        "title": item.title,
        "summary": item.summary,
        "date_published": _rfc3339(item.published_at),
        "authors": [{"name": item.author}],
        "tags": list(item.categories),
        "language": outlet.language,
    }
    if outlet.full_text_in_feed:
        entry["content_html"] = item_html(item)
    else:
        entry["content_text"] = item.summary
    return entry


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
