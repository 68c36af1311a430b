"""One source, start to finish: fetch → parse → normalize → schedule → (the store writes).

`fetch_source()` does the network and CPU work and returns a `FetchRecord`; it runs in a
worker's thread pool and only *reads* the store. `Store.apply_fetch()` then writes the record
in one transaction, from one writer. `run_source()` is both, for one source at a time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from newsdesk.errors import ErrorCode
from newsdesk.fetch.client import FetchConfig, SafeClient
from newsdesk.fetch.politeness import HostLimiter
from newsdesk.fetch.schedule import adaptive_interval, backoff_seconds, clamp_retry_after
from newsdesk.model import (
    Fetched,
    FetchFailed,
    FetchRecord,
    IngestResult,
    NormalizedItem,
    NotModified,
    ParseFailed,
    Source,
    SourceKind,
    SourceStatus,
)
from newsdesk.normalize.items import normalize_items
from newsdesk.parse.feeds import parse_feed
from newsdesk.settings import Settings
from newsdesk.store import Store

log = logging.getLogger(__name__)

GONE_RECHECK = timedelta(days=3650)  # 410: not polled again unless a user asks


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    """What the pipeline needs, built once per process and shared by its threads."""

    settings: Settings
    client: SafeClient
    limiter: HostLimiter
    clock: Callable[[], datetime] = field(default=utcnow)

    @classmethod
    def from_settings(cls, settings: Settings) -> Deps:
        return cls(
            settings=settings,
            client=SafeClient(FetchConfig.from_settings(settings)),
            limiter=HostLimiter(settings.fetch_per_host_concurrency, settings.fetch_per_host_delay),
        )

    def close(self) -> None:
        self.client.close()


def fetch_source(source: Source, deps: Deps, store: Store) -> FetchRecord:
    """Fetch and parse one source; never raises for a bad feed (the record says what failed)."""
    started = deps.clock()
    t0 = time.monotonic()
    host = (urlsplit(source.url).hostname or "").lower()
    with deps.limiter.slot(host):
        outcome = deps.client.get(source.url, etag=source.etag, last_modified=source.last_modified)
    if isinstance(outcome, NotModified):
        return _success(source, deps, store, started, t0, (), outcome=outcome)
    if isinstance(outcome, FetchFailed):
        return _failure(source, deps, started, t0, outcome.code, outcome.message,
                        http_status=outcome.status, retry_after=outcome.retry_after,
                        nbytes=outcome.bytes_read)
    parsed = _parse(source, outcome, deps, started)
    if isinstance(parsed, ParseFailed):
        return _failure(source, deps, started, t0, parsed.code, parsed.message,
                        http_status=outcome.status, nbytes=len(outcome.body))
    items, title, site_url = parsed
    return _success(source, deps, store, started, t0, items, outcome=outcome,
                    feed_title=title, site_url=site_url)


def _parse(
    source: Source, fetched: Fetched, deps: Deps, now: datetime
) -> tuple[tuple[NormalizedItem, ...], str | None, str | None] | ParseFailed:
    if source.kind is not SourceKind.FEED:
        return ParseFailed(ErrorCode.PARSE_ERROR.value,
                           f"sources of kind {source.kind.value!r} are not supported yet")
    feed = parse_feed(fetched.body, url=fetched.url, charset=fetched.charset,
                      max_items=deps.settings.max_items_per_fetch)
    if isinstance(feed, ParseFailed):
        return feed
    items = normalize_items(feed.items, feed_url=fetched.url,
                            teaser_words=deps.settings.teaser_words, now=now)
    return tuple(items), feed.title, feed.site_url


def _success(
    source: Source, deps: Deps, store: Store, started: datetime, t0: float,
    items: tuple[NormalizedItem, ...], *, outcome: Fetched | NotModified,
    feed_title: str | None = None, site_url: str | None = None,
) -> FetchRecord:
    s = deps.settings
    week_ago = started - timedelta(days=7)
    times = store.recent_item_times(source.id, week_ago)
    times += [i.published_at for i in items if i.published_at and i.published_at >= week_ago]
    interval = adaptive_interval(times, started, default=s.fetch_interval,
                                 minimum=s.fetch_interval_min, maximum=s.fetch_interval_max)
    fetched = isinstance(outcome, Fetched)
    return FetchRecord(
        source_id=source.id,
        started_at=started,
        duration_ms=int((time.monotonic() - t0) * 1000),
        outcome="ok" if fetched else "not_modified",
        next_check_at=started + timedelta(seconds=interval),
        interval_seconds=interval,
        status=SourceStatus.ACTIVE,
        http_status=outcome.status if isinstance(outcome, Fetched) else 304,
        bytes=len(outcome.body) if isinstance(outcome, Fetched) else 0,
        etag=outcome.etag or (None if fetched else source.etag),
        last_modified=outcome.last_modified or (None if fetched else source.last_modified),
        items=items,
        new_url=outcome.permanent_redirect if isinstance(outcome, Fetched) else None,
        site_url=site_url,
        feed_title=feed_title,
    )


def _failure(
    source: Source, deps: Deps, started: datetime, t0: float, code: str, message: str, *,
    http_status: int | None = None, retry_after: float | None = None, nbytes: int = 0,
) -> FetchRecord:
    s = deps.settings
    errors = source.error_count + 1
    base = max(source.interval_seconds, s.fetch_interval_min)
    if code == ErrorCode.GONE:
        status, delay = SourceStatus.GONE, GONE_RECHECK.total_seconds()
    elif code == ErrorCode.RATE_LIMITED and retry_after is not None:
        status, delay = SourceStatus.ERROR, clamp_retry_after(retry_after, 60, s.fetch_interval_max)
    else:
        status, delay = SourceStatus.ERROR, backoff_seconds(errors, base, s.fetch_interval_max)
    return FetchRecord(
        source_id=source.id,
        started_at=started,
        duration_ms=int((time.monotonic() - t0) * 1000),
        outcome=code,
        next_check_at=started + timedelta(seconds=delay),
        interval_seconds=source.interval_seconds,
        status=status,
        http_status=http_status,
        bytes=nbytes,
        error=f"{code}: {message}",
        error_count=errors,
        keep_validators=True,
    )


def internal_error(source: Source, deps: Deps, exc: BaseException) -> FetchRecord:
    """A bug met while processing one source: recorded on it, the other sources go on."""
    started = deps.clock()
    return _failure(source, deps, started, time.monotonic(), ErrorCode.INTERNAL_ERROR.value,
                    f"{type(exc).__name__}: {exc}")


def run_source(source: Source, deps: Deps, store: Store, worker: str) -> IngestResult:
    record = fetch_source(source, deps, store)
    return store.apply_fetch(record, worker)
