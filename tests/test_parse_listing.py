"""Listing detection: the shared development fixtures, our own pages, and hostile input."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from newsdesk.parse.listing import ListingItem, detect_listing

OWN = Path(__file__).parent / "fixtures" / "listing"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "listing"
SHARED_PAGES = ["seed-wordpress", "ghost-blog", "joomla-category", "french-news",
                "german-lokales", "persian-agency"]


def _load(folder: Path, name: str) -> tuple[bytes, dict[str, object]]:
    expected = json.loads((folder / f"{name}.expected.json").read_text(encoding="utf-8"))
    return (folder / f"{name}.html").read_bytes(), expected


@pytest.mark.parametrize("name", SHARED_PAGES)
def test_shared_fixture_urls_titles_teasers(name: str) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    body, expected = _load(SHARED, name)
    items = detect_listing(body, base_url=str(expected["page_url"]))
    wanted = expected["items"]
    assert isinstance(wanted, list)
    assert [i.url for i in items] == [w["url"] for w in wanted]
    assert [i.title for i in items] == [w["title"] for w in wanted]
    assert [i.teaser for i in items] == [w["teaser"] for w in wanted]


def test_dates_are_the_visible_text_or_datetime() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    body, expected = _load(SHARED, "french-news")
    items = detect_listing(body, base_url=str(expected["page_url"]))
    assert items[0].date_text == "Publié le 11 février 2026 à 18h42"
    body, expected = _load(SHARED, "ghost-blog")
    items = detect_listing(body, base_url=str(expected["page_url"]))
    assert [i.date_text for i in items][:2] == ["2026-02-14", "2026-02-07"]


@pytest.mark.parametrize("name", ["table-archive", "dl-digest", "bootstrap-cards"])
def test_own_fixtures(name: str) -> None:
    body, expected = _load(OWN, name)
    items = detect_listing(body, base_url=str(expected["page_url"]))
    assert [dataclasses.asdict(i) for i in items] == expected["items"]


def test_bootstrap_cards_resolve_against_base_href_and_span_rows() -> None:
    body, _ = _load(OWN, "bootstrap-cards")
    items = detect_listing(body, base_url="https://elsewhere.example/x/")
    assert len(items) == 4  # the fourth card is in a second .row
    assert all(i.url.startswith("https://cronica.example/noticias/") for i in items)


def _page(inner: str) -> bytes:
    return f"<!doctype html><html><body><main>{inner}</main></body></html>".encode()


def _card(n: int, extra: str = "") -> str:
    return (f'<article class="post"><h2><a href="/story-{n}">Story number {n} about the river'
            f'</a></h2><p>A short summary of story {n}, long enough to count as a teaser.</p>'
            f'{extra}</article>')


def test_read_more_link_and_title_link_are_one_item() -> None:
    more = '<a href="/story-{}">Read more</a>'
    body = _page("".join(_card(n, more.format(n)) for n in range(3)))
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in range(3)]
    assert all(i.teaser and "Read more" not in i.teaser for i in items)


def test_sponsored_and_labelled_ads_are_dropped() -> None:
    ad = ('<article class="post"><p>Sponsored</p><h2><a href="https://shop.example/x">'
          'A sale you will not believe in the whole region</a></h2></article>')
    body = _page(_card(1) + ad + _card(2) + _card(3))
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in (1, 2, 3)]


def test_navigation_list_is_not_the_listing() -> None:
    nav = "<nav><ul>" + "".join(f'<li><a href="/s{n}">Section {n}</a></li>'
                                for n in range(12)) + "</ul></nav>"
    body = _page(nav + "".join(_card(n) for n in range(4)))
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.title for i in items] == [f"Story number {n} about the river" for n in range(4)]


def test_percent_encoding_is_kept() -> None:
    body = _page("".join(
        f'<article><h3><a href="/fa/news/{n}/%D8%AE%D8%B7">Headline number {n} here</a></h3>'
        f"<p>Body text of the item {n} with a few words in it, really.</p></article>"
        for n in range(3)))
    items = detect_listing(body, base_url="https://a.example/")
    assert items[0].url == "https://a.example/fa/news/0/%D8%AE%D8%B7"


@pytest.mark.parametrize("body", [b"", b"\x00\xff\xfe garbage \x80", b"%PDF-1.7\n" + bytes(range(256)),
                                  b"<![ x", b"<html><a href='javascript:x()'>x</a>",
                                  "<p>caf\u00e9</p>".encode("utf-16")])
def test_not_html_gives_no_items(body: bytes) -> None:
    assert detect_listing(body, base_url="https://a.example/") == []


def test_deep_nesting_is_bounded_and_the_page_after_it_still_read() -> None:
    cards = b"".join(_card(n).encode() for n in range(3))
    body = b"<div>" * 20_000 + b"</div>" * 20_000 + cards
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in range(3)]


def test_cards_at_moderate_depth_are_found() -> None:
    cards = b"".join(_card(n).encode() for n in range(3))
    body = b"<div>" * 150 + cards + b"</div>" * 150
    assert len(detect_listing(body, base_url="https://a.example/")) == 3


@pytest.mark.timeout(60)
def test_five_megabytes_of_unclosed_links_finish() -> None:
    body = b"<a href=/x>" * 450_000  # 5 MB; links do not nest, so this stays flat
    assert detect_listing(body, base_url="https://a.example/") == []


def test_thousands_of_links() -> None:
    cards = "".join(_card(n) for n in range(3000))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert len(items) == 3000
    assert isinstance(items[0], ListingItem)


def test_each_url_once() -> None:
    body = _page("".join(_card(n % 2) for n in range(4)) + _card(7))
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == ["https://a.example/story-0", "https://a.example/story-1",
                                      "https://a.example/story-7"]


def test_flat_runs_of_heading_and_paragraph_are_one_item_each() -> None:
    run = "".join(f'<h3><a href="/n/{n}">Council approves budget number {n}</a></h3>'
                  f"<p>The council approved budget {n} after a long debate on Tuesday night.</p>"
                  f"<p class=\"date\">2026-01-0{n + 1}</p>" for n in range(4))
    items = detect_listing(_page(f"<div>{run}</div>"), base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/n/{n}" for n in range(4)]
    assert items[2].teaser == "The council approved budget 2 after a long debate on Tuesday night."
    assert items[2].date_text == "2026-01-03"


def test_cards_split_over_grid_rows_are_one_list() -> None:
    def row(numbers: range) -> str:
        return '<div class="row">' + "".join(
            f'<div><div><h2><a href="/c/{n}">Card headline number {n} here</a></h2>'
            f"<p>Summary of card {n} with enough words to read as a teaser.</p></div></div>"
            for n in numbers) + "</div>"
    aside = '<div class="box"><div><div><a href="/other">Unrelated box link</a></div></div></div>'
    body = _page(row(range(3)) + row(range(3, 6)) + row(range(6, 8)) + aside)
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/c/{n}" for n in range(8)]


def test_title_that_is_not_a_link_with_the_only_link_a_read_more() -> None:
    cards = "".join(f'<li><h3>Plain headline number {n}</h3><p>What happened in item {n}, told'
                    f' in one sentence.</p><a href="/r/{n}">Read more</a></li>' for n in range(3))
    items = detect_listing(_page(f"<ul>{cards}</ul>"), base_url="https://a.example/")
    assert [(i.url, i.title) for i in items] == [
        (f"https://a.example/r/{n}", f"Plain headline number {n}") for n in range(3)]
    assert items[0].teaser == "What happened in item 0, told in one sentence."


def test_table_rows_and_aria_hidden_wrappers_are_read() -> None:
    rows = "".join(f'<tr><td>2026-02-0{n + 1}</td><td><a href="/t/{n}">Row story {n} title</a>'
                   f"</td></tr>" for n in range(5))
    body = _page(f'<div aria-hidden="true"><table><tr><th>Date</th><th>Story</th></tr>{rows}'
                 "</table></div>")
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.title for i in items] == [f"Row story {n} title" for n in range(5)]
    assert items[4].date_text == "2026-02-05"


def test_inline_svg_is_skipped_but_svg_text_in_scripts_is_not_cut() -> None:
    icon = '<svg viewBox="0 0 10 10"><path d="M0 0L10 10"/><text>icon words</text></svg>'
    script = "<script>var s = '<svg>';</script>"
    cards = "".join(_card(n, icon) for n in range(3))
    body = _page(script + cards + "<p>after</p><svg><g></g></svg>")
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in range(3)]
    assert all("icon words" not in (i.teaser or "") for i in items)


@pytest.mark.timeout(60)
def test_hundreds_of_thousands_of_elements_are_cut_at_the_cap() -> None:
    body = _page("".join(_card(n) for n in range(3))) + b"<i>" * 600_000
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in range(3)]



def test_looks_like_articles_tells_a_menu_from_headlines() -> None:
    from newsdesk.parse.listing import ListingItem, looks_like_articles

    menu = [ListingItem(f"https://x.example/{w}/", w, None, None)
            for w in ("Home", "News", "About us", "Contact", "فارسی")]
    assert not looks_like_articles(menu)
    assert not looks_like_articles([])
    headlines = [ListingItem(f"https://x.example/{n}", f"Council approves budget number {n}",
                             None, None) for n in range(5)]
    assert looks_like_articles(headlines)
    short_with_teasers = [ListingItem(f"https://x.example/{n}", "Brief", "A teaser.", None)
                          for n in range(4)]
    assert looks_like_articles(short_with_teasers)


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("broken", [False, True])
def test_utf8_pages_read_as_given_and_others_decoded(prefix: bytes, broken: bool) -> None:
    # valid UTF-8 goes to the parser as given (less a BOM); a page with a bad byte or in
    # another charset is decoded and encoded again: all read the same titles
    cards = "".join(_card(n).replace("river", "rivière") for n in range(3))
    body = prefix + _page(cards).replace(b"<html>", b'<html><meta charset="utf-8">') \
        + (b"<p>\xff</p>" if broken else b"")
    latin = _page(cards).replace(b"<html>", b'<html><meta charset="windows-1252">')
    for page in (body, latin.decode("utf-8").encode("cp1252")):
        items = detect_listing(page, base_url="https://a.example/")
        assert [i.title for i in items] == [f"Story number {n} about the rivière" for n in range(3)]


def test_text_index_reads_as_chunks_with_nested_and_hidden_parts() -> None:
    """Also: a <br> inside inline text is a space, a <br> between blocks splits."""
    from newsdesk.parse.blocks import build_tree, chunks, iter_elements
    from newsdesk.parse.pagestats import PageStats
    from newsdesk.parse.textindex import TextIndex

    root, _ = build_tree(
        "<div><h3>Kicker <time><b>one</b> two</time> tail</h3><p style='display:none'>"
        "<span>hidden <i>inner</i></span></p><p>Visible <a href=/x>Read more</a> end</p>"
        "<font>line one<br>line <b>two</b></font><br>after<p>para<br>break</p></div>")
    assert root is not None
    elements = list(iter_elements(root))
    assert chunks(root)[-4:] == ["line one line two", "after", "para", "break"]
    stats, plain = PageStats(root), TextIndex()
    for texts in (TextIndex(stats), plain):
        for element in elements:  # every element, with every pair of its descendants left out
            inner = [e for e in iter_elements(element) if e is not element]
            assert texts.chunks(element) == chunks(element)
            for first in inner:
                for second in inner:
                    skip = {first, second}
                    assert texts.chunks(element, skip) == chunks(element, skip)


def test_dt_titles_win_over_dd_bylines_with_author_links() -> None:
    """A <dl> whose <dd>s carry a teaser, a byline linking to the author's page and a
    read-more: the records are <dt> + <dd>, the author pages are never items."""
    rows = "".join(
        f'<dt><a href="/news/{n}/">Harbour works story {n} reaches the next stage</a></dt>'
        f'<dd><p>The council said the works on section {n} would finish before the summer '
        f'season, and traffic would return to normal.</p><p><span>3 March 2026</span> · by '
        f'<a href="/authors/writer-{n}/" rel="author">Writer {n}</a> · '
        f'<a href="/news/{n}/">Read more</a></p></dd>' for n in range(5))
    items = detect_listing(_page(f"<dl>{rows}</dl>"), base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/news/{n}/" for n in range(5)]
    assert all(i.title.startswith("Harbour works story") for i in items)
    assert all(i.teaser and i.teaser.startswith("The council said") for i in items)


def test_a_side_box_labelled_most_popular_is_not_part_of_the_list() -> None:
    """Table layouts have no class names: the box's label row says what it is."""
    main = "".join(f'<tr><td><b>{n}.</b></td><td><a href="story.asp?id={n}">Local story number {n} '
                   f'in the town</a><br>Summary of local story {n}, told in a few words.</td></tr>'
                   for n in range(6))
    box = ("<table><tr><td><b>MOST POPULAR</b></td></tr><tr><td><table>"
           + "".join(f'<tr><td><b>{n}.</b></td><td><a href="story.asp?id={n + 100}&amp;ref=pop">'
                     f'Popular story number {n} today, read by many</a></td></tr>' for n in range(5))
           + "</table></td></tr></table>")
    body = f"<html><body><table><tr><td><table>{main}</table></td><td>{box}</td></tr></table></body></html>"
    items = detect_listing(body.encode(), base_url="https://a.example/news/")
    assert [i.url for i in items] == [f"https://a.example/news/story.asp?id={n}" for n in range(6)]


