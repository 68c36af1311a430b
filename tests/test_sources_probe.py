"""`newsdesk probe`: what a page is and what newsdesk would take from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from tests.servers.feeds import entries, rss
from tests.servers.hostile import start_hostile_server

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "fixtures" / "listing"
ENV = {"NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32"}


def run(*args: str) -> dict[str, object]:
    r = CliRunner().invoke(main, ["probe", *args, "--json"], env=ENV)
    assert r.exit_code == 0, r.output
    result: dict[str, object] = json.loads(r.stdout)
    return result


def test_probe_urls_of_each_kind() -> None:
    server = start_hostile_server()
    try:
        feed = server.serve("/feed.xml", rss(entries(4)), "application/rss+xml")
        sitemap = server.serve("/sitemap.xml", (
            b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>https://a.example/1</loc><lastmod>2026-03-01</lastmod></url>"
            b"<url><loc>https://a.example/2</loc></url></urlset>"))
        article = server.serve("/story.html", (
            b'<!doctype html><html lang="en"><head><meta property="og:type" content="article">'
            b'<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
            b"<body><article><h1>A story</h1><p>Text.</p></article></body></html>"), "text/html")
        other = server.serve("/data.bin", b"\x00\x01\x02binary", "application/octet-stream")
        got = run(feed)
        assert got["kind"] == "feed" and len(got["items"]) == 4  # type: ignore[arg-type]
        first = got["items"][0]  # type: ignore[index]
        assert first["title"] == "Story 0" and first["teaser"].endswith("…")
        assert first["published_at"] == "2026-03-01T12:00:00Z"
        got = run(sitemap)
        assert got["kind"] == "sitemap"
        assert [i["url"] for i in got["items"]] == ["https://a.example/1", "https://a.example/2"]  # type: ignore[union-attr]
        got = run(article)
        assert got["kind"] == "article" and got["items"] == []
        assert got["feeds"] == [server.url("/feed.xml")]
        assert run(other)["kind"] == "other"
    finally:
        server.close()


def test_probe_file_needs_base_url(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html></html>")
    r = CliRunner().invoke(main, ["probe", "--file", str(page)])
    assert r.exit_code == 1 and "--base-url" in r.stderr


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/fixtures/listing is absent")
def test_probe_file_listing_with_jalali_dates() -> None:
    expected = json.loads((SHARED / "persian-agency.expected.json").read_text())
    got = run("--file", str(SHARED / "persian-agency.html"), "--base-url", expected["page_url"])
    assert got["kind"] == "listing"
    items = got["items"]
    assert [i["url"] for i in items] == [e["url"] for e in expected["items"]]  # type: ignore[union-attr]
    dated = [(i["published_at"] or "")[:10] for i in items]  # type: ignore[union-attr]
    assert dated == [e["date"] or "" for e in expected["items"]]


LISTING_PAGE = """<!doctype html><html lang="en"><head><title>News</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav><main>
{cards}
</main><footer><a href="/imprint">Imprint</a></footer></body></html>"""
CARD = """<div class="card"><h2><a href="/news/{n}.html">Headline number {n} about the harbour</a></h2>
<p class="teaser">A teaser of story {n} that says enough words to be a teaser on a listing …</p>
<a href="/news/{n}.html">Read more</a></div>"""


def test_sources_add_auto_chooses_listing_then_page(tmp_path: Path) -> None:
    server = start_hostile_server()
    try:
        cards = "\n".join(CARD.format(n=n) for n in range(6))
        listing = server.serve("/news/", LISTING_PAGE.format(cards=cards).encode(), "text/html")
        single = server.serve("/about", b"<!doctype html><html><body><p>About us.</p></body></html>",
                              "text/html")
        db = f"sqlite:///{tmp_path / 'n.db'}"
        r = CliRunner().invoke(main, ["--db", db, "sources", "add", listing], env=ENV)
        assert r.exit_code == 0 and "as a listing page (6 items" in r.stderr, r.output
        r = CliRunner().invoke(main, ["--db", db, "sources", "add", single], env=ENV)
        assert r.exit_code == 0 and "as a single page" in r.stderr, r.output
        rows = CliRunner().invoke(main, ["--db", db, "sources", "list", "--json"], env=ENV).stdout
        assert [json.loads(line)["kind"] for line in rows.splitlines()] == ["listing", "page"]
    finally:
        server.close()
