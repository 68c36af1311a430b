"""parse.links: only absolute http(s) links survive (safety.md X20)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.parse.links import http_url

BASE = "https://news.example.com/dir/feed.xml"


@pytest.mark.parametrize(("href", "expected"), [
    ("https://a.example.com/x", "https://a.example.com/x"),
    ("HTTP://A.example.com/x", "HTTP://A.example.com/x"),
    ("/abs", "https://news.example.com/abs"),
    ("rel?q=1#f", "https://news.example.com/dir/rel?q=1#f"),
    ("//cdn.example.com/a.jpg", "https://cdn.example.com/a.jpg"),
    ("  https://a.example.com/sp  \n", "https://a.example.com/sp"),
    ("https://a.example.com/\ttab\nnl", "https://a.example.com/tabnl"),
    ("javascript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("\x01javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("file:///etc/passwd", None),
    ("ftp://ftp.example.com/x", None),
    ("mailto:a@example.com", None),
    ("http://[::1", None),  # unbalanced bracket
    ("http://", None),
    ("", None),
    (None, None),
    (42, None),
])
def test_http_url(href: object, expected: str | None) -> None:
    assert http_url(href, BASE) == expected


def test_without_base_relative_is_dropped() -> None:
    assert http_url("/x") is None
    assert http_url("https://a.example.com/") == "https://a.example.com/"


def _by_urljoin(href: str, base: str) -> str | None:
    """The reference: every href through urljoin, as http_url did before its fast paths."""
    href = re.sub("[\t\n\r]", "", href).strip("".join(chr(c) for c in range(0x21)) + "\x7f")
    if not href:
        return None
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in {"http", "https"} and parts.hostname else None


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(["", "/", "//", "http://x.example/", "https://x.example", "HTTPS://Y.example/",
                     "../", "./", "?", "#"]),
    st.text(alphabet="/.?#:;@[]%=&ab \\\t", max_size=14),
    st.sampled_from(["https://a.example/x/y.html", "http://b.example:8080/", "HTTPS://C.example/p?q#f",
                     "https://user@d.example/a/b/", "https://f.example", "https://g.example/a;p?q"]),
)
def test_fast_paths_resolve_as_urljoin_does(prefix: str, rest: str, base: str) -> None:
    """Absolute and root-relative hrefs skip urljoin; the result must not change."""
    href = prefix + rest
    assert http_url(href, base) == _by_urljoin(href, base)