def test_tag_and_legal_pages_are_never_items() -> None:
    extra = ('<article class="post"><h2><a href="/tag/environment/">Environment and the '
             'rivers of the whole region</a></h2><p>All our stories on the environment.</p></article>')
    body = _page(_card(1) + _card(2) + extra + _card(3))
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in (1, 2, 3)]


@pytest.mark.parametrize("shown", ["2 hours ago", "Yesterday", "vor 3 Tagen", "il y a 5 heures",
                                   "۲ ساعت پیش", "3 days ago", "Сьогодні, 10:15", "Today, 9:30",
                                   "2 години тому", "3 de marzo de 2026", "1er mars 2026",
                                   "السبت 28 شباط/فبراير 2026", "Mon, 03/02/2026 - 11:05"])
def test_relative_dates_next_to_items_are_read(shown: str) -> None:
    cards = "".join(
        f'<div class="c"><h3><a href="/s{n}">Story number {n} about the harbour works</a></h3>'
        f'<p>Some words of summary for story {n}, enough to be a teaser.</p>'
        f'<div><span>By Staff</span> · <span>{shown}</span></div></div>' for n in range(3))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert len(items) == 3
    assert all(i.date_text and i.date_text.endswith(shown) for i in items)


def test_breadcrumb_pager_and_side_blocks_with_the_same_tag_path_are_not_items() -> None:
    """Item <div>s between a breadcrumb <div> and a pager <div> of the same parent, and
    side-column <div class="block">s at the same tag path: only the items."""
    items = "".join(
        f'<div class="news-item"><div class="news-date">3 March 2026</div>'
        f'<a href="/news/{n}.html">Town bridge story number {n} reopens to traffic</a>'
        f'<div class="news-anons">A few words about story {n} for the teaser here.</div></div>'
        for n in range(6))
    center = (f'<div class="path"><a href="/">Home</a> » News</div>{items}'
              '<div class="pages">Pages: <a href="/news/?page=2">2</a> <a href="/news/?page=3">3</a>'
              ' <a href="/news/?page=2">Next »</a></div>')
    left = "".join(f'<div class="block"><div class="block-title">Box {n}</div>'
                   f'<ul><li><a href="/section-{n}/">Section number {n}</a></li></ul></div>'
                   for n in range(3))
    body = (f"<html><body><table><tr><td>{left}</td><td>{center}</td></tr></table>"
            "</body></html>").encode()
    found = detect_listing(body, base_url="https://a.example/news/")
    assert [i.url for i in found] == [f"https://a.example/news/{n}.html" for n in range(6)]


