"""parse.pagination: the next (older) page of a listing."""

from __future__ import annotations

import pytest
from lxml import html

from newsdesk.parse.pagination import next_page_url

PAGE = "https://news.example/news/"


def tree(body: str) -> html.HtmlElement:
    return html.document_fromstring(f"<html><head></head><body>{body}</body></html>")


@pytest.mark.parametrize(("body", "expected"), [
    ('<link rel="next" href="/news/page/2/">', "https://news.example/news/page/2/"),
    ('<a rel="next nofollow" href="?page=2">2</a>', "https://news.example/news/?page=2"),
    ('<div class="nav-previous"><a href="/news/page/2/">Older posts</a></div>',
     "https://news.example/news/page/2/"),
    ('<a href="p2.html">Page suivante »</a>', "https://news.example/news/p2.html"),
    ('<a href="/de/2">Ältere Beiträge</a>', "https://news.example/de/2"),
    ('<a href="/fa/2">صفحه بعد</a>', "https://news.example/fa/2"),
    ('<a href="/ar/2">التالي</a>', "https://news.example/ar/2"),
    ('<nav class="pagination"><a href="/news/">1</a><a href="/news/page/2/">»</a></nav>',
     "https://news.example/news/page/2/"),
    ('<ul class="pager"><li class="next"><a class="next" href="/n/2">→</a></li></ul>',
     "https://news.example/n/2"),
])
def test_next_links(body: str, expected: str) -> None:
    assert next_page_url(tree(body), PAGE) == expected


@pytest.mark.parametrize("body", [
    '<a rel="next" href="/news/">Older posts</a>',  # the page itself
    '<a rel="next" href="/news/#more">next</a>',  # itself with a fragment
    '<a href="javascript:next()">Next</a>',
    '<p>»</p><a href="/x">»</a>',  # an arrow outside a pagination block
    '<a href="/story">Read more</a>',
    "",
])
def test_no_next_link(body: str) -> None:
    assert next_page_url(tree(body), PAGE) is None


def test_base_href_is_honoured() -> None:
    t = html.document_fromstring('<html><head><base href="https://cdn.example/list/">'
                                 '</head><body><a rel="next" href="2/">2</a></body></html>')
    assert next_page_url(t, PAGE) == "https://cdn.example/list/2/"
