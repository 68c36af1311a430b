"""extract.article: an article page → text + metadata, or a recorded reason why not."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from newsdesk.extract.article import extract_article
from newsdesk.model import Article, Rejected

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
URL = "https://riverside.example/news/2026/03/02/budget.html"
PARAS = [
    "The city council approved the new budget on Monday after a long debate about the "
    "funding of public transport and schools in the district.",
    "Opposition members criticised the plan, saying it would raise fees for families while "
    "cutting services in the outer neighbourhoods of the city.",
    "The mayor defended the budget, arguing that it balances the books for the first time "
    "in a decade and protects the most important services.",
]
FA_PARAS = [
    "شورای شهر روز دوشنبه پس از بحثی طولانی درباره بودجه حمل و نقل عمومی و مدارس منطقه، "
    "بودجه جدید شهر را تصویب کرد و اعضای مخالف از آن انتقاد کردند.",
    "شهردار در دفاع از بودجه گفت که برای نخستین بار در یک دهه گذشته درآمد و هزینه‌های شهر "
    "متوازن شده و خدمات مهم شهری حفظ شده است و این موضوع برای شهروندان اهمیت دارد.",
]


def page(*, head: str = "", body: str | None = None, lang: str = "en",
         paras: list[str] = PARAS, title: str = "Council approves new budget | Riverside Post") -> bytes:
    text = "".join(f"<p>{p}</p>" for p in paras)
    body = body if body is not None else (
        f"<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        f"<article><h1>Council approves new budget</h1>{text}</article>"
        f"<footer>© Riverside Post · <a href='/about'>About</a></footer>")
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
            f"{head}</head><body>{body}</body></html>").encode()


def extract(body: bytes, **kw: object) -> Article | Rejected:
    return extract_article(body, url=URL, now=NOW, content_type="text/html", **kw)  # type: ignore[arg-type]


def test_text_and_metadata_from_meta_tags() -> None:
    head = ("<meta property='og:site_name' content='Riverside Post'>"
            "<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2026-03-02T09:30:00+01:00'>"
            "<meta property='article:modified_time' content='2026-03-03T10:00:00Z'>"
            "<meta name='author' content='Jane Doe'>"
            "<link rel='canonical' href='/news/budget.html'>"
            "<meta property='og:image' content='/img/budget.jpg'>"
            "<meta name='description' content='The council voted.'>")
    a = extract(page(head=head))
    assert isinstance(a, Article)
    assert a.text.split("\n") == PARAS
    assert a.title == "Council approves new budget"
    assert a.author == "Jane Doe"
    assert a.published_at == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert a.published_from == "meta"
    assert a.updated_at == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    assert a.canonical_url == "https://riverside.example/news/budget.html"
    assert a.lead_image == "https://riverside.example/img/budget.jpg"
    assert a.site_name == "Riverside Post"
    assert a.description == "The council voted."
    assert a.language == "en" and a.language_from == "detected"


def test_json_ld_wins_and_graph_and_author_list_are_read() -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Riverside Post"},
        {"@type": ["NewsArticle"], "headline": "Budget passes after long debate",
         "datePublished": "2026-03-02T07:00:00Z", "dateModified": "2026-03-02T08:00:00Z",
         "author": [{"@type": "Person", "name": "Jane Doe"}, {"name": "Ali Rezaei"}],
         "publisher": {"@type": "Organization", "name": "Riverside Post"},
         "image": {"@type": "ImageObject", "url": "https://cdn.example/b.jpg"}},
    ]}
    head = (f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
            "<meta property='article:published_time' content='2026-03-01T00:00:00Z'>")
    a = extract(page(head=head))
    assert isinstance(a, Article)
    assert a.title == "Budget passes after long debate"
    assert a.author == "Jane Doe, Ali Rezaei"
    assert a.published_at == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    assert a.published_from == "jsonld"
    assert a.lead_image == "https://cdn.example/b.jpg"
    assert a.site_name == "Riverside Post"


def test_broken_json_ld_is_skipped_not_fatal() -> None:
    head = "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", </script>"
    assert isinstance(extract(page(head=head)), Article)


def test_date_from_the_dateline_in_jalali_digits_and_language_detected() -> None:
    body = ("<article><h1>تصویب بودجه جدید شهر</h1><div class='meta'>تاریخ انتشار: "
            "۱۴۰۴/۱۲/۱۱ - ۰۹:۴۵</div>" + "".join(f"<p>{p}</p>" for p in FA_PARAS) + "</article>")
    a = extract(page(body=body, lang="en", title="تصویب بودجه"))  # a template's wrong lang
    assert isinstance(a, Article)
    assert a.language == "fa"
    assert a.published_from == "text"
    # 1404/12/11 = 2026-03-02; 09:45 Tehran time (UTC+3:30) = 06:15 UTC
    assert a.published_at == datetime(2026, 3, 2, 6, 15, tzinfo=UTC)


def test_date_from_the_url_as_last_resort() -> None:
    a = extract(page())
    assert isinstance(a, Article)
    assert a.published_at == datetime(2026, 3, 2, tzinfo=UTC) and a.published_from == "url"


def test_body_only_in_json_ld() -> None:
    ld = {"@type": "NewsArticle", "headline": "Budget", "articleBody": "\n".join(PARAS)}
    body = "<div id='app'>Loading…</div>"
    a = extract(page(head=f"<script type='application/ld+json'>{json.dumps(ld)}</script>",
                     body=body))
    assert isinstance(a, Article)
    assert "balances the books" in a.text


@pytest.mark.parametrize(("body", "content_type", "reason"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf", "not_html"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "text/html", "not_html"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", "text/html",
     "not_html"),
    (b"   ", "text/html", "not_html"),
])
def test_not_html(body: bytes, content_type: str, reason: str) -> None:
    r = extract_article(body, url=URL, now=NOW, content_type=content_type)
    assert isinstance(r, Rejected) and r.reason == reason, r


def test_reasons_too_short_paywall_not_article_wrong_language_too_large() -> None:
    short = extract(page(paras=["A short note."]))
    assert isinstance(short, Rejected) and short.reason == "too_short"
    assert "characters" in short.message and short.title == "Council approves new budget"

    wall = extract(page(paras=[PARAS[0], "This story is for subscribers. Subscribe to read the "
                               "full story, or log in if you already have an account."],
                        head="<script type='application/ld+json'>{\"@type\": \"NewsArticle\","
                             " \"isAccessibleForFree\": false}</script>"))
    assert isinstance(wall, Rejected) and wall.reason == "paywall"

    home = extract(page(head="<meta property='og:type' content='website'>",
                        paras=["Welcome to our site."]))
    assert isinstance(home, Rejected) and home.reason == "not_article"

    foreign = extract(page(), languages={"fa", "ar"})
    assert isinstance(foreign, Rejected) and foreign.reason == "wrong_language"
    assert "'en'" in foreign.message

    big = extract(page(), max_bytes=100)
    assert isinstance(big, Rejected) and big.reason == "too_large"


def test_a_long_free_article_marked_not_free_is_kept() -> None:
    """Flexible sampling: JSON-LD says not free, the page gives the whole text to us."""
    head = "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"isAccessibleForFree\": \"False\"}</script>"
    a = extract(page(head=head, paras=PARAS * 3))
    assert isinstance(a, Article)


def test_deep_nesting_and_many_links_are_bounded() -> None:
    deep = b"<html><body>" + b"<div>" * 100_000 + b"<p>bottom</p>" + b"</div>" * 100_000 + b"</body></html>"
    t0 = time.monotonic()
    r = extract_article(deep, url=URL, now=NOW, content_type="text/html")
    assert isinstance(r, Rejected)
    links = "".join(f"<li><a href='/n/{i}'>Story number {i}</a></li>" for i in range(20_000))
    r2 = extract_article(page(body=f"<ul>{links}</ul>"), url=URL, now=NOW)
    assert isinstance(r2, Rejected)
    assert time.monotonic() - t0 < 20


def test_legacy_charset_page() -> None:
    body = ("<html lang='fr'><head><meta charset='windows-1252'><title>Conseil</title></head>"
            "<body><article><h1>Le conseil adopte le budget</h1>"
            + "".join(f"<p>Le conseil municipal a adopté lundi le nouveau budget ({n}) après un "
                      f"long débat sur le financement des transports et des écoles du quartier "
                      f"numéro {n}, a indiqué la mairie à la presse.</p>" for n in range(3))
            + "</article></body></html>").encode("cp1252")
    a = extract_article(body, url=URL, now=NOW, content_type="text/html")
    assert isinstance(a, Article)
    assert "adopté" in a.text and a.language == "fr"


def test_cli_extract_file_and_url(tmp_path: object) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from newsdesk.cli import main
    from tests.servers.hostile import start_hostile_server

    assert isinstance(tmp_path, Path)
    f = tmp_path / "a.html"
    f.write_bytes(page(head="<meta name='author' content='Jane Doe'>"))
    env = {"NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32"}
    r = CliRunner().invoke(main, ["extract", "--file", str(f), "--url", URL, "--json"], env=env)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["title"] == "Council approves new budget" and data["author"] == "Jane Doe"
    assert data["language"] == "en" and data["text"].split("\n") == PARAS
    assert data["published_at"] == "2026-03-02T00:00:00+00:00"
    assert set(data) >= {"title", "text", "author", "published_at", "language", "canonical_url"}
    server = start_hostile_server()
    try:
        server.serve("/note.html", page(paras=["Too short."]), content_type="text/html")
        r = CliRunner().invoke(main, ["extract", server.url("/note.html"), "--json"], env=env)
        assert r.exit_code == 1
        assert json.loads(r.output)["rejected"] == "too_short"
    finally:
        server.close()
    r = CliRunner().invoke(main, ["extract", "--file", str(f)], env=env)
    assert r.exit_code != 0 and "--url" in r.output