def test_cards_in_rows_of_two_with_a_last_row_of_one() -> None:
    """Joomla/Bootstrap grids: rows of two cards and a last row with one; every card is a
    record (not one per row)."""
    def card(n: int) -> str:
        return (f'<div class="item column-{n % 2 + 1}"><h2><a href="/news/{n}-story">Council '
                f'story number {n} about the harbour</a></h2><p>Teaser of story {n}, a '
                f'sentence long enough to count.</p><a href="/news/{n}-story">Read more</a></div>')
    rows = "".join(f'<div class="items-row cols-2 row-{r}">{card(2 * r)}{card(2 * r + 1)}</div>'
                   for r in range(3)) + f'<div class="items-row cols-2 row-3">{card(6)}</div>'
    items = detect_listing(_page(rows), base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/news/{n}-story" for n in range(7)]


def test_month_archive_links_are_never_items() -> None:
    archive = ('<article class="post"><h2><a href="/hemeroteca/2026/02/">Febrero 2026 en la '
               'hemeroteca del diario</a></h2><p>Todas las noticias de febrero, día a día.</p>'
               '</article><article class="post"><h2><a href="/2026/01/">January 2026 archive of '
               'every story</a></h2><p>All the stories of January, day by day, in one place.</p>'
               '</article>')
    body = _page(_card(1) + _card(2) + archive + _card(3))
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in (1, 2, 3)]


