"""parse.jsonfeed: JSON Feed 1.0 / 1.1 fixtures and hostile JSON (safety.md X7, X17)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.model import Enclosure, ParsedFeed, ParseFailed, RawItem
from newsdesk.parse.feeds import parse_feed
from newsdesk.parse.jsonfeed import parse_json_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
FEED_URL = "https://feeds.example.com/feed.json"
V11 = b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", '


def parse(name: str) -> ParsedFeed:
    result = parse_feed((FIXTURES / name).read_bytes(), url=FEED_URL)
    assert isinstance(result, ParsedFeed), result
    return result


def failure(body: bytes) -> ParseFailed:
    result = parse_feed(body, url=FEED_URL)
    assert isinstance(result, ParseFailed), result
    return result


def test_json_feed_10_persian() -> None:
    feed = parse("jsonfeed10.json")
    assert (feed.format, feed.title, feed.site_url, feed.language) == (
        "json10", "خبرگزاری نمونه", "https://fa.example.com/", None)
    oil, untitled = feed.items
    assert oil == RawItem(
        guid="2",
        url="https://fa.example.com/news/2",
        title="افزایش قیمت نفت در بازارهای جهانی",
        summary="قیمت نفت افزایش یافت.",
        content='<p dir="rtl">قیمت نفت امروز <b>۳ درصد</b> افزایش یافت.</p>',
        author="مریم رضایی",
        published_at=datetime(2024, 2, 10, 5, 0, tzinfo=UTC),
    )
    assert untitled.guid == "1"  # a number id becomes text
    assert untitled.url == "https://feeds.example.com/news/1"  # relative, against the feed URL
    assert untitled.title is None
    assert untitled.content == "متن ساده بدون عنوان"  # content_text when there is no HTML
    assert untitled.published_at == datetime(2024, 2, 9, 20, 0, tzinfo=UTC)
    assert untitled.updated_at == datetime(2024, 2, 9, 21, 15, tzinfo=UTC)


def test_json_feed_11_attachments_authors_language() -> None:
    feed = parse("jsonfeed11.json")
    assert (feed.format, feed.title, feed.language) == ("json11", "Microblog Example", "en-US")
    assert len(feed.items) == 2  # the string item and the all-wrong-types item are skipped
    podcast, note = feed.items
    assert podcast.author == "Ana Host"  # the first author with a name
    assert podcast.language == "es"
    assert podcast.published_at == datetime(2024, 4, 1, 14, 0, tzinfo=UTC)
    assert podcast.enclosures == (
        Enclosure("https://cdn.micro.example.com/ep12.m4a", "audio/x-m4a", 89970236),)
    assert note.url == "https://elsewhere.example.org/story"  # external_url as the fallback
    assert note.published_at is None  # "not a date"
    assert note.language == "en-US"


def test_nul_and_lone_surrogates_are_scrubbed() -> None:
    feed = parse("json_hostile_strings.json")
    assert feed.title == "NullFeed"
    nul, lone, pair = feed.items
    assert (nul.title, nul.content) == ("beforeafter", "<p>ab</p>")
    assert (lone.title, lone.summary) == ("lone \ufffd surrogate", "tail \ufffd")
    assert pair.title == "emoji \U0001f600 pair"  # a valid pair is one character
    for item in feed.items:
        for text in (item.title, item.summary, item.content):
            if text is not None:
                text.encode("utf-8")  # would raise on a lone surrogate


def test_items_as_object() -> None:
    result = failure((FIXTURES / "json_items_object.json").read_bytes())
    assert (result.code, result.message) == ("parse_error", "JSON Feed 'items' is not a list")


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_refused(constant: bytes) -> None:
    result = failure(V11 + b'"items": [{"id": "1", "score": ' + constant + b"}]}")
    assert result.code == "parse_error"
    assert constant.lstrip(b"-").decode() in result.message
    assert failure((FIXTURES / "json_nan.json").read_bytes()).code == "parse_error"


def test_deep_nesting_is_a_parse_error() -> None:
    body = V11 + b'"items": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    result = failure(body)
    assert (result.code, result.message) == ("parse_error", "invalid JSON: nested too deeply")


def test_five_thousand_digit_number_is_a_parse_error() -> None:
    result = failure(V11 + b'"items": [{"id": ' + b"9" * 5000 + b"}]}")
    assert result.code == "parse_error"
    assert "5000 digits" in result.message


def test_invalid_json_is_a_parse_error() -> None:
    result = failure(V11 + b'"items": [')
    assert result.code == "parse_error"
    assert result.message.startswith("invalid JSON:")


def test_duplicate_keys_last_one_wins() -> None:
    feed = parse_feed(V11 + b'"items": [{"id": "a", "title": "first", "title": "second"}]}',
                      url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert feed.items[0].title == "second"


def test_version_must_be_json_feeds() -> None:
    result = parse_json_feed(b'{"version": "https://example.com/version/1", "items": []}',
                             url=FEED_URL)
    assert isinstance(result, ParseFailed) and result.code == "not_a_feed"
    result = parse_json_feed(b'["https://jsonfeed.org/version/1.1"]', url=FEED_URL)
    assert isinstance(result, ParseFailed) and result.code == "not_a_feed"


def test_escaped_slashes_in_version_are_recognised() -> None:
    body = b'{"version": "https:\\/\\/jsonfeed.org\\/version\\/1.1", "items": [{"id": "x"}]}'
    feed = parse_feed(body, url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert (feed.format, feed.items[0].guid) == ("json11", "x")


def test_utf8_bom_is_accepted() -> None:
    feed = parse_feed(b"\xef\xbb\xbf" + V11 + b'"items": [{"id": "x", "title": "\xd8\xb3"}]}',
                      url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert feed.items[0].title == "س"


def test_attachment_sizes_and_schemes() -> None:
    body = V11 + b'''"items": [{"id": "a", "attachments": [
        {"url": "https://cdn.example.com/a.mp3", "size_in_bytes": -5},
        {"url": "https://cdn.example.com/b.mp3", "size_in_bytes": true},
        {"url": "data:audio/mpeg;base64,AAAA"},
        {"url": "/c.mp3", "size_in_bytes": 10},
        "not an object"]}]}'''
    feed = parse_feed(body, url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert feed.items[0].enclosures == (
        Enclosure("https://cdn.example.com/a.mp3", None, None),
        Enclosure("https://cdn.example.com/b.mp3", None, None),
        Enclosure("https://feeds.example.com/c.mp3", None, 10),
    )
