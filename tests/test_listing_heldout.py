"""Listing detection on the held-out news listings: a regression floor, not the goal.

`tests/fixtures/listing_heldout/` holds 12 pages written blind (see its README): the
detector was never read, run or tuned against them before their labels were final. This
test pins the per-page item F1 measured on the first run (benchmark of 2026-11-29,
`benchmarks/listing_detection.py`, detector as in the working tree at that time), rounded
down to a multiple of 0.05, so that a change that loses items on unseen pages is caught.
The issue's goal (item F1 >= 0.95 on every page) is NOT asserted here; raise a floor when
the detector measurably improves on that page, never lower one to make a change pass.

Measured item F1 per page (predicted / expected / matched):

    arabic-1256             1.000  (8 / 8 / 8)
    bootstrap-cards-es      0.900  (11 / 9 / 9)   two footer/tag links taken as items
    css-in-js-relative      1.000  (12 / 12 / 12)
    dl-list-it              0.000  (5 / 9 / 0)    author links taken as the list
    drupal-views            1.000  (10 / 10 / 10)
    french-blog-no-teaser   1.000  (14 / 14 / 14)
    german-lead-list        1.000  (9 / 9 / 9)
    persian-base-href       1.000  (9 / 9 / 9)
    russian-1251            1.000  (10 / 10 / 10)
    table-layout-1252       0.800  (15 / 10 / 10) "Most popular" box taken as items
    turkish-8859-9          1.000  (10 / 10 / 10)
    two-lists-video-rail    1.000  (10 / 10 / 10)

Raised after the detector changes those misses led to (2026-11-29): dl-list-it 1.000
(author links are never an item's link; a <dd> under its <dt> is one record),
table-layout-1252 1.000 (a box labelled "Most popular" is a widget), bootstrap-cards-es
0.947 (the tag link is gone, the privacy link is not).

The second, third and fourth sets (`listing_heldout2/` to `listing_heldout4/`, each
written blind after the changes the previous set led to; first measurements in
docs/benchmarks.md) are pinned the same way; the fourth was measured blind at item F1 0.994,
then general rules its misses led to (a hero before the grid's section, a day heading's
date, attachment links not teasers) brought it to 1.000. The fifth (`listing_heldout5/`)
was measured blind at item F1 0.988, title exact 0.815, teaser exact 0.765; the rules its
misses led to (Czech labels and dates, labels inside title links, a headline element inside
a whole-card link, a summary link out of the tab order, a record in other markup with the
records' class) brought it to 1.000 / 1.000 / 1.000. The sixth (`listing_heldout6/`) was
measured blind at item F1 0.986, title exact 0.986, teaser exact 0.890, dates 44/73; read-more
labels, sponsored labels, months and relative dates in Hungarian, Romanian, Swedish,
Norwegian, Danish, Greek, Indonesian and Hebrew, and dates in bylines of short fields,
brought it to 1.000 / 1.000 / 1.000, dates 73/73. The seventh (`listing_heldout7/`) was
measured blind at item F1 0.994, title exact 1.000, teaser exact 0.922, dates 76/77 (all
misses on one legacy Finnish page); a `<br>` inside inline text no longer splits a summary,
and Finnish dates are read: teasers and dates 1.000; the page keeps one sponsored extra. The
eighth (`listing_heldout8/`) was measured blind at item F1 0.994, titles and teasers 1.000,
dates 79/80; a screen-reader-only "Video" no longer makes a card a "Video" widget: 1.000. Raised on 2026-11-29 (second session) after general rules (a month-archive
link is never an item, a link in a `<marquee>` is a ticker's, "side-…"/"top-bar" boxes are
boilerplate): every page of the three sets at 1.000. Titles, teasers and dates of matched
items are pinned per set (`TEXT_FLOOR`): exact-title and exact-teaser rates and the share
of dates read right, as `benchmarks/listing_detection.py` scores them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from newsdesk.extract.dates import find_date
from newsdesk.parse.listing import ListingItem, detect_listing

ROOT = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # the labels' "now" for relative dates

F1_FLOOR = {
    "listing_heldout/arabic-1256": 1.0,
    "listing_heldout/bootstrap-cards-es": 1.0,
    "listing_heldout/css-in-js-relative": 1.0,
    "listing_heldout/dl-list-it": 1.0,
    "listing_heldout/drupal-views": 1.0,
    "listing_heldout/french-blog-no-teaser": 1.0,
    "listing_heldout/german-lead-list": 1.0,
    "listing_heldout/persian-base-href": 1.0,
    "listing_heldout/russian-1251": 1.0,
    "listing_heldout/table-layout-1252": 1.0,
    "listing_heldout/turkish-8859-9": 1.0,
    "listing_heldout/two-lists-video-rail": 1.0,
    "listing_heldout2/aggregator-offsite": 1.0,
    "listing_heldout2/arabic-agency-rows": 1.0,
    "listing_heldout2/drupal7-views-nl": 1.0,
    "listing_heldout2/german-press-table": 1.0,
    "listing_heldout2/ghost-card-link-pl": 1.0,
    "listing_heldout2/hero-grid-sidebar-repeat": 1.0,
    "listing_heldout2/persian-sections": 1.0,
    "listing_heldout2/portuguese-li-no-teaser": 1.0,
    "listing_heldout2/ukrainian-cp1251": 1.0,
    "listing_heldout2/wordpress-inline-excerpt": 1.0,
    "listing_heldout3/arabic-cp1256-news": 1.0,
    "listing_heldout3/french-untitled-links": 1.0,
    "listing_heldout3/hugo-post-list": 1.0,
    "listing_heldout3/italian-table-elenco": 1.0,
    "listing_heldout3/joomla-blog-rows": 1.0,
    "listing_heldout3/persian-lead-list": 1.0,
    "listing_heldout3/spanish-grid-cards": 1.0,
    "listing_heldout3/turkish-haber-ticker": 1.0,
    "listing_heldout4/arabic-indic-digits": 1.0,
    "listing_heldout4/bootstrap-css-cards": 1.0,
    "listing_heldout4/drupal-views-rows": 1.0,
    "listing_heldout4/dutch-dl-dagen": 1.0,
    "listing_heldout4/german-wp-weiterlesen": 1.0,
    "listing_heldout4/persian-word-month": 1.0,
    "listing_heldout4/portuguese-press-releases": 1.0,
    "listing_heldout4/russian-cp1251-bitrix": 1.0,
    "listing_heldout5/czech-cist-dal": 1.0,
    "listing_heldout5/french-latin9-regional": 1.0,
    "listing_heldout5/german-broadcaster-teaser": 1.0,
    "listing_heldout5/italian-bs3-media": 1.0,
    "listing_heldout5/newsletter-archive-preloads": 1.0,
    "listing_heldout5/persian-arabic-indic-digits": 1.0,
    "listing_heldout5/spanish-uni-table": 1.0,
    "listing_heldout5/turkish-cp1254-devami": 1.0,
    "listing_heldout6/greek-cp1253-td-module": 1.0,
    "listing_heldout6/hebrew-rtl-kra-od": 1.0,
    "listing_heldout6/hungarian-latin2-tovabb": 1.0,
    "listing_heldout6/indonesian-portal-jsonld": 1.0,
    "listing_heldout6/ngo-press-grid-h3-link": 1.0,
    "listing_heldout6/norwegian-wp-block-theme": 1.0,
    "listing_heldout6/romanian-citeste-mai-mult": 1.0,
    "listing_heldout6/swedish-base-las-mer": 1.0,
    "listing_heldout7/amp-server-rendered": 1.0,
    "listing_heldout7/arabic-hijri-gregorian": 1.0,
    "listing_heldout7/finnish-xhtml-font-latin1": 0.9,  # an ad labelled only by the line above
    "listing_heldout7/french-ol-reversed-fil": 1.0,
    "listing_heldout7/german-hugo-header-footer": 1.0,
    "listing_heldout7/persian-two-columns-weekday": 1.0,
    "listing_heldout7/react-testid-h4-in-link": 1.0,
    "listing_heldout7/spanish-river-mixed-base": 1.0,
    "listing_heldout8/arabic-agency-levantine-base": 1.0,
    "listing_heldout8/french-ngo-elementor-cards": 1.0,
    "listing_heldout8/german-pressestelle-typo3": 1.0,
    "listing_heldout8/mideast-english-edition": 1.0,
    "listing_heldout8/persian-exile-utc-datetime": 1.0,
    "listing_heldout8/squarespace-summary-news": 1.0,
    "listing_heldout8/uk-local-nested-data-attrs": 1.0,
    "listing_heldout8/us-tv-trending-carousel": 1.0,
}
# per set: (title exact, teaser exact, date right) rates over matched items. The date
# misses left are labelled with the printed local date where the page's <time datetime>
# gives a UTC instant on the next or previous day (newsdesk keeps the instant).
TEXT_FLOOR = {
    "listing_heldout": (1.0, 1.0, 1.0),
    "listing_heldout2": (1.0, 1.0, 0.99),
    "listing_heldout3": (1.0, 1.0, 0.98),
    "listing_heldout4": (1.0, 1.0, 0.97),
    "listing_heldout5": (1.0, 1.0, 1.0),
    "listing_heldout6": (1.0, 1.0, 1.0),
    "listing_heldout7": (1.0, 1.0, 1.0),
    "listing_heldout8": (1.0, 1.0, 0.98),
}
_LANG = re.compile(rb"<html[^>]*\slang=[\"']?([A-Za-z-]{2,12})", re.I)


def _norm_url(url: str, base: str) -> str:
    """Same matching key as the benchmark: resolved, fragment dropped, path percent-decoded."""
    parts = urlsplit(urljoin(base, url))
    return f"{parts.scheme}://{parts.netloc.lower()}{unquote(parts.path)}?{parts.query}"


def _norm_text(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFC", text).replace("...", "…").split())


def _item_f1(matched: int, predicted: int, expected: int) -> float:
    if predicted == expected == 0:
        return 1.0
    precision = matched / predicted if predicted else 0.0
    recall = matched / expected if expected else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _page(key: str) -> tuple[list[ListingItem], dict[str, Any], bytes]:
    folder, name = key.split("/")
    expected = json.loads((ROOT / folder / f"{name}.expected.json").read_text(encoding="utf-8"))
    body = (ROOT / folder / f"{name}.html").read_bytes()
    return detect_listing(body, base_url=str(expected["page_url"])), expected, body


def test_every_held_out_page_has_a_floor() -> None:
    """A page added to a set without a floor would silently go unchecked."""
    pages = {f"{p.parent.name}/{p.name.removesuffix('.expected.json')}"
             for folder in TEXT_FLOOR for p in (ROOT / folder).glob("*.expected.json")}
    assert pages == set(F1_FLOOR)


@pytest.mark.parametrize("key", sorted(F1_FLOOR))
def test_held_out_item_f1_floor(key: str) -> None:
    items, expected, _ = _page(key)
    base = str(expected["page_url"])
    predicted = {_norm_url(i.url, base) for i in items}
    wanted = {_norm_url(w["url"], base) for w in expected["items"]}
    f1 = _item_f1(len(predicted & wanted), len(items), len(wanted))
    assert f1 >= F1_FLOOR[key] - 1e-9, f"{key}: item F1 {f1:.3f} < floor {F1_FLOOR[key]}"


@pytest.mark.parametrize("folder", sorted(TEXT_FLOOR))
def test_held_out_titles_teasers_and_dates(folder: str) -> None:
    matched = titles = teasers = dates = 0
    wrong: list[str] = []
    for key in sorted(k for k in F1_FLOOR if k.startswith(folder + "/")):
        items, expected, body = _page(key)
        base = str(expected["page_url"])
        lang = _LANG.search(body)
        found = {_norm_url(i.url, base): i for i in items}
        for want in expected["items"]:
            item = found.get(_norm_url(want["url"], base))
            if item is None:
                continue
            matched += 1
            titles += _norm_text(item.title) == _norm_text(want["title"])
            teaser_ok = _norm_text(item.teaser) == _norm_text(want.get("teaser"))
            teasers += teaser_ok
            shown = find_date(item.date_text, lang=lang.group(1).decode() if lang else None,
                              now=NOW) if item.date_text else None
            date_ok = (shown.date.isoformat() if shown else None) == want.get("date")
            dates += date_ok
            if not (teaser_ok and date_ok):
                wrong.append(f"{key}: {item.teaser!r} {item.date_text!r}")
    rates = (titles / matched, teasers / matched, dates / matched)
    floors = TEXT_FLOOR[folder]
    assert all(rate >= floor - 1e-9 for rate, floor in zip(rates, floors, strict=True)), \
        (rates, wrong)