def test_ticker_rows_side_boxes_and_top_bars_with_the_items_class_are_not_items() -> None:
    """Bootstrap pages: every box is a `div.row`; the items are the main column's rows."""
    def row(href: str, title: str) -> str:
        return (f'<div class="row"><div class="col-4"><a href="{href}"><img src="/i.jpg" alt="">'
                f'</a></div><div class="col-8"><h3><a href="{href}">{title}</a></h3>'
                f'<p>A few words of summary for this story, enough for a teaser.</p></div></div>')
    main = "".join(row(f"/news/{n}", f"Main story number {n} of the local news") for n in range(5))
    top = ('<div class="top-bar"><div class="row"><div class="col">Wednesday</div>'
           '<div class="col"><a href="/contact">Contact the newsroom team today</a></div></div></div>')
    ticker = ('<div class="breaking"><div class="row"><div class="col">Breaking</div><div class="col">'
              '<marquee><a href="/news/99">Storm warning for the northern districts tonight</a>'
              '</marquee></div></div></div>')
    side = ('<div class="panel side-video"><h4>Video</h4>'
            + "".join(f'<div class="row"><div class="col"><a href="/videos/{n}">A walk through '
                      f'the old market number {n}</a><br><small>2026/03/0{n + 1}</small></div></div>'
                      for n in range(3)) + "</div>")
    body = (f"<html><body>{top}{ticker}<div class='container'><div class='row'>"
            f"<div class='col-md-8'>{main}</div><div class='col-md-4'>{side}</div></div></div>"
            "</body></html>").encode()
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/news/{n}" for n in range(5)]


