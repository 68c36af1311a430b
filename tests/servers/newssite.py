"""A fictional news website *without feeds* on loopback, for end-to-end tests of listing and
sitemap ingestion; with its ground truth, run-time changes and hostile corners.

    site = start_news_site()                 # 127.0.0.1:P, URLs say http://public.test:P
    site.url("/news/")                       # what a crawler is given (fake DNS → 127.0.0.1)
    site.listing("/news/")                   # the Articles a correct detector finds there
    site.articles                            # every page's ground truth (newssite_pages.Article)
    site.publish("Title", ["Para 1", "Para 2"])  # new top item on /news/, newer sitemap lastmod
    site.break_layout()                      # /news/ (and its pages) lose their item list
    site.requests_for("/news/page/2/")       # what was fetched
    site.close()

Absolute URLs (sitemaps, canonical, og:url, the /fa/ links) use `hostname` and the port,
so a crawler using tests/servers/fakedns.py (`public.test` → 127.0.0.1) follows them; the
pytest fixture is `news_site` in tests/servers/fixtures.py. The server is
tests/servers/hostile.py's, so `site.server.route(...)` can add anything else.

**Pages** (text from newssite_corpus.py, markup from newssite_pages.py / _article.py):

- `/` front page; `/robots.txt`: `Disallow: /private/` and `/search` for `*`, two
  `Sitemap:` lines (the index and the news sitemap, which the index lists too).
- `/news/`, `/news/page/2/` … `/news/page/4/`: 10 WordPress-like cards a page (title link,
  date, byline, teaser ending in "…", "Read more" with a screen-reader-only title), "Older
  posts" (rel=next) / "Newer posts" links and `<link rel=next/prev>`; nav, "Most read"
  (links to listed items), tag cloud, archives and footer around the list. 34 items at
  start (28 English, 4 French/German, the paywalled story, the PDF: 10, 10, 10, 4).
  `/news/page/1/` → 301 to `/news/`; pages past the last are 404.
- `/fa/`: a `<table>` of the 6 Persian stories, RTL, Jalali dates in Persian digits in
  Tehran time (`۱۴۰۴/۱۱/۳۰ - ۰۸:۴۰`), "ادامه مطلب", absolute links (one slug percent-encoded).
- `/europe/`: a `<dl>` of 6 briefs (French, German, English), links relative to the page
  (`../news/…`), localized dates ("18 février 2026", "14. Februar 2026").
- `/news/<slug>.html`: articles with `<title>`, h1, byline, `<time datetime>`, og:*,
  article:published_time, canonical, JSON-LD NewsArticle (articleBody on about half),
  `lang`, and share/related/comments/footer boilerplate. Special ones (see `Article.kind`):
  the museum story's canonical is `/archive/2026/02/<slug>/` (served too, same page); the
  lighthouse story's body is only in JSON-LD; `inside-the-budget…` is paywalled (one
  paragraph, "Subscribe to read"); `courier-annual-report-2025.html` is application/pdf.
- `/private/secret.html`: an article listed only in `/sitemap-news.xml`; robots.txt forbids it.
- `/sitemap_index.xml` → `/sitemap-news.xml` (news:title, news:publication_date,
  news:language; the 12 newest stories and the private one) and `/sitemap-posts.xml.gz`
  (gzip file, not Content-Encoding; every public URL by canonical, with lastmod).

**Hostile paths** (`HOSTILE_PATHS`; nothing on the site links to them, tests hand them to
the crawler) — and what a correct crawler does:

- `/hostile/self-listing/`: ten cards whose links all resolve to the page itself (`./`,
  absolute, with `#post-N`); "Older posts"/rel=next point to itself. → no items (a page is
  not its own item), the pagination is not followed: one request, no loop.
- `/hostile/loop-index.xml`: an index listing itself, `/hostile/loop-index-2.xml` (which
  lists the first) and `/hostile/loop-urls.xml` (3 article URLs). → each of the three
  fetched once; 3 URLs found; no endless walk.
- `/hostile/bomb-sitemap.xml.gz`: a 1 GiB gzip bomb (~1 MB on the wire). → decompression
  stops at the cap, the sitemap fails with an error, memory stays small.
- `/hostile/huge-sitemap.xml`: a urlset of 100,000 URLs (7 MB, twice the protocol limit;
  all 404 here). → stopped by the body cap (LOOPBACK_FETCH_CONFIG allows 4 MiB), or parsed
  up to the URL cap with the rest counted as dropped; never 100,000 fetches.
- `/hostile/deep.html`: 100,000 nested `<div>`s. → bounded parsing, no RecursionError.
- `/hostile/many-links.html`: 20,000 links. → bounded work; no 20,000 fetches.
- `/hostile/enormous.html`: 50 MiB of HTML with a true Content-Length. → the body cap
  aborts the download; nothing of it is stored.
- `/hostile/not-html`: 64 KiB of binary served as `text/html`. → sniffed as not HTML,
  rejected without crashing.
- `start_news_site(robots_disallow_all=True)` (fixture `closed_news_site`): robots.txt is
  exactly `User-agent: *` / `Disallow: /`. → nothing but robots.txt is fetched.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote

from tests.servers import newssite_hostile as hostile
from tests.servers.bombs import gzip_bomb
from tests.servers.exchange import Handler, Reply, Request
from tests.servers.handlers import dynamic, fixed, redirect, static
from tests.servers.hostile import HostileServer, start_hostile_server
from tests.servers.newssite_article import article_page, pdf_body
from tests.servers.newssite_corpus import (
    CANONICAL_ELSEWHERE_SLUG,
    ENGLISH,
    EUROPEAN,
    JSONLD_ONLY_SLUG,
    PAYWALLED,
    PDF_REPORT,
    PERSIAN,
    PRIVATE,
    Story,
)
from tests.servers.newssite_pages import (
    NEWS_PER_PAGE,
    Article,
    broken_listing,
    europe_listing,
    fa_listing,
    front_page,
    make_teaser,
    news_listing,
)
from tests.servers.newssite_xml import gzipped, news_sitemap, robots_txt, sitemap_index, urlset

__all__ = ["HOSTILE_PATHS", "NEWEST", "Article", "NewsSite", "start_news_site"]

NEWEST = datetime(2026, 2, 20, 16, 30, tzinfo=UTC)  # the newest /news/ item at start
_STEP = timedelta(hours=13, minutes=7)
_PERSIAN_TIMES = tuple(datetime(2026, 2, d, h, m, tzinfo=UTC) for d, h, m in (
    (19, 5, 10), (18, 11, 50), (17, 21, 5), (17, 1, 10), (16, 7, 50), (15, 14, 30)))
# (17, 21, 5) is 00:35 on the 18th in Tehran: the printed date is not the UTC date
_EUROPE_EXTRA = ("council-approves-cycle-lanes-quay-road", "heritage-tram-returns-seafront")
_NEWS_SITEMAP_SIZE = 12
_MAX_NEWS_PAGES = 20  # routes registered for /news/page/N/; pages past the last are 404
HTML = "text/html; charset=UTF-8"
HOSTILE_PATHS = ("/hostile/self-listing/", hostile.LOOP_INDEX, "/hostile/bomb-sitemap.xml.gz",
                 "/hostile/huge-sitemap.xml", "/hostile/deep.html", "/hostile/many-links.html",
                 "/hostile/enormous.html", "/hostile/not-html")


def _news_order() -> list[tuple[str, Story, str]]:
    """(language, story, kind) of /news/, newest first: specials spread over the pages."""
    order = [("en", s, _kind_of(s[0])) for s in ENGLISH]
    inserts = [(2, ("en", PAYWALLED, "paywalled")), (4, (*EUROPEAN[0], "article")),
               (11, (*EUROPEAN[1], "article")), (15, ("en", PDF_REPORT, "pdf")),
               (18, (*EUROPEAN[2], "article")), (24, (*EUROPEAN[3], "article"))]
    for position, entry in inserts:
        order.insert(position, entry)
    return order


def _kind_of(slug: str) -> str:
    return "jsonld_only" if slug == JSONLD_ONLY_SLUG else "article"


def make_article(base: str, language: str, story: Story, kind: str, published: datetime,
                 index: int) -> Article:
    """The ground truth of one story as this site serves it."""
    slug, title, author, tags, paragraphs = story
    path = "/private/secret.html" if kind == "private" else f"/news/{quote(slug)}.html"
    canonical = base + path
    if slug == CANONICAL_ELSEWHERE_SLUG:
        canonical = f"{base}/archive/{published:%Y}/{published:%m}/{slug}/"
    visible = {"pdf": (), "paywalled": paragraphs[:1]}.get(kind, paragraphs)
    return Article(
        slug=slug, url=base + path, title=title, teaser=make_teaser(paragraphs[0]),
        author=author, published=published,
        modified=published + timedelta(hours=3) if index % 3 == 1 else published,
        language=language, paragraphs=tuple(visible), canonical=canonical, kind=kind,
        tags=tags, jsonld_body=kind == "jsonld_only" or (kind == "article" and index % 2 == 0))


class NewsSite:
    """The site's state (articles, section orders, layout switch) and its routes."""

    def __init__(self, server: HostileServer, hostname: str, *, robots_disallow_all: bool) -> None:
        self.server = server
        self.base_url = f"http://{hostname}:{server.port}"
        self.robots_disallow_all = robots_disallow_all
        self._lock = threading.Lock()
        self._broken = False
        self._articles: dict[str, Article] = {}
        self._news: list[str] = []
        self._fa: list[str] = []
        self._europe: list[str] = []
        self._build_corpus()
        self._route_site()
        self._route_hostile()

    # -- ground truth ------------------------------------------------------------------------

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every page with an article URL (incl. the PDF and the private one), newest first."""
        with self._lock:
            return tuple(sorted(self._articles.values(), key=lambda a: a.published, reverse=True))

    def article(self, slug: str) -> Article:
        with self._lock:
            return self._articles[slug]

    def listing(self, path: str) -> list[Article]:
        """The items a correct detector finds on listing page `path`, in page order."""
        with self._lock:
            return self._listing(path)

    def news_pages(self) -> int:
        with self._lock:
            return self._pages()

    def url(self, path: str = "/") -> str:
        """The URL a crawler is given (with `hostname`)."""
        return self.base_url + path

    def direct_url(self, path: str = "/") -> str:
        """The same path at 127.0.0.1 (for clients without the fake resolver)."""
        return self.server.url(path)

    @property
    def requests(self) -> list[Request]:
        return self.server.requests

    def requests_for(self, path: str) -> list[Request]:
        """Requests for `path` as sent (percent-encoded, query not included)."""
        return self.server.requests_for(path)

    def fetch_count(self, path: str) -> int:
        return len(self.requests_for(path))

    # -- run-time changes --------------------------------------------------------------------

    def publish(self, title: str, paragraphs: Sequence[str], *, author: str = "Newsroom",
                slug: str | None = None, published: datetime | None = None,
                language: str = "en", tags: Sequence[str] = ("news",)) -> Article:
        """A new story on top of /news/ (every later item moves down one place), in both
        sitemaps; by default one hour after the newest story, so its lastmod is the newest."""
        slug = slug or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        with self._lock:
            if slug in self._articles:
                raise ValueError(f"slug {slug!r} already published")
            when = published or max(a.published for a in self._articles.values()) + timedelta(hours=1)
            story: Story = (slug, title, author, tuple(tags), tuple(paragraphs))
            article = make_article(self.base_url, language, story, "article", when.astimezone(UTC), 0)
            self._articles[slug] = article
            self._news.insert(0, slug)
        self._route_article(article)
        return article

    def break_layout(self) -> None:
        """/news/ and /news/page/N/ become an app shell with no item list (nav and footer
        stay); `listing()` of them is then empty."""
        with self._lock:
            self._broken = True

    def restore_layout(self) -> None:
        with self._lock:
            self._broken = False

    def close(self) -> None:
        self.server.close()

    def __enter__(self) -> NewsSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- building ----------------------------------------------------------------------------

    def _build_corpus(self) -> None:
        base = self.base_url
        for i, (language, story, kind) in enumerate(_news_order()):
            self._add(make_article(base, language, story, kind, NEWEST - i * _STEP, i), self._news)
        for j, (story, when) in enumerate(zip(PERSIAN, _PERSIAN_TIMES, strict=True)):
            self._add(make_article(base, "fa", story, "article", when, j), self._fa)
        self._add(make_article(base, "en", PRIVATE, "private", NEWEST + timedelta(hours=1), 1), None)
        europe = [s[1][0] for s in EUROPEAN] + list(_EUROPE_EXTRA)
        self._europe = sorted(europe, key=lambda s: self._articles[s].published, reverse=True)

    def _add(self, article: Article, section: list[str] | None) -> None:
        self._articles[article.slug] = article
        if section is not None:
            section.append(article.slug)

    def _route_site(self) -> None:
        route = self.server.route
        route("/", static(front_page([("/news/", "News"), ("/europe/", "Europe"),
                                      ("/fa/", "فارسی")]), HTML))
        route("/robots.txt", static(robots_txt(self.base_url,
                                               disallow_all=self.robots_disallow_all), "text/plain"))
        route("/news/", self._html(lambda: self._news_page(1)))
        route("/news/page/1/", redirect(self.url("/news/"), 301))
        for n in range(2, _MAX_NEWS_PAGES + 1):
            route(f"/news/page/{n}/", self._html(functools.partial(self._news_page, n)))
        route("/fa/", self._html(lambda: fa_listing(self._listing("/fa/"), self.base_url)))
        route("/europe/", self._html(lambda: europe_listing(self._listing("/europe/"), self.base_url)))
        route("/sitemap_index.xml", self._html(self._index, content_type="application/xml"))
        route("/sitemap-news.xml", self._html(self._news_sitemap, content_type="application/xml"))
        route("/sitemap-posts.xml.gz", self._html(lambda: gzipped(self._posts_sitemap()),
                                                  content_type="application/x-gzip"))
        for article in list(self._articles.values()):
            self._route_article(article)

    def _route_article(self, article: Article) -> None:
        path = article.url[len(self.base_url):]
        if article.kind == "pdf":
            self.server.route(path, static(pdf_body(article), "application/pdf"))
            return
        handler = self._html(lambda: article_page(article, self._related(article)),
                             last_modified=format_datetime(article.modified, usegmt=True))
        self.server.route(path, handler)
        if article.canonical != article.url:
            self.server.route(article.canonical[len(self.base_url):], handler)

    def _route_hostile(self) -> None:
        route, base = self.server.route, self.base_url
        route(hostile.SELF_LISTING, static(hostile.self_listing(base), HTML))
        route(hostile.LOOP_INDEX, static(hostile.loop_index(base)))
        route(hostile.LOOP_INDEX_2, static(hostile.loop_index_2(base)))
        loop_urls = [(a.canonical, a.modified) for a in self.articles if a.language == "en"
                     and a.kind == "article"][:3]
        route(hostile.LOOP_URLS, static(urlset(loop_urls)))
        route("/hostile/bomb-sitemap.xml.gz",
              lambda ex: fixed(200, gzip_bomb(), {"Content-Type": "application/x-gzip"})(ex))
        route("/hostile/huge-sitemap.xml",
              lambda ex: static(hostile.huge_sitemap(base))(ex))
        route("/hostile/deep.html", lambda ex: static(hostile.deep_html(), HTML)(ex))
        route("/hostile/many-links.html", lambda ex: static(hostile.many_links(), HTML)(ex))
        route("/hostile/enormous.html", hostile.enormous())
        route("/hostile/not-html", lambda ex: static(hostile.not_html(), HTML)(ex))

    # -- rendering: the methods below run with self._lock held (see _html) -------------------

    def _html(self, render: Callable[[], bytes], *, last_modified: str | None = None,
              content_type: str = HTML) -> Handler:
        """A handler rendering under the lock, with a content ETag (304 on a match); an
        empty rendering is a 404."""

        def make(_request: Request) -> Reply:
            with self._lock:
                body = render()
            if not body:
                return Reply(b"not found", status=404, content_type="text/plain")
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            return Reply(body, content_type=content_type, etag=etag, last_modified=last_modified)

        return dynamic(make)

    def _pages(self) -> int:
        return max(1, -(-len(self._news) // NEWS_PER_PAGE))

    def _listing(self, path: str) -> list[Article]:
        if path == "/fa/":
            return [self._articles[s] for s in self._fa]
        if path == "/europe/":
            return [self._articles[s] for s in self._europe]
        page = 1 if path == "/news/" else _page_number(path)
        if page is None or self._broken or page > self._pages():
            return []
        start = (page - 1) * NEWS_PER_PAGE
        return [self._articles[s] for s in self._news[start:start + NEWS_PER_PAGE]]

    def _news_page(self, page: int) -> bytes:
        if page > self._pages():
            return b""
        if self._broken:
            return broken_listing(self.base_url)
        path = "/news/" if page == 1 else f"/news/page/{page}/"
        sidebar = [self._articles[s] for s in self._news[3:12:2]]  # "most read": listed stories
        return news_listing(self._listing(path), page, self._pages(), self.base_url, sidebar)

    def _related(self, article: Article) -> list[Article]:
        same = [a for a in self._articles.values()
                if a.language == article.language and a.kind == "article" and a.slug != article.slug]
        return same[:4]

    def _public(self) -> list[Article]:
        return sorted((a for a in self._articles.values() if a.kind != "private"),
                      key=lambda a: a.published, reverse=True)

    def _news_sitemap_articles(self) -> list[Article]:
        newest = [a for a in self._public() if a.kind != "pdf"][:_NEWS_SITEMAP_SIZE]
        private = [a for a in self._articles.values() if a.kind == "private"]
        return sorted(newest + private, key=lambda a: a.published, reverse=True)

    def _news_sitemap(self) -> bytes:
        return news_sitemap(self._news_sitemap_articles())

    def _posts_sitemap(self) -> bytes:
        return urlset([(a.canonical, a.modified) for a in self._public()])

    def _index(self) -> bytes:
        news_mod = max(a.published for a in self._news_sitemap_articles())
        posts_mod = max(a.modified for a in self._public())
        return sitemap_index([(self.url("/sitemap-news.xml"), news_mod),
                              (self.url("/sitemap-posts.xml.gz"), posts_mod)])


def _page_number(path: str) -> int | None:
    match = re.fullmatch(r"/news/page/(\d+)/", path)
    return int(match.group(1)) if match else None


def start_news_site(hostname: str = "public.test", *, robots_disallow_all: bool = False) -> NewsSite:
    """The site on 127.0.0.1 (ephemeral port); absolute URLs use `hostname`."""
    return NewsSite(start_hostile_server(), hostname, robots_disallow_all=robots_disallow_all)
