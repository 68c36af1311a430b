"""The public site in a real browser (Debian's chromium via Playwright): what a reader sees.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from newsdesk.model import FetchRecord, NormalizedItem, SourceKind, SourceStatus
from newsdesk.settings import load_settings
from newsdesk.store import Store
from tests.browser import chromium, live_site, require_chromium, screenshot

NOW = datetime.now(UTC).replace(microsecond=0)
LONG = ("A long teaser about the council vote that goes on and on so that the layout must wrap "
        "it over several lines on a phone screen without any horizontal scrolling at all …")


def _item(n: int, title: str, teaser: str, lang: str) -> NormalizedItem:
    return NormalizedItem(
        keys=(f"url:{n:040d}",), guid=None, url=f"https://news.example/{n}", title=title,
        teaser=teaser, summary_html=f"<p>{teaser}</p>", content_html=f"<p>{teaser}</p><p>More.</p>",
        author="Ana", published_at=NOW - timedelta(hours=n), updated_at=None, language=lang,
        content_hash=str(n),
    )


@pytest.fixture
def site(store: Store) -> Iterator[str]:
    require_chromium()
    src = store.add_source("https://news.example/feed", kind=SourceKind.FEED, name="News Example",
                           tags=("world",), now=NOW)
    items = [_item(i, f"Story number {i}", LONG, "en") for i in range(1, 30)]
    items.append(_item(0, "بوستان بزرگ نارون‌دشت بازگشایی شد", "متن فارسی درباره بازگشایی بوستان …", "fa"))
    store.apply_fetch(FetchRecord(source_id=src.id, started_at=NOW, duration_ms=1, outcome="ok",
                                  next_check_at=NOW, interval_seconds=1800,
                                  status=SourceStatus.ACTIVE, items=tuple(items)), "t")
    settings = load_settings(env={}, overrides={"database_url": store.url})
    with live_site(store, settings) as url:
        yield url


def _watch(page: Any) -> list[str]:
    """Console errors and CSP violations seen by the page."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_home_item_paging_rtl_phone(site: str, database_url: str) -> None:
    db = "pg" if database_url.startswith("postgres") else "sqlite"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems = _watch(page)
        page.goto(site + "/")
        first = page.locator("article").first
        assert first.locator("h2 a").inner_text() == "بوستان بزرگ نارون‌دشت بازگشایی شد"
        assert first.get_attribute("dir") == "rtl" and first.get_attribute("lang") == "fa"
        assert page.locator("article").count() == 20
        second = page.locator("article").nth(1)
        assert second.locator("h2 a").inner_text() == "Story number 1"
        assert second.inner_text().count("…") == 1
        screenshot(page, f"home-{db}")

        second.get_by_text("Read more").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Story number 1"
        assert "More." in page.locator("article").inner_text()
        screenshot(page, f"item-{db}")

        page.goto(site + "/")
        page.locator("a[rel=next]").click()
        page.wait_for_load_state()
        titles = page.locator("article h2 a").all_inner_texts()
        assert titles[0] == "Story number 20" and len(titles) == 10
        page.locator("a[rel=prev]").click()  # Newer: back to the first page
        page.wait_for_load_state()
        assert page.locator("article h2 a").nth(1).inner_text() == "Story number 1"
        assert page.locator("article").count() == 20
        _check_contrast(page, "light")

        phone = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
        phone_problems = _watch(phone)
        phone.goto(site + "/")
        scroll_width = phone.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375, f"horizontal scroll on a phone: {scroll_width}px"
        screenshot(phone, f"home-phone-{db}")
        for path in ("/sources", "/tags", "/api/docs"):
            phone.goto(site + path)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"horizontal scroll on {path} on a phone: {width}px"
        phone.goto(site + "/")
        phone.locator("article .source a, article a[href^='/sources/']").first.click()
        phone.wait_for_load_state()
        assert phone.url.startswith(site + "/sources/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(phone, f"source-phone-{db}")

        dark = browser.new_page(viewport={"width": 1024, "height": 800}, color_scheme="dark")
        dark_problems = _watch(dark)
        dark.goto(site + "/")
        background = dark.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background != "rgb(255, 255, 255)"
        screenshot(dark, f"home-dark-{db}")
        _check_contrast(dark, "dark")
        assert problems == [] and phone_problems == [] and dark_problems == []


CONTRAST = """
(selector) => {
  const parse = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const el = document.querySelector(selector);
  const fg = lum(parse(getComputedStyle(el).color));
  const bg = lum(parse(getComputedStyle(document.body).backgroundColor));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}
"""


def _check_contrast(page: Any, scheme: str) -> None:
    """WCAG AA: at least 4.5:1 for body text, links, muted metadata and the footer."""
    for selector in ("article p", "article h2 a", "article .meta", ".site-footer", "a[rel=next]"):
        ratio = page.evaluate(CONTRAST, selector)
        assert ratio >= 4.5, f"{scheme}: {selector} has contrast {ratio:.2f}:1"


def test_entity_page_and_item_highlights(store: Store, database_url: str) -> None:
    """A watched entity in a real browser: its page (items with the mention marked, the
    per-day chart), the home filter and an item's entity list; on a phone, no sideways
    scrolling; no console errors or CSP violations."""
    from dataclasses import replace

    from newsdesk.enrich.matcher import Matcher
    from newsdesk.enrich.tagging import tag_item
    from newsdesk.enrich.watchlist import load_watchlist

    require_chromium()
    watch = load_watchlist({"entities": [
        {"id": "mek", "type": "organization", "canonical": "People's Mojahedin Organization of Iran",
         "aliases": [{"text": "MEK", "acronym": True}, {"text": "سازمان مجاهدین خلق", "lang": "fa"}]}]})
    store.replace_watchlist([e.as_data() for e in watch.entities], merge=False, now=NOW)
    matcher, version = Matcher(watch), store.watchlist_version()
    src = store.add_source("https://news.example/feed", kind=SourceKind.FEED, name="News Example",
                           now=NOW)
    items = [
        _item(1, "MEK supporters rally in Paris", "Thousands of MEK supporters gathered. " + LONG, "en"),
        _item(2, "بیانیه سازمان مجاهدین خلق", "متن بیانیه سازمان مجاهدین خلق منتشر شد …", "fa"),
        _item(3, "Weather", "Rain again.", "en"),
    ]
    tagged = tuple(tag_item(matcher, replace(i), version) for i in items)
    store.apply_fetch(FetchRecord(source_id=src.id, started_at=NOW, duration_ms=1, outcome="ok",
                                  next_check_at=NOW, interval_seconds=1800,
                                  status=SourceStatus.ACTIVE, items=tagged), "t")
    db = "pg" if database_url.startswith("postgres") else "sqlite"
    settings = load_settings(env={}, overrides={"database_url": store.url})
    with live_site(store, settings) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        problems = _watch(page)
        page.goto(url + "/entities")
        page.get_by_role("link", name="People's Mojahedin Organization of Iran").click()
        page.wait_for_url("**/entities/mek")
        marks = page.locator("article mark").all_inner_texts()
        assert "MEK" in marks and "سازمان مجاهدین خلق" in marks
        assert page.locator("figure.chart svg rect").count() == 30
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"entity-page-phone-{db}")
        page.goto(url + "/?entity=mek")
        titles = page.locator("article h2").all_inner_texts()
        assert "Weather" not in titles and len(titles) == 2
        page.get_by_role("link", name="MEK supporters rally in Paris").first.click()
        assert page.locator("section.entities a[href='/entities/mek']").count() == 1
        assert page.locator("section.entities mark").first.inner_text() == "MEK"
        screenshot(page, f"item-entities-phone-{db}")
        assert problems == []
