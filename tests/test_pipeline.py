"""End to end: loopback feed sites → worker → SQLite/PostgreSQL, with hostile sources beside
good ones. Each case asserts the outcome recorded on the source and that nothing else is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.model import SourceKind, SourceStatus
from newsdesk.settings import Settings, load_settings
from newsdesk.store import Store
from newsdesk.store.items import ItemFilter
from newsdesk.worker import Worker
from tests.servers.feeds import atom, entries, json_feed, rss
from tests.servers.hostile import (
    HostileServer,
    Reply,
    drip,
    dynamic,
    fixed,
    redirect,
    retry_after,
    start_hostile_server,
    start_with_honeypots,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    s = start_hostile_server()
    yield s
    s.close()


def make_settings(store: Store, **extra: object) -> Settings:
    overrides: dict[str, object] = {
        "database_url": store.url, "fetch_allow_networks": "127.0.0.1/32",
        "fetch_per_host_delay": 0, "fetch_per_host_concurrency": 8, "fetch_deadline": 2,
        "fetch_read_timeout": 1, "fetch_connect_timeout": 1, "fetch_concurrency": 4,
    }
    overrides.update(extra)
    return load_settings(env={}, overrides=overrides)


def add(store: Store, url: str) -> int:
    return store.add_source(url, kind=SourceKind.FEED, name=url, now=datetime.now(UTC)).id


def run(store: Store, **extra: object) -> None:
    worker = Worker(store, make_settings(store, **extra))
    try:
        worker.run_once(all_sources=True)
    finally:
        worker.close()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""


def test_good_feeds_ingested_beside_hostile_ones(store: Store, server: HostileServer) -> None:
    good = {
        "rss": server.serve("/rss.xml", rss(entries(20, site="https://a.example")), etag='"r1"'),
        "atom": server.serve("/atom.xml", atom(entries(20, site="https://b.example")),
                             "application/atom+xml", last_modified="Sun, 01 Mar 2026 12:00:00 GMT"),
        "json": server.serve("/feed.json", json_feed(entries(20, site="https://c.example")),
                             "application/feed+json", etag='"j1"'),
    }
    bad = {
        "http_error": server.route("/500", fixed(500, b"oops")),
        "http_error 404": server.route("/404", fixed(404, b"nope")),
        "parse_error": server.serve("/broken.xml", b"<rss><channel><item><title>unclosed"),
        "xml_forbidden": server.serve("/lol.xml", BILLION_LAUGHS),
        "timeout": server.route("/drip", drip(rss(entries(2)), interval=0.5)),
        "not_a_feed": server.serve("/page.html", b"<!doctype html><html><body>Hello</body></html>",
                                   "text/html"),
        "too_many_redirects": server.route("/loop", redirect("/loop")),
    }
    ids = {k: add(store, u) for k, u in {**good, **bad}.items()}
    run(store)
    for key in good:
        s = store.source(ids[key])
        assert (s.status, s.last_error, s.item_count) == (SourceStatus.ACTIVE, None, 20), key
    for code in bad:
        s = store.source(ids[code])
        assert s.status is SourceStatus.ERROR, code
        prefix = code.split()[0] + ":"
        assert s.last_error is not None and s.last_error.startswith(prefix), (code, s.last_error)
        assert s.error_count == 1 and s.next_check_at is not None
    assert store.count_items() == 60

    # second pass: conditional GETs answer 304 (or the same items come again); nothing doubles
    run(store)
    assert store.count_items() == 60
    rss_log = store.fetch_log(ids["rss"])
    assert [e.outcome for e in rss_log] == ["not_modified", "ok"]
    assert server.requests_for("/rss.xml")[-1].headers.get("if-none-match") == '"r1"'
    assert store.source(ids["timeout"]).error_count == 2


def test_guid_churn_and_shared_guid(store: Store, server: HostileServer) -> None:
    counter = {"n": 0}

    def churning(_request: object) -> Reply:
        counter["n"] += 1
        items = entries(20)
        for it in items:
            it["guid"] = f"{it['guid']}?v={counter['n']}"
        return Reply(body=rss(items))

    churn_id = add(store, server.route("/churn.xml", dynamic(churning)))
    shared = entries(20, site="https://shared.example")
    for it in shared:
        it["guid"] = "same-guid-for-all"
    shared_id = add(store, server.serve("/shared.xml", rss(shared)))
    for _ in range(5):
        run(store)
    assert store.count_items(churn_id) == 20
    assert store.count_items(shared_id) == 20


def test_gone_stops_polling_and_retry_after_is_honoured(store: Store, server: HostileServer) -> None:
    gone = add(store, server.route("/gone", fixed(410, b"gone")))
    limited = add(store, server.route("/busy", retry_after("7200")))
    before = datetime.now(UTC)
    run(store)
    g, r = store.source(gone), store.source(limited)
    assert g.status is SourceStatus.GONE and g.last_error and g.last_error.startswith("gone:")
    assert r.next_check_at is not None
    assert timedelta(seconds=7100) < r.next_check_at - before < timedelta(seconds=7300)
    worker = Worker(store, make_settings(store))
    try:
        assert worker.run_once().sources == 0  # neither is due; gone never again
    finally:
        worker.close()


def test_redirect_to_forbidden_address_is_refused(store: Store) -> None:
    server, honeypots = start_with_honeypots()
    try:
        sid = add(store, server.route("/r", redirect(f"http://127.0.0.2:{server.port}/feed.xml")))
        run(store)
        s = store.source(sid)
        assert s.last_error is not None and s.last_error.startswith("forbidden_address:")
        assert honeypots.connections == 0
    finally:
        honeypots.close()
        server.close()


def test_hostile_text_is_cleaned_and_sanitised(store: Store, server: HostileServer) -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "Evil\\u0000",'
        b' "items": [{"id": "1", "url": "https://x.example/1", "title": "Bad \\ud800 title\\u0000",'
        b' "content_html": "<p>ok</p><script>alert(1)</script><svg onload=alert(2)></svg>'
        b'<a href=\\"javascript:alert(3)\\">x</a><img src=x onerror=alert(4)>"}]}'
    )
    sid = add(store, server.serve("/evil.json", body, "application/feed+json"))
    run(store)
    [got] = store.items(ItemFilter(source_id=sid)).rows
    item = store.item(got.id)
    assert "\x00" not in item.title and "\ud800" not in item.title and item.title.startswith("Bad")
    html = item.content_html or ""
    assert "<p>ok</p>" in html
    for bad in ("script", "svg", "javascript:", "onerror", "onload"):
        assert bad not in html.lower()


def test_oversized_feed_is_refused_and_others_go_on(store: Store, server: HostileServer) -> None:
    huge = b"<rss><channel>" + b"<item><title>x</title></item>" * (50 * 1024 * 1024 // 28) + b"</channel></rss>"
    big = add(store, server.serve("/big.xml", huge))
    ok = add(store, server.serve("/ok.xml", rss(entries(3))))
    run(store, fetch_deadline=10)
    s = store.source(big)
    assert s.last_error is not None and s.last_error.startswith("response_too_large:")
    assert store.count_items(ok) == 3 and store.count_items(big) == 0
