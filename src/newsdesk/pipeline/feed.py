"""Feed sources: one GET, parse (RSS/Atom/RDF/JSON Feed), normalise, done."""

from __future__ import annotations

import time
from datetime import datetime

from newsdesk.model import (
    Fetched,
    FetchFailed,
    FetchRecord,
    NormalizedItem,
    NotModified,
    ParseFailed,
    Source,
)
from newsdesk.normalize.items import normalize_items
from newsdesk.parse.feeds import parse_feed
from newsdesk.pipeline.deps import Deps
from newsdesk.pipeline.records import failure, success

Parsed = tuple[tuple[NormalizedItem, ...], str | None, str | None]  # items, feed title, site URL


def parse_and_normalize(
    body: bytes, url: str, charset: str | None, max_items: int, teaser_words: int, now: datetime,
) -> Parsed | ParseFailed:
    """Bytes to stored-ready items: the CPU-heavy half of a fetch, run in a parse process."""
    feed = parse_feed(body, url=url, charset=charset, max_items=max_items)
    if isinstance(feed, ParseFailed):
        return feed
    items = normalize_items(feed.items, feed_url=url, teaser_words=teaser_words, now=now)
    return tuple(items), feed.title, feed.site_url


def fetch_feed(source: Source, deps: Deps) -> FetchRecord:
    started = deps.clock()
    t0 = time.monotonic()
    outcome = deps.get(source.url, etag=source.etag, last_modified=source.last_modified)
    if isinstance(outcome, NotModified):
        return success(source, deps, started, t0, (), outcome=outcome)
    if isinstance(outcome, FetchFailed):
        return failure(source, deps, started, t0, outcome.code, outcome.message,
                       http_status=outcome.status, retry_after=outcome.retry_after,
                       nbytes=outcome.bytes_read)
    assert isinstance(outcome, Fetched)
    s = deps.settings
    parsed = deps.call(parse_and_normalize, outcome.body, outcome.url, outcome.charset,
                       s.max_items_per_fetch, s.teaser_words, started)
    if isinstance(parsed, ParseFailed):
        return failure(source, deps, started, t0, parsed.code, parsed.message,
                       http_status=outcome.status, nbytes=len(outcome.body))
    items, title, site_url = parsed
    return success(source, deps, started, t0, items, outcome=outcome,
                   feed_title=title, site_url=site_url)