def test_a_box_with_its_own_heading_after_a_card_is_not_its_teaser() -> None:
    """A newsletter card between the cards: its text is not the summary of the card
    before it, which has none."""
    cta = ('<section class="post"><a href="#/portal/signup"><h2>Do you read us often?</h2>'
           '<p>Sign up for the free newsletter, new stories every Friday morning.</p></a></section>')
    bare = '<article class="post"><h2><a href="/story-2">Story number 2 about the river</a></h2></article>'
    body = _page(_card(1) + bare + cta + _card(3) + _card(4))
    items = {i.url: i for i in detect_listing(body, base_url="https://a.example/")}
    assert items["https://a.example/story-2"].teaser is None


@pytest.mark.parametrize("meta", [
    "submitted by kestrel · 19 comments · libraries · hide",
    "Submitted by Communications team on Mon, 03/02/2026 - 11:05",
])
def test_a_byline_or_a_line_of_fields_is_not_a_teaser(meta: str) -> None:
    cards = "".join(f'<div class="entry"><h2><a href="/s{n}">Story number {n} about the harbour '
                    f'works</a></h2><div class="meta">{meta}</div></div>' for n in range(4))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert len(items) == 4
    assert all(i.teaser is None for i in items)


def test_a_hero_section_before_the_grid_section_is_the_first_item() -> None:
    hero = ('<section class="hero"><div class="container"><div class="row"><div class="col-7">'
            '<a href="/story-0"><img src="/big.jpg" alt=""></a></div><div class="col-5">'
            '<span class="badge">Featured</span><h1><a href="/story-0">The lead story of the '
            'day on the harbour</a></h1><p class="lead">A longer summary of the lead story, '
            'written by the editors for the front.</p></div></div></div></section>')
    cards = "".join(f'<div class="col-4"><div class="card"><h5><a href="/story-{n}">Story number '
                    f'{n} about the river</a></h5><p>A short summary of story {n}, long enough '
                    f'to count as a teaser.</p></div></div>' for n in range(1, 7))
    grid = (f'<section><div class="container"><div class="head"><h2>Latest stories</h2>'
            f'<a href="/archive/">Browse the archive</a></div><div class="row">{cards}</div>'
            f'</div></section>')
    promo = ('<section class="picks"><h2>Editors\' picks</h2>'
             + "".join(f'<h3><a href="/pick-{n}">Pick number {n} of the week</a></h3>'
                       for n in range(3)) + "</section>")
    items = detect_listing(_page(promo + hero + grid), base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in range(7)]
    assert items[0].teaser and items[0].teaser.startswith("A longer summary")
    # a box of several headlines before the grid is another list, not a lead
    items = detect_listing(_page(hero.replace("hero", "x") + promo + grid),
                           base_url="https://a.example/")
    assert "https://a.example/pick-0" not in [i.url for i in items]


