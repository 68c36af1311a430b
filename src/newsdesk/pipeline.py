"""One source, start to finish: fetch → parse → normalize → schedule → (the store writes).

`fetch_source()` does the network and CPU work and returns a `FetchRecord`; it runs in a
worker's thread pool and never touches the database. `Store.apply_fetch()` then writes the record
in one transaction, from one writer. `run_source()` is both, for one source at a time.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from newsdesk.errors import ErrorCode
from newsdesk.fetch.client import FetchConfig, SafeClient
from newsdesk.fetch.politeness import HostLimiter
from newsdesk.fetch.schedule import backoff_seconds, clamp_retry_after, interval_from_counts
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

GONE_RECHECK = timedelta(days=3650)
PR_SET_PDEATHSIG = 1  # 410: not polled again unless a user asks


def utcnow() -> datetime:
    return datetime.now(UTC)


Parsed = tuple[tuple[NormalizedItem, ...], str | None, str | None]  # items, feed title, site URL


def parse_and_normalize(
    kind: SourceKind, body: bytes, url: str, charset: str | None, max_items: int,
    teaser_words: int, now: datetime,
) -> Parsed | ParseFailed:
    """Bytes to stored-ready items: the CPU-heavy half of a fetch, run in a parse process."""
    if kind is not SourceKind.FEED:
        return ParseFailed(ErrorCode.PARSE_ERROR.value,
                           f"sources of kind {kind.value!r} are not supported yet")
    feed = parse_feed(body, url=url, charset=charset, max_items=max_items)
    if isinstance(feed, ParseFailed):
        return feed
    items = normalize_items(feed.items, feed_url=url, teaser_words=teaser_words, now=now)
    return tuple(items), feed.title, feed.site_url


def parse_process_count(setting: int) -> int:
    if setting >= 0:
        return setting
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cpus if cpus > 1 else 0


def die_with_parent(parent_pid: int) -> None:
    """In a parse process: end when the process that started it ends, even by SIGKILL, so a
    killed worker leaves no orphans (Linux prctl PR_SET_PDEATHSIG; it follows the starting
    *thread*, which is why the worker's fetch threads live as long as its Deps)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: orphans end when their queue breaks
        pass
    if os.getppid() != parent_pid:  # the parent died before the prctl took effect
        os._exit(1)


@dataclass
class Deps:
    """What the pipeline needs, built once per process and shared by its threads.

    Parsing (feedparser) and cleaning (nh3, teasers) hold the GIL; with several CPUs they run
    in a pool of processes, spawned (never forked from this threaded process) on first use."""

    settings: Settings
    client: SafeClient
    limiter: HostLimiter
    clock: Callable[[], datetime] = field(default=utcnow)
    processes: int = 0
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Deps:
        return cls(
            settings=settings,
            client=SafeClient(FetchConfig.from_settings(settings)),
            limiter=HostLimiter(settings.fetch_per_host_concurrency, settings.fetch_per_host_delay),
            processes=parse_process_count(settings.parse_processes),
        )

    def parse(self, kind: SourceKind, fetched: Fetched, now: datetime) -> Parsed | ParseFailed:
        args = (kind, fetched.body, fetched.url, fetched.charset,
                self.settings.max_items_per_fetch, self.settings.teaser_words, now)
        pool = self._parse_pool()
        if pool is None:
            return parse_and_normalize(*args)
        return pool.submit(parse_and_normalize, *args).result()

    def _parse_pool(self) -> ProcessPoolExecutor | None:
        if self.processes <= 0:
            return None
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=die_with_parent, initargs=(os.getpid(),),
                )
            return self._pool

    def close(self) -> None:
        self.client.close()
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


def fetch_source(source: Source, deps: Deps) -> FetchRecord:
    """Fetch and parse one source; never raises for a bad feed (the record says what failed)."""
    started = deps.clock()
    t0 = time.monotonic()
    host = (urlsplit(source.url).hostname or "").lower()
    with deps.limiter.slot(host):
        outcome = deps.client.get(source.url, etag=source.etag, last_modified=source.last_modified)
    if isinstance(outcome, NotModified):
        return _success(source, deps, started, t0, (), outcome=outcome)
    if isinstance(outcome, FetchFailed):
        return _failure(source, deps, started, t0, outcome.code, outcome.message,
                        http_status=outcome.status, retry_after=outcome.retry_after,
                        nbytes=outcome.bytes_read)
    parsed = deps.parse(source.kind, outcome, started)
    if isinstance(parsed, ParseFailed):
        return _failure(source, deps, started, t0, parsed.code, parsed.message,
                        http_status=outcome.status, nbytes=len(outcome.body))
    items, title, site_url = parsed
    return _success(source, deps, started, t0, items, outcome=outcome,
                    feed_title=title, site_url=site_url)


def _success(
    source: Source, deps: Deps, started: datetime, t0: float,
    items: tuple[NormalizedItem, ...], *, outcome: Fetched | NotModified,
    feed_title: str | None = None, site_url: str | None = None,
) -> FetchRecord:
    s = deps.settings
    week_ago = started - timedelta(days=7)
    # counts taken when the source was claimed; this fetch's items may or may not be among
    # them: the larger count is the better estimate of what the source published this week
    # (a feed lists its latest items)
    recent = max(source.items_last_week,
                 sum(1 for i in items if i.published_at and i.published_at >= week_ago))
    interval = interval_from_counts(recent, bool(source.item_count or items), s.fetch_interval,
                                    s.fetch_interval_min, s.fetch_interval_max)
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
    record = fetch_source(source, deps)
    return store.apply_fetch(record, worker)
