"""End to end, sources without feeds: the loopback news site (tests/servers/newssite.py) →
worker → SQLite and PostgreSQL. Listing pages found with no configuration, backfill,
sitemaps, single pages, robots.txt, and the hostile corners; each case asserts what was
stored, what was fetched (the site counts requests) and what the user sees on the source."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from newsdesk.fetch.client import FetchConfig, SafeClient
from newsdesk.fetch.politeness import HostLimiter
from newsdesk.model import Item, Source, SourceKind, SourceStatus
from newsdesk.normalize.text import collapse_ws
from newsdesk.pipeline import Deps
from newsdesk.settings import Settings, load_settings
from newsdesk.store import Store
from newsdesk.store.items import ItemFilter
from newsdesk.worker import Worker
from tests.servers.fakedns import FakeResolver
from tests.servers.newssite import NewsSite

pytest_plugins = ["tests.servers.fixtures"]


def make_settings(store: Store, **extra: object) -> Settings:
    overrides: dict[str, object] = {
        "database_url": store.url, "fetch_allow_networks": "127.0.0.1/32",
        "fetch_per_host_delay": 0, "fetch_per_host_concurrency": 4, "fetch_deadline": 5,
        "fetch_read_timeout": 2, "fetch_connect_timeout": 2, "fetch_concurrency": 2,
        "parse_processes": 0, "crawl_max_pages": 60, "fetch_max_bytes": 4 * 1024 * 1024,
    }
    overrides.update(extra)
    return load_settings(env={}, overrides=overrides)


class Desk:
    """A store, settings and a worker whose client resolves `.test` names to 127.0.0.1."""

    def __init__(self, store: Store, **extra: object) -> None:
        self.store = store
        self.settings = make_settings(store, **extra)

    def add(self, url: str, kind: SourceKind) -> int:
        return self.store.add_source(url, kind=kind, name=url, now=datetime.now(UTC)).id

    def run(self, *source_ids: int) -> None:
        s = self.settings
        deps = Deps(settings=s, client=SafeClient(FetchConfig.from_settings(s),
                                                   resolver=FakeResolver()),
                    limiter=HostLimiter(s.fetch_per_host_concurrency, s.fetch_per_host_delay),
                    processes=s.parse_processes, store=self.store)
        worker = Worker(self.store, s, deps=deps)
        try:
            worker.run_once(source_ids=list(source_ids))
        finally:
            worker.close()

    def source(self, source_id: int) -> Source:
        return self.store.source(source_id)

    def items(self, source_id: int) -> list[Item]:
        rows: list[Item] = []
        cursor = None
        while True:
            page = self.store.items(ItemFilter(source_id=source_id), limit=200, cursor=cursor)
            rows += page.rows
            if not page.next_cursor:
                return rows
            cursor = page.next_cursor

    def full(self, item: Item) -> Item:
        return self.store.item(item.id)


@pytest.fixture
def desk(store: Store) -> Iterator[Desk]:
    yield Desk(store)


def by_url(items: list[Item]) -> dict[str, Item]:
    return {i.url or "": i for i in items}


def test_listing_first_check_backfills_and_extracts(desk: Desk, news_site: NewsSite) -> None:
    sid = desk.add(news_site.url("/news/"), SourceKind.LISTING)
    desk.run(sid)
    source = desk.source(sid)
    assert source.status is SourceStatus.ACTIVE, source.last_error
    expected = news_site.listing("/news/")
    for page in range(2, news_site.news_pages() + 1):
        expected += news_site.listing(f"/news/page/{page}/")
    stored = by_url(desk.items(sid))
    assert set(stored) == {a.url for a in expected}  # every page of the listing, nothing else
    assert news_site.fetch_count(f"/news/page/{news_site.news_pages() + 1}/") == 0
    for article in expected:
        item = desk.full(stored[article.url])
        assert item.title == article.title
        assert item.teaser == collapse_ws(article.teaser)  # the editor's teaser, kept
        if article.kind in {"article", "jsonld_only"}:
            text = collapse_ws(" ".join(article.paragraphs))
            assert item.content_html and collapse_ws(article.paragraphs[-1][:60]) in collapse_ws(
                item.content_html.replace("&#x27;", "'").replace("&quot;", '"')
                .replace("&amp;", "&")), article.slug
            assert item.author == article.author, article.slug
            assert item.published_at == article.published, article.slug
            assert item.language == article.language, article.slug
            assert len(text) > 200
        else:  # paywalled, PDF: the listing's item without the page's text
            assert item.content_html is None, article.slug
    rejects = {r["url"]: r["reason"] for r in desk.store.crawl_rejects(sid)}
    by_kind = {a.kind: a.url for a in expected}
    assert rejects[by_kind["paywalled"]] == "paywall"
    assert rejects[by_kind["pdf"]] == "not_html"
    log = desk.store.fetch_log(sid)[0]
    assert log.note and "paywall" in log.note and "not_html" in log.note


def test_listing_later_checks_fetch_only_new_pages(desk: Desk, news_site: NewsSite) -> None:
    sid = desk.add(news_site.url("/news/"), SourceKind.LISTING)
    desk.run(sid)
    before = len(news_site.requests)
    first_count = len(desk.items(sid))
    new = news_site.publish("Harbour ferry returns after winter repairs",
                            ["The ferry between the two harbours is back in service after "
                             "three months of repairs to its engines and hull. " * 3,
                             "Passengers welcomed the return of the service on Monday, "
                             "which cuts the journey to the island to twenty minutes. " * 2])
    desk.run(sid)
    paths = [r.path for r in news_site.requests[before:]]
    article_paths = [p for p in paths if p.endswith(".html")]
    assert article_paths == [new.path]  # only the new page; the known ones are not refetched
    assert not any("/page/" in p for p in paths)  # no backfill after the first check
    items = by_url(desk.items(sid))
    assert len(items) == first_count + 1
    assert desk.full(items[new.url]).title == new.title


def test_listing_layout_change_is_flagged(desk: Desk, news_site: NewsSite) -> None:
    sid = desk.add(news_site.url("/news/"), SourceKind.LISTING)
    desk.run(sid)
    count = len(desk.items(sid))
    news_site.break_layout()
    desk.run(sid)
    source = desk.source(sid)
    assert source.status is SourceStatus.ERROR
    assert source.last_error and source.last_error.startswith("layout_changed")
    assert "layout" in source.last_error
    assert len(desk.items(sid)) == count  # nothing lost
    news_site.restore_layout()
    desk.run(sid)
    assert desk.source(sid).status is SourceStatus.ACTIVE


def test_persian_table_listing_with_jalali_dates(desk: Desk, news_site: NewsSite) -> None:
    sid = desk.add(news_site.url("/fa/"), SourceKind.LISTING)
    desk.run(sid)
    stored = by_url(desk.items(sid))
    expected = news_site.listing("/fa/")
    assert set(stored) == {a.url for a in expected}
    for article in expected:
        item = stored[article.url]
        assert item.published_at == article.published, article.slug
        assert item.language == "fa"


def test_sitemap_index_new_and_changed_pages_robots_obeyed(desk: Desk, news_site: NewsSite) -> None:
    sid = desk.add(news_site.url("/sitemap_index.xml"), SourceKind.SITEMAP)
    desk.run(sid)
    source = desk.source(sid)
    assert source.status is SourceStatus.ACTIVE, source.last_error
    assert news_site.fetch_count("/private/secret.html") == 0  # robots.txt: Disallow /private/
    stored = by_url(desk.items(sid))
    articles = [a for a in news_site.articles if a.kind in {"article", "jsonld_only"}]
    for article in articles:
        assert article.canonical in stored or article.url in stored, article.slug
    jsonld_only = next(a for a in news_site.articles if a.kind == "jsonld_only")
    item = desk.full(stored.get(jsonld_only.canonical) or stored[jsonld_only.url])
    assert item.content_html and collapse_ws(jsonld_only.paragraphs[0][:40]) in item.content_html
    rejects = {r["url"]: r["reason"] for r in desk.store.crawl_rejects(sid)}
    assert "robots" in rejects.values()
    before = len(news_site.requests)
    new = news_site.publish("Library opens a night reading room",
                            ["The central library will open a reading room at night from "
                             "next month, the city announced on Tuesday. " * 4])
    desk.run(sid)
    fetched = [r.path for r in news_site.requests[before:] if r.path.endswith(".html")]
    assert fetched in ([new.path], [new.canonical.removeprefix(news_site.base_url)])


def test_page_source_is_one_item_and_rejects_are_errors(desk: Desk, news_site: NewsSite) -> None:
    article = next(a for a in news_site.articles if a.kind == "article" and a.language == "en")
    good = desk.add(news_site.url(article.path), SourceKind.PAGE)
    pdf = next(a for a in news_site.articles if a.kind == "pdf")
    bad = desk.add(news_site.url(pdf.path), SourceKind.PAGE)
    desk.run(good, bad)
    [item] = desk.items(good)
    assert item.title == article.title
    assert item.published_at == article.published
    assert desk.source(bad).last_error and desk.source(bad).last_error.startswith("not_html")
    assert desk.items(bad) == []


def test_robots_disallow_all_fetches_nothing_but_robots(desk: Desk,
                                                        closed_news_site: NewsSite) -> None:
    site = closed_news_site
    listing = desk.add(site.url("/news/"), SourceKind.LISTING)
    page = desk.add(site.url(site.articles[0].path), SourceKind.PAGE)
    desk.run(listing, page)
    assert {r.path for r in site.requests} == {"/robots.txt"}
    for sid in (listing, page):
        assert (desk.source(sid).last_error or "").startswith("robots_disallowed")


@pytest.mark.parametrize(("path", "kind", "code"), [
    ("/hostile/self-listing/", SourceKind.LISTING, "not_a_listing"),
    ("/hostile/bomb-sitemap.xml.gz", SourceKind.SITEMAP, "response_too_large"),
    ("/hostile/enormous.html", SourceKind.PAGE, "response_too_large"),
    ("/hostile/not-html", SourceKind.PAGE, "not_html"),
    ("/hostile/deep.html", SourceKind.PAGE, None),
])
def test_hostile_sources_fail_clearly(desk: Desk, news_site: NewsSite, path: str,
                                      kind: SourceKind, code: str | None) -> None:
    sid = desk.add(news_site.url(path), kind)
    good = desk.add(news_site.url("/fa/"), SourceKind.LISTING)
    desk.run(sid, good)
    source = desk.source(sid)
    if code is None:  # any clear outcome will do, but a recorded one, and bounded
        assert source.status is SourceStatus.ACTIVE or source.last_error
    else:
        assert source.last_error and source.last_error.split(":")[0] in {code, "parse_error"}, \
            source.last_error
    assert news_site.fetch_count(path) == 1  # no loop, no refetch
    assert desk.source(good).status is SourceStatus.ACTIVE  # the broken source stops nothing
    assert len(desk.items(good)) == len(news_site.listing("/fa/"))


def test_sitemap_loops_and_huge_sitemaps_are_bounded(desk: Desk, news_site: NewsSite) -> None:
    desk.settings = desk.settings.replace(crawl_max_pages=5, fetch_max_bytes=16 * 1024 * 1024)
    loop = desk.add(news_site.url("/hostile/loop-index.xml"), SourceKind.SITEMAP)
    huge = desk.add(news_site.url("/hostile/huge-sitemap.xml"), SourceKind.SITEMAP)
    desk.run(loop, huge)
    for path in ("/hostile/loop-index.xml", "/hostile/loop-index-2.xml", "/hostile/loop-urls.xml"):
        assert news_site.fetch_count(path) == 1, path
    assert desk.source(loop).status is SourceStatus.ACTIVE, desk.source(loop).last_error
    assert len(desk.items(loop)) == 3
    # 100,000 URLs listed: 5 pages fetched (all 404 here), the rest marked skipped, no items
    fetched = [r for r in news_site.requests if r.path.startswith("/archive/item-")]
    assert len(fetched) == 5
    assert desk.items(huge) == []


def test_listing_with_many_links_is_bounded(desk: Desk, news_site: NewsSite) -> None:
    desk.settings = desk.settings.replace(crawl_max_pages=10, max_items_per_fetch=100)
    sid = desk.add(news_site.url("/hostile/many-links.html"), SourceKind.LISTING)
    desk.run(sid)
    pages = [r for r in news_site.requests if r.path != "/hostile/many-links.html"
             and r.path != "/robots.txt"]
    assert len(pages) <= 10  # pages fetched: bounded by crawl_max_pages
    assert len(desk.items(sid)) <= 100  # items taken from one page: max_items_per_fetch


def test_source_page_shows_what_the_crawl_left_out(desk: Desk, news_site: NewsSite) -> None:
    from fastapi.testclient import TestClient

    from newsdesk.web import create_app

    sid = desk.add(news_site.url("/news/"), SourceKind.LISTING)
    desk.run(sid)
    with TestClient(create_app(desk.settings, desk.store)) as client:
        page = client.get(f"/sources/{sid}").text
    assert "Pages without an article" in page
    pdf = next(a for a in news_site.articles if a.kind == "pdf")
    assert pdf.url in page and "not_html" in page
    assert "paywall" in page  # also in the last check's note


def test_crawl_in_parse_processes(store: Store, news_site: NewsSite) -> None:
    """The default on a machine with several CPUs: listing reading, extraction and
    normalising run in spawned parse processes (arguments and results cross by pickle)."""
    desk = Desk(store, parse_processes=2)
    listing = desk.add(news_site.url("/fa/"), SourceKind.LISTING)
    sitemap = desk.add(news_site.url("/sitemap-news.xml"), SourceKind.SITEMAP)
    desk.run(listing, sitemap)
    for sid in (listing, sitemap):
        assert desk.source(sid).status is SourceStatus.ACTIVE, desk.source(sid).last_error
    assert len(desk.items(listing)) == len(news_site.listing("/fa/"))
    assert len(desk.items(sitemap)) >= 10
