"""Article pages of the loopback news site: full metadata and the boilerplate around it.

Every page carries what extractors read (`<title>`, h1, byline, `<time datetime>`,
og:*, article:published_time, `<link rel=canonical>`, JSON-LD NewsArticle, `lang`) and
what they must leave out (navigation, share buttons, related links, comments, a comment
form, footer). `kind` picks the variant: the JSON-LD-only page has an empty app shell
where the body would be; the paywalled page shows one paragraph and "Subscribe to read".
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from tests.servers.newssite_corpus import COMMENTS, SITE_NAME, SITE_NAME_FA
from tests.servers.newssite_pages import (
    LABELS,
    Article,
    author_slug,
    date_text,
    footer,
    head,
    iso,
    jalali_text,
    masthead,
    most_read,
)

_LOCALES = {"en": "en_GB", "fr": "fr_FR", "de": "de_DE", "fa": "fa_IR"}


def article_page(a: Article, related: Sequence[Article]) -> bytes:
    """The HTML of `a` (any kind but "pdf")."""
    site = SITE_NAME_FA if a.language == "fa" else SITE_NAME
    return (head(f"{a.title} – {site}", a.language, _meta(a, site))
            + '<body class="single single-post">\n' + masthead(a.language)
            + '<main id="main" class="site-main">\n' + _article(a) + _share(a)
            + _related(a, related) + _comments(a) + "</main>\n"
            + '<aside id="secondary" class="widget-area">' + most_read(related, a.language)
            + "</aside>\n" + footer(a.language)).encode()


def _meta(a: Article, site: str) -> str:
    description = escape(a.teaser)
    tags = "".join(f'<meta property="article:tag" content="{escape(t)}">\n' for t in a.tags)
    return (f'<meta name="description" content="{description}">\n'
            f'<link rel="canonical" href="{escape(a.canonical)}">\n'
            f'<meta property="og:type" content="article">\n'
            f'<meta property="og:site_name" content="{escape(site)}">\n'
            f'<meta property="og:locale" content="{_LOCALES[a.language]}">\n'
            f'<meta property="og:title" content="{escape(a.title)}">\n'
            f'<meta property="og:description" content="{description}">\n'
            f'<meta property="og:url" content="{escape(a.canonical)}">\n'
            f'<meta property="article:published_time" content="{iso(a.published, a.tz)}">\n'
            f'<meta property="article:modified_time" content="{iso(a.modified, a.tz)}">\n'
            f'<meta property="article:author" content="{escape(a.author)}">\n' + tags
            + '<script type="application/ld+json">' + _json_ld(a, site) + "</script>\n")


def _json_ld(a: Article, site: str) -> str:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": a.canonical},
        "headline": a.title,
        "description": a.teaser,
        "inLanguage": a.language,
        "author": {"@type": "Person", "name": a.author},
        "datePublished": iso(a.published, a.tz),
        "dateModified": iso(a.modified, a.tz),
        "publisher": {"@type": "NewsMediaOrganization", "name": site},
        "keywords": list(a.tags),
    }
    if a.jsonld_body:
        data["articleBody"] = a.text
    if a.kind == "paywalled":
        data["isAccessibleForFree"] = False
        data["hasPart"] = {"@type": "WebPageElement", "isAccessibleForFree": False,
                           "cssSelector": ".paywalled-content"}
    # "</" inside a script would end it early: escape the slash as JSON allows
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _article(a: Article) -> str:
    by = LABELS[a.language][0]
    shown = jalali_text(a.published) if a.language == "fa" else date_text(a.shown_date, a.language)
    updated = ""
    if a.modified != a.published:
        updated = (f' <time class="updated" datetime="{iso(a.modified, a.tz)}">'
                   f"({date_text(a.modified.astimezone(a.tz).date(), a.language)})</time>")
    tags = " ".join(f'<a href="/tag/{escape(t)}/" rel="tag">{escape(t)}</a>' for t in a.tags)
    return (f'<article class="post type-post hentry" lang="{a.language}">\n'
            '<header class="entry-header">\n'
            f'<h1 class="entry-title">{escape(a.title)}</h1>\n'
            f'<div class="entry-meta"><span class="byline">{by} <a rel="author" '
            f'href="/author/{author_slug(a)}/">{escape(a.author)}</a></span> · '
            f'<time class="entry-date published" datetime="{iso(a.published, a.tz)}">{shown}'
            f"</time>{updated}</div>\n</header>\n"
            + _body(a)
            + f'<footer class="entry-footer"><span class="tags-links">{LABELS[a.language][4]}: '
            f"{tags}</span></footer>\n</article>\n")


def _body(a: Article) -> str:
    if a.kind == "jsonld_only":
        return ('<div class="entry-content" id="story-app" data-hydrate="article"></div>\n'
                "<noscript>Enable JavaScript to read this story.</noscript>\n")
    paragraphs = "".join(f"<p>{escape(p)}</p>\n" for p in a.paragraphs)
    if a.kind == "paywalled":
        return ('<div class="entry-content">\n' + paragraphs + "</div>\n"
                '<div class="paywalled-content paywall"><p>This story is for subscribers. '
                'Subscribe to read the full investigation, or log in if you already have an '
                'account.</p><a class="button" href="/subscribe/">Subscribe to read</a> '
                '<a href="/login/?next=' + escape(a.url) + '">Log in</a></div>\n')
    return '<div class="entry-content">\n' + paragraphs + "</div>\n"


def _share(a: Article) -> str:
    target = quote(a.canonical, safe="")
    subject = quote(a.title, safe="")
    return ('<div class="share-buttons social"><span>Share:</span> '
            f'<a href="https://social.example/share?u={target}">Social</a> '
            f'<a href="mailto:?subject={subject}&amp;body={target}">Email</a></div>\n')


def _related(a: Article, related: Sequence[Article]) -> str:
    items = "".join(f'<li><a href="{escape(r.url)}">{escape(r.title)}</a></li>'
                    for r in related if r.slug != a.slug)
    return (f'<section class="related-posts"><h2>{LABELS[a.language][1]}</h2><ul>{items}</ul>'
            "</section>\n")


def _comments(a: Article) -> str:
    comments = COMMENTS[a.language]
    label = LABELS[a.language]
    items = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta">'
        f'<b class="fn">{escape(name)}</b></footer><div class="comment-content"><p>{escape(text)}'
        "</p></div></article></li>" for name, text in comments)
    return (f'<section id="comments" class="comments-area"><h2 class="comments-title">'
            f"{len(comments)} {label[2]}</h2><ol class=\"comment-list\">{items}</ol>"
            f'<form class="comment-form" action="/wp-comments-post.php" method="post">'
            f'<h3>{label[3]}</h3><textarea name="comment"></textarea>'
            '<input type="submit" value="Post"></form></section>\n')


def pdf_body(a: Article) -> bytes:
    """A small PDF-looking binary (header, one text object, binary marker, trailer)."""
    text = a.title.encode("latin-1", "replace")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    compressed = zlib.compress(stream * 40)
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"4 0 obj\n<< /Length " + str(len(compressed)).encode()
            + b" /Filter /FlateDecode >>\nstream\n" + compressed + b"\nendstream\nendobj\n"
            b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
