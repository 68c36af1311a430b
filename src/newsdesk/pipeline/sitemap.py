"""Sitemap sources: a sitemap (or index of sitemaps, gzipped or not, Google News or not)
whose new and changed pages become items.

Each check: GET the sitemap (conditional); for an index, walk its sitemaps newest first
(`SitemapWalk`: each once, at most `sitemap_max_sitemaps`, no deeper than
`sitemap_max_depth`, within `crawl_deadline`; a sitemap that fails is noted, the others go
on). The pages that are new, or whose lastmod moved forward, are crawled newest first, at
most `crawl_max_pages` per check. On the first check of a big sitemap, the pages beyond
that bound are marked `skipped` (seen, not fetched): a news desk wants what is published
from now on, not a site's whole archive; they are fetched if their lastmod moves later.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

from newsdesk.model import (
    CrawlMark,
    Fetched,
    FetchFailed,
    FetchRecord,
    NotModified,
    ParseFailed,
    Source,
)
from newsdesk.normalize.items import url_key
from newsdesk.parse.sitemaps import Sitemap, SitemapEntry, SitemapWalk, parse_sitemap
from newsdesk.pipeline.crawl import Candidate, Crawl
from newsdesk.pipeline.deps import Deps
from newsdesk.pipeline.records import failure, success

_OLDEST = datetime(1970, 1, 1, tzinfo=UTC)


def read_sitemap(body: bytes, url: str, max_urls: int, max_bytes: int) -> Sitemap | ParseFailed:
    """`parse_sitemap` with positional arguments, for a parse process."""
    return parse_sitemap(body, url=url, max_urls=max_urls, max_decompressed=max_bytes)


def fetch_sitemap(source: Source, deps: Deps) -> FetchRecord:
    started = deps.clock()
    t0 = time.monotonic()
    outcome = deps.get(source.url, etag=source.etag, last_modified=source.last_modified)
    if isinstance(outcome, NotModified):
        return success(source, deps, started, t0, (), outcome=outcome)
    if isinstance(outcome, FetchFailed):
        return failure(source, deps, started, t0, outcome.code, outcome.message,
                       http_status=outcome.status, retry_after=outcome.retry_after,
                       nbytes=outcome.bytes_read)
    s = deps.settings
    first = deps.call(read_sitemap, outcome.body, outcome.url, s.sitemap_max_urls,
                      s.fetch_max_bytes)
    if isinstance(first, ParseFailed):
        return failure(source, deps, started, t0, first.code, first.message,
                       http_status=outcome.status, nbytes=len(outcome.body))
    crawl = Crawl(source, deps, started)
    entries, problems = _walk(deps, crawl, source.url, outcome.url, first)
    candidates = _merged(entries)
    due = crawl.due(candidates, crawl.known(candidates))
    due.sort(key=lambda c: c.lastmod or c.published_at or _OLDEST, reverse=True)
    limit = s.crawl_max_pages
    if source.last_success_at is None and len(due) > limit:
        crawl.marks += [CrawlMark(c.key, c.url, "skipped", c.lastmod) for c in due[limit:]]
        due = due[:limit]
    crawl.visit_all(due, keep_listing=False)
    notes = [n for n in (crawl.note(), "; ".join(problems)) if n]
    return success(source, deps, started, t0, crawl.items(), outcome=outcome,
                   crawled=tuple(crawl.marks), note=" | ".join(notes) or None)


def _walk(deps: Deps, crawl: Crawl, source_url: str, url: str,
          first: Sitemap) -> tuple[list[SitemapEntry], list[str]]:
    """Every page entry of the sitemap and the sitemaps it lists, within the bounds."""
    s = deps.settings
    walk = SitemapWalk(max_sitemaps=s.sitemap_max_sitemaps, max_depth=s.sitemap_max_depth)
    walk.admit(source_url, 0)
    walk.admit(url, 0)
    entries: list[SitemapEntry] = []
    problems: list[str] = []
    queue: list[tuple[Sitemap, int]] = [(first, 0)]
    while queue:
        sitemap, depth = queue.pop(0)
        if sitemap.kind != "index":
            entries += sitemap.entries
            continue
        children = sorted(sitemap.entries, key=lambda e: e.lastmod or _OLDEST, reverse=True)
        for child in children:
            if time.monotonic() > crawl.deadline:
                problems.append("the sitemap walk stopped at the crawl deadline")
                return entries, problems
            if not walk.admit(child.url, depth + 1):
                continue
            outcome = deps.get(child.url)
            if not isinstance(outcome, Fetched):
                message = outcome.message if isinstance(outcome, FetchFailed) else "304"
                problems.append(f"sitemap {child.url}: {message}")
                continue
            found = deps.call(read_sitemap, outcome.body, outcome.url, s.sitemap_max_urls,
                              s.fetch_max_bytes)
            if isinstance(found, ParseFailed):
                problems.append(f"sitemap {child.url}: {found.code}: {found.message}")
                continue
            queue.append((found, depth + 1))
    return entries, problems


def _merged(entries: list[SitemapEntry]) -> list[Candidate]:
    """One candidate per page: a page listed by several sitemaps (a news sitemap and the
    full one) takes the news fields of the first and the latest lastmod of all."""
    out: dict[str, Candidate] = {}
    for entry in entries:
        c = _candidate(entry)
        if c is None:
            continue
        seen = out.get(c.key)
        if seen is None:
            out[c.key] = c
        elif c.lastmod and (seen.lastmod is None or c.lastmod > seen.lastmod):
            out[c.key] = replace(seen, lastmod=c.lastmod)
    return list(out.values())


def _candidate(entry: SitemapEntry) -> Candidate | None:
    key = url_key(entry.url)
    if key is None:
        return None
    return Candidate(url=entry.url, key=key, title=entry.news_title,
                     published_at=entry.news_published, language=entry.news_language,
                     lastmod=entry.lastmod or entry.news_published)
