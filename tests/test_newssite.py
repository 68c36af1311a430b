"""The loopback news site (tests/servers/newssite.py) checked over real HTTP with urllib.

These tests check the fixture, not newsdesk: what the pages say must match the ground
truth (`site.articles`, `site.listing()`), read back with the standard library (html.parser,
ElementTree, gzip, robotparser) rather than with the code the site is meant to test. The
last tests cross-check the listing pages against newsdesk's own detector.
"""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zlib
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.client import HTTPResponse
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest

from tests.servers.bombs import gzip_bomb
from tests.servers.newssite import Article, NewsSite
from tests.servers.newssite_pages import gregorian_to_jalali, persian_digits

pytest_plugins = ["tests.servers.fixtures"]  # news_site, closed_news_site

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
LISTINGS = ("/news/", "/news/page/2/", "/news/page/3/", "/news/page/4/", "/fa/", "/europe/")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(site: NewsSite, path: str, headers: dict[str, str] | None = None) -> HTTPResponse:
    """GET 127.0.0.1:P`path` without following redirects; HTTP errors are returned too."""
    request = urllib.request.Request(site.direct_url(path), headers=headers or {})
    try:
        response: HTTPResponse = _OPENER.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error  # type: ignore[return-value]  # an HTTPError is a response
    return response


def body(site: NewsSite, path: str) -> bytes:
    response = get(site, path)
    assert response.status == 200, (path, response.status)
    return response.read()


class _Page(HTMLParser):
    """Links (href, rel, text), metas, the lang, canonical, JSON-LD and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.head_links: dict[str, str] = {}
        self.meta: dict[str, str] = {}
        self.lang = ""
        self.jsonld: list[object] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self._link: list[str] | None = None
        self._script = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "a":
            self._link = [a.get("href", ""), a.get("rel", ""), ""]
        elif tag == "link" and "rel" in a:
            self.head_links[a["rel"]] = a.get("href", "")
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
        elif tag == "script":
            self._script = a.get("type", "")
        if tag not in ("meta", "link", "br", "input", "img"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], self._link[1], self._link[2].strip()))
            self._link = None
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "script":
            if self._script == "application/ld+json":
                self.jsonld.append(json.loads(data))
            return
        if self._stack and self._stack[-1] in ("style", "title", "noscript"):
            return
        if self._link is not None:
            self._link[2] += data
        self.text.append(data)


def parse(html: bytes) -> _Page:
    page = _Page()
    page.feed(html.decode("utf-8"))
    return page


# -- ground truth ------------------------------------------------------------------------------

def test_ground_truth_has_the_promised_corpus(news_site: NewsSite) -> None:
    articles = news_site.articles
    by_language = {lang: sum(a.language == lang for a in articles) for lang in ("en", "fa", "fr", "de")}
    assert by_language["fa"] == 6 and by_language["fr"] + by_language["de"] == 4
    assert by_language["en"] >= 25
    kinds = [a.kind for a in articles]
    for kind in ("jsonld_only", "paywalled", "pdf", "private"):
        assert kinds.count(kind) == 1, kind
    assert len({a.slug for a in articles}) == len(articles)
    assert sum(a.canonical != a.url for a in articles) == 1
    assert all(a.published.tzinfo is UTC and a.modified.tzinfo is UTC for a in articles)
    assert all(a.teaser.endswith("…") and a.title and a.author for a in articles)
    assert all(a.paragraphs[0].startswith(a.teaser[:-1]) for a in articles if a.paragraphs)
    news = [a for p in ("/news/", "/news/page/2/", "/news/page/3/", "/news/page/4/")
            for a in news_site.listing(p)]
    assert len(news) == len({a.url for a in news}) == 34
    assert [a.published for a in news] == sorted((a.published for a in news), reverse=True)


# -- pages -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", *LISTINGS])
def test_listing_pages_serve_html_without_feeds(news_site: NewsSite, path: str) -> None:
    response = get(news_site, path)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    html = response.read()
    page = parse(html)
    assert page.lang in ("en", "fa")
    assert b"application/rss+xml" not in html and b"application/atom+xml" not in html
    assert b"application/feed+json" not in html and "alternate" not in page.head_links


@pytest.mark.parametrize("path", ["/feed/", "/news/feed/", "/rss.xml", "/atom.xml", "/feed.json"])
def test_there_is_no_feed(news_site: NewsSite, path: str) -> None:
    assert get(news_site, path).status == 404


@pytest.mark.parametrize("path", LISTINGS)
def test_listing_items_show_title_teaser_date_and_read_more(news_site: NewsSite, path: str) -> None:
    page = parse(body(news_site, path))
    text = " ".join(" ".join(page.text).split())
    items = news_site.listing(path)
    assert len(items) >= 4
    base = news_site.url(path)
    links = {(urljoin(base, href), label) for href, _rel, label in page.links}
    for a in items:
        assert (a.url, a.title) in links, a.slug  # the title links to the article
        label = "ادامه مطلب" if path == "/fa/" else "Read more"
        if path == "/europe/":
            label = {"fr": "Lire la suite", "de": "Weiterlesen"}.get(a.language, label)
        assert any(u == a.url and lab.startswith(label) for u, lab in links), a.slug
        assert a.teaser in text, a.slug
    dates = [_shown_date(a, path) for a in items]
    assert all(d in text for d in dates), dates


_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")
_MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember")


def _shown_date(a: Article, path: str) -> str:
    """The date as the section prints it, computed here from the truth's `shown_date`."""
    day = a.shown_date
    if path == "/fa/":
        jy, jm, jd = gregorian_to_jalali(day.year, day.month, day.day)
        return persian_digits(f"{jy}/{jm:02d}/{jd:02d}")
    if path == "/europe/" and a.language == "fr":
        return f"{day.day} {_MONTHS_FR[day.month - 1]} {day.year}"
    if path == "/europe/" and a.language == "de":
        return f"{day.day}. {_MONTHS_DE[day.month - 1]} {day.year}"
    return f"{day:%B} {day.day}, {day.year}"


