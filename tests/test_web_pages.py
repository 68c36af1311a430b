"""The public pages: listing structure, Newer/Older keyset paging, source health, tags, item
page metadata, right-to-left items, error pages, sitemap and robots.txt, escaping — on real
SQLite and PostgreSQL stores."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import defusedxml.ElementTree as DET
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from newsdesk.model import FetchRecord, NormalizedItem, SourceKind, SourceStatus
from newsdesk.settings import load_settings
from newsdesk.store import Store
from newsdesk.web import create_app
from newsdesk.web.render import relative_time

NOW = datetime.now(UTC).replace(microsecond=0)
BASE = "https://news.test/desk"
HOSTILE = "<script>alert(1)</script> & \"quoted\""
FA_TITLE = "سازمان مجاهدین خلق"
ARTICLE = re.compile(r'<article class="teaser".*?</article>', re.S)
ITEM_LINK = re.compile(r'<h2><a href="/items/(\d+)">')


def _item(n: int, title: str, lang: str | None = "en", age: timedelta | None = None) -> NormalizedItem:
    return NormalizedItem(
        keys=(f"url:{n:040d}",), guid=None, url=f"https://news.example/{n}", title=title,
        teaser=f"Teaser {n} …", summary_html=f"<p>Summary {n}</p>",
        content_html=f"<p>Body of story {n}</p>", author="Ana <ana@news.example>",
        published_at=NOW - (age if age is not None else timedelta(hours=n)), updated_at=None,
        language=lang, content_hash=str(n),
    )


def _fetch(store: Store, source_id: int, items: list[NormalizedItem], **state: object) -> None:
    values: dict[str, object] = {"outcome": "ok", "status": SourceStatus.ACTIVE}
    values.update(state)
    store.apply_fetch(FetchRecord(source_id=source_id, started_at=NOW, duration_ms=1,
                                  next_check_at=NOW + timedelta(minutes=30), interval_seconds=1800,
                                  items=tuple(items), **values), "t")  # type: ignore[arg-type]


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    world = store.add_source("https://news.example/feed", kind=SourceKind.FEED, name="News Example",
                             tags=("world",), now=NOW)
    _fetch(store, world.id, [_item(i, f"Story {i}") for i in range(1, 46)])
    fa = store.add_source("https://fa.example/feed", kind=SourceKind.FEED, name="خبرگزاری",
                          tags=("persian", "world"), now=NOW)
    _fetch(store, fa.id, [_item(100, FA_TITLE, lang="fa", age=timedelta(minutes=30)),
                          _item(101, HOSTILE, lang=None, age=timedelta(days=40))])
    broken = store.add_source("https://broken.example/feed", kind=SourceKind.LISTING,
                              name=f"Broken {HOSTILE}", now=NOW)
    _fetch(store, broken.id, [], outcome="http_error", status=SourceStatus.ERROR, http_status=503,
           error="HTTP 503 <Service Unavailable>", error_count=3)
    settings = load_settings(env={}, overrides={"database_url": store.url, "base_url": BASE + "/"})
    with TestClient(create_app(settings, store), raise_server_exceptions=False) as c:
        yield c


def _ids(html: str) -> list[int]:
    return [int(i) for i in ITEM_LINK.findall(html)]


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _source_id(client: TestClient, name: str) -> int:
    return next(s["id"] for s in client.get("/api/v1/sources").json()["sources"] if s["name"] == name)


def test_home_item_has_title_teaser_read_more_source_and_date(client: TestClient) -> None:
    html = client.get("/").text
    articles = ARTICLE.findall(html)
    assert len(articles) == 20
    fa = articles[0]  # the newest: 30 minutes old
    assert FA_TITLE in fa and 'lang="fa" dir="rtl"' in fa
    first = articles[1]
    item_id = _ids(first)[0]
    assert f'<h2><a href="/items/{item_id}">Story 1</a></h2>' in first
    assert '<p class="text">Teaser 1 …</p>' in first
    assert re.search(rf'<a href="/items/{item_id}"[^>]*>Read more</a>', first)
    assert re.search(r'<a class="source" href="/sources/\d+" dir="auto">News Example</a>', first)
    stamp = (NOW - timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    assert f'<time datetime="{stamp}"' in first and "(1 hour ago)" in first
    assert first.index("Story 1") < first.index("Teaser 1") < first.index("Read more")


def test_older_then_newer_returns_the_same_pages(client: TestClient) -> None:
    pages: list[tuple[str, list[int]]] = []
    url: str | None = "/"
    while url:
        html = client.get(url).text
        pages.append((url, _ids(html)))
        url = _link(html, "next")
    assert [len(ids) for _, ids in pages] == [20, 20, 7]
    every = [i for _, ids in pages for i in ids]
    assert len(every) == len(set(every)) == 47
    assert "?before=" in pages[1][0] and _link(client.get("/").text, "prev") is None

    back: list[list[int]] = []
    url = _link(client.get(pages[-1][0]).text, "prev")
    while url:
        assert "?after=" in url
        html = client.get(url).text
        back.append(_ids(html))
        url = _link(html, "prev")
    assert back == [pages[1][1], pages[0][1]]
    # a Newer page is a stable URL: fetched again it is the same page, with the same links
    newer = _link(client.get(pages[1][0]).text, "prev")
    assert newer is not None and _ids(client.get(newer).text) == pages[0][1]
    assert _link(client.get(newer).text, "next") == pages[1][0]


def test_filters_are_kept_across_pages(client: TestClient) -> None:
    sid = _source_id(client, "News Example")
    html = client.get(f"/?source={sid}&tag=world").text
    older = _link(html, "next")
    assert older is not None and f"source={sid}" in older and "tag=world" in older
    html = client.get(older).text
    newer = _link(html, "prev")
    assert newer is not None and f"source={sid}" in newer and "tag=world" in newer
    assert len(_ids(html)) == 20 and FA_TITLE not in html
    assert f'href="/sources/{sid}/feed.atom"' in html


def test_source_page_shows_health_and_last_error(client: TestClient) -> None:
    sid = _source_id(client, f"Broken {HOSTILE}")
    r = client.get(f"/sources/{sid}")
    assert r.status_code == 200
    html = r.text
    for field in ("Status", "Kind", "URL", "Last fetch", "Last error", "Next check",
                  "Items per day", "Items"):
        assert f"<dt>{field}</dt>" in html
    assert "status-error" in html and "3 failed fetches in a row" in html
    assert "HTTP 503 &lt;Service Unavailable&gt;" in html
    assert "<dd>listing</dd>" in html and "https://broken.example/feed" in html
    assert "Broken &lt;script&gt;" in html and "<script>" not in html
    assert f'href="/sources/{sid}/feed.atom"' in html


def test_source_page_counts_items_per_day_and_pages(client: TestClient) -> None:
    sid = _source_id(client, "News Example")
    html = client.get(f"/sources/{sid}").text
    assert "<dt>Last error</dt>" not in html
    assert "<dd>45</dd>" in html and "(45 in all)" in html
    assert html.count("<rect ") == 30
    assert len(_ids(html)) == 20 and FA_TITLE not in html
    older = _link(html, "next")
    assert older is not None and older.startswith(f"/sources/{sid}?before=")
    assert len(_ids(client.get(older).text)) == 20


def test_items_per_day_buckets_by_utc_day(store: Store) -> None:
    src = store.add_source("https://d.example/feed", kind=SourceKind.FEED, name="D", now=NOW)
    midnight = datetime(2026, 3, 1, tzinfo=UTC)
    ages = [timedelta(seconds=1), timedelta(seconds=2), timedelta(hours=-1), timedelta(days=3)]
    items = [NormalizedItem(keys=(f"url:{n}",), guid=None, url=f"https://d.example/{n}",
                            title=f"T{n}", teaser="", summary_html=None, content_html=None,
                            author=None, published_at=midnight - age, updated_at=None,
                            language=None, content_hash=str(n)) for n, age in enumerate(ages)]
    _fetch(store, src.id, items)
    counts = store.items_per_day(src.id, until=date(2026, 3, 1), days=5)
    assert counts == [(date(2026, 2, 25), 0), (date(2026, 2, 26), 1), (date(2026, 2, 27), 0),
                      (date(2026, 2, 28), 2), (date(2026, 3, 1), 1)]


def test_sources_and_tags_indexes(client: TestClient) -> None:
    html = client.get("/sources").text
    assert html.count('<li>\n    <a href="/sources/') == 3
    assert "status-error" in html and "status-active" in html
    tags = client.get("/tags").text
    assert '<a href="/tags/persian" dir="auto">persian</a> <span class="meta">1 source</span>' in tags
    assert '<a href="/tags/world" dir="auto">world</a> <span class="meta">2 sources</span>' in tags


def test_tag_page_filters_by_the_sources_tag(client: TestClient) -> None:
    html = client.get("/tags/persian").text
    assert len(_ids(html)) == 2 and FA_TITLE in html and "Story 1<" not in html
    assert 'href="/tags/persian/feed.atom"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert len(_ids(client.get("/tags/world").text)) == 20
    missing = client.get("/tags/nothing")
    assert missing.status_code == 404 and "Not found" in missing.text


def test_item_page_has_slots_canonical_and_cards(client: TestClient) -> None:
    [item_id] = _ids(client.get("/tags/persian").text)[:1]
    r = client.get(f"/items/{item_id}")
    html = r.text
    assert r.status_code == 200
    assert '<article class="item" lang="fa" dir="rtl">' in html
    assert f"<h1>{FA_TITLE}</h1>" in html and "<p>Body of story 100</p>" in html
    assert '<section class="entities"' in html and '<section class="same-story"' in html
    assert f'<link rel="canonical" href="{BASE}/items/{item_id}">' in html
    assert f'<meta property="og:title" content="{FA_TITLE}">' in html
    assert f'<meta property="og:url" content="{BASE}/items/{item_id}">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert 'href="https://news.example/100" rel="noopener noreferrer nofollow"' in html
    assert "Ana &lt;ana@news.example&gt;" in html


def test_unknown_language_gets_dir_auto_and_everything_is_escaped(client: TestClient) -> None:
    html = client.get("/tags/persian").text
    hostile_id = _ids(html)[1]
    page = client.get(f"/items/{hostile_id}").text
    assert '<article class="item" lang="" dir="auto">' in page
    assert "<script>" not in page
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quoted&#34;</h1>" in page
    assert 'content="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quoted&#34;"' in page


def test_every_page_has_canonical_and_feed_links(client: TestClient) -> None:
    for path in ("/", "/sources", "/tags", "/tags/world"):
        html = client.get(path).text
        assert f'<link rel="canonical" href="{BASE}{path}">' in html
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert 'href="/feed.rss"' in html and 'href="/feed.json"' in html
    older = _link(client.get("/").text, "next")
    assert older is not None
    assert f'<link rel="canonical" href="{BASE}{older}">' in client.get(older).text.replace("&amp;", "&")


def test_canonical_falls_back_to_the_request_url(store: Store) -> None:
    settings = load_settings(env={}, overrides={"database_url": store.url})
    with TestClient(create_app(settings, store), base_url="http://site.test") as c:
        assert '<link rel="canonical" href="http://site.test/sources">' in c.get("/sources").text
        assert "Sitemap: http://site.test/sitemap.xml" in c.get("/robots.txt").text


def test_sitemap_lists_items_and_sources_with_absolute_urls(client: TestClient) -> None:
    r = client.get("/sitemap.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = DET.fromstring(r.content)
    locs = [loc.text for loc in root.iter(f"{ns}loc")]
    items = [u for u in locs if u and u.startswith(f"{BASE}/items/")]
    sources = [u for u in locs if u and u.startswith(f"{BASE}/sources/")]
    assert len(items) == 47 and len(sources) == 3 and f"{BASE}/" in locs
    assert f"{BASE}/tags/persian" in locs


def test_robots_txt(client: TestClient) -> None:
    body = client.get("/robots.txt").text
    assert "User-agent: *" in body and "Disallow: /api/" in body
    assert f"Sitemap: {BASE}/sitemap.xml" in body


def test_not_found_page_looks_like_the_site(client: TestClient) -> None:
    for path in ("/items/999999", "/sources/999999", "/no/such/page", "/?source=999999"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert '<nav class="site-nav"' in r.text and "<h1>Not found</h1>" in r.text


def test_bad_cursor_is_a_400_page(client: TestClient) -> None:
    for path in ("/?before=%%%", "/?before=WzEsMl0&after=WzEsMl0"):
        r = client.get(path)
        assert r.status_code == 400 and '<nav class="site-nav"' in r.text


def test_a_fault_is_a_500_page_without_details(
    client: TestClient, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """A database that lost a table: the page says something went wrong, logs the traceback,
    and tells the reader nothing about the fault; the API keeps its JSON envelope."""
    with store.write() as conn:
        conn.execute(text("ALTER TABLE items RENAME TO items_moved"))
    try:
        with caplog.at_level(logging.ERROR, logger="newsdesk.web.errors"):
            page = client.get("/")
            api = client.get("/api/v1/items")
    finally:
        with store.write() as conn:
            conn.execute(text("ALTER TABLE items_moved RENAME TO items"))
    assert page.status_code == 500 and "<h1>Something went wrong</h1>" in page.text
    assert '<nav class="site-nav"' in page.text and "items" not in page.text.split("<main", 1)[1]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert api.status_code == 500
    assert api.json()["error"] == {"status": 500, "code": "internal_error",
                                   "message": api.json()["error"]["message"]}
    assert "items" not in api.json()["error"]["message"]
    assert any(r.exc_info for r in caplog.records) and "Traceback" in caplog.text


@pytest.mark.parametrize(("seconds", "expected"), [
    (0, "just now"), (59, "just now"), (60, "1 minute ago"), (3 * 3600 + 5, "3 hours ago"),
    (86400, "1 day ago"), (15 * 86400, "2 weeks ago"), (400 * 86400, "1 year ago"),
    (-7200, "in 2 hours"),
])
def test_relative_time(seconds: int, expected: str) -> None:
    assert relative_time(NOW - timedelta(seconds=seconds), NOW) == expected
