"""parse.robots: groups, our product token, rule precedence, Sitemap lines, crawl delay."""

from __future__ import annotations

import pytest

from newsdesk.parse.robots import MAX_ROBOTS_BYTES, Robots, product_token

UA = "newsdesk/0.1 (+https://newsdesk.example.org/bot)"
SITE = "https://www.example.com"


def test_product_token() -> None:
    assert product_token(UA) == "newsdesk"
    assert product_token("NewsDesk") == "newsdesk"
    assert product_token("") == ""


def test_disallow_all() -> None:
    robots = Robots.parse("User-agent: *\nDisallow: /\n")
    for path in ("/", "/news/a.html", "/robots.txt", "/?q=1", ""):
        assert not robots.allowed(SITE + path, UA)


def test_empty_disallow_allows_everything() -> None:
    robots = Robots.parse("User-agent: *\nDisallow:\n")
    assert robots.allowed(SITE + "/anything", UA)


TEXT = """\
# example robots.txt
User-agent: Googlebot
Disallow: /nogoogle/

User-agent: *
Disallow: /private/
Crawl-delay: 10

User-agent: newsdesk
User-agent: otherbot
Disallow: /
Allow: /news/
Disallow: /news/drafts/
Crawl-delay: 2.5

Sitemap: https://www.example.com/sitemap.xml
Sitemap: /relative-sitemap.xml
Sitemap: javascript:alert(1)
sitemap:   http://www.example.com/news-sitemap.xml.gz   # comment
Sitemap: https://www.example.com/sitemap.xml
"""


def test_newsdesk_group_wins_over_star() -> None:
    robots = Robots.parse(TEXT)
    assert robots.allowed(SITE + "/news/2024/story.html", UA)
    assert not robots.allowed(SITE + "/news/drafts/x.html", UA)
    assert not robots.allowed(SITE + "/about", UA)
    assert not robots.allowed(SITE + "/", UA)
    # the same file for a bot without its own group: the * group
    assert robots.allowed(SITE + "/about", "somebot/2.0")
    assert not robots.allowed(SITE + "/private/x", "somebot/2.0")
    assert robots.allowed(SITE + "/nogoogle/x", "somebot/2.0")
    assert not robots.allowed(SITE + "/nogoogle/x", "Googlebot/2.1")


def test_crawl_delay_per_group() -> None:
    robots = Robots.parse(TEXT)
    assert robots.crawl_delay(UA) == 3.0  # 2.5 rounded up
    assert robots.crawl_delay("somebot") == 10.0
    assert robots.crawl_delay("Googlebot") is None
    assert Robots.parse("User-agent: *\nCrawl-delay: nonsense\n").crawl_delay(UA) is None


def test_sitemap_lines_http_only_each_once() -> None:
    assert Robots.parse(TEXT).sitemaps == [
        "https://www.example.com/sitemap.xml", "http://www.example.com/news-sitemap.xml.gz"]
    assert Robots.parse("User-agent: *\nDisallow:\n").sitemaps == []


def test_star_only_applies_when_no_group_names_us() -> None:
    robots = Robots.parse("User-agent: *\nDisallow: /\n\nUser-agent: NEWSDESK\nDisallow: /x\n")
    assert robots.allowed(SITE + "/page", UA)
    assert not robots.allowed(SITE + "/x/1", UA)


def test_most_specific_rule_wins_regardless_of_order() -> None:
    robots = Robots.parse("User-agent: *\nAllow: /a/b/\nDisallow: /a/\n")
    assert robots.allowed(SITE + "/a/b/c", UA)
    assert not robots.allowed(SITE + "/a/c", UA)
    robots = Robots.parse("User-agent: *\nDisallow: /a/\nAllow: /a/b/\n")
    assert robots.allowed(SITE + "/a/b/c", UA)
    # a tie goes to Allow
    robots = Robots.parse("User-agent: *\nDisallow: /same\nAllow: /same\n")
    assert robots.allowed(SITE + "/same/x", UA)


def test_blank_line_inside_a_group_does_not_lose_rules() -> None:
    robots = Robots.parse("User-agent: newsdesk\n\nDisallow: /secret\n")
    assert not robots.allowed(SITE + "/secret/1", UA)
    assert robots.allowed(SITE + "/open", UA)


@pytest.mark.parametrize("text", [
    "",
    "\x00\x01\x02garbage\xff",
    "<!doctype html><html><body><h1>Not found</h1></body></html>",
    "this is not robots.txt at all",
])
def test_unreadable_text_allows_everything(text: str) -> None:
    robots = Robots.parse(text)
    assert robots.allowed(SITE + "/anything", UA)
    assert robots.crawl_delay(UA) is None
    assert robots.sitemaps == []


def test_allow_all_and_disallow_all_values() -> None:
    assert Robots.allow_all().allowed(SITE + "/x", UA)
    assert not Robots.disallow_all().allowed(SITE + "/x", UA)
    assert not Robots.disallow_all().allowed(SITE + "/", "anybot")


def test_only_the_first_512_kib_is_read() -> None:
    filler = "# " + "x" * 1000 + "\n"
    head = "User-agent: *\nDisallow: /early\n"
    text = head + filler * (MAX_ROBOTS_BYTES // len(filler) + 1) + "Disallow: /late\n"
    assert len(text.encode()) - len("Disallow: /late\n") > MAX_ROBOTS_BYTES
    robots = Robots.parse(text)
    assert not robots.allowed(SITE + "/early", UA)
    assert robots.allowed(SITE + "/late", UA)


def test_from_bytes_replaces_bad_utf8() -> None:
    robots = Robots.from_bytes(b"User-agent: *\nDisallow: /caf\xe9\nDisallow: /b\n")
    assert not robots.allowed(SITE + "/b/1", UA)
    assert robots.allowed(SITE + "/a", UA)


def test_percent_encoded_paths() -> None:
    robots = Robots.parse("User-agent: *\nDisallow: /caf%C3%A9/\n")
    assert not robots.allowed(SITE + "/café/menu", UA)
    assert not robots.allowed(SITE + "/caf%C3%A9/menu", UA)
    assert robots.allowed(SITE + "/cafe/menu", UA)