def test_jalali_dates_match_dates_checked_with_jdatetime() -> None:
    # ../shared/fixtures/listing/README.md: checked with jdatetime 6.1.1
    assert gregorian_to_jalali(2026, 1, 27) == (1404, 11, 7)
    assert gregorian_to_jalali(2026, 1, 25) == (1404, 11, 5)
    assert gregorian_to_jalali(2026, 1, 20) == (1404, 10, 30)


def test_persian_listing_dates_convert_back_to_the_truth(news_site: NewsSite) -> None:
    from newsdesk.extract.jalali import jalali_to_gregorian, to_ascii_digits

    page = parse(body(news_site, "/fa/"))
    shown = [t.strip() for t in page.text if "/" in t and " - " in t]
    assert len(shown) == 6 and all(not s.isascii() for s in shown)
    days = [jalali_to_gregorian(*map(int, to_ascii_digits(s.split(" - ")[0]).split("/")))
            for s in shown]
    assert days == [a.shown_date for a in news_site.listing("/fa/")]
    assert "ادامه مطلب" in " ".join(t for _h, _r, t in page.links)


def test_pagination_follows_older_posts_to_the_last_page(news_site: NewsSite) -> None:
    path: str | None = "/news/"
    seen: list[str] = []
    while path is not None:
        seen.append(path)
        page = parse(body(news_site, path))
        nexts = [(h, t) for h, rel, t in page.links if rel == "next"]
        assert ("next" in page.head_links) == bool(nexts)
        path = urlsplit(urljoin(news_site.url(path), nexts[0][0])).path if nexts else None
        if nexts:
            assert nexts[0][1] == "Older posts"
            assert urljoin(news_site.url(seen[-1]), page.head_links["next"]) == news_site.url(path or "")
        assert len(seen) < 10
    assert seen == ["/news/", "/news/page/2/", "/news/page/3/", "/news/page/4/"]
    assert get(news_site, "/news/page/5/").status == 404
    first = get(news_site, "/news/page/1/")
    assert first.status == 301 and first.headers["Location"] == news_site.url("/news/")


