"""One source, start to finish: fetch → parse → extract → normalize → (the store writes).

robots.txt: HTML pages (listings, their older pages, articles, page sources) obey it for
newsdesk's user agent; feeds and sitemaps, which sites publish for machines, do not.

`fetch_source()` does the network and CPU work for one source and returns a `FetchRecord`;
it runs in a worker's thread pool and writes nothing (listing and sitemap sources read
the store's crawl state to skip pages they know). `Store.apply_fetch()` then writes the
record in one transaction, from one writer. `run_source()` is both, for one source.

    feed     feed.fetch_feed        GET → parse_feed → normalize
    listing  listing.fetch_listing  GET → detect_listing (+ backfill) → crawl new pages
    sitemap  sitemap.fetch_sitemap  GET → walk the index → crawl new/changed pages
    page     page.fetch_page        GET → extract_article → one item
"""

from __future__ import annotations

from collections.abc import Callable

from newsdesk.model import FetchRecord, IngestResult, Source, SourceKind
from newsdesk.pipeline.deps import Deps, die_with_parent, parse_process_count, utcnow
from newsdesk.pipeline.feed import fetch_feed, parse_and_normalize
from newsdesk.pipeline.listing import fetch_listing
from newsdesk.pipeline.page import fetch_page
from newsdesk.pipeline.records import internal_error
from newsdesk.pipeline.sitemap import fetch_sitemap
from newsdesk.store import Store

__all__ = [
    "Deps", "die_with_parent", "fetch_source", "internal_error", "parse_and_normalize",
    "parse_process_count", "run_source", "utcnow",
]

_BY_KIND: dict[SourceKind, Callable[[Source, Deps], FetchRecord]] = {
    SourceKind.FEED: fetch_feed,
    SourceKind.LISTING: fetch_listing,
    SourceKind.SITEMAP: fetch_sitemap,
    SourceKind.PAGE: fetch_page,
}


def fetch_source(source: Source, deps: Deps) -> FetchRecord:
    """Fetch and process one source; never raises for bad input (the record says what
    failed)."""
    return _BY_KIND[source.kind](source, deps)


def run_source(source: Source, deps: Deps, store: Store, worker: str) -> IngestResult:
    record = fetch_source(source, deps)
    return store.apply_fetch(record, worker)
