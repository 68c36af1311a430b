"""The hostile pages of the loopback news site (what a correct crawler does with each is in
the docstring of tests/servers/newssite.py). Big bodies are built on first use and cached;
the 50 MB page is streamed, never held in memory."""

from __future__ import annotations

import functools
import random
from xml.sax.saxutils import escape

from tests.servers.exchange import Exchange, Handler, response_head
from tests.servers.newssite_xml import sitemap_index, urlset

SELF_LISTING = "/hostile/self-listing/"
LOOP_INDEX = "/hostile/loop-index.xml"
LOOP_INDEX_2 = "/hostile/loop-index-2.xml"
LOOP_URLS = "/hostile/loop-urls.xml"
HUGE_SITEMAP_URLS = 100_000
DEEP_LEVELS = 100_000
MANY_LINKS = 20_000
ENORMOUS_BYTES = 50 * 1024 * 1024


def self_listing(base: str) -> bytes:
    """A plausible archive page: ten cards whose every link is this page (absolute, root-
    relative, "./", with a fragment), and "Older posts"/rel=next pointing back to it."""
    hrefs = (SELF_LISTING, "./", f"{base}{SELF_LISTING}", f"{SELF_LISTING}#post-{{n}}")
    cards = []
    for n in range(1, 11):
        href = escape(hrefs[n % len(hrefs)].format(n=n))
        cards.append(
            f'<article class="post"><h2 class="entry-title"><a href="{href}">Archive story '
            f"number {n} about the harbour and its boats</a></h2><p>Teaser text for story {n}, "
            f"long enough to look like a real summary of a real article on a real site…</p>"
            f'<a class="more-link" href="{href}">Read more</a></article>\n')
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Archive</title>'
            f'<link rel="next" href="{base}{SELF_LISTING}"></head><body>\n<main>\n'
            + "".join(cards)
            + f'<nav class="pagination"><a rel="next" href="{SELF_LISTING}">Older posts</a> '
            '<a href="./">1</a></nav>\n</main></body></html>\n').encode()


def loop_index(base: str) -> bytes:
    """Index 1: itself, index 2 and one small urlset."""
    return sitemap_index([(base + LOOP_INDEX, None), (base + LOOP_INDEX_2, None),
                          (base + LOOP_URLS, None)])


def loop_index_2(base: str) -> bytes:
    """Index 2: back to index 1."""
    return sitemap_index([(base + LOOP_INDEX, None)])


@functools.lru_cache(maxsize=2)
def huge_sitemap(base: str, count: int = HUGE_SITEMAP_URLS) -> bytes:
    """A urlset of `count` URLs (twice the protocol's 50,000), all 404 on this site."""
    return urlset([(f"{base}/archive/item-{i}.html", None) for i in range(count)])


@functools.lru_cache(maxsize=1)
def deep_html(levels: int = DEEP_LEVELS) -> bytes:
    return (b'<!DOCTYPE html>\n<html lang="en"><head><title>Deep</title></head><body>'
            + b"<div>" * levels + b"<p>The bottom of a very deep page.</p>" + b"</div>" * levels
            + b"</body></html>\n")


@functools.lru_cache(maxsize=1)
def many_links(count: int = MANY_LINKS) -> bytes:
    links = "".join(f'<li><a href="/hostile/links/{i}.html">Link number {i} to a story</a></li>\n'
                    for i in range(count))
    return ('<!DOCTYPE html>\n<html lang="en"><head><title>Many links</title></head><body>'
            f'<ul class="links">\n{links}</ul></body></html>\n').encode()


def enormous(size: int = ENORMOUS_BYTES) -> Handler:
    """An HTML page of exactly `size` bytes with a true Content-Length, streamed in 64 KiB
    blocks; stops as soon as the client goes away."""
    prefix = (b'<!DOCTYPE html>\n<html lang="en"><head><title>Enormous</title></head><body>'
              b"<article><h1>An enormous page</h1>\n")
    suffix = b"</article></body></html>\n"
    unit = b"<p>This paragraph repeats until the page is far too large to keep in memory.</p>\n"
    block = unit * (65536 // len(unit))

    def handle(ex: Exchange) -> None:
        head = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(size),
                "Connection": "close"}
        if not ex.send(response_head(200, head) + prefix):
            return
        left = size - len(prefix) - len(suffix)
        while left > 0:
            piece = block[:left]
            if not ex.send(piece):
                return
            left -= len(piece)
        ex.send(suffix)

    return handle


@functools.lru_cache(maxsize=1)
def not_html() -> bytes:
    """64 KiB of PNG-like binary (served as text/html): NULs, high bytes, no markup."""
    rng = random.Random(20260220)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(65536 - 16)