def test_every_article_page_carries_its_metadata(news_site: NewsSite) -> None:
    for a in news_site.articles:
        response = get(news_site, a.path)
        assert response.status == 200, a.slug
        if a.kind == "pdf":
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.read().startswith(b"%PDF-")
            continue
        page = parse(response.read())
        assert page.lang == a.language
        assert page.head_links["canonical"] == a.canonical
        assert page.meta["og:title"] == a.title and page.meta["og:url"] == a.canonical
        assert datetime.fromisoformat(page.meta["article:published_time"]) == a.published
        (ld,) = page.jsonld
        assert isinstance(ld, dict) and ld["@type"] == "NewsArticle"
        assert ld["headline"] == a.title and ld["author"]["name"] == a.author
        assert datetime.fromisoformat(ld["datePublished"]) == a.published
        assert datetime.fromisoformat(ld["dateModified"]) == a.modified
        assert ("articleBody" in ld) == a.jsonld_body
        if a.jsonld_body:
            assert ld["articleBody"] == a.text
        visible = "\n".join(page.text)
        assert a.title in visible and a.author in visible
        if a.kind == "jsonld_only":
            assert not any(p in visible for p in a.paragraphs)
        else:
            assert all(p in visible for p in a.paragraphs)
        if a.kind == "paywalled":
            assert "Subscribe to read" in visible and ld["isAccessibleForFree"] is False


def test_the_canonical_elsewhere_serves_the_same_article(news_site: NewsSite) -> None:
    (moved,) = [a for a in news_site.articles if a.canonical != a.url]
    assert urlsplit(moved.canonical).netloc == urlsplit(moved.url).netloc
    assert urlsplit(moved.canonical).path != moved.path
    assert body(news_site, urlsplit(moved.canonical).path) == body(news_site, moved.path)


def test_requests_are_counted_per_path(news_site: NewsSite) -> None:
    article = news_site.listing("/news/")[0]
    assert news_site.fetch_count(article.path) == 0
    body(news_site, article.path)
    body(news_site, article.path)
    assert news_site.fetch_count(article.path) == 2
    assert len(news_site.requests_for(article.path)) == 2
    assert news_site.fetch_count("/news/") == 0


# -- robots and sitemaps -----------------------------------------------------------------------

def test_robots_disallows_private_and_names_the_sitemaps(news_site: NewsSite) -> None:
    text = body(news_site, "/robots.txt").decode()
    lines = text.splitlines()
    assert "User-agent: *" in lines and "Disallow: /private/" in lines
    assert f"Sitemap: {news_site.url('/sitemap_index.xml')}" in lines
    assert f"Sitemap: {news_site.url('/sitemap-news.xml')}" in lines
    robots = RobotFileParser()
    robots.parse(lines)
    (secret,) = [a for a in news_site.articles if a.kind == "private"]
    assert not robots.can_fetch("newsdesk", secret.url)
    assert all(robots.can_fetch("newsdesk", a.url) for a in news_site.articles if a.kind != "private")


def test_closed_site_disallows_everything(closed_news_site: NewsSite) -> None:
    text = body(closed_news_site, "/robots.txt")
    assert text == b"User-agent: *\nDisallow: /\n"
    robots = RobotFileParser()
    robots.parse(text.decode().splitlines())
    assert not robots.can_fetch("newsdesk", closed_news_site.url("/news/"))
    assert get(closed_news_site, "/news/").status == 200  # robots is advice, not a gate


def _xml(site: NewsSite, path: str) -> ET.Element:
    data = body(site, path)
    return ET.fromstring(gzip.decompress(data) if path.endswith(".gz") else data)


