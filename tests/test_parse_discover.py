"""parse.discover: feed links in HTML pages."""

from __future__ import annotations

from pathlib import Path

from newsdesk.parse.discover import COMMON_FEED_PATHS, discover_feeds

PAGES = Path(__file__).parent / "fixtures" / "feeds" / "pages"


def test_blog_page() -> None:
    found = discover_feeds((PAGES / "discover_blog.html").read_bytes(),
                           "https://blog.example.com/2024/03/post.html")
    assert found == [
        "https://blog.example.com/feed/",
        "https://blog.example.com/comments/feed/",
        "https://blog.example.com/feed.json",  # application/json titled "JSON Feed"
        "https://blog.example.com/2024/03/atom.xml",  # type with parameters, any case
    ]
    # left out: the WordPress REST link, hreflang alternate, javascript:, the <a>, the repeat


def test_base_href_rel_feed_and_broken_markup() -> None:
    found = discover_feeds((PAGES / "discover_base.html").read_bytes(), "https://www.example.net/")
    assert found == [
        "https://cdn.example.net/site/updates.xml",
        "https://cdn.example.net/site/feed.json",
        "https://other.example.org/index.rdf",
        "https://cdn.example.net/site/after-broken.atom",  # after a "<![ x" the parser survives
    ]


def test_page_without_feeds() -> None:
    assert discover_feeds((PAGES / "discover_none.html").read_bytes(), "https://x.example/") == []


def test_windows_1256_page_found_through_its_meta() -> None:
    found = discover_feeds((PAGES / "arabic_cp1256_meta.html").read_bytes(),
                           "https://ar.example.com/economy/")
    assert found == ["https://ar.example.com/rss.xml"]


def test_non_http_base_is_ignored() -> None:
    body = (b'<base href="javascript:alert(1)//"><link rel="alternate" '
            b'type="application/atom+xml" href="a.xml">')
    assert discover_feeds(body, "https://x.example/dir/") == ["https://x.example/dir/a.xml"]


def test_hostile_markup_does_not_raise() -> None:
    for body in (b"<![ x", b"a?x=<<<!['x/-", b"<link rel=alternate type=application/rss+xml",
                 b"\x00\xff" * 100, b"<" * 10_000, "<link rel='alternate' type='application/rss+xml' href='/ف'>".encode()):
        assert isinstance(discover_feeds(body, "https://x.example/"), list)


def test_common_feed_paths() -> None:
    assert COMMON_FEED_PATHS[:2] == ("/feed", "/feed/")
    for path in ("/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json",
                 "/?feed=rss2"):
        assert path in COMMON_FEED_PATHS
    assert all(p.startswith("/") for p in COMMON_FEED_PATHS)
    assert len(set(COMMON_FEED_PATHS)) == len(COMMON_FEED_PATHS)
