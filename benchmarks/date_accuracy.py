"""Publication-date accuracy, per calendar.

    .venv/bin/python benchmarks/date_accuracy.py [--verbose]

Two sets:

1. **Listing dates** — ../shared/fixtures/listing/NAME.html + NAME.expected.json (items with a
   `date`, skipped with a message when ../shared is absent): the items `detect_listing`
   finds, matched to the expected ones by URL; the date text next to each is read with
   `extract.dates.find_date` (the page's `lang`, a fixed "now") and compared with the
   expected calendar date. Counted per calendar the page prints (Jalali for Persian pages,
   Gregorian otherwise): correct / wrong / no date found / item not found. The same for the
   held-out news listing sets in tests/fixtures/listing_heldout*/ (in the repository).
2. **Article dates** — every article page of the loopback news site
   (tests/servers/newssite.py, fixture written for newsdesk), read by `extract_article`, in
   two forms: as served (JSON-LD and meta tags present) and with every machine-readable
   date removed (JSON-LD, meta, <time datetime>), which leaves only the printed dateline,
   in Persian/Jalali or Gregorian. Published date compared to the truth: the exact instant
   (as served); the instant or, for a dateline without a time, the printed calendar date
   (visible text only). The page whose body is only in JSON-LD is left out of the second form.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.extract.article import extract_article  # noqa: E402
from newsdesk.extract.dates import find_date  # noqa: E402
from newsdesk.model import Article  # noqa: E402
from newsdesk.parse.listing import detect_listing  # noqa: E402

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
_LANG = re.compile(rb"<html[^>]*\slang=[\"']?([A-Za-z-]{2,12})", re.I)
_MACHINE_DATES = [
    re.compile(rb"<script type=\"application/ld\+json\">.*?</script>", re.S),
    re.compile(rb"<meta[^>]+(?:published_time|modified_time|updated_time|date)[^>]*>", re.I),
    re.compile(rb"\sdatetime=\"[^\"]*\""),
]


def listing_dates(folders: list[Path], verbose: bool) -> dict[str, Counter[str]]:
    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    for folder in folders:
        if not folder.is_dir():
            print(f"listing dates: {folder} is absent, skipped")
            continue
        _listing_folder(folder, tallies, verbose)
    return tallies


def _listing_folder(folder: Path, tallies: dict[str, Counter[str]], verbose: bool) -> None:
    for expected_file in sorted(folder.glob("*.expected.json")):
        expected = json.loads(expected_file.read_text("utf-8"))
        body = expected_file.with_name(expected_file.name.replace(".expected.json", ".html")).read_bytes()
        m = _LANG.search(body)
        lang = m.group(1).decode() if m else None
        calendar = "jalali" if lang and lang.startswith("fa") else "gregorian"
        found = {i.url: i for i in detect_listing(body, base_url=expected["page_url"])}
        for item in expected["items"]:
            if "date" not in item:
                continue
            got = found.get(item["url"])
            if got is None:
                tallies[calendar]["item not found"] += 1
                continue
            shown = find_date(got.date_text, lang=lang, now=NOW) if got.date_text else None
            if shown is None:
                outcome = "no date found"
            else:
                outcome = "correct" if shown.date.isoformat() == item["date"] else "wrong"
            tallies[calendar][outcome] += 1
            if verbose and outcome != "correct":
                print(f"  {expected_file.name}: {item['url']}: {outcome}: {got.date_text!r} "
                      f"-> {shown.date if shown else None}, expected {item['date']}")


def article_dates(verbose: bool) -> dict[str, Counter[str]]:
    from tests.servers.newssite import start_news_site

    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    site = start_news_site()
    try:
        for article in site.articles:
            if article.kind not in {"article", "jsonld_only"}:
                continue
            body = urllib.request.urlopen(site.direct_url(article.path)).read()
            stripped = body
            for pattern in _MACHINE_DATES:
                stripped = pattern.sub(b"", stripped)
            calendar = "jalali" if article.language == "fa" else "gregorian"
            forms = [("as served", body, True), ("visible text only", stripped, False)]
            if article.kind == "jsonld_only":  # without its JSON-LD the page has no text
                forms = forms[:1]
            for form, page, exact in forms:
                got = extract_article(page, url=article.url, now=NOW, content_type="text/html")
                when = got.published_at if isinstance(got, Article) else None
                if when is None:
                    outcome = "no date found"
                elif exact:
                    outcome = "correct" if when == article.published else "wrong"
                else:
                    # a dateline with a time gives the instant; one without, the printed day
                    shown_day = _printed_day(article.published, calendar)
                    right = when == article.published or when.date() == shown_day
                    outcome = "correct" if right else "wrong"
                tallies[f"{calendar}, {form}"][outcome] += 1
                if verbose and outcome != "correct":
                    print(f"  {article.slug} ({form}): {outcome}: {when}, expected {article.published}")
    finally:
        site.close()
    return tallies


def _printed_day(published: datetime, calendar: str) -> object:
    """The calendar date a dateline prints: Tehran time for the Persian pages."""
    from newsdesk.extract.dates import TEHRAN

    return published.astimezone(TEHRAN).date() if calendar == "jalali" else published.date()


def report(title: str, tallies: dict[str, Counter[str]]) -> None:
    print(title)
    for name, counts in sorted(tallies.items()):
        total = sum(counts.values())
        share = counts["correct"] / total if total else 0.0
        rest = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "correct")
        print(f"  {name:32s} {counts['correct']:3d}/{total:<3d} = {share:.3f}  {rest}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    report("listing dates (../shared/fixtures/listing), per calendar:",
           listing_dates([args.shared / "fixtures" / "listing"], args.verbose))
    held_out = sorted((ROOT / "tests" / "fixtures").glob("listing_heldout*"))
    report("listing dates (tests/fixtures/listing_heldout*, sets written blind), per calendar:",
           listing_dates(held_out, args.verbose))
    report("article dates (loopback news site), per calendar and form:",
           article_dates(args.verbose))


if __name__ == "__main__":
    main()
