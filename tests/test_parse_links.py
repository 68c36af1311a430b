"""parse.links: only absolute http(s) links survive (safety.md X20)."""

from __future__ import annotations

import pytest

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
