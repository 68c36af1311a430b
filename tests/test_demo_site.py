"""The bundled demo news sites: real HTTP on 127.0.0.1, feeds read back with feedparser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from importlib import resources

import feedparser
import httpx
import pytest

from newsdesk.demo import DemoOutlet, DemoSite, start_demo_site
from newsdesk.errors import InputError

NOW = datetime(2025, 3, 21, 12, 0, tzinfo=UTC)
TEASER_WORDS = 55  # the `teaser_words` setting's default


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with start_demo_site(now=NOW) as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5, trust_env=False) as c:
        yield c


def outlet(site: DemoSite, slug: str) -> DemoOutlet:
    return next(o for o in site.outlets if o.slug == slug)


def entries(client: httpx.Client, o: DemoOutlet) -> list[dict[str, str]]:
    """(id, link, title, summary, published) of every item, whatever the feed format."""
    body = client.get(o.feed_url).content
    if o.feed_format == "json":
        feed = json.loads(body)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        return [
            {"id": i["id"], "link": i["url"], "title": i["title"], "summary": i["summary"],
             "published": i["date_published"]}
            for i in feed["items"]
        ]  # fmt: skip
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [
        {"id": e.id, "link": e.link, "title": e.title, "summary": e.summary,
         "published": e.published}
        for e in parsed.entries
    ]  # fmt: skip


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.links.append(dict(attrs))
        elif tag == "html":
            self.html_attrs = dict(attrs)


def test_four_outlets_on_loopback(site: DemoSite) -> None:
    assert site.base_url.startswith("http://127.0.0.1:")
    assert [o.slug for o in site.outlets] == ["daily", "science", "rundschau", "chenar"]
    assert {o.feed_format for o in site.outlets} == {"rss", "atom", "json"}
    for o in site.outlets:
        assert o.home_url == f"{site.base_url}/{o.slug}/"
        assert o.feed_url.startswith(o.home_url)
        assert "demo" in o.tags


def test_rss_and_atom_feeds_parse(site: DemoSite, client: httpx.Client) -> None:
    expected = {"daily": ("rss20", "en-GB"), "science": ("atom10", "en"), "chenar": ("rss20", "fa")}
    for slug, (version, language) in expected.items():
        response = client.get(outlet(site, slug).feed_url)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == version
        assert parsed.feed.language == language
        assert 8 <= len(parsed.entries) <= 12


def test_full_text_only_where_promised(site: DemoSite, client: httpx.Client) -> None:
    daily = feedparser.parse(client.get(outlet(site, "daily").feed_url).content)
    assert all(len(e.content[0].value) > len(e.summary) for e in daily.entries)
    science = feedparser.parse(client.get(outlet(site, "science").feed_url).content)
    assert not any("content" in e for e in science.entries)


def test_json_feed(site: DemoSite, client: httpx.Client) -> None:
    o = outlet(site, "rundschau")
    response = client.get(o.feed_url)
    assert response.headers["content-type"].startswith("application/feed+json")
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["language"] == "de"
    assert feed["feed_url"] == o.feed_url
    assert 8 <= len(feed["items"]) <= 12
    assert all(item["content_html"].startswith("<p>") for item in feed["items"])


def test_persian_feed_is_fa_and_right_to_left(site: DemoSite, client: httpx.Client) -> None:
    o = outlet(site, "chenar")
    parsed = feedparser.parse(client.get(o.feed_url).content)
    assert parsed.feed.language == "fa"
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in e.title) for e in parsed.entries)
    page = _Links()
    page.feed(client.get(o.home_url).text)
    assert page.html_attrs == {"lang": "fa", "dir": "rtl"}


def test_home_pages_announce_their_feed(site: DemoSite, client: httpx.Client) -> None:
    media_types = {"rss": "application/rss+xml", "atom": "application/atom+xml",
                   "json": "application/feed+json"}  # fmt: skip
    for o in site.outlets:
        page = _Links()
        page.feed(client.get(o.home_url).text)
        alternates = [link for link in page.links if link.get("rel") == "alternate"]
        assert alternates == [
            {"rel": "alternate", "type": media_types[o.feed_format], "title": o.name,
             "href": o.feed_url}
        ]  # fmt: skip


def test_every_item_link_is_an_article_page(site: DemoSite, client: httpx.Client) -> None:
    for o in site.outlets:
        for entry in entries(client, o):
            response = client.get(entry["link"])
            assert response.status_code == 200
            assert response.headers["content-type"] == "text/html; charset=utf-8"
            assert f'<link rel="canonical" href="{entry["link"]}">' in response.text
            assert "<article>" in response.text


def test_etag_and_last_modified_give_304(site: DemoSite, client: httpx.Client) -> None:
    url = outlet(site, "daily").feed_url
    first = client.get(url)
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": f'"stale", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    # a stale ETag wins over a matching date (RFC 9110 §13.2.2)
    stale = {"If-None-Match": '"stale"', "If-Modified-Since": last_modified}
    assert client.get(url, headers=stale).status_code == 200
    earlier = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200


def test_last_modified_is_the_newest_item(site: DemoSite, client: httpx.Client) -> None:
    response = client.get(outlet(site, "daily").feed_url)
    newest = max(e.published_parsed for e in feedparser.parse(response.content).entries)
    assert response.headers["last-modified"] == datetime(*newest[:6]).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )


def test_dates_follow_now_and_guids_stay(site: DemoSite, client: httpx.Client) -> None:
    later = NOW + timedelta(days=30)
    with start_demo_site(now=later) as other, httpx.Client(trust_env=False) as c2:
        for before, after in zip(site.outlets, other.outlets, strict=True):
            old, new = entries(client, before), entries(c2, after)
            assert [e["id"] for e in old] == [e["id"] for e in new]
            assert old[0]["published"] != new[0]["published"]
    for o in site.outlets:
        stamps = [e["published"] for e in entries(client, o)]
        dates = [
            parsedate_to_datetime(s) if "," in s else datetime.fromisoformat(s) for s in stamps
        ]
        assert all(NOW - timedelta(days=15) < d <= NOW for d in dates)
        assert max(dates) - min(dates) > timedelta(days=10)  # spread over about two weeks


def test_summaries_long_and_short(site: DemoSite, client: httpx.Client) -> None:
    words = [len(e["summary"].split()) for e in entries(client, outlet(site, "science"))]
    assert max(words) > TEASER_WORDS  # its teaser will be cut with "…"
    assert min(words) < TEASER_WORDS // 2
    home = client.get(outlet(site, "science").home_url).text
    assert "…</p>" in home  # the listing cuts the long one, as the seed page does


def test_syndicated_story_in_two_outlets(site: DemoSite, client: httpx.Client) -> None:
    daily = {e["title"]: e for e in entries(client, outlet(site, "daily"))}
    science = {e["title"]: e for e in entries(client, outlet(site, "science"))}
    shared = set(daily) & set(science)
    assert shared == {"Bright fireball seen over the Ember Coast"}
    (title,) = shared
    assert daily[title]["id"] != science[title]["id"]


def test_head_redirect_and_not_found(site: DemoSite, client: httpx.Client) -> None:
    head = client.head(outlet(site, "daily").feed_url)
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) > 1000
    moved = client.get(f"{site.base_url}/daily")
    assert moved.status_code == 301
    assert moved.headers["location"] == "/daily/"
    assert client.get(f"{site.base_url}/daily/articles/nope.html").status_code == 404
    assert client.get(f"{site.base_url}/").status_code == 200
    assert client.get(f"{site.base_url}/robots.txt").text.startswith("User-agent: *")


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "::1", "example.test"])
def test_refuses_to_listen_beyond_loopback(host: str) -> None:
    with pytest.raises(InputError, match="loopback"):
        start_demo_site(host=host)


def test_close_stops_serving() -> None:
    site = start_demo_site(now=NOW)
    url = site.outlets[0].feed_url
    with httpx.Client(trust_env=False) as c:
        assert c.get(url).status_code == 200
        site.close()
        with pytest.raises(httpx.ConnectError):
            c.get(url, headers={"Connection": "close"})


def test_bundled_content_is_modest() -> None:
    with resources.as_file(resources.files("newsdesk.demo").joinpath("sites")) as sites:
        total = sum(f.stat().st_size for f in sites.rglob("*") if f.is_file())
    assert 10_000 < total < 300_000
