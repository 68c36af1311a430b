"""parse.charset: deterministic decoding (safety.md X8) and scrubbing (X7)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsdesk.parse.charset import (
    decode_html,
    decode_xml,
    lookup_codec,
    scrub,
    scrub_char_refs,
    text_or_none,
    xml_as_utf8,
)

PAGES = Path(__file__).parent / "fixtures" / "feeds" / "pages"


def test_windows_1256_arabic_page_with_http_equiv_meta() -> None:
    text, codec = decode_html((PAGES / "arabic_cp1256_meta.html").read_bytes(), None)
    assert codec == "cp1256"
    assert "<title>أخبار الاقتصاد</title>" in text
    assert "البنك المركزي يرفع الفائدة" in text


def test_windows_1252_page_without_meta() -> None:
    text, codec = decode_html((PAGES / "latin_cp1252_no_meta.html").read_bytes(), None)
    assert codec == "cp1252"
    assert "<title>Le café d’été</title>" in text
    assert "«Bientôt» — naïve résumé €5" in text


def test_bom_beats_header_and_meta() -> None:
    body = (PAGES / "utf8_bom_vs_header.html").read_bytes()
    text, codec = decode_html(body, "windows-1252")
    assert codec == "utf-8"
    assert text.startswith("<html>")  # BOM removed
    assert "<title>صفحه با BOM</title>" in text


def test_header_beats_meta() -> None:
    body = (PAGES / "arabic_cp1256_meta.html").read_bytes()
    text, codec = decode_html(body, "utf-8")
    assert codec == "utf-8"
    assert "\ufffd" in text  # told UTF-8, it is not: replaced, never raised


def test_unknown_and_refused_header_names_fall_through() -> None:
    body = (PAGES / "arabic_cp1256_meta.html").read_bytes()
    for header in ("x-no-such-charset", "utf-7", "base64", "zlib", "rot13", "undefined", ""):
        assert decode_html(body, header)[1] == "cp1256", header


def test_meta_utf16_means_utf8() -> None:
    body = '<meta charset="utf-16"><p>سلام</p>'.encode()
    assert decode_html(body, None) == ('<meta charset="utf-16"><p>سلام</p>', "utf-8")


def test_meta_beyond_4kb_is_not_read() -> None:
    body = b"<!--" + b"x" * 5000 + b'--><meta charset="windows-1256"><p>\xd3\xe1\xc7\xe3</p>'
    assert decode_html(body, None)[1] == "cp1252"


def test_xml_declaration_in_html() -> None:
    body = '<?xml version="1.0" encoding="windows-1256"?><html>سلام</html>'.encode("cp1256")
    assert decode_html(body, None) == (
        '<?xml version="1.0" encoding="windows-1256"?><html>سلام</html>', "cp1256")


def test_valid_utf8_without_any_label() -> None:
    assert decode_html("<p>سلام</p>".encode(), None) == ("<p>سلام</p>", "utf-8")


@pytest.mark.parametrize(("label", "codec"), [
    ("UTF-8", "utf-8"), ("utf8", "utf-8"), (' "windows-1256" ', "cp1256"),
    ("iso-8859-1", "cp1252"), ("US-ASCII", "cp1252"), ("latin1", "cp1252"),
    ("gb2312", "gbk"), ("Shift_JIS", "cp932"), (b"koi8-r", "koi8-r"),
    ("utf-7", None), ("UTF7", None), ("base64", None), ("hex", None), ("bz2", None),
    ("rot13", None), ("idna", None), ("unicode_escape", None), ("", None), (None, None),
    ("a" * 200, None), ("no-such", None),
])
def test_lookup_codec(label: str | bytes | None, codec: str | None) -> None:
    assert lookup_codec(label) == codec


@pytest.mark.parametrize(("body", "header", "expected"), [
    (codecs.BOM_UTF8 + b"<a>\xd8\xb3</a>", "windows-1252", ("<a>س</a>", "utf-8")),
    ("<a>س</a>".encode("utf-16-le"), None, ("<a>س</a>", "utf-16-le")),  # no BOM, by "<"
    ("<?xml version='1.0'?><a/>".encode("utf-16-be"), None,
     ("<?xml version='1.0'?><a/>", "utf-16-be")),
    ("<?xml version='1.0'?><a/>".encode("utf-32-le"), None,
     ("<?xml version='1.0'?><a/>", "utf-32-le")),
    (b'<?xml version="1.0" encoding="windows-1256"?><a>\xd3</a>', "utf-8",
     ('<?xml version="1.0" encoding="windows-1256"?><a>\ufffd</a>', "utf-8")),
    (b'<?xml version="1.0" encoding="windows-1256"?><a>\xd3</a>', None,
     ('<?xml version="1.0" encoding="windows-1256"?><a>س</a>', "cp1256")),
    (b'<?xml version="1.0" encoding="utf-7"?><a>+ADw-</a>', None,
     ('<?xml version="1.0" encoding="utf-7"?><a>+ADw-</a>', "utf-8")),  # UTF-7 refused
    (b"<a>caf\xe9</a>", None, ("<a>café</a>", "cp1252")),
])
def test_decode_xml(body: bytes, header: str | None, expected: tuple[str, str]) -> None:
    assert decode_xml(body, header) == expected


def test_xml_as_utf8_rewrites_the_declaration() -> None:
    body = b'<?xml version="1.0" encoding=\'windows-1256\'?><a>\xd3\x00&#0;&#x41;</a>'
    assert xml_as_utf8(body, None) == '<?xml version="1.0" encoding="utf-8"?><a>س&#xFFFD;&#x41;</a>'.encode()


def test_scrub() -> None:
    assert scrub("a\x00b\x07c\x0bd\te\nf\rg\ufffeh\uffffi") == "abcd\te\nf\rghi"
    assert scrub("x\ud800y\udfffz") == "x\ufffdy\ufffdz"
    assert scrub("عربي \U0001f600 \x85") == "عربي \U0001f600 \x85"


@pytest.mark.parametrize(("text", "expected"), [
    ("&#65;&#x41;&#x1F600;&#9;", "&#65;&#x41;&#x1F600;&#9;"),
    ("&#0;", "&#xFFFD;"), ("&#x0;", "&#xFFFD;"), ("&#xD800;", "&#xFFFD;"),
    ("&#56320;", "&#xFFFD;"), ("&#x110000;", "&#xFFFD;"), ("&#xFFFE;", "&#xFFFD;"),
    ("&#7;", "&#xFFFD;"), ("&#" + "9" * 5000 + ";", "&#xFFFD;"), ("&amp;", "&amp;"),
])
def test_scrub_char_refs(text: str, expected: str) -> None:
    assert scrub_char_refs(text) == expected


def test_text_or_none() -> None:
    assert text_or_none("  a\x00b  ") == "ab"
    assert text_or_none(" \x00 ") is None
    assert text_or_none(42) is None
    assert text_or_none(None) is None
