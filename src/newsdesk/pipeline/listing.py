"""Listing sources: an HTML page that lists articles and has no feed.

Each check: GET the listing (conditional), find its items (`parse.listing`), and on the
first successful check follow its "next / older" links up to `backfill_pages` more pages
(robots.txt obeyed, each page once). Items whose pages are new are crawled (`crawl.Crawl`):
the article's text and metadata, the listing's own title and teaser kept (the editor wrote
them). A listing that yielded items at the last check and yields none now is flagged
`layout_changed` ("has the layout changed?"); one that never yielded any is
`not_a_listing`. Links back to the listing's own pages are never items.

Pending items (beyond `crawl_max_pages`) are stored from the listing at once and their
pages fetched at later checks, when the listing has changed (a 304 leaves them waiting).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from newsdesk.errors import ErrorCode
from newsdesk.extract.article import parse_html
from newsdesk.extract.dates import as_datetime, find_date
from newsdesk.extract.metadata import primary_language
from newsdesk.model import Fetched, FetchFailed, FetchRecord, NotModified, Source
from newsdesk.normalize.items import url_key
from newsdesk.parse.listing import detect_listing, looks_like_articles
from newsdesk.parse.pagination import next_page_url
from newsdesk.pipeline.crawl import Candidate, Crawl
from newsdesk.pipeline.deps import Deps
from newsdesk.pipeline.records import failure, success


@dataclass(frozen=True, slots=True)
class ListingPage:
    candidates: tuple[Candidate, ...]
    next_url: str | None
    language: str | None


def read_listing(body: bytes, url: str, charset: str | None, now: datetime) -> ListingPage:
    """The items of one listing page and its next-page link (run in a parse process)."""
    tree = parse_html(body, charset)
    lang = None if isinstance(tree, str) else tree.get("lang")
    next_url = None if isinstance(tree, str) else next_page_url(tree, url)
    found = []
    items = detect_listing(body, base_url=url, charset=charset)
    for item in items if looks_like_articles(items) else []:
        key = url_key(item.url)
        if key is None:
            continue
        shown = find_date(item.date_text, lang=lang, now=now) if item.date_text else None
        found.append(Candidate(
            url=item.url, key=key, title=item.title, teaser=item.teaser,
            published_at=as_datetime(shown) if shown else None,
            language=primary_language(lang),
        ))
    return ListingPage(tuple(found), next_url, lang)


def fetch_listing(source: Source, deps: Deps) -> FetchRecord:
    started = deps.clock()
    t0 = time.monotonic()
    if not deps.allowed(source.url):
        return failure(source, deps, started, t0, ErrorCode.ROBOTS_DISALLOWED.value,
                       "robots.txt disallows newsdesk from this page")
    outcome = deps.get(source.url, etag=source.etag, last_modified=source.last_modified)
    if isinstance(outcome, NotModified):
        return success(source, deps, started, t0, (), outcome=outcome)
    if isinstance(outcome, FetchFailed):
        return failure(source, deps, started, t0, outcome.code, outcome.message,
                       http_status=outcome.status, retry_after=outcome.retry_after,
                       nbytes=outcome.bytes_read)
    page = deps.call(read_listing, outcome.body, outcome.url, outcome.charset, started)
    own = {url_key(source.url), url_key(outcome.url)}
    candidates = [c for c in page.candidates if c.key not in own]
    candidates = candidates[:deps.settings.max_items_per_fetch]
    before = source.listing_items or 0
    if not candidates:
        if before or source.item_count:
            return _layout_changed(source, deps, started, t0, outcome, before)
        return failure(source, deps, started, t0, ErrorCode.NOT_A_LISTING.value,
                       "no list of items was found on the page", http_status=outcome.status,
                       nbytes=len(outcome.body), listing_items=0)
    listed = len(candidates)
    if source.last_success_at is None:
        candidates += _backfill(source, deps, page.next_url, own, started)
    crawl = Crawl(source, deps, started)
    known = crawl.known(candidates)
    crawl.visit_all(crawl.due(candidates, known), keep_listing=True)
    if before and not known and crawl.outcomes and not crawl.outcomes["article"]:
        # none of what the page lists now was listed before, and none of it is an article
        # (an app shell's menu, a cookie wall's links): the items are gone, not replaced
        return _layout_changed(source, deps, started, t0, outcome, before)
    return success(source, deps, started, t0, crawl.items(), outcome=outcome,
                   listing_items=listed, crawled=tuple(crawl.marks), note=crawl.note())


def _layout_changed(source: Source, deps: Deps, started: datetime, t0: float,
                    outcome: Fetched, before: int) -> FetchRecord:
    message = (f"the page listed {before or 'some'} items before and lists no articles now: "
               "has its layout changed?")
    return failure(source, deps, started, t0, ErrorCode.LAYOUT_CHANGED.value, message,
                   http_status=outcome.status, nbytes=len(outcome.body))


def _backfill(source: Source, deps: Deps, next_url: str | None, own: set[str | None],
              now: datetime) -> list[Candidate]:
    """The items of up to `backfill_pages` older pages, following next links."""
    found: list[Candidate] = []
    seen = set(own)
    for _ in range(deps.settings.backfill_pages):
        key = url_key(next_url) if next_url else None
        if next_url is None or key is None or key in seen or not deps.allowed(next_url):
            break
        seen.add(key)
        outcome = deps.get(next_url)
        if not isinstance(outcome, Fetched):
            break
        seen.add(url_key(outcome.url))
        page = deps.call(read_listing, outcome.body, outcome.url, outcome.charset, now)
        found += [c for c in page.candidates if c.key not in seen]
        found = found[:deps.settings.max_items_per_fetch]
        next_url = page.next_url
    return found
