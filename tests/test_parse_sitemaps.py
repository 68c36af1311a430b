"""parse.sitemaps: urlset, index, news, gzip (and bombs), plain text, hostile XML, the walk."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsdesk.model import ParseFailed
from newsdesk.parse.sitemaps import Sitemap, SitemapEntry, SitemapWalk, gunzip, parse_sitemap

FIXTURES = Path(__file__).parent / "fixtures" / "sitemaps"
URL = "https://www.example.com/sitemap.xml"


def parsed(body: bytes, **kwargs: int) -> Sitemap:
    result = parse_sitemap(body, url=URL, **kwargs)
    assert isinstance(result, Sitemap), result
    return result


def failed(body: bytes, **kwargs: int) -> ParseFailed:
    result = parse_sitemap(body, url=URL, **kwargs)
    assert isinstance(result, ParseFailed), result
    return result


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def urlset(count: int, prefix: str = "https://big.example.com/a/") -> bytes:
    rows = "".join(f"<url><loc>{prefix}{n}</loc></url>\n" for n in range(count))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n").encode()


def index(*locs: str) -> bytes:
    rows = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{rows}</sitemapindex>").encode()


# -- urlset, index, news -----------------------------------------------------------------------
def test_urlset_keeps_http_locs_in_order_and_ignores_image_and_video() -> None:
    sitemap = parsed(fixture("urlset.xml"))
    assert sitemap.kind == "urlset"
    assert sitemap.entries == (
        SitemapEntry("https://www.example.com/2024/01/05/first.html", utc(2024, 1, 5)),
        SitemapEntry("https://www.example.com/2024/01/06/second.html", utc(2024, 1, 6, 9, 30)),
        SitemapEntry("http://www.example.com/third?a=1&b=2", utc(2024, 1, 7, 8, 0)),
        SitemapEntry("https://www.example.com/fifth", None),
    )
    # relative, javascript:, missing loc, ftp:
    assert (sitemap.dropped, sitemap.invalid) == (0, 4)


def test_index() -> None:
    sitemap = parsed(fixture("index.xml"))
    assert sitemap.kind == "index"
    assert [(e.url, e.lastmod) for e in sitemap.entries] == [
        ("https://www.example.com/sitemap-2024-01.xml.gz", utc(2024, 2, 1)),
        ("https://www.example.com/sitemap-news.xml", None),
        ("https://www.example.com/sitemap-index.xml", utc(2024, 2, 1)),
    ]


def test_google_news_sitemap() -> None:
    first, second = parsed(fixture("news.xml")).entries
    assert first == SitemapEntry(
        url="https://news.example.org/business/article55.html", lastmod=None,
        news_title="Companies A, B in Merger Talks",
        news_published=utc(2024, 3, 12, 19, 5), news_language="en",
    )
    assert second.news_title == "گفت‌وگوهای ادغام & آینده"
    assert second.news_published == utc(2024, 3, 12)
    assert second.news_language == "fa"
    assert second.lastmod == datetime(2024, 3, 12, 20, 0, 0, 250000,
                                      tzinfo=timezone(timedelta(hours=3, minutes=30)))


@pytest.mark.parametrize(("text", "expected"), [
    ("2024", utc(2024, 1, 1)),
    ("2024-05", utc(2024, 5, 1)),
    ("2024-05-17", utc(2024, 5, 17)),
    ("2024-05-17T13:20+02:00", utc(2024, 5, 17, 11, 20)),
    ("2024-05-17T13:20:30Z", utc(2024, 5, 17, 13, 20, 30)),
    ("2024-05-17T13:20:30.45-03:00", datetime(2024, 5, 17, 16, 20, 30, 450000, tzinfo=UTC)),
    ("  2024-05-17  ", utc(2024, 5, 17)),
    ("2024-02-30", None),
    ("yesterday", None),
    ("", None),
])
def test_lastmod_w3c_formats(text: str, expected: datetime | None) -> None:
    body = (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
            f"<loc>https://x.example.com/</loc><lastmod>{text}</lastmod></url></urlset>")
    (entry,) = parsed(body.encode()).entries
    assert entry.lastmod == expected


def test_lastmod_far_in_the_future_is_clamped() -> None:
    body = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
            b"<loc>https://x.example.com/</loc><lastmod>2999-01-01</lastmod></url></urlset>")
    (entry,) = parsed(body).entries
    assert entry.lastmod is not None
    assert entry.lastmod < datetime.now(UTC) + timedelta(days=2)


def test_sitemap_without_namespace_and_with_bom() -> None:
    body = b"\xef\xbb\xbf<urlset><url><loc> https://a.example.com/x </loc></url></urlset>"
    assert [e.url for e in parsed(body).entries] == ["https://a.example.com/x"]


def test_overlong_loc_is_invalid() -> None:
    long = "https://a.example.com/" + "x" * 2100
    sitemap = parsed(urlset(1, prefix=long))
    assert (sitemap.entries, sitemap.invalid) == ((), 1)


def test_cap_keeps_document_order_and_counts_dropped() -> None:
    sitemap = parsed(urlset(60_000))
    assert len(sitemap.entries) == 50_000
    assert sitemap.dropped == 10_000
    assert sitemap.entries[0].url == "https://big.example.com/a/0"
    assert sitemap.entries[-1].url == "https://big.example.com/a/49999"


def test_small_cap() -> None:
    sitemap = parsed(urlset(7), max_urls=3)
    assert [e.url[-1] for e in sitemap.entries] == ["0", "1", "2"]
    assert sitemap.dropped == 4


# -- plain text --------------------------------------------------------------------------------
def test_plain_text_sitemap() -> None:
    sitemap = parsed(fixture("plain.txt"))
    assert sitemap.kind == "urlset"
    assert [e.url for e in sitemap.entries] == [
        "https://plain.example.net/a", "https://plain.example.net/b",
        "http://plain.example.net/c"]
    assert sitemap.invalid == 2


def test_text_without_urls_is_not_a_sitemap() -> None:
    assert failed(b"hello\nworld\n").code == "not_a_feed"


# -- refusals ----------------------------------------------------------------------------------
def test_dtd_and_entities_refused() -> None:
    result = failed(fixture("dtd.xml"))
    assert result.code == "xml_forbidden"


def test_dtd_inside_gzip_refused() -> None:
    assert failed(gzip.compress(fixture("dtd.xml"))).code == "xml_forbidden"


def test_malformed_xml() -> None:
    result = failed(fixture("malformed.xml"))
    assert result.code == "parse_error"
    assert "not a well-formed sitemap" in result.message


def test_truncated_xml() -> None:
    assert failed(urlset(10)[:-30]).code == "parse_error"


@pytest.mark.parametrize(("body", "code"), [
    (b"", "empty_response"),
    (b"  \n ", "empty_response"),
    (b"<rss version='2.0'><channel><title>x</title></channel></rss>", "not_a_feed"),
    (b"<!doctype html><html><body>hi</body></html>", "not_a_feed"),
    (b"<html><body><a href='https://x.example.com/'>x</a></body></html>", "not_a_feed"),
])
def test_not_a_sitemap(body: bytes, code: str) -> None:
    assert failed(body).code == code


# -- gzip --------------------------------------------------------------------------------------
def test_gzip_sitemap() -> None:
    sitemap = parsed(gzip.compress(fixture("index.xml")))
    assert sitemap.kind == "index"
    assert len(sitemap.entries) == 3


def test_gzip_plain_text_and_multi_member() -> None:
    body = gzip.compress(b"https://a.example.com/1\n") + gzip.compress(b"https://a.example.com/2\n")
    assert [e.url for e in parsed(body).entries] == [
        "https://a.example.com/1", "https://a.example.com/2"]


def test_gzip_just_under_the_cap_is_read() -> None:
    body = urlset(100)
    assert len(parsed(gzip.compress(body), max_decompressed=len(body)).entries) == 100
    assert failed(gzip.compress(body), max_decompressed=len(body) - 1).code == (
        "response_too_large")


def test_uncompressed_body_over_the_cap() -> None:
    assert failed(urlset(100), max_decompressed=1000).code == "response_too_large"


def test_truncated_and_corrupt_gzip() -> None:
    packed = gzip.compress(urlset(200))
    assert failed(packed[: len(packed) // 2]).code == "parse_error"
    corrupt = packed[:10] + bytes(b ^ 0xFF for b in packed[10:40]) + packed[40:]
    assert failed(corrupt).code == "bad_encoding"


def _bomb(decompressed: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(decompressed >> 20)]
    return b"".join([*parts, packer.flush()])


def test_gzip_bomb_stops_at_the_cap_quickly_in_little_memory() -> None:
    bomb = _bomb(256 << 20)  # 256 MiB of zeros in about 250 KB
    assert len(bomb) < 400_000
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = gunzip(bomb, 1 << 20)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, ParseFailed)
    assert result.code == "response_too_large"
    assert elapsed < 1.0
    assert peak < 8 << 20  # the cap is 1 MiB; the bomb would be 256 MiB
    assert failed(bomb, max_decompressed=1 << 20).code == "response_too_large"


# -- walking an index --------------------------------------------------------------------------
def walk_all(sitemaps: dict[str, bytes], start: str, walk: SitemapWalk) -> list[str]:
    """A fetch loop in miniature: the URLs of pages reached, sitemaps read in `walk.seen`."""
    pages: list[str] = []
    queue = [(start, 0)]
    while queue:
        url, depth = queue.pop(0)
        if not walk.admit(url, depth):
            continue
        sitemap = parsed(sitemaps[url])
        if sitemap.kind == "index":
            queue += [(entry.url, depth + 1) for entry in sitemap.entries]
        else:
            pages += [entry.url for entry in sitemap.entries]
    return pages


def test_index_that_includes_itself_is_read_once() -> None:
    a = "https://s.example.com/index.xml"
    sitemaps = {a: index(a, a + "#again", "HTTPS://S.EXAMPLE.COM/index.xml",
                         "https://s.example.com/pages.xml"),
                "https://s.example.com/pages.xml": urlset(2)}
    walk = SitemapWalk()
    assert len(walk_all(sitemaps, a, walk)) == 2
    assert walk.seen == {a, "https://s.example.com/pages.xml"}


def test_loop_a_b_a() -> None:
    a, b = "https://s.example.com/a.xml", "https://s.example.com/b.xml"
    sitemaps = {a: index(b), b: index(a, "https://s.example.com/p.xml"),
                "https://s.example.com/p.xml": urlset(3)}
    walk = SitemapWalk()
    assert len(walk_all(sitemaps, a, walk)) == 3
    assert len(walk.seen) == 3
    assert not walk.admit(a, 0)
    assert not walk.admit(b, 5)


def test_depth_cap() -> None:
    chain = [f"https://s.example.com/level{n}.xml" for n in range(6)]
    sitemaps = {url: index(nxt) for url, nxt in zip(chain, chain[1:], strict=False)}
    sitemaps[chain[-1]] = urlset(1)
    walk = SitemapWalk(max_depth=3)
    assert walk_all(sitemaps, chain[0], walk) == []
    assert walk.seen == set(chain[:4])  # depths 0, 1, 2, 3
    assert not SitemapWalk(max_depth=3).admit(chain[0], 4)


def test_count_cap() -> None:
    children = [f"https://s.example.com/c{n}.xml" for n in range(100)]
    sitemaps = {url: urlset(1, prefix=url + "/") for url in children}
    sitemaps["https://s.example.com/i.xml"] = index(*children)
    walk = SitemapWalk(max_sitemaps=10)
    assert len(walk_all(sitemaps, "https://s.example.com/i.xml", walk)) == 9
    assert len(walk.seen) == 10


def test_admit_refuses_non_http() -> None:
    walk = SitemapWalk()
    assert not walk.admit("file:///etc/passwd", 0)
    assert not walk.admit("/relative.xml", 0)
    assert walk.seen == set()


def test_changed_returns_new_and_newer_urls_once() -> None:
    jan, feb = utc(2024, 1, 1), utc(2024, 2, 1)
    entries = [
        SitemapEntry("https://a.example.com/new", None),
        SitemapEntry("https://a.example.com/same", jan),
        SitemapEntry("https://a.example.com/newer", feb),
        SitemapEntry("https://a.example.com/older", jan),
        SitemapEntry("https://a.example.com/undated-known", None),
        SitemapEntry("https://a.example.com/dated-now", jan),
        SitemapEntry("https://a.example.com/new", feb),
    ]
    known = {"https://a.example.com/same": jan, "https://a.example.com/newer": jan,
             "https://a.example.com/older": feb, "https://a.example.com/undated-known": jan,
             "https://a.example.com/dated-now": None}
    assert [e.url for e in SitemapWalk().changed(entries, known)] == [
        "https://a.example.com/new", "https://a.example.com/newer",
        "https://a.example.com/dated-now"]
