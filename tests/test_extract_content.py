"""extract.content: body text without the boilerplate around it, JSON-LD-only bodies,
nothing from non-articles, bounded time on hostile markup. Pages are written here."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest
from lxml import html as lxml_html

from newsdesk.extract.content import MAX_HTML_CHARS, Content, extract_content

# Seven paragraphs of invented prose: long enough that every extractor sees an article.
BODY = [
    "The harbour authority of Westmere voted on Tuesday to close the old pier to ferries "
    "from next spring, ending a service that has run for more than ninety years.",
    "Engineers told the council that the timber piles under the eastern half of the pier "
    "had lost a third of their strength since the last survey, and that repairs would cost "
    "more than building a new landing further along the shore.",
    "Ferry operators said they had expected the decision but asked for a temporary landing "
    "so that the island routes would not stop during the two years of construction.",
    "The council agreed to study a floating pontoon next to the fish market, which could "
    "be towed into place in a few weeks and moved again once the new landing opens.",
    "Residents of the islands, who depend on the morning boat for school and work, "
    "collected more than four thousand signatures asking for a guarantee of daily service.",
    "The mayor said the guarantee would be written into the contract with the operators "
    "and that the timetable would be published before the end of the year.",
    "A public meeting on the design of the new landing is planned for February, when the "
    "engineers will present three options with their costs and building times.",
]
HEADLINE = "Westmere to close its old ferry pier next spring"
RELATED = [
    "Storm damages lighthouse on the northern cape",
    "Fish market reopens after six months of repairs",
    "New bus line to connect the harbour and the station",
    "Council approves budget for coastal defences",
]


def _page(*, jsonld: object | None = None, body: list[str] = BODY) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    related = "\n".join(f'<li><a href="/news/{n}">{t}</a></li>' for n, t in enumerate(RELATED))
    nav = " ".join(f'<a href="/section/{n}">Section {n}</a>' for n in range(12))
    script = (
        f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE} | Westmere Gazette</title>
<meta property="og:title" content="{HEADLINE}">{script}
<style>.x {{ color: red }}</style><script>var tracking = "do not extract this";</script>
</head><body>
<header><nav>{nav}</nav><form><input name="q"><button>Search</button></form></header>
<div class="layout"><div class="main">
<article><h1>{HEADLINE}</h1>
<div class="byline">By Ann Example</div>
<div class="article-body">{paragraphs}</div>
</article>
<aside class="related"><h3>More news</h3><ul>{related}</ul></aside>
</div>
<div class="sidebar"><div class="ad">Advertisement</div><ul>{related}</ul></div></div>
<footer><p>Copyright 2026 Westmere Gazette. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"""


def _text(page: str | lxml_html.HtmlElement) -> Content:
    content = extract_content(page, "https://gazette.example/news/pier")
    assert content is not None
    return content


def test_article_body_without_boilerplate() -> None:
    content = _text(_page())
    for paragraph in BODY:
        assert paragraph in content.text
    lines = content.text.split("\n")
    assert lines[0] == BODY[0]  # the headline and byline are not body
    for junk in ("Section 3", "Storm damages lighthouse", "Copyright 2026", "Advertisement",
                 "do not extract this", "color: red", "Search"):
        assert junk not in content.text
    assert content.method in {"trafilatura", "trafilatura-trimmed"}
    assert content.paragraphs == len(lines) == len(BODY)
    assert 0.5 <= content.agreement <= 1.0


def test_content_is_frozen() -> None:
    content = _text(_page())
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.text = "changed"  # type: ignore[misc]


def test_tree_input_gives_the_same_text() -> None:
    tree = lxml_html.document_fromstring(_page())
    assert _text(tree).text == _text(_page()).text


def test_body_only_in_jsonld_graph() -> None:
    article_body = "\n".join(BODY)
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Westmere Gazette"},
            {"@type": ["NewsArticle"], "headline": HEADLINE, "articleBody": article_body},
        ],
    }
    # the HTML shows only a teaser (the rest would be rendered by JavaScript)
    content = _text(_page(jsonld=graph, body=[BODY[0][:60] + "…"]))
    assert content.method == "jsonld"
    assert content.text == article_body
    assert content.paragraphs == len(BODY)


def test_jsonld_body_with_markup_becomes_text() -> None:
    marked = "".join(f"<p>{p}</p>" for p in BODY)
    data = {"@type": "BlogPosting", "articleBody": marked}
    content = _text(_page(jsonld=data, body=[]))
    assert content.method == "jsonld"
    assert content.text.split("\n") == BODY


def test_jsonld_does_not_replace_a_full_html_body() -> None:
    data = {"@type": "NewsArticle", "articleBody": BODY[0]}  # a truncated body
    content = _text(_page(jsonld=data))
    assert content.method != "jsonld"
    assert BODY[-1] in content.text


def test_broken_jsonld_is_ignored() -> None:
    page = _page().replace("<head>", '<head><script type="application/ld+json">{"@type": '
                           '"NewsArticle", "articleBody": </script>')
    assert BODY[3] in _text(page).text


def test_body_inside_nested_junk() -> None:
    junk = "".join(
        f'<div class="promo"><span><a href="/p/{n}">Offer {n}</a></span>'
        f'<script>track({n})</script><iframe src="/ad/{n}"></iframe></div>'
        for n in range(30)
    )
    paragraphs = "".join(f"<div><div><span>{p}</span></div></div>" for p in BODY)
    page = (f"<html><head><title>{HEADLINE}</title></head><body>{junk}"
            f'<div id="content"><div><div>{paragraphs}</div></div></div>{junk}</body></html>')
    content = _text(page)
    for paragraph in BODY:
        assert paragraph in content.text
    assert "track(" not in content.text
    assert "Offer 7" not in content.text


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        "<html><body></body></html>",
        "<html><body><nav>" + " ".join(f'<a href="/{n}">Link {n}</a>' for n in range(40))
        + "</nav></body></html>",
        "<html><body><img src='a.png'><img src='b.png'></body></html>",
    ],
)
def test_non_article_gives_none_or_little(page: str) -> None:
    content = extract_content(page)
    assert content is None or len(content.text) < 200


def test_deeply_nested_page_is_bounded() -> None:
    depth = 200_000
    page = ("<html><body>" + "<div>" * depth + "<p>deep</p>" + "</div>" * depth
            + "".join(f"<p>{p}</p>" for p in BODY) + "</body></html>")
    start = time.perf_counter()
    extract_content(page)
    assert time.perf_counter() - start < 5.0


def test_oversized_input_is_cut() -> None:
    filler = "<p>" + "x " * 1000 + "</p>"
    page = _page() + filler * (MAX_HTML_CHARS // len(filler) + 10)
    start = time.perf_counter()
    content = _text(page)
    assert BODY[0] in content.text
    assert time.perf_counter() - start < 30.0
