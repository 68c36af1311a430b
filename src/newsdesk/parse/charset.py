"""Bytes → text, deterministically, and text made safe to carry on (X7, X8).

Decoding never raises: invalid bytes become U+FFFD. The order of evidence is

- HTML (`decode_html`): BOM > HTTP header charset > `<meta charset>` / http-equiv in the
  first 4 KB > XML declaration > UTF-8 if the bytes are valid UTF-8 > windows-1252.
- XML (`decode_xml`): BOM (or BOM-less UTF-16/32 recognised by a leading `<`) > HTTP header
  charset > XML declaration > UTF-8 if valid > windows-1252.

Labels go through `lookup_codec`: unknown names, UTF-7 and the non-text codecs Python
also knows (base64, zlib, rot13, ...) fall through to the next piece of evidence. Labels
the web treats as windows-1252 (latin1, ascii, ...) are read as windows-1252.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html", "decode_xml", "lookup_codec", "scrub", "scrub_char_refs",
           "text_or_none", "xml_as_utf8"]

META_WINDOW = 4096

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG Encoding Standard: labels browsers read as another encoding
_ALIASES = {
    "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "cp819": "cp1252", "ibm819": "cp1252", "x-user-defined": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874",
    "gb2312": "gbk", "gb_2312-80": "gbk", "x-gbk": "gbk", "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949", "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932",
}
_REFUSED = {"utf-7", "undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape",
            "mbcs", "oem"}

_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]{1,40})", re.I)
_XML_DECL = re.compile(
    rb"^\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*[\"']([A-Za-z0-9._:\-]{1,40})[\"']"
)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ENCODING_DECL = re.compile(r"""\A(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def lookup_codec(label: str | bytes | None) -> str | None:
    """The Python codec for a charset label, or None when it is unknown or refused."""
    if label is None:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    name = label.strip().strip("\"'").strip().lower()
    if not name or len(name) > 40:
        return None
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED:
        return None
    return info.name


def scrub(text: str) -> str:
    """Drop characters XML 1.0 forbids (NUL, C0 controls but tab/CR/LF, U+FFFE, U+FFFF)
    and replace lone surrogates with U+FFFD, so the text can be stored and re-serialised."""
    text = _ILLEGAL.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def scrub_char_refs(text: str) -> str:
    """Replace character references to characters XML 1.0 forbids (`&#0;`, `&#xD800;`,
    `&#x110000;`, 5,000 digits ...) with `&#xFFFD;`: feedparser's loose parser calls `chr()`
    on them and fails on surrogates and out-of-range numbers."""
    return _CHAR_REF.sub(_checked_ref, text)


def _checked_ref(match: re.Match[str]) -> str:
    hexa, decimal = match.groups()
    digits = hexa or decimal
    code = int(digits, 16 if hexa else 10) if len(digits) <= 8 else -1
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0x10FFFF
    if allowed and not (0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)):
        return match.group(0)
    return "&#xFFFD;"


def _bom(body: bytes) -> tuple[str, int] | None:
    for mark, codec in _BOMS:
        if body.startswith(mark):
            return codec, len(mark)
    return None


def _utf16_or_32(head: bytes) -> str | None:
    """UTF-16/32 without a BOM, told by the zero bytes around a leading "<" (XML appendix F)."""
    if len(head) < 4:
        return None
    if head == b"<\x00\x00\x00":
        return "utf-32-le"
    if head == b"\x00\x00\x00<":
        return "utf-32-be"
    if head[0:2] == b"<\x00" and head[2] != 0 and head[3] == 0:
        return "utf-16-le"
    if head[0:2] == b"\x00<" and head[2] == 0 and head[3] != 0:
        return "utf-16-be"
    return None


def _decode(body: bytes, codec: str) -> str:
    try:
        return body.decode(codec, "replace")
    except (LookupError, UnicodeError):  # a codec that refuses even with "replace"
        return body.decode("cp1252", "replace")


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared(pattern: re.Pattern[bytes], head: bytes) -> str | None:
    match = pattern.search(head)
    return lookup_codec(match.group(1)) if match else None


def _fallback(body: bytes) -> tuple[str, str]:
    if _valid_utf8(body):
        return body.decode("utf-8"), "utf-8"
    return _decode(body, "cp1252"), "cp1252"


def decode_html(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode an HTML page; returns (text, codec used)."""
    bom = _bom(body)
    if bom is not None:
        marked, skip = bom
        return _decode(body[skip:], marked), marked
    codec: str | None = lookup_codec(header_charset)
    if codec is None:
        codec = _declared(_META, body[:META_WINDOW])
        if codec is not None and codec.startswith("utf-16"):
            codec = "utf-8"  # a meta tag readable as ASCII cannot be UTF-16 (WHATWG)
    if codec is None:
        codec = _declared(_XML_DECL, body[:META_WINDOW])
    if codec is not None:
        return _decode(body, codec), codec
    return _fallback(body)


def decode_xml(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode an XML document (feed, OPML, sitemap); returns (text, codec used)."""
    bom = _bom(body)
    if bom is not None:
        marked, skip = bom
        return _decode(body[skip:], marked), marked
    detected = _utf16_or_32(body[:4])
    if detected is not None:
        return _decode(body, detected), detected
    codec = lookup_codec(header_charset) or _declared(_XML_DECL, body[:META_WINDOW])
    if codec is not None:
        return _decode(body, codec), codec
    return _fallback(body)


def text_or_none(value: object) -> str | None:
    """A scrubbed, stripped string, or None for anything that is not a non-blank string."""
    if not isinstance(value, str):
        return None
    cleaned = scrub(value).strip()
    return cleaned or None


def xml_as_utf8(body: bytes, header_charset: str | None) -> bytes:
    """An XML body decoded (`decode_xml`), scrubbed (`scrub`, `scrub_char_refs`) and encoded
    again as UTF-8 with its declaration saying so: what the guard and the parser both read,
    so they cannot disagree about the encoding."""
    text, _ = decode_xml(body, header_charset)
    text = scrub_char_refs(scrub(text))
    return _ENCODING_DECL.sub(r'\1"utf-8"', text, count=1).encode("utf-8")
