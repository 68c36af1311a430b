"""parse.sniff: the body decides, the Content-Type only breaks ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.parse.sniff import root_element, sniff

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
OPML = Path(__file__).parent / "fixtures" / "opml"


@pytest.mark.parametrize(("path", "kind"), [
    (FEEDS / "rss091.xml", "rss"),  # past a DOCTYPE
    (FEEDS / "rss20.xml", "rss"),  # past an xml-stylesheet PI
    (FEEDS / "rss10.rdf", "rdf"),
    (FEEDS / "atom03.xml", "atom"),
    (FEEDS / "atom10.xml", "atom"),
    (FEEDS / "jsonfeed10.json", "json_feed"),
    (FEEDS / "jsonfeed11.json", "json_feed"),
    (FEEDS / "json_items_object.json", "json_feed"),  # a broken JSON Feed is still one
    (FEEDS / "sitemap.xml", "sitemap"),
    (FEEDS / "sitemap_index.xml", "sitemap_index"),  # past a comment
    (FEEDS / "not_a_feed.html", "html"),
    (FEEDS / "billion_laughs.xml", "rss"),  # past an internal subset
    (FEEDS / "rss20_persian_cp1256.xml", "rss"),
    (OPML / "subscriptions.opml", "opml"),
    (FEEDS / "pages" / "discover_blog.html", "html"),
    (FEEDS / "pages" / "utf8_bom_vs_header.html", "html"),
])
def test_fixture_kinds(path: Path, kind: str) -> None:
    assert sniff(path.read_bytes(), None) == kind


@pytest.mark.parametrize(("body", "content_type", "kind"), [
    (b'\xef\xbb\xbf  \n<?xml version="1.0"?>\n<!-- x --><rss version="2.0"/>', None, "rss"),
    ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'/>".encode("utf-16"),
     None, "atom"),
    ("<rss/>".encode("utf-16-le"), None, "rss"),
    (b"<atom:feed xmlns:atom='http://www.w3.org/2005/Atom'/>", None, "atom"),
    (b"<RDF:RDF xmlns:RDF='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>", None, "rdf"),
    (b'<rss version="2.0"/>', "text/html; charset=utf-8", "rss"),  # body wins
    (b"<!DOCTYPE html><title>x</title>", "application/rss+xml", "html"),
    (b"<!doctype HTML>", None, "html"),
    (b"<div>fragment</div>", None, "html"),
    (b"  <p>para", None, "html"),
    (b"Hello, world", "text/html", "html"),  # no markup: the header breaks the tie
    (b"Hello, world", "text/plain", "unknown"),
    (b"Hello, world", None, "unknown"),
    (b"<error/>", "text/xml", "unknown"),
    (b"", "text/html", "unknown"),
    (b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", None, "json_feed"),
    (b'{"items": [], "version": "https:\\/\\/jsonfeed.org\\/version\\/1"}', None, "json_feed"),
    (b'{"version": "1.1", "items": []}', "application/json", "unknown"),
    (b"\x1f\x8b\x08\x00", "application/xml", "unknown"),
    (b"<!-- unterminated comment", None, "unknown"),
    (b"<?xml version='1.0'", None, "unknown"),
    (b"<opml version='2.0'><body/></opml>", None, "opml"),
])
def test_sniff(body: bytes, content_type: str | None, kind: str) -> None:
    assert sniff(body, content_type) == kind


def test_root_element() -> None:
    assert root_element(b"<?xml version='1.0'?><rdf:RDF/>") == "rdf"
    assert root_element(b"<!DOCTYPE x [<!ENTITY a '>'>]><Feed/>") == "feed"
    assert root_element(b"no markup") is None
    assert root_element(b"<!--" + b"x" * 70_000 + b"--><rss/>") is None  # beyond 64 KB