def test_items_grouped_under_day_headings_take_the_heading_date_and_their_time() -> None:
    def day(heading: str, first: int) -> str:
        rows = "".join(f'<dt>1{n}:20</dt><dd><a href="/s{first + n}">Story number {first + n} '
                       f'from the town hall</a><p>Some words of summary for this story here.</p>'
                       f'</dd>' for n in range(3))
        return f'<section><h2><time datetime="">{heading}</time></h2><dl>{rows}</dl></section>'
    body = _page('<h1>Nieuws</h1>' + day("Vandaag · woensdag 4 maart 2026", 0)
                 + day("maandag 2 maart 2026", 3))
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.date_text for i in items] == (
        [f"Vandaag · woensdag 4 maart 2026 1{n}:20" for n in range(3)]
        + [f"maandag 2 maart 2026 1{n}:20" for n in range(3)])


def test_undated_items_under_a_plain_heading_stay_undated() -> None:
    body = _page("<h2>Latest news</h2><div>" + "".join(_card(n) for n in range(4)) + "</div>")
    assert all(i.date_text is None for i in detect_listing(body, base_url="https://a.example/"))


def test_an_attachment_link_is_not_the_teaser() -> None:
    cards = "".join(f'<li class="note"><span>0{n + 1}/03/2026</span><h3><a href="/nota-{n}">Press '
                    f'release number {n} of the city hall</a></h3><p><a href="/files/nota-{n}.pdf">'
                    f'Download the note as PDF (182 KB)</a></p></li>' for n in range(4))
    items = detect_listing(_page(f"<ul>{cards}</ul>"), base_url="https://a.example/")
    assert len(items) == 4
    assert all(i.teaser is None for i in items)


def test_an_empty_sponsored_badge_slot_does_not_make_every_card_an_ad() -> None:
    """Component frameworks render an empty slot for a badge most cards do not have; the
    one card whose slot holds "Sponsored" is the ad."""
    def card(n: int, badge: str = "") -> str:
        return (f'<li class="grid-item"><div class="layout__sponsored">{badge}</div><h3>'
                f'<a href="/p{n}">Product number {n} of the shop, a bottle of wine</a></h3>'
                f'<p>Some words about product {n} and its taste, enough for a teaser.</p></li>')
    body = _page("<ul>" + "".join(card(n) for n in range(4)) + card(9, "Sponsored") + "</ul>")
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/p{n}" for n in range(4)]


def test_a_card_modifier_with_side_in_it_is_not_a_side_box() -> None:
    cards = "".join(_card(n).replace('class="post"', 'class="post post--side-image"')
                    for n in range(4))
    links = "".join(f'<li><a href="/other-{n}">Another story number {n} from the archive of '
                    f'the paper</a> <span>and a few words about it for the reader</span></li>'
                    for n in range(5))
    items = detect_listing(_page(cards + f"<div><ul>{links}</ul></div>"),
                           base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in range(4)]


def test_a_subtitle_heading_between_title_and_teaser_keeps_the_teaser() -> None:
    """h2 title, h3 subtitle, p teaser in one flat run: the run is the item's."""
    runs = "".join(f'<h2><a href="/s{n}">Story number {n} about the harbour works</a></h2>'
                   f'<h3>The subtitle of story {n}</h3><p>Some words of summary for story {n}, '
                   f'enough to be a teaser.</p>' for n in range(4))
    items = detect_listing(_page(f"<div>{runs}</div>"), base_url="https://a.example/")
    assert len(items) == 4
    assert all(i.teaser and i.teaser.startswith("Some words") for i in items)