def test_sitemap_index_leads_to_news_and_gzip_sitemaps(news_site: NewsSite) -> None:
    index = _xml(news_site, "/sitemap_index.xml")
    assert index.tag == SM + "sitemapindex"
    locs = [s.findtext(SM + "loc") for s in index]
    assert locs == [news_site.url("/sitemap-news.xml"), news_site.url("/sitemap-posts.xml.gz")]
    assert all(s.findtext(SM + "lastmod") for s in index)

    raw = body(news_site, "/sitemap-posts.xml.gz")
    assert raw[:2] == b"\x1f\x8b"
    posts = _xml(news_site, "/sitemap-posts.xml.gz")
    entries = {u.findtext(SM + "loc"): u.findtext(SM + "lastmod") for u in posts}
    public = [a for a in news_site.articles if a.kind != "private"]
    assert set(entries) == {a.canonical for a in public}
    for a in public:
        assert datetime.fromisoformat(entries[a.canonical] or "") == a.modified

    news = _xml(news_site, "/sitemap-news.xml")
    by_url = {u.findtext(SM + "loc"): u.find(NEWS + "news") for u in news}
    (secret,) = [a for a in news_site.articles if a.kind == "private"]
    assert secret.url in by_url and secret.url.endswith("/private/secret.html")
    languages = set()
    for url, item in by_url.items():
        assert item is not None
        (truth,) = [a for a in news_site.articles if a.canonical == url]
        assert item.findtext(NEWS + "title") == truth.title
        assert datetime.fromisoformat(item.findtext(NEWS + "publication_date") or "") == truth.published
        languages.add(item.findtext(f"{NEWS}publication/{NEWS}language"))
    assert {"en", "fa"} <= languages


def test_sitemaps_parse_with_newsdesk(news_site: NewsSite) -> None:
    from newsdesk.parse.sitemaps import Sitemap, parse_sitemap

    for path, kind, count in (("/sitemap_index.xml", "index", 2), ("/sitemap-news.xml", "urlset", 13),
                              ("/sitemap-posts.xml.gz", "urlset", len(news_site.articles) - 1)):
        parsed = parse_sitemap(body(news_site, path), url=news_site.url(path))
        assert isinstance(parsed, Sitemap), (path, parsed)
        assert (parsed.kind, len(parsed.entries), parsed.invalid) == (kind, count, 0), path


# -- run-time changes --------------------------------------------------------------------------

def test_publish_puts_a_new_story_on_top_and_in_the_sitemaps(news_site: NewsSite) -> None:
    before = get(news_site, "/news/")
    etag = before.headers["ETag"]
    assert get(news_site, "/news/", {"If-None-Match": etag}).status == 304
    old_top, old_tenth = news_site.listing("/news/")[0], news_site.listing("/news/")[9]
    newest_lastmod = max(a.modified for a in news_site.articles if a.kind != "private")

    new = news_site.publish("Ferry company orders a second hybrid vessel",
                            ["The ferry company has ordered a second hybrid vessel.",
                             "It will enter service next spring."], author="Mara Lindqvist")

    changed = get(news_site, "/news/", {"If-None-Match": etag})
    assert changed.status == 200 and changed.headers["ETag"] != etag
    page = parse(changed.read())
    titles = [t for h, rel, t in page.links if rel == "bookmark"]
    assert titles[:2] == [new.title, old_top.title] and len(titles) == 10
    assert old_tenth.title in [t for _h, rel, t in parse(body(news_site, "/news/page/2/")).links
                               if rel == "bookmark"]
    assert len(news_site.listing("/news/page/4/")) == 5
    assert body(news_site, new.path).count(new.title.encode()) >= 2

    posts = _xml(news_site, "/sitemap-posts.xml.gz")
    lastmods = {u.findtext(SM + "loc"): u.findtext(SM + "lastmod") for u in posts}
    assert datetime.fromisoformat(lastmods[new.canonical] or "") == new.modified > newest_lastmod
    news = _xml(news_site, "/sitemap-news.xml")
    assert new.url in [u.findtext(SM + "loc") for u in news]
    index = _xml(news_site, "/sitemap_index.xml")
    assert max(datetime.fromisoformat(s.findtext(SM + "lastmod") or "") for s in index) == new.published


def test_break_layout_removes_the_item_list(news_site: NewsSite) -> None:
    items = news_site.listing("/news/")
    news_site.break_layout()
    html = body(news_site, "/news/")
    page = parse(html)
    assert news_site.listing("/news/") == []
    text = " ".join(page.text)
    assert not any(a.title in text or a.path.encode() in html for a in items)
    assert "Read more" not in text and page.links  # nav and footer are still there
    news_site.restore_layout()
    restored = " ".join(parse(body(news_site, "/news/")).text)
    assert all(a.title in restored for a in items)


