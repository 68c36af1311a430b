"""Pure helpers of the fetch package: URL targets, Content-Type, Content-Encoding; and the
package's public names."""

from __future__ import annotations

import pytest

import newsdesk.fetch
from newsdesk.fetch.headers import content_coding_problem, parse_content_type
from newsdesk.fetch.target import Target, parse_target


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("application/rss+xml; charset=UTF-8", ("application/rss+xml", "utf-8")),
        ('Text/HTML; Charset="ISO-8859-1"', ("text/html", "iso-8859-1")),
        ("application/xml;charset='windows-1256'", ("application/xml", "windows-1256")),
        ("application/atom+xml", ("application/atom+xml", None)),
        ("text/xml; foo=bar; charset=koi8-r", ("text/xml", "koi8-r")),
        ("garbage", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
        ("text/html; charset=", ("text/html", None)),
    ],
)
def test_parse_content_type(value: str | None, expected: tuple[str | None, str | None]) -> None:
    assert parse_content_type(value) == expected


@pytest.mark.parametrize("value", [None, "", "gzip", "GZIP", "x-gzip", "br", "deflate", "identity", "gzip, br", "gzip,gzip"])
def test_supported_content_codings(value: str | None) -> None:
    assert content_coding_problem(value) is None


@pytest.mark.parametrize("value", ["x-evil", "compress", "zstd", "gzip, gzip, gzip", "gzip, identity", "br, x-evil"])
def test_refused_content_codings(value: str) -> None:
    assert content_coding_problem(value) is not None


def test_parse_target_normalizes_what_is_requested() -> None:
    target = parse_target("HTTP://User:p%40ss@Example.COM:8080/a b/ü?q=ä#frag")
    assert isinstance(target, Target)
    assert target.url == "http://example.com:8080/a%20b/%C3%BC?q=%C3%A4"
    assert target.origin == ("http", "example.com", 8080)
    assert target.authorization == "Basic VXNlcjpwQHNz"  # User:p@ss


def test_parse_target_idn_ipv6_default_ports_and_relative() -> None:
    idn = parse_target("https://bücher.example/")
    assert isinstance(idn, Target) and idn.host == "xn--bcher-kva.example" and idn.port == 443
    v6 = parse_target("http://[2606:4700::1111]/feed")
    assert isinstance(v6, Target) and v6.host == "2606:4700::1111"
    assert v6.url == "http://[2606:4700::1111]/feed" and v6.port == 80
    rel = parse_target("../b?x=1", base="http://example.com/a/c/d")
    assert isinstance(rel, Target) and rel.url == "http://example.com/a/b?x=1"
    assert rel.authorization is None


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "data:,x", "//example.com/x",
     "http://", "http://example.com:99999/", "http://exa\tmple.com/", "http://example.com/\r\nX: y"],
)
def test_parse_target_refuses(url: str) -> None:
    assert isinstance(parse_target(url), str)


def test_public_names() -> None:
    assert sorted(newsdesk.fetch.__all__) == [
        "AddressPolicy", "FetchConfig", "HostLimiter", "Resolver", "SafeClient",
        "adaptive_interval", "backoff_seconds", "clamp_retry_after", "forbidden_reason",
        "parse_retry_after", "system_resolver",
    ]
    for name in newsdesk.fetch.__all__:
        assert getattr(newsdesk.fetch, name) is not None