def test_a_teaser_linked_with_another_tracking_parameter_is_still_the_teaser() -> None:
    cards = "".join(f'<article class="post"><h2><a href="/s{n}?ref=title">Story number {n} about '
                    f'the harbour works</a></h2><p><a href="/s{n}?ref=teaser">Some words of '
                    f'summary for story {n}, enough to be a teaser.</a></p></article>'
                    for n in range(4))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert len(items) == 4
    assert all(i.teaser and i.teaser.startswith("Some words") for i in items)


def test_a_whole_card_link_gives_its_headline_element_and_a_summary_without_the_kicker() -> None:
    cards = "".join(
        f'<div class="teaser"><a class="teaser__link" href="/s{n}"><span class="teaser__topline">'
        f'Kurz gemeldet</span> <span class="teaser__headline">Brücke Nummer {n} ab Montag '
        f'gesperrt</span> <span class="teaser__shorttext">Wegen Bauarbeiten wird der Verkehr '
        f'bis Ende April umgeleitet.</span> <span class="teaser__date">vor 35 Min.</span>'
        f'</a></div>' for n in range(4))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert [i.title for i in items] == [f"Brücke Nummer {n} ab Montag gesperrt" for n in range(4)]
    assert all(i.teaser == "Wegen Bauarbeiten wird der Verkehr bis Ende April umgeleitet."
               for i in items)
    assert all(i.date_text == "vor 35 Min." for i in items)


@pytest.mark.parametrize("label", ['<span class="stitek-online">ONLINE</span>',
                                   '<span class="etiket">VİDEO</span>'])
def test_a_label_inside_the_title_link_is_not_part_of_the_title(label: str) -> None:
    cards = "".join(f'<article class="post"><h2><a href="/s{n}">{label} <span>Story number {n} '
                    f'about the river</span></a></h2><p>A short summary of story {n}, long '
                    f'enough to count as a teaser.</p></article>' for n in range(3))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert [i.title for i in items] == [f"Story number {n} about the river" for n in range(3)]


def test_a_summary_link_out_of_the_tab_order_is_not_the_title() -> None:
    """Substack: title link, then the subtitle as a second link to the post (tabindex=-1)."""
    rows = "".join(f'<div class="row"><a href="/p/{n}">Post number {n} title</a><div><a href="/p/{n}"'
                   f' tabindex="-1">A much longer subtitle of post {n}, written as one sentence.'
                   f'</a></div><time datetime="2026-03-0{n + 1}">Mar {n + 1}</time></div>'
                   for n in range(4))
    items = detect_listing(_page(rows), base_url="https://a.example/")
    assert [i.title for i in items] == [f"Post number {n} title" for n in range(4)]
    assert all(i.teaser and i.teaser.startswith("A much longer subtitle") for i in items)


def test_a_record_in_other_markup_with_the_records_class_is_an_item() -> None:
    """One video card written as `<a class="article-liste">` among `<div class="article-liste">`s;
    its pictogram is not part of its summary."""
    def card(n: int) -> str:
        return (f'<div class="article-liste"><h2><a href="/a{n}">Article numéro {n} de la '
                f'semaine</a></h2><p class="chapo">Un résumé de l\'article {n}, assez long pour '
                f'un chapeau.</p></div>')
    video = ('<a href="/video" class="article-liste article-video"><span class="vignette">'
             '<img src="/v.jpg" alt=""><span class="picto">&#9654;</span></span> '
             '<span class="titre-video">La fanfare fête ses cinquante ans</span> '
             '<span class="chapo">Quarante musiciens et un concert de deux heures.</span></a>')
    items = detect_listing(_page(card(0) + card(1) + video + card(2) + card(3)),
                           base_url="https://a.example/")
    assert [i.url.rsplit("/", 1)[1] for i in items] == ["a0", "a1", "video", "a2", "a3"]
    assert items[2].title == "La fanfare fête ses cinquante ans"
    assert items[2].teaser == "Quarante musiciens et un concert de deux heures."