# -- hostile corners ---------------------------------------------------------------------------

def test_self_listing_links_only_to_itself(news_site: NewsSite) -> None:
    path = "/hostile/self-listing/"
    page = parse(body(news_site, path))
    own = news_site.url(path)
    targets = {urldefrag(urljoin(own, href))[0] for href, _rel, _t in page.links}
    assert targets == {own} and len(page.links) >= 20
    assert urljoin(own, page.head_links["next"]) == own


def test_loop_indexes_point_at_each_other(news_site: NewsSite) -> None:
    first = [s.findtext(SM + "loc") for s in _xml(news_site, "/hostile/loop-index.xml")]
    second = [s.findtext(SM + "loc") for s in _xml(news_site, "/hostile/loop-index-2.xml")]
    assert news_site.url("/hostile/loop-index.xml") in first
    assert news_site.url("/hostile/loop-index-2.xml") in first
    assert second == [news_site.url("/hostile/loop-index.xml")]
    assert len(_xml(news_site, "/hostile/loop-urls.xml")) == 3


def test_bomb_sitemap_is_a_small_gzip_of_a_gigabyte(news_site: NewsSite) -> None:
    raw = body(news_site, "/hostile/bomb-sitemap.xml.gz")
    assert raw == gzip_bomb() and len(raw) < 2 * 1024 * 1024
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert inflate.decompress(raw, 1 << 20) == bytes(1 << 20)  # 1 MiB of zeros, and more left
    assert int.from_bytes(raw[-4:], "little") == (1 << 30) & 0xFFFFFFFF


def test_huge_deep_and_many_link_pages_have_their_sizes(news_site: NewsSite) -> None:
    assert body(news_site, "/hostile/huge-sitemap.xml").count(b"<loc>") == 100_000
    deep = body(news_site, "/hostile/deep.html")
    assert deep.count(b"<div>") == deep.count(b"</div>") == 100_000
    assert body(news_site, "/hostile/many-links.html").count(b"<a href=") == 20_000


def test_enormous_page_is_fifty_mebibytes_of_html(news_site: NewsSite) -> None:
    response = get(news_site, "/hostile/enormous.html")
    assert int(response.headers["Content-Length"]) == 50 * 1024 * 1024
    total, last = 0, b""
    while chunk := response.read(1 << 20):
        total, last = total + len(chunk), chunk
    assert total == 50 * 1024 * 1024 and last.endswith(b"</html>\n")


def test_not_html_claims_html(news_site: NewsSite) -> None:
    response = get(news_site, "/hostile/not-html")
    assert response.headers["Content-Type"].startswith("text/html")
    data = response.read()
    assert b"\x00" in data[:64] and b"<html" not in data.lower()


# -- cross-check with newsdesk's listing detector ----------------------------------------------

@pytest.mark.parametrize("path", LISTINGS)
def test_detector_finds_the_expected_items(news_site: NewsSite, path: str) -> None:
    from newsdesk.parse.listing import detect_listing

    found = detect_listing(body(news_site, path), base_url=news_site.url(path))
    expected = news_site.listing(path)
    assert [i.url for i in found] == [a.url for a in expected]
    assert [i.title for i in found] == [a.title for a in expected]
    assert [i.teaser for i in found] == [a.teaser for a in expected]
    assert all(i.date_text for i in found)


def test_detector_finds_nothing_of_the_old_list_after_a_redesign(news_site: NewsSite) -> None:
    from newsdesk.parse.listing import detect_listing

    expected = {a.url for a in news_site.listing("/news/")}
    news_site.break_layout()
    found = detect_listing(body(news_site, "/news/"), base_url=news_site.url("/news/"))
    assert not expected & {i.url for i in found}


def test_persian_dates_are_tehran_dates(news_site: NewsSite) -> None:
    persian = news_site.listing("/fa/")
    assert all(a.shown_date == a.published.astimezone(a.tz).date() for a in persian)
    # one story is published after 20:30 UTC: its printed (Tehran) date is the next day
    assert any(a.shown_date != a.published.date() for a in persian)
