"""Feeds out (Atom 1.0, RSS 2.0, JSON Feed 1.1): parsed back with a strict XML parser and with
feedparser, on real SQLite and PostgreSQL stores."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as DET
import feedparser
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsdesk.model import Enclosure, FetchRecord, Item, NormalizedItem, SourceKind, SourceStatus
from newsdesk.settings import load_settings
from newsdesk.store import Store
from newsdesk.web import create_app, feeds
from newsdesk.web.feed_formats import FeedInfo, atom, json_feed, rss

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOSTILE = "</title><script>alert(1)</script> ]]> & done"
CONTROLS = "Ctl\x01\x08\x0b\x0c\x1f\ufffe\uffffend"
FA_TITLE = "سازمان مجاهدین خلق"
XML_TYPES = {"atom": "application/atom+xml; charset=utf-8",
             "rss": "application/rss+xml; charset=utf-8"}


def _item(n: int, title: str, *, lang: str = "en", content: str | None = None,
          age: timedelta | None = None) -> NormalizedItem:
    return NormalizedItem(
        keys=(f"url:{n:040d}",), guid=None, url=f"https://news.example/{n}", title=title,
        teaser=f"Teaser {n}", summary_html=f"<p>Teaser {n}</p>", content_html=content,
        author="Ana", published_at=NOW - (age or timedelta(hours=n)), updated_at=None, language=lang,
        content_hash=str(n),
    )


def _ingest(store: Store, source_id: int, items: list[NormalizedItem]) -> None:
    store.apply_fetch(FetchRecord(source_id=source_id, started_at=NOW, duration_ms=1, outcome="ok",
                                  next_check_at=NOW, interval_seconds=1800,
                                  status=SourceStatus.ACTIVE, items=tuple(items)), "t")


def _app(store: Store, **overrides: Any) -> FastAPI:
    settings = load_settings(env={}, overrides={"database_url": store.url, **overrides})
    app = create_app(settings, store)
    if not any(getattr(r, "path", "") == "/feed.{fmt}" for r in app.routes):
        app.include_router(feeds.router(settings))  # until create_app wires it
    return app


@pytest.fixture
def stocked(store: Store) -> Store:
    world = store.add_source("https://news.example/feed", kind=SourceKind.FEED, name="News Example",
                             tags=("world",), now=NOW)
    persian = store.add_source("https://fa.example/feed", kind=SourceKind.FEED, name="خبر",
                               tags=("iran", "middle east"), now=NOW)
    store.add_source("https://empty.example/feed", kind=SourceKind.FEED, name="Empty",
                     tags=("quiet",), now=NOW)
    items = [_item(i, f"Story {i}", content=f"<p>Full {i}</p>") for i in range(3, 58)]
    items.append(_item(1, HOSTILE, content="<p>a ]]> b</p>"))
    items.append(_item(2, CONTROLS, content=f"<p>{CONTROLS}</p>"))
    _ingest(store, world.id, items)
    _ingest(store, persian.id, [_item(100 + i, f"{FA_TITLE} {i}", lang="fa", age=timedelta(hours=10, minutes=i))
                            for i in range(3)])
    return store


@pytest.fixture
def client(stocked: Store) -> Iterator[TestClient]:
    with TestClient(_app(stocked)) as c:
        yield c


def _get(client: TestClient, url: str, **headers: str) -> Any:
    r = client.get(url, headers=headers)
    assert r.status_code == 200, r.text
    return r


def _strict(body: bytes) -> Element:
    root: Element = DET.fromstring(body)
    return root


def _parsed(body: bytes) -> Any:
    d = feedparser.parse(body)
    assert d.bozo == 0, d.get("bozo_exception")
    return d


def _source_id(client: TestClient, name: str) -> int:
    return next(s["id"] for s in client.get("/api/v1/sources").json()["sources"] if s["name"] == name)


# -- the site feed in each format ------------------------------------------------------------
def test_atom_site_feed(client: TestClient) -> None:
    r = _get(client, "/feed.atom")
    assert r.headers["content-type"] == XML_TYPES["atom"]
    root = _strict(r.content)
    entries = root.findall(f"{A}entry")
    assert len(entries) == 50
    assert root.find(f"{A}title").text == "newsdesk"  # type: ignore[union-attr]
    assert root.find(f"{A}updated").text == "2026-03-01T12:00:00Z"  # type: ignore[union-attr]
    d = _parsed(r.content)
    assert len(d.entries) == 50
    assert d.feed.links[0].rel == "self" and d.feed.links[0].href == "http://testserver/feed.atom"
    first = d.entries[0]
    assert first.title == HOSTILE  # newest first: published 1 hour before NOW
    assert first.link.startswith("http://testserver/items/")
    assert [lk.href for lk in first.links if lk.rel == "related"] == ["https://news.example/1"]
    assert first.published_parsed[:5] == (2026, 3, 1, 11, 0)
    assert first.author == "Ana"
    assert d.entries[5].title == "Story 6" and d.entries[5].summary == "Teaser 6"
    assert d.entries[5].content[0].value == "<p>Full 6</p>"


def test_rss_site_feed(client: TestClient) -> None:
    r = _get(client, "/feed.rss")
    assert r.headers["content-type"] == XML_TYPES["rss"]
    channel = _strict(r.content).find("channel")
    assert channel is not None and len(channel.findall("item")) == 50
    assert channel.findtext("lastBuildDate") == "Sun, 01 Mar 2026 12:00:00 GMT"
    d = _parsed(r.content)
    assert d.version == "rss20" and len(d.entries) == 50
    e = d.entries[5]
    assert e.title == "Story 6" and e.link.startswith("http://testserver/items/")
    assert e.id == e.link
    guids = channel.findall("item/guid")
    assert guids[5].text == e.link and {g.get("isPermaLink") for g in guids} == {"true"}
    assert e.published == "Sun, 01 Mar 2026 06:00:00 GMT"
    assert e.content[0].value == "<p>Full 6</p>" and e.summary == "Teaser 6"
    assert e.author == "Ana"
    assert [lk.href for lk in e.links if lk.rel == "related"] == ["https://news.example/6"]


def test_json_site_feed(client: TestClient) -> None:
    r = _get(client, "/feed.json")
    assert r.headers["content-type"] == "application/feed+json; charset=utf-8"
    doc = json.loads(r.content)
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["title"] == "newsdesk" and doc["feed_url"] == "http://testserver/feed.json"
    assert doc["home_page_url"] == "http://testserver/"
    assert len(doc["items"]) == 50
    first = doc["items"][0]
    assert first["title"] == HOSTILE and first["url"].startswith("http://testserver/items/")
    assert first["id"] == first["url"] and first["external_url"] == "https://news.example/1"
    assert first["date_published"] == "2026-03-01T11:00:00Z"
    assert first["authors"] == [{"name": "Ana"}] and first["language"] == "en"
    assert first["summary"] == "Teaser 1" and first["content_html"] == "<p>a ]]> b</p>"
    assert "language" not in doc  # English and Persian items: no single feed language


def test_hostile_text_is_escaped(client: TestClient) -> None:
    for fmt in ("atom", "rss"):
        body = _get(client, f"/feed.{fmt}").content
        assert b"<script>" not in body
        titles = [el.text for el in _strict(body).iter() if el.tag in (f"{A}title", "title")]
        assert HOSTILE in titles
        contents = [el.text for el in _strict(body).iter() if el.tag.endswith(("content", "encoded"))]
        assert "<p>a ]]> b</p>" in contents


def test_control_characters_never_written(client: TestClient) -> None:
    for fmt in ("atom", "rss", "json"):
        body = _get(client, f"/feed.{fmt}").content
        text = body.decode("utf-8")
        assert "Ctlend" in text
        assert not any(c in text for c in "\x01\x08\x0b\x0c\x1f\ufffe\uffff")
        if fmt != "json":
            _strict(body)
            _parsed(body)


# -- per source, per tag -----------------------------------------------------------------------
def test_source_feed_has_only_its_items_and_language(client: TestClient) -> None:
    sid = _source_id(client, "خبر")
    d = _parsed(_get(client, f"/sources/{sid}/feed.atom").content)
    assert [e.title for e in d.entries] == [f"{FA_TITLE} {i}" for i in range(3)]
    assert d.feed.title == "newsdesk: خبر" and d.feed.language == "fa"
    assert all(e.title_detail.language == "fa" for e in d.entries)
    root = _strict(_get(client, f"/sources/{sid}/feed.rss").content)
    assert root.findtext("channel/language") == "fa"
    assert {el.get(XML_LANG) for el in root.iter("item")} == {"fa"}
    doc = json.loads(_get(client, f"/sources/{sid}/feed.json").content)
    assert doc["language"] == "fa" and len(doc["items"]) == 3
    assert doc["feed_url"] == f"http://testserver/sources/{sid}/feed.json"
    assert doc["home_page_url"] == f"http://testserver/sources/{sid}"


def test_persian_entry_keeps_lang_in_site_feed(client: TestClient) -> None:
    root = _strict(_get(client, "/feed.atom").content)
    assert root.get(XML_LANG) is None
    langs = {e.findtext(f"{A}title"): e.get(XML_LANG) for e in root.iter(f"{A}entry")}
    assert langs["Story 3"] == "en" and langs[f"{FA_TITLE} 0"] == "fa"
    rss_entries = _parsed(_get(client, "/feed.rss").content).entries
    fa = next(e for e in rss_entries if e.title == f"{FA_TITLE} 0")
    assert fa.title_detail.language == "fa"
    json_items = json.loads(_get(client, "/feed.json").content)["items"]
    assert next(i for i in json_items if i["title"] == f"{FA_TITLE} 1")["language"] == "fa"
    persian_only = _strict(_get(client, "/tags/iran/feed.atom").content)
    assert persian_only.get(XML_LANG) == "fa"


def test_tag_feed_has_only_its_items(client: TestClient) -> None:
    d = _parsed(_get(client, "/tags/world/feed.rss").content)
    assert len(d.entries) == 50 and not any(FA_TITLE in e.title for e in d.entries)
    assert d.feed.title == "newsdesk: world"
    iran = json.loads(_get(client, "/tags/iran/feed.json").content)
    assert [i["title"] for i in iran["items"]] == [f"{FA_TITLE} {i}" for i in range(3)]
    spaced = _parsed(_get(client, "/tags/middle%20east/feed.atom").content)
    assert len(spaced.entries) == 3 and spaced.feed.title == "newsdesk: middle east"
    assert spaced.feed.links[0].href == "http://testserver/tags/middle%20east/feed.atom"


def test_empty_tag_and_source_give_valid_empty_feeds(client: TestClient) -> None:
    d = _parsed(_get(client, "/tags/quiet/feed.atom").content)
    assert d.entries == [] and d.feed.title == "newsdesk: quiet"
    r = _get(client, f"/sources/{_source_id(client, 'Empty')}/feed.rss")
    assert "last-modified" not in r.headers and r.headers["etag"]
    assert _parsed(r.content).entries == []


@pytest.mark.parametrize("url", ["/sources/999999/feed.atom", "/tags/nope/feed.rss",
                                 "/feed.xml", "/tags/world/feed.html"])
def test_unknown_source_tag_or_format_is_404_page(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and "<html" in r.text and "Not found" in r.text


# -- caching -------------------------------------------------------------------------------
def test_etag_and_if_none_match(client: TestClient) -> None:
    r = _get(client, "/feed.atom")
    etag = r.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert r.headers["cache-control"] == "public, max-age=60"
    assert r.headers["last-modified"] == "Sun, 01 Mar 2026 12:00:00 GMT"
    assert _get(client, "/feed.atom").headers["etag"] == etag  # same items, same bytes
    again = client.get("/feed.atom", headers={"If-None-Match": f'"other", {etag}'})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other_format = client.get("/feed.rss", headers={"If-None-Match": etag})
    assert other_format.status_code == 200
    # If-None-Match wins over a matching If-Modified-Since
    stale = client.get("/feed.atom", headers={"If-None-Match": '"old"',
                                              "If-Modified-Since": r.headers["last-modified"]})
    assert stale.status_code == 200


def test_if_modified_since(client: TestClient) -> None:
    same = client.get("/feed.json", headers={"If-Modified-Since": format_datetime(NOW, usegmt=True)})
    assert same.status_code == 304
    before = format_datetime(NOW - timedelta(seconds=1), usegmt=True)
    assert client.get("/feed.json", headers={"If-Modified-Since": before}).status_code == 200
    assert client.get("/feed.json", headers={"If-Modified-Since": "yesterday"}).status_code == 200


def test_new_item_changes_validators(stocked: Store) -> None:
    with TestClient(_app(stocked)) as c:
        etag = _get(c, "/tags/iran/feed.atom").headers["etag"]
        sid = _source_id(c, "خبر")
        later = NOW + timedelta(minutes=5)
        stocked.apply_fetch(FetchRecord(source_id=sid, started_at=later, duration_ms=1, outcome="ok",
                                        next_check_at=later, interval_seconds=1800,
                                        status=SourceStatus.ACTIVE,
                                        items=(_item(200, "تازه", lang="fa"),)), "t")
        r = c.get("/tags/iran/feed.atom", headers={"If-None-Match": etag})
        assert r.status_code == 200 and r.headers["last-modified"] == "Sun, 01 Mar 2026 12:05:00 GMT"


# -- absolute URLs ---------------------------------------------------------------------------
def test_base_url_setting_makes_links(stocked: Store) -> None:
    app = _app(stocked, base_url="https://desk.test/news/")
    with TestClient(app) as c:
        headers = {"X-Forwarded-Host": "evil.test", "X-Forwarded-Proto": "http"}
        d = _parsed(_get(c, "/feed.atom", **headers).content)
        assert d.feed.links[0].href == "https://desk.test/news/feed.atom"
        assert all(e.link.startswith("https://desk.test/news/items/") for e in d.entries)
        doc = json.loads(_get(c, "/tags/iran/feed.json", **headers).content)
        assert doc["feed_url"] == "https://desk.test/news/tags/iran/feed.json"
        assert doc["home_page_url"] == "https://desk.test/news/tags/iran"
        assert b"evil.test" not in _get(c, "/feed.rss", **headers).content


# -- the writers alone: characters a database would refuse --------------------------------------
BAD = "a\x00b\ud800c\udfffd\x1be"
RAW_ITEM = Item(id=7, source_id=1, url="https://x.example/7?a=1&b=2", title=BAD, teaser=BAD,
                published_at=NOW, first_seen_at=NOW, language="fa", author=BAD,
                content_html=f"<p>{BAD}</p>", enclosures=(Enclosure("https://x.example/a.mp3"),))
INFO = FeedInfo(title=BAD, description=BAD, self_url="https://s.test/feed", page_url="https://s.test/",
                base_url="https://s.test")


@pytest.mark.parametrize("write", [atom, rss])
def test_xml_writers_drop_forbidden_characters(write: Any) -> None:
    body = write(INFO, [RAW_ITEM, replace(RAW_ITEM, id=8, language=None, content_html=None)])
    _strict(body)
    d = _parsed(body)
    assert d.entries[0].title == "abcde" and d.feed.title == "abcde"
    assert d.entries[0].links[-1].href == "https://x.example/a.mp3"  # the enclosure


def test_json_writer_drops_forbidden_characters() -> None:
    body = json_feed(INFO, [RAW_ITEM, replace(RAW_ITEM, id=8, content_html=None, teaser="t")])
    doc = json.loads(body.decode("utf-8"))  # strict UTF-8: a lone surrogate would fail here
    first, second = doc["items"]
    assert first["title"] == "abcde" and first["content_html"] == "<p>abcde</p>"
    assert first["attachments"] == [{"url": "https://x.example/a.mp3",
                                     "mime_type": "application/octet-stream"}]
    assert second["content_text"] == "t" and "content_html" not in second