@pytest.mark.parametrize("label", ["Publi-information", "Komerční sdělení", "رپرتاژ آگهی"])
def test_more_sponsored_labels(label: str) -> None:
    ad = (f'<article class="post"><div>{label}</div><h2><a href="https://shop.example/x">Buy our '
          f'wonderful product for the spring season</a></h2><p>A summary that reads like an '
          f'article but sells something.</p></article>')
    items = detect_listing(_page(_card(1) + _card(2) + ad + _card(3)), base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/story-{n}" for n in (1, 2, 3)]


def test_czech_read_more_and_dates() -> None:
    cards = "".join(f'<article class="post"><h2><a href="/c{n}">Zpráva číslo {n} z kraje a okolí'
                    f'</a></h2><p>Hladiny řek stoupají, na dvou místech platí první stupeň. '
                    f'<a href="/c{n}">Číst dál</a></p><span>{when}</span></article>'
                    for n, when in enumerate(["dnes 9:15", "včera 18:30", "3. března 2026"]))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert all(i.teaser == "Hladiny řek stoupají, na dvou místech platí první stupeň." for i in items)
    assert [i.date_text for i in items] == ["dnes 9:15", "včera 18:30", "3. března 2026"]


@pytest.mark.parametrize(("more", "when"), [
    ("Tovább »", "3 órája"), ("Citește mai mult", "acum 2 ore"), ("Läs mer", "i dag 09.12"),
    ("Διαβάστε περισσότερα", "πριν από 2 ώρες"), ("Baca selengkapnya", "2 jam lalu"),
    ("קרא עוד", "לפני 3 שעות"),
])
def test_read_more_labels_and_relative_dates_in_more_languages(more: str, when: str) -> None:
    cards = "".join(f'<article class="post"><h2><a href="/s{n}">Story number {n} about the river '
                    f'works</a></h2><p>A short summary of story {n}, long enough for a teaser. '
                    f'<a href="/s{n}">{more}</a></p><span class="meta">{when}</span></article>'
                    for n in range(3))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert all(i.teaser and i.teaser.endswith("for a teaser.") for i in items)
    assert all(i.date_text == when for i in items)


def test_a_long_byline_of_short_fields_gives_the_date() -> None:
    cards = "".join(f'<section class="pinned"><h2><a href="/s{n}">Statement number {n} on the '
                    f'library review</a></h2><p>Statement · First published 24 February 2026 · '
                    f'Last updated 2 March 2026</p><p>A summary of the statement number {n}, in '
                    f'a few sentences.</p></section>' for n in range(3))
    items = detect_listing(_page(cards), base_url="https://a.example/")
    assert all(i.date_text and "24 February 2026" in i.date_text for i in items)


def test_a_summary_wrapped_over_two_lines_inside_inline_text_is_one_teaser() -> None:
    """Legacy markup: `<font>line one<br>line two</font>` after the title link."""
    run = "".join(f'<a href="uutinen.php?id={n}"><font><b>Uutinen numero {n} kaupungista</b></font>'
                  f'</a><br /><font size="1">4.3.2026 klo 10.15</font><br /><font size="2">'
                  f'Ensimmäinen rivi uutisesta {n}.<br />Toinen rivi jatkuu tässä.</font>'
                  f'<br clear="all" /><br />' for n in range(4))
    items = detect_listing(_page(f"<div>{run}</div>"), base_url="https://a.example/")
    assert len(items) == 4
    assert all(i.teaser and i.teaser.endswith(".") and "Toinen rivi" in i.teaser
               and i.teaser.startswith("Ensimmäinen") for i in items)


def test_a_screen_reader_label_is_not_a_widget_title() -> None:
    """A video card whose first child holds only "Video" for screen readers is a card, not
    a "Video" widget box."""
    def card(n: int, video: bool = False) -> str:
        icon = '<span class="screen-reader-text">Video</span>' if video else ""
        return (f'<article class="post"><div class="thumb"><a href="/s{n}"><img src="/i.jpg" '
                f'alt="">{icon}</a></div><div><h3><a href="/s{n}">Story number {n} about the '
                f'harbour works</a></h3><p>Some words of summary for story {n}, enough to be a '
                f'teaser.</p></div></article>')
    body = _page(card(0) + card(1, video=True) + card(2) + card(3))
    items = detect_listing(body, base_url="https://a.example/")
    assert [i.url for i in items] == [f"https://a.example/s{n}" for n in range(4)]
