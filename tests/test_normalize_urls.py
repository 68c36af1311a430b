"""normalize.urls: canonical http(s) URLs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from newsdesk.normalize.urls import canonicalize_url, is_tracking_param


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # tracking parameters, any case, order of the others kept
        ("https://ex.example/a?utm_source=x&b=2&UTM_Medium=y&a=1", "https://ex.example/a?b=2&a=1"),
        ("https://ex.example/a?fbclid=1&gclid=2&dclid=3&gbraid=4&wbraid=5", "https://ex.example/a"),
        ("https://ex.example/a?msclkid=1&mc_cid=2&mc_eid=3&yclid=4&igshid=5", "https://ex.example/a"),
        ("https://ex.example/a?_ga=1&_hsenc=2&_hsmi=3&mkt_tok=4&ref_src=5&id=7", "https://ex.example/a?id=7"),
        ("https://ex.example/a?utm_campaign", "https://ex.example/a"),
        ("https://ex.example/a?x=1&&y=2&", "https://ex.example/a?x=1&y=2"),
        ("https://ex.example/a?ref=home", "https://ex.example/a?ref=home"),  # not a tracker
        # default ports, host case, fragments, trailing dot, credentials
        ("HTTP://Ex.EXAMPLE:80/Path", "http://ex.example/Path"),
        ("https://ex.example:443/", "https://ex.example/"),
        ("https://ex.example:8443/", "https://ex.example:8443/"),
        ("http://ex.example:443/", "http://ex.example:443/"),
        ("https://ex.example/a#section-2", "https://ex.example/a"),
        ("https://ex.example./a", "https://ex.example/a"),
        ("https://user:secret@ex.example/a", "https://ex.example/a"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        # path: empty -> "/", dot segments, escapes kept but upper-cased, unsafe escaped
        ("https://ex.example", "https://ex.example/"),
        ("https://ex.example?q=1", "https://ex.example/?q=1"),
        ("https://ex.example/a/./b/../c", "https://ex.example/a/c"),
        ("https://ex.example/%7efoo%2fbar", "https://ex.example/%7Efoo%2Fbar"),
        ("https://ex.example/a b?q=c d", "https://ex.example/a%20b?q=c%20d"),
        (
            "https://www.khabar.example/fa/news/%d8%ae%d8%b7",
            "https://www.khabar.example/fa/news/%D8%AE%D8%B7",
        ),
        ("https://www.khabar.example/fa/خط", "https://www.khabar.example/fa/%D8%AE%D8%B7"),
        # IDN
        ("https://Bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://faß.example/", "https://xn--fa-hia.example/"),  # non-transitional, like browsers
        ("https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/"),
        # whitespace
        ("  https://ex.example/a\n ", "https://ex.example/a"),
        ("https://ex.exa\tmple/a", "https://ex.example/a"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected
    assert canonicalize_url(expected) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("../x?a=1", "https://ex.example/a/b/c", "https://ex.example/a/x?a=1"),
        ("/root", "https://ex.example/a/b", "https://ex.example/root"),
        ("//cdn.example/p.png", "https://ex.example/", "https://cdn.example/p.png"),
        ("?page=2", "https://ex.example/list?page=1", "https://ex.example/list?page=2"),
        ("https://other.example/", "https://ex.example/", "https://other.example/"),
    ],
)
def test_relative_resolution(url: str, base: str, expected: str) -> None:
    assert canonicalize_url(url, base) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://ex.example/file",
        "mailto:desk@ex.example",
        "http:///no-host",
        "https://ex.example:99999/",
        "https://ex.example:port/",
        "https://exa mple.example/",
        "https://ex..example/",
        "",
        "   ",
        "https://ex.example/" + "a" * 2048,
    ],
)
def test_rejected(url: str) -> None:
    assert canonicalize_url(url) is None
    assert canonicalize_url(url, "https://ex.example/") is None or url.strip() == ""


def test_relative_without_base_is_rejected() -> None:
    assert canonicalize_url("/path") is None
    assert canonicalize_url("javascript:alert(1)", "https://ex.example/") is None


def test_is_tracking_param() -> None:
    assert is_tracking_param("utm_source") and is_tracking_param("UTM_TERM")
    assert is_tracking_param("utm%5Fsource")
    assert not is_tracking_param("id") and not is_tracking_param("utmost")


@given(urls())
def test_idempotent_on_urls(url: str) -> None:
    once = canonicalize_url(url)
    assert once is None or canonicalize_url(once) == once


@given(st.text(max_size=60), st.sampled_from(["https://ex.example/a/b?x=1", "http://Ex.example"]))
def test_idempotent_on_any_text(junk: str, base: str) -> None:
    once = canonicalize_url(junk, base)
    if once is not None:
        assert once.startswith(("http://", "https://"))
        assert canonicalize_url(once) == once
        assert len(once) <= 2048
