"""An article page's metadata from its parsed tree: title, author, dates, canonical URL,
lead image, site name, description, declared language, and the signals that say whether
the page is an article at all or sits behind a paywall.

Each field is taken from the most reliable place that has it, in this order:

| field      | order                                                                            |
|------------|----------------------------------------------------------------------------------|
| title      | JSON-LD headline, the page's h1 (in the article first), og:title, <title>         |
| author     | JSON-LD author, meta author/article:author/dc.creator, rel=author, a byline      |
| published  | JSON-LD datePublished, meta (article:published_time, dc.date, itemprop...),       |
|            | <time datetime> (in the article first), the text near the title (any calendar,    |
|            | Jalali included), a date in the URL path                                         |
| updated    | JSON-LD dateModified, meta article:modified_time / og:updated_time               |
| canonical  | <link rel=canonical>, og:url, JSON-LD url                                        |
| lead image | og:image, twitter:image, JSON-LD image                                           |
| site name  | og:site_name, JSON-LD publisher.name, application-name                           |

Titles lose a trailing " | Site name" (or " - ", " — ", " :: ") when it repeats the site
name. The tree is only read, never changed: the text extractor may mutate it afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import html as lxml_html

from newsdesk.extract.dates import as_datetime, find_date
from newsdesk.extract.jsonld import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    LinkedData,
    names_of,
    read_jsonld,
    text_of,
)
from newsdesk.normalize.text import collapse_ws, truncate
from newsdesk.parse.dates import parse_date
from newsdesk.parse.links import http_url

__all__ = ["Metadata", "read_metadata"]

MAX_TITLE = 1024
MAX_AUTHOR = 200
MAX_DESCRIPTION = 2000
_NEAR_TITLE_CHARS = 1500
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|$)")
_BY_PREFIX = re.compile(
    r"^(?:by|von|par|por|di|da|door|av|af|автор|yazan|نویسنده|توسط|بقلم|كتب)\s*[:：]?\s+",
    re.I,
)
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.date",
    "sailthru.date", "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime",
)
_UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
                 "last-modified", "dc.date.modified")
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
                "byl", "twitter:creator")
_PAYWALL_CLASS = re.compile(r"paywall|subscriber-only|premium-content|meteredcontent|piano-", re.I)


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    published_from: str | None = None
    updated_at: datetime | None = None
    canonical_url: str | None = None
    lead_image: str | None = None
    site_name: str | None = None
    description: str | None = None
    declared_language: str | None = None
    language_from: str | None = None
    article_body: str | None = None  # JSON-LD articleBody, when the page gives one
    is_article: bool | None = None  # True/False when the page says so, None when silent
    paywalled: bool = False  # JSON-LD says the text is not free
    paywall_hint: bool = False  # class names of a paywall/metering script on the page


def read_metadata(tree: lxml_html.HtmlElement, url: str, *, now: datetime) -> Metadata:
    """Everything the module docstring lists, read from `tree` (the page at `url`)."""
    page = _Page(tree, url)
    ld = page.linked_data
    main = ld.main or {}
    site = _site_name(page, main)
    published, published_from = _published(page, main, now)
    language, language_from = _declared_language(page, main)
    return Metadata(
        title=_title(page, main, site),
        author=_author(page, main),
        published_at=published,
        published_from=published_from,
        updated_at=_to_utc(parse_date(text_of(main.get("dateModified")), now=now))
        or _to_utc(parse_date(page.meta(*_UPDATED_META), now=now)),
        canonical_url=_canonical(page, main),
        lead_image=_image(page, main),
        site_name=site,
        description=_short(page.meta("og:description", "description", "twitter:description"),
                           MAX_DESCRIPTION),
        declared_language=language,
        language_from=language_from,
        article_body=text_of(main.get("articleBody")),
        is_article=_is_article(page, ld),
        paywalled=_paywalled(main),
        paywall_hint=any(_PAYWALL_CLASS.search(c) for c in page.tree.xpath("//@class")[:5000]),
    )


class _Page:
    """The tree with its meta tags indexed once (name/property/itemprop → first content)."""

    def __init__(self, tree: lxml_html.HtmlElement, url: str) -> None:
        self.tree = tree
        self.url = url
        self.metas: dict[str, str] = {}
        scripts: list[str] = []
        for el in tree.iter("meta", "script"):
            if el.tag == "script":
                if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text:
                    scripts.append(el.text)
                continue
            content = el.get("content")
            if content is None:
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = (el.get(attr) or "").strip().lower()
                if key and key not in self.metas and content.strip():
                    self.metas[key] = content.strip()
        self.linked_data: LinkedData = read_jsonld(scripts)
        articles = tree.xpath("//article")
        self.article = articles[0] if articles else None

    def meta(self, *names: str) -> str | None:
        for name in names:
            value = self.metas.get(name)
            if value:
                return value
        return None

    def first(self, xpath: str) -> Any:
        scopes = [self.article, self.tree] if self.article is not None else [self.tree]
        for scope in scopes:
            found = scope.xpath(xpath)
            if found:
                return found[0]
        return None


def _short(value: str | None, limit: int) -> str | None:
    if not value:
        return None
    text = collapse_ws(value)
    return truncate(text, limit) if text else None


def _text(el: Any) -> str:
    return collapse_ws(el.text_content()) if el is not None else ""


def _title(page: _Page, main: dict[str, Any], site: str | None) -> str | None:
    h1 = _text(page.first(".//h1"))
    candidates = [text_of(main.get("headline")), h1, page.meta("og:title", "twitter:title")]
    title_el = page.tree.find(".//title")
    candidates.append(_text(title_el) if title_el is not None else None)
    for candidate in candidates:
        title = _short(candidate, MAX_TITLE)
        if title:
            return _strip_site(title, site)
    return None


def _strip_site(title: str, site: str | None) -> str:
    if not site:
        return title
    for sep in _TITLE_SEPARATORS:
        if title.endswith(sep + site):
            return title[: -len(sep + site)].strip() or title
        if title.startswith(site + sep):
            return title[len(site + sep):].strip() or title
    return title


def _author(page: _Page, main: dict[str, Any]) -> str | None:
    names = names_of(main.get("author")) or names_of(main.get("creator"))
    if names:
        return _short(", ".join(dict.fromkeys(names)), MAX_AUTHOR)
    meta = page.meta(*_AUTHOR_META)
    if meta and not http_url(meta) and not meta.startswith("@"):
        return _short(_BY_PREFIX.sub("", meta), MAX_AUTHOR)
    for xpath in (".//*[@rel='author']", ".//*[@itemprop='author']",
                  ".//*[contains(@class,'byline') or contains(@class,'author')]"):
        el = page.first(xpath)
        text = _BY_PREFIX.sub("", _text(el))
        if 0 < len(text) <= 80:
            return text
    return None


def _published(page: _Page, main: dict[str, Any], now: datetime) -> tuple[datetime | None, str | None]:
    found = parse_date(text_of(main.get("datePublished")) or text_of(main.get("dateCreated")), now=now)
    if found:
        return _to_utc(found), "jsonld"
    found = parse_date(page.meta(*_PUBLISHED_META), now=now)
    if found:
        return _to_utc(found), "meta"
    el = page.first(".//time[@datetime]")
    if el is not None:
        found = parse_date(el.get("datetime"), now=now)
        if found:
            return _to_utc(found), "time"
    near = _near_title(page)
    if near:
        lang = page.tree.get("lang")
        shown = find_date(near, lang=lang, now=now)
        if shown is not None:
            return as_datetime(shown), "text"
    m = _URL_DATE.search(page.url)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC), "url"
        except ValueError:
            pass
    return None, None


def _near_title(page: _Page) -> str:
    """The visible text around the h1 (a dateline usually sits just above or below it)."""
    h1 = page.first(".//h1")
    if h1 is None:
        return ""
    scope = h1.getparent() if h1.getparent() is not None else h1
    for _ in range(2):
        if len(_text(scope)) > 80 or scope.getparent() is None:
            break
        scope = scope.getparent()
    return _text(scope)[:_NEAR_TITLE_CHARS]


def _to_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _canonical(page: _Page, main: dict[str, Any]) -> str | None:
    for el in page.tree.iter("link"):
        rels = (el.get("rel") or "").lower().split()
        if "canonical" in rels:
            found = http_url(el.get("href"), page.url)
            if found:
                return found
    for value in (page.meta("og:url"), text_of(main.get("url"))):
        found = http_url(value, page.url)
        if found:
            return found
    return None


def _image(page: _Page, main: dict[str, Any]) -> str | None:
    for value in (page.meta("og:image", "og:image:url", "twitter:image", "twitter:image:src"),
                  text_of(main.get("image")), text_of(main.get("thumbnailUrl"))):
        found = http_url(value, page.url)
        if found:
            return found
    return None


def _site_name(page: _Page, main: dict[str, Any]) -> str | None:
    return _short(page.meta("og:site_name", "application-name")
                  or text_of((main.get("publisher") or {}) if isinstance(main.get("publisher"), dict)
                             else main.get("publisher")), 200)


def _declared_language(page: _Page, main: dict[str, Any]) -> tuple[str | None, str | None]:
    for value, origin in ((text_of(main.get("inLanguage")), "jsonld"),
                          (page.tree.get("lang") or page.tree.get("xml:lang"), "html"),
                          (page.meta("content-language", "og:locale", "language"), "meta")):
        tag = primary_language(value)
        if tag:
            return tag, origin
    return None, None


def primary_language(value: str | None) -> str | None:
    """"en-GB", "fa_IR", "EN" → "en"; anything that is not a language tag → None."""
    if not value:
        return None
    head = re.split(r"[-_,;\s]", value.strip(), maxsplit=1)[0].lower()
    return head if re.fullmatch(r"[a-z]{2,3}", head) else None


def _is_article(page: _Page, ld: LinkedData) -> bool | None:
    if ld.types & ARTICLE_TYPES:
        return True
    og_type = (page.meta("og:type") or "").lower()
    if og_type == "article" or page.meta("article:published_time"):
        return True
    if og_type in {"website", "profile", "video.other", "product"} or ld.types & LISTING_TYPES:
        return False
    return None


def _paywalled(main: dict[str, Any]) -> bool:
    free = main.get("isAccessibleForFree")
    if free is False or (isinstance(free, str) and free.strip().lower() == "false"):
        return True
    parts = main.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict) and str(part.get("isAccessibleForFree")).lower() == "false":
            return True
    return False
