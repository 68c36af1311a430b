"""parse.feeds: every feed format from fixture files, links, caps, broken input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.model import Enclosure, ParsedFeed, ParseFailed, RawItem
from newsdesk.parse.feeds import parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
FEED_URL = "https://feeds.example.com/sub/feed.xml"


def parse(name: str, **kwargs: object) -> ParsedFeed:
    result = parse_feed((FIXTURES / name).read_bytes(), url=FEED_URL, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, ParsedFeed), result
    return result


def failed(body: bytes) -> ParseFailed:
    result = parse_feed(body, url=FEED_URL)
    assert isinstance(result, ParseFailed), result
    return result


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# -- formats -----------------------------------------------------------------------------------
def test_rss091_with_netscape_doctype() -> None:
    feed = parse("rss091.xml")
    assert (feed.format, feed.title, feed.site_url, feed.language) == (
        "rss091", "Old Wire 0.91", "http://oldwire.example.com/", "en-us")
    assert [i.title for i in feed.items] == ["Café owners meet the mayor", "Second headline"]
    assert feed.items[0].url == "http://oldwire.example.com/1999/cafe.html"
    assert feed.items[0].summary == "Owners of the cafés on Main Street met the mayor."
    assert feed.items[0].published_at is None


def test_rss092_untitled_item_enclosure_and_relative_link() -> None:
    feed = parse("rss092.xml")
    assert (feed.format, feed.title) == ("rss092", "Radio Desk 0.92")
    first, second = feed.items
    assert first.title is None
    assert first.summary == "An item with no title, as RSS 0.92 allows."
    assert first.enclosures == (
        Enclosure("http://radio.example.com/audio/42.mp3", "audio/mpeg", 12216320),)
    assert second.url == "https://feeds.example.com/shows/43"  # resolved against the feed URL
    assert second.summary == "<p>Tonight's <b>bulletin</b>.</p>"  # HTML as given


def test_rss10_rdf_with_dublin_core() -> None:
    feed = parse("rss10.rdf")
    assert (feed.format, feed.title, feed.site_url, feed.language) == (
        "rss10", "RDF Science Notes", "https://rdf.example.com/", "de")
    comet, moon = feed.items
    assert comet == RawItem(
        guid="https://rdf.example.com/notes/comet",
        url="https://rdf.example.com/notes/comet",
        title="Komet über Berlin gesichtet",
        summary="Ein Komet war gestern sichtbar.",
        content="<p>Ein <em>Komet</em> war gestern sichtbar.</p>",
        author="Erika Mustermann",
        published_at=utc(2024, 5, 6, 19, 30),  # dc:date, +02:00 → UTC
        updated_at=utc(2024, 5, 6, 19, 30),
        language="de",
    )
    assert moon.published_at == utc(2024, 5, 4, 8, 0)


def test_rss20_full_item() -> None:
    feed = parse("rss20.xml")
    assert (feed.format, feed.title, feed.site_url, feed.language, feed.dropped_items) == (
        "rss20", "The Daily Example", "https://daily.example.com/", "en-GB", 0)
    bridge = feed.items[0]
    assert bridge.guid == "daily-2024-0311-bridge"
    assert bridge.url == "https://daily.example.com/2024/03/bridge"
    assert bridge.title == "Council approves the new bridge"
    assert bridge.summary == "The council voted 7 to 2."
    assert bridge.content is not None and "<strong>7 to 2</strong>" in bridge.content
    # relative URLs inside content stay as given; the item says what they are relative to
    # (the normalize stage resolves them while sanitising)
    assert bridge.base_url is None  # no xml:base: relative to the feed's own URL
    from newsdesk.normalize.items import normalize_items

    [norm] = normalize_items([bridge], feed_url=FEED_URL, teaser_words=55,
                             now=utc(2024, 3, 12, 0, 0))
    # without xml:base, content is taken as the article's own text: relative to the item link
    assert 'src="https://daily.example.com/img/bridge.jpg"' in (norm.content_html or "")
    assert bridge.author == "Jane Reporter"
    assert bridge.published_at == utc(2024, 3, 11, 9, 15)
    assert bridge.updated_at is None  # the feed gives no separate update time
    assert bridge.enclosures == (
        Enclosure("https://cdn.example.com/bridge.jpg", "image/jpeg", 34567),
        Enclosure("https://cdn.example.com/bridge-large.jpg", "image/jpeg", 99000),
    )


def test_rss20_relative_and_script_links() -> None:
    feed = parse("rss20.xml")
    relative, script = feed.items[1], feed.items[2]
    assert relative.url == "https://feeds.example.com/2024/03/relative"
    assert relative.author == "Sam Writer"
    assert script.url is None  # javascript: dropped
    assert script.enclosures == ()  # javascript: enclosure dropped too
    assert script.published_at == utc(2024, 3, 9, 17, 0)  # -0500


def test_atom03() -> None:
    feed = parse("atom03.xml")
    assert (feed.format, feed.title, feed.site_url, feed.language) == (
        "atom03", "Atom Zero Three Log", "http://log03.example.com/", "en")
    (entry,) = feed.items
    assert entry.guid == "tag:log03.example.com,2004:hello"
    assert entry.url == "http://log03.example.com/2004/01/hello"
    assert entry.content == "<p>First <i>post</i>.</p>"
    assert entry.published_at == utc(2004, 1, 2, 4, 0)  # <issued> -05:00
    assert entry.updated_at == utc(2004, 1, 2, 9, 0)  # <modified>


def test_atom10_arabic_rtl_with_xml_base() -> None:
    feed = parse("atom10.xml")
    assert (feed.format, feed.title, feed.language) == ("atom10", "أخبار المثال", "ar")
    assert feed.site_url == "https://arabic.example.com/"  # "/" against xml:base
    rate, english, dangerous = feed.items
    assert rate.title == "البنك المركزي يرفع سعر الفائدة"
    assert rate.url == "https://arabic.example.com/news/economy/rate-hike"
    assert rate.author == "سارة أحمد"
    assert rate.summary == "رفع البنك المركزي سعر الفائدة ربع نقطة."
    assert rate.content is not None and 'href="' in rate.content
    assert rate.base_url is not None and rate.base_url.startswith("https://arabic.example.com/news/")
    from newsdesk.normalize.items import normalize_items

    [norm] = normalize_items([rate], feed_url="https://elsewhere.example/", teaser_words=55,
                             now=utc(2024, 6, 2, 0, 0))
    assert norm.content_html is not None
    assert 'href="https://arabic.example.com/news/rates"' in norm.content_html  # via xml:base
    assert "سعر الفائدة" in norm.content_html
    assert rate.published_at == utc(2024, 6, 1, 6, 30)
    assert rate.updated_at == utc(2024, 6, 1, 7, 0)
    assert rate.language == "ar"
    # entry-level xml:base and xml:lang
    assert english.url == "https://arabic.example.com/en/weather"
    assert english.language == "en"
    assert english.title == "English <em>edition</em>"
    assert english.published_at == utc(2024, 5, 31, 18, 0)  # only <updated>: used for both
    assert english.enclosures == (
        Enclosure("https://arabic.example.com/audio/weather.ogg", "audio/ogg", 1024),)
    assert dangerous.url is None  # data: link dropped
    assert dangerous.title == "رابط خطير"


def test_persian_rss_in_windows_1256_declared_in_xml() -> None:
    feed = parse("rss20_persian_cp1256.xml")
    assert feed.title == "خبرگزاري نمونه فارسي"
    assert feed.language == "fa-IR"
    oil, weather = feed.items
    assert oil.title == "خبر فوري: افزايش قيمت نفت"
    assert oil.summary == "قيمت نفت امروز افزايش يافت؛ کارشناسان مي\u200cگويند."
    assert oil.published_at == utc(2024, 2, 10, 5, 0)  # +0330
    assert weather.title == "گزارش هواشناسي تهران"


def test_header_charset_wins_over_xml_declaration() -> None:
    body = ('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>'
            "<title>سلام</title></channel></rss>").encode()
    declared = parse_feed(body, url=FEED_URL)
    assert isinstance(declared, ParsedFeed)
    assert declared.title == "Ø³Ù„Ø§Ù…"  # the declaration, read as windows-1252 (WHATWG)
    from_header = parse_feed(body, url=FEED_URL, charset="utf-8")
    assert isinstance(from_header, ParsedFeed)
    assert from_header.title == "سلام"


def test_utf16_feed_with_bom() -> None:
    body = ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>t</title>'
            "<item><title>سلام دنیا</title><link>/x</link></item></channel></rss>").encode("utf-16")
    feed = parse_feed(body, url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert feed.items[0].title == "سلام دنیا"
    assert feed.items[0].url == "https://feeds.example.com/x"


def test_json_feed_is_dispatched() -> None:
    assert parse("jsonfeed11.json").format == "json11"


# -- identity, caps ----------------------------------------------------------------------------
def test_one_guid_for_every_item_keeps_every_item() -> None:
    feed = parse("same_guid.xml")
    assert [(i.guid, i.title, i.url) for i in feed.items] == [
        ("same", "Story A", "https://sameguid.example.com/a"),
        ("same", "Story B", "https://sameguid.example.com/b"),
        ("same", "Story C", "https://sameguid.example.com/c"),
    ]


def _big_feed(count: int, dated: bool = True) -> bytes:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    items = []
    for i in range(count):
        date = (start + timedelta(minutes=i)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        when = f"<pubDate>{date}</pubDate>" if dated else ""
        items.append(f"<item><title>t{i}</title><link>/a/{i}</link><guid>g</guid>{when}</item>")
    # oldest first in the file, so "newest" and "first" differ
    return (f'<rss version="2.0"><channel><title>big</title>{"".join(items)}'
            "</channel></rss>").encode()


def test_ten_thousand_items_capped_to_the_newest() -> None:
    feed = parse_feed(_big_feed(10_000), url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert len(feed.items) == 1000
    assert feed.dropped_items == 9000
    assert feed.items[0].title == "t9000"  # the newest 1000, kept in feed order
    assert feed.items[-1].title == "t9999"
    assert {i.guid for i in feed.items} == {"https://feeds.example.com/sub/g"}  # permalink guid


def test_cap_without_dates_keeps_the_first() -> None:
    feed = parse_feed(_big_feed(30, dated=False), url=FEED_URL, max_items=5)
    assert isinstance(feed, ParsedFeed)
    assert [i.title for i in feed.items] == ["t0", "t1", "t2", "t3", "t4"]
    assert feed.dropped_items == 25


def test_cap_counts_undated_items_as_oldest() -> None:
    body = (b'<rss version="2.0"><channel><title>mix</title>'
            b"<item><title>undated</title></item>"
            b"<item><title>old</title><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>"
            b"<item><title>new</title><pubDate>Tue, 02 Jan 2024 00:00:00 GMT</pubDate></item>"
            b"</channel></rss>")
    feed = parse_feed(body, url=FEED_URL, max_items=2)
    assert isinstance(feed, ParsedFeed)
    assert [i.title for i in feed.items] == ["old", "new"]
    assert feed.dropped_items == 1


# -- broken and not-a-feed ---------------------------------------------------------------------
def test_malformed_but_recoverable_xml_yields_items() -> None:
    feed = parse("malformed_recoverable.xml")
    assert feed.title == "Sloppy\xa0Feed"  # &nbsp; in XML
    assert [(i.title, i.url) for i in feed.items] == [
        ("Fish & Chips prices up", "https://sloppy.example.com/a"),
        ("Second\xa0item", "https://sloppy.example.com/b"),
    ]
    assert feed.items[0].published_at == utc(2024, 4, 2, 10, 0)


def test_malformed_without_items_is_a_parse_error_with_the_parsers_message() -> None:
    result = failed((FIXTURES / "malformed_broken.xml").read_bytes())
    assert result.code == "parse_error"
    assert "unclosed token" in result.message


@pytest.mark.parametrize("body", [
    b"<rss><channel><item><title>unclosed",
    b'<rss version="2.0"><channel><title>t</title><item><title>a</title></item><item><title>b',
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>cut</title></entry>",
])
def test_truncated_body_is_a_parse_error_even_with_entries(body: bytes) -> None:
    result = failed(body)
    assert result.code == "parse_error"
    assert "truncated" in result.message


@pytest.mark.parametrize(("name", "words"), [
    ("not_a_feed.html", "HTML page"),
    ("sitemap.xml", "sitemap"),
    ("sitemap_index.xml", "sitemap index"),
])
def test_not_a_feed(name: str, words: str) -> None:
    result = failed((FIXTURES / name).read_bytes())
    assert result.code == "not_a_feed"
    assert words in result.message


@pytest.mark.parametrize("body", [b"", b"  \n\t"])
def test_empty_body(body: bytes) -> None:
    assert failed(body).code == "empty_response"


@pytest.mark.parametrize("body", [
    b"/etc/hostname", b"\x1f\x8b\x08\x00\x00\x00", b"plain text", b"{}", b"[1, 2]",
    b'{"version": "1.0", "items": []}',
])
def test_neither_xml_nor_json_feed(body: bytes) -> None:
    assert failed(body).code == "not_a_feed"


def test_xml_that_is_no_feed_names_its_root() -> None:
    result = failed(b"<?xml version='1.0'?><error><code>42</code></error>")
    assert (result.code, result.message) == (
        "not_a_feed", "not a feed: an XML document with root element <error>")


def test_empty_feed_is_a_feed_without_items() -> None:
    feed = parse_feed(b'<rss version="2.0"><channel><title>quiet</title></channel></rss>',
                      url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert (feed.title, feed.items) == ("quiet", ())


def test_nul_and_bad_character_references_do_not_break_parsing() -> None:
    body = (b'<rss version="2.0"><channel><title>n\x00ul</title><item>'
            b"<title>a\x00b&#0;c&#xD800;d&#x110000;e&#99999999999999;f&#x41;</title>"
            b"<link>https://x.example.com/\x00a</link></item></channel></rss>")
    feed = parse_feed(body, url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert feed.title == "nul"
    assert feed.items[0].title == "ab\ufffdc\ufffdd\ufffde\ufffdfA"
    assert feed.items[0].url == "https://x.example.com/a"


def test_deep_nesting_is_not_a_crash() -> None:
    body = (b'<rss version="2.0"><channel><title>deep</title><item><title>t</title>'
            b"<description>" + b"<x>" * 10_000 + b"</description></item></channel></rss>")
    result = parse_feed(body, url=FEED_URL)
    assert isinstance(result, ParsedFeed)
    assert result.items[0].title == "t"


def test_items_with_nothing_in_them_are_dropped() -> None:
    body = (b'<rss version="2.0"><channel><title>t</title><item></item>'
            b"<item><description>   </description></item><item><title>kept</title></item>"
            b"</channel></rss>")
    feed = parse_feed(body, url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert [i.title for i in feed.items] == ["kept"]


_FRAGMENTS = st.sampled_from([
    b"<rss version='2.0'>", b"<channel>", b"<item>", b"<title>", b"</title>", b"</item>",
    b"<link>", b"</link>", b"&#0;", b"&#xD800;", b"&amp;", b"&nbsp;", b"<![CDATA[", b"]]>",
    b"<!--", b"-->", b"<?xml version='1.0' encoding='utf-16'?>", b"\x00", b"\xff\xfe",
    b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<entry>", b"<link href='", b"'/>",
    b"javascript:", b"<pubDate>", b"Mon, 02 Jan 2023", b"<!DOCTYPE", b"<![",
    b'{"version":"https://jsonfeed.org/version/1","items":[', b'{"id":', b"}", b"]",
    b"\xd8\x00", b"xml:base='javascript:x'", b"<", b">", b" ",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200),
                 st.lists(st.one_of(_FRAGMENTS, st.binary(max_size=4)), max_size=25)
                 .map(b"".join)))
def test_parse_feed_never_raises(body: bytes) -> None:
    result = parse_feed(body, url=FEED_URL)
    assert isinstance(result, ParsedFeed | ParseFailed)
