"""Single-page sources: one page watched for its article (a statement, a profile, a
report that is updated in place). The page is the item; a page that is not an article is
a failure whose code is the reason (too_short, paywall, not_html...)."""

from __future__ import annotations

import time

from newsdesk.errors import ErrorCode
from newsdesk.model import FetchFailed, FetchRecord, NotModified, Rejected, Source
from newsdesk.normalize.items import url_key
from newsdesk.pipeline.crawl import Candidate, Crawl, article_item, extract_page
from newsdesk.pipeline.deps import Deps
from newsdesk.pipeline.records import failure, success


def fetch_page(source: Source, deps: Deps) -> FetchRecord:
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
    s = deps.settings
    found = deps.call(extract_page, outcome.body, outcome.url, outcome.content_type,
                      outcome.charset, started, s.languages, s.extract_min_chars)
    if isinstance(found, Rejected):
        return failure(source, deps, started, t0, found.reason, found.message,
                       http_status=outcome.status, nbytes=len(outcome.body))
    crawl = Crawl(source, deps, started)
    key = url_key(source.url) or ""
    crawl.raws.append(article_item(Candidate(source.url, key), found))
    return success(source, deps, started, t0, crawl.items(), outcome=outcome)
