"""normalize.items: RawItem -> NormalizedItem, identity keys and folding."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta, timezone

from newsdesk import model
from newsdesk.normalize.items import UNTITLED, normalize_items

FEED = "https://news.example.org/feed/"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _raw(**fields: object) -> model.RawItem:
    values: dict[str, object] = {"guid": None, "url": None, "title": None}
    values.update(fields)
    return model.RawItem(**values)  # type: ignore[arg-type]


def _normalize(*raw: model.RawItem, now: datetime = NOW) -> list[model.NormalizedItem]:
    return normalize_items(list(raw), feed_url=FEED, teaser_words=55, now=now)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_keys_in_priority_order() -> None:
    [item] = _normalize(
        _raw(guid="tag:news,2026:1", url="https://news.example.org/a?utm_source=rss", title="A Title",
             published_at=datetime(2026, 2, 27, 23, 30, tzinfo=UTC))
    )
    assert item.keys == (
        "guid:" + _sha("tag:news,2026:1"),
        "url:" + _sha("https://news.example.org/a"),
        "td:" + _sha("a title|2026-02-27"),
    )
    assert item.url == "https://news.example.org/a"
    assert all(len(k) <= 80 and re.fullmatch(r"(guid|url|td):[0-9a-f]{64}", k) for k in item.keys)


def test_one_guid_for_every_item_gives_distinct_items_with_url_keys() -> None:
    items = _normalize(
        *(_raw(guid="same-guid", url=f"https://news.example.org/{i}", title=f"Story {i}") for i in range(3))
    )
    assert len(items) == 3
    for i, item in enumerate(items):
        assert item.keys[0] == "url:" + _sha(f"https://news.example.org/{i}")
        assert not any(k.startswith("guid:") for k in item.keys)
        assert item.guid == "same-guid"  # kept as data, just not as identity


def test_no_guid_no_url_gives_title_day_key_only() -> None:
    [item] = _normalize(_raw(title="  Only   a TITLE ", published_at=datetime(2026, 1, 5, 8, tzinfo=UTC)))
    assert item.keys == ("td:" + _sha("only a title|2026-01-05"),)
    [undated] = _normalize(_raw(title="Only a title"))
    assert undated.keys == ("td:" + _sha("only a title|2026-03-01"),)  # now's day


def test_title_day_uses_utc_day_of_the_given_date() -> None:
    tehran = timezone(timedelta(hours=3, minutes=30))
    [item] = _normalize(_raw(title="T", published_at=datetime(2026, 1, 6, 1, 0, tzinfo=tehran)))
    assert item.keys == ("td:" + _sha("t|2026-01-05"),)
    assert item.published_at == datetime(2026, 1, 5, 21, 30, tzinfo=UTC)


def test_items_sharing_a_key_are_folded_first_wins() -> None:
    items = _normalize(
        _raw(guid="1", url="https://news.example.org/a", title="First"),
        _raw(guid="2", url="https://news.example.org/a#comments", title="Second"),  # same url
        _raw(guid="1", url="https://news.example.org/z", title="Again"),  # guid repeated: no guid key
        _raw(title="No link"),
        _raw(title="No link", summary="<p>other text</p>"),  # same title and day, no url
    )
    assert [i.title for i in items] == ["First", "Again", "No link"]


def test_title_day_does_not_fold_two_items_with_urls() -> None:
    items = _normalize(
        _raw(guid="v1", url="https://news.example.org/video-1", title="Video"),
        _raw(guid="v2", url="https://news.example.org/video-2", title="Video"),
        _raw(title="Video"),  # no url: folds into the first by title and day
    )
    assert [i.url for i in items] == [
        "https://news.example.org/video-1",
        "https://news.example.org/video-2",
    ]


def test_nul_and_lone_surrogates_are_cleaned_everywhere() -> None:
    [item] = _normalize(
        _raw(
            guid="g\x00uid\ud800",
            url="https://news.example.org/x\x00y",
            title="Ti\x00tle \udc00here",
            summary="Sum\x00mary \ud83d text",
            content="<p>Con\x00tent\x07</p>",
            author="Au\x00thor\ud800",
        )
    )
    assert item.guid == "guid"
    assert item.url == "https://news.example.org/xy"
    assert item.title == "Title here"
    assert item.summary_html == "<p>Summary text</p>"
    assert item.content_html == "<p>Content</p>"
    assert item.author == "Author"
    for value in (item.guid, item.url, item.title, item.teaser, item.summary_html, item.content_html, item.author):
        assert value is not None
        value.encode("utf-8")
        assert "\x00" not in value


def test_future_date_clamped_none_stays_none_and_hash_is_stable() -> None:
    future = NOW + timedelta(days=30)
    [item] = _normalize(_raw(title="F", published_at=future, updated_at=NOW + timedelta(hours=2)))
    assert item.published_at == NOW
    assert item.updated_at == NOW + timedelta(hours=2)  # within the one-day slack
    [later] = _normalize(_raw(title="F", published_at=future), now=NOW + timedelta(hours=1))
    assert later.content_hash == item.content_hash  # clamping to "now" is not a change
    assert later.keys == item.keys
    [undated] = _normalize(_raw(title="U"))
    assert undated.published_at is None and undated.updated_at is None


def test_ancient_date_becomes_now_and_naive_is_utc() -> None:
    [epoch] = _normalize(_raw(title="E", published_at=datetime(1970, 1, 1, tzinfo=UTC)))
    assert epoch.published_at == NOW
    [naive] = _normalize(_raw(title="N", published_at=datetime(2026, 2, 1, 10, 0)))
    assert naive.published_at == datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def test_title_is_plain_text_with_fallbacks() -> None:
    [tagged] = _normalize(_raw(title="<b>AT&amp;T</b> &lt;buys&gt; <script>x()</script>rival"))
    assert tagged.title == "AT&T <buys> rival"
    [plain] = _normalize(_raw(title="5 < 6 & x<y"))
    assert plain.title == "5 < 6 & x<y"
    words = " ".join(f"w{i}" for i in range(40))
    [from_text] = _normalize(_raw(summary=f"<p>{words}</p>"))
    assert from_text.title == " ".join(f"w{i}" for i in range(12)) + " …"
    [nothing] = _normalize(_raw(url="https://news.example.org/empty"))
    assert nothing.title == UNTITLED
    assert nothing.teaser == ""


def test_long_fields_are_capped() -> None:
    [item] = _normalize(_raw(title="t" * 5000, author="a" * 5000, guid="g" * 5000))
    assert len(item.title) == 1024
    assert item.author is not None and len(item.author) == 512
    assert item.guid is not None and len(item.guid) == 2048


def test_plain_text_fields_become_escaped_paragraphs() -> None:
    [item] = _normalize(_raw(title="T", content="First line\nsecond 5<6 \n\n New para & more"))
    assert item.content_html == "<p>First line<br>second 5&lt;6</p><p>New para &amp; more</p>"
    assert item.teaser == "First line second 5<6 New para & more"


def test_html_is_sanitised_with_the_item_url_as_base() -> None:
    [item] = _normalize(
        _raw(
            url="https://news.example.org/2026/story/",
            title="T",
            summary='<p onclick="x()">Sum <a href="../other/">link</a></p><script>bad()</script>',
            content='<img src="pic.jpg" alt="p"><img src="https://t.example/p.gif" width="1" height="1">',
        )
    )
    assert item.summary_html == (
        '<p>Sum <a href="https://news.example.org/2026/other/" rel="noopener noreferrer nofollow">'
        "link</a></p>"
    )
    assert item.content_html == '<img src="https://news.example.org/2026/story/pic.jpg" alt="p">'
    assert item.teaser == "Sum link"


def test_teaser_from_content_when_summary_is_empty_and_empty_html_is_none() -> None:
    [item] = _normalize(_raw(title="T", summary="<p> </p><script>x</script>", content="<p>Body text</p>"))
    assert item.summary_html is None
    assert item.teaser == "Body text"


def test_relative_item_url_resolves_against_the_feed_and_bad_schemes_go() -> None:
    [rel, bad] = _normalize(
        _raw(url="/2026/rel", title="R"), _raw(url="javascript:alert(1)", title="B")
    )
    assert rel.url == "https://news.example.org/2026/rel"
    assert bad.url is None
    assert [k.split(":")[0] for k in bad.keys] == ["td"]


def test_language_and_enclosures() -> None:
    [item] = _normalize(
        _raw(
            title="T",
            language="fa_IR",
            enclosures=(
                model.Enclosure(url="/audio.mp3?utm_medium=rss", type=" Audio/MPEG ", length=123),
                model.Enclosure(url="/audio.mp3", type="audio/mpeg", length=-5),
                model.Enclosure(url="javascript:x", type="text/html"),
            ),
        )
    )
    assert item.language == "fa-IR"
    assert item.enclosures == (
        model.Enclosure(url="https://news.example.org/audio.mp3", type="audio/mpeg", length=123),
    )
    [odd] = _normalize(_raw(title="T", language="not a language!"))
    assert odd.language is None


def test_content_hash_changes_with_content() -> None:
    [a] = _normalize(_raw(guid="1", title="T", content="<p>one</p>"))
    [b] = _normalize(_raw(guid="1", title="T", content="<p>two</p>"))
    [a2] = _normalize(_raw(guid="1", title="T", content="<p>one</p>"))
    assert a.content_hash != b.content_hash
    assert a.content_hash == a2.content_hash
    assert re.fullmatch(r"[0-9a-f]{64}", a.content_hash)
