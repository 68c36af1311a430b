"""sources.opml: import (folders → tags, guarded XML, caps) and export, round-tripped."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newsdesk.model import ParseFailed
from newsdesk.sources.opml import MAX_DEPTH, OpmlOutline, parse_opml, write_opml

FIXTURES = Path(__file__).parent / "fixtures" / "opml"


def outlines(body: bytes, **kwargs: int) -> list[OpmlOutline]:
    result = parse_opml(body, **kwargs)
    assert isinstance(result, list), result
    return result


def failure(body: bytes, **kwargs: int) -> ParseFailed:
    result = parse_opml(body, **kwargs)
    assert isinstance(result, ParseFailed), result
    return result


def test_subscriptions_fixture() -> None:
    assert outlines((FIXTURES / "subscriptions.opml").read_bytes()) == [
        OpmlOutline("https://fa.example.com/feed.xml", "خبرگزاری نمونه",
                    "https://fa.example.com/", ("News", "Persian")),
        # text over title; javascript: htmlUrl dropped; category paths become tags too
        OpmlOutline("https://arabic.example.com/feed.atom", "Arabic wire", None,
                    ("News", "Persian", "Middle East", "Wire", "Agency")),
        # listed again under Tech: one outline, the tags of both places
        OpmlOutline("https://daily.example.com/feed.xml", "The Daily Example",
                    "https://daily.example.com/", ("News", "Tech")),
        OpmlOutline("http://radio.example.com/rss", "Old podcast", None, ("Tech",)),  # feed://
        # not checked here: the caller applies its URL policy and reports what it skips
        OpmlOutline("javascript:alert(1)", "Evil", None, ("Tech",)),
        OpmlOutline("file:///etc/passwd", "Local file", None, ("Tech",)),
        # the empty folder gives nothing
        OpmlOutline("https://toplevel.example.org/atom.xml", "Top level, lower-case attribute",
                    None, ()),
    ]


def test_opml1_in_windows_1252() -> None:
    assert outlines((FIXTURES / "opml1_windows1252.opml").read_bytes()) == [
        OpmlOutline("http://cafe.example.fr/rss", "Le Café – actualités", None, ("Français",)),
    ]


def test_billion_laughs_refused_fast() -> None:
    started = time.perf_counter()
    result = failure((FIXTURES / "billion_laughs.opml").read_bytes())
    assert result.code == "xml_forbidden"
    assert time.perf_counter() - started < 1.0


def test_xxe_canary_never_read(tmp_path: Path) -> None:
    canary = tmp_path / "canary.txt"
    canary.write_text("OPML-CANARY-42")
    body = (f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{canary}">]>'
            '<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example.com/&x;"/>'
            "</body></opml>").encode()
    result = failure(body)
    assert result.code == "xml_forbidden"
    assert "CANARY" not in repr(result)


def test_deep_nesting_is_bounded() -> None:
    depth = 100_000
    body = (b'<opml version="2.0"><body>' + b'<outline text="f">' * depth
            + b'<outline xmlUrl="https://a.example.com/f"/>' + b"</outline>" * depth
            + b"</body></opml>")
    started = time.perf_counter()
    result = failure(body)
    assert time.perf_counter() - started < 2.0
    assert (result.code, result.message) == (
        "parse_error", f"the OPML file nests outlines more than {MAX_DEPTH} deep")


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1
    body = (b'<opml version="2.0"><body>'
            + b"".join(b'<outline text="f%d">' % i for i in range(depth))
            + b'<outline xmlUrl="https://a.example.com/f"/>' + b"</outline>" * depth
            + b"</body></opml>")
    (outline,) = outlines(body)
    assert outline.tags == tuple(f"f{i}" for i in range(depth))


def test_outline_cap() -> None:
    feeds = b"".join(b'<outline xmlUrl="https://a.example.com/%d"/>' % i for i in range(101))
    body = b'<opml version="2.0"><body>' + feeds + b"</body></opml>"
    assert len(outlines(body, max_outlines=101)) == 101
    result = failure(body, max_outlines=100)
    assert (result.code, result.message) == ("parse_error",
                                             "the OPML file lists more than 100 feeds")


@pytest.mark.parametrize(("body", "code"), [
    (b"<opml><body><outline xmlUrl='https://a.example.com/'>", "parse_error"),
    (b"<rss version='2.0'/>", "not_a_feed"),
    (b"not xml", "not_a_feed"),
    (b"", "not_a_feed"),
])
def test_bad_opml(body: bytes, code: str) -> None:
    assert failure(body).code == code


@pytest.mark.parametrize(("xml_url", "url"), [
    ("feed://a.example.com/rss", "http://a.example.com/rss"),
    ("FEED://a.example.com/rss", "http://a.example.com/rss"),
    ("feed:https://a.example.com/rss", "https://a.example.com/rss"),
    ("  https://a.example.com/rss\n", "https://a.example.com/rss"),
])
def test_feed_scheme_and_whitespace(xml_url: str, url: str) -> None:
    body = f'<opml version="2.0"><body><outline xmlUrl="{xml_url}"/></body></opml>'.encode()
    assert [o.url for o in outlines(body)] == [url]


def test_outline_without_xml_url_is_a_folder_even_when_blank() -> None:
    body = (b'<opml version="2.0"><body><outline text="Blank" xmlUrl=" ">'
            b'<outline xmlUrl="https://a.example.com/f"/></outline></body></opml>')
    assert outlines(body) == [OpmlOutline("https://a.example.com/f", None, None, ("Blank",))]


def test_namespaced_and_titleless_outlines() -> None:
    body = (b'<opml version="2.0" xmlns:x="urn:x"><body>'
            b'<outline x:foo="1" xmlUrl="https://a.example.com/feed"/>'
            b'<outline title="Only title" xmlUrl="https://b.example.com/feed"/></body></opml>')
    assert outlines(body) == [
        OpmlOutline("https://a.example.com/feed", None, None, ()),
        OpmlOutline("https://b.example.com/feed", "Only title", None, ()),
    ]


ENTRIES = [
    OpmlOutline("https://fa.example.com/feed.xml", "خبرگزاری نمونه", "https://fa.example.com/",
                ("News", "Persian")),
    OpmlOutline("https://daily.example.com/feed.xml?a=1&b=2", 'Quotes "<&>\' here',
                None, ("News",)),
    OpmlOutline("https://arabic.example.com/feed.atom", "أخبار المثال", None,
                ("Middle East", "Wire", "Agency")),
    OpmlOutline("https://untagged.example.org/rss", None, "https://untagged.example.org/", ()),
]


def test_round_trip() -> None:
    assert outlines(write_opml(ENTRIES)) == ENTRIES


def test_written_opml_is_valid_opml_2() -> None:
    body = write_opml(ENTRIES, title="My <desk> & co")
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(body)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "My <desk> & co"
    folders = [o.get("text") for o in root.findall("body/outline") if o.get("xmlUrl") is None]
    assert folders == ["News", "Middle East"]  # one folder per first tag, in first-seen order
    arabic = root.find("body/outline[@text='Middle East']/outline")
    assert arabic is not None
    assert arabic.get("category") == "/Wire,/Agency"
    assert arabic.get("type") == "rss"


def test_control_characters_are_removed_on_export() -> None:
    nasty = [OpmlOutline("https://a.example.com/f\x00eed", "ti\x00t\x07le\x1b\ud800",
                         None, ("fol\x0bder",))]
    body = write_opml(nasty, title="t\x00itle")
    ET.fromstring(body)  # well-formed XML 1.0
    assert outlines(body) == [
        OpmlOutline("https://a.example.com/feed", "title\ufffd", None, ("folder",))]
