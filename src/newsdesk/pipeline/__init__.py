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

import importlib
from typing import TYPE_CHECKING, Any

from newsdesk.model import FetchRecord, IngestResult, Source, SourceKind
from newsdesk.pipeline.deps import Deps, die_with_parent, parse_process_count, utcnow
from newsdesk.pipeline.records import internal_error

if TYPE_CHECKING:
    from newsdesk.store import Store

__all__ = [
    "Deps", "die_with_parent", "fetch_source", "internal_error", "parse_process_count",
    "retag_batch", "run_source", "tag_record", "utcnow",
]

# The stage modules are imported on first use, not with the package: a spawned parse
# process imports this package to reach one function, and trafilatura, lxml and feedparser
# would cost it seconds before its first parse.
_BY_KIND: dict[SourceKind, tuple[str, str]] = {
    SourceKind.FEED: ("newsdesk.pipeline.feed", "fetch_feed"),
    SourceKind.LISTING: ("newsdesk.pipeline.listing", "fetch_listing"),
    SourceKind.SITEMAP: ("newsdesk.pipeline.sitemap", "fetch_sitemap"),
    SourceKind.PAGE: ("newsdesk.pipeline.page", "fetch_page"),
}


def _function(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


def fetch_source(source: Source, deps: Deps) -> FetchRecord:
    """Fetch and process one source; never raises for bad input (the record says what
    failed)."""
    record: FetchRecord = _function(*_BY_KIND[source.kind])(source, deps)
    return tag_record(record, deps)


def tag_record(record: FetchRecord, deps: Deps) -> FetchRecord:
    result: FetchRecord = _function("newsdesk.pipeline.tagging", "tag_record")(record, deps)
    return result


def retag_batch(store: Store, deps: Deps, limit: int = 200) -> int:
    """Re-tag up to `limit` stored items of an older watchlist version (tagging.py)."""
    done: int = _function("newsdesk.pipeline.tagging", "retag_batch")(store, deps, limit)
    return done


def run_source(source: Source, deps: Deps, store: Store, worker: str) -> IngestResult:
    record = fetch_source(source, deps)
    return store.apply_fetch(record, worker)
