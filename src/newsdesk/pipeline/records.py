"""A fetch's outcome as the `FetchRecord` the store writes: schedule, validators, errors."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta

from newsdesk.errors import ErrorCode
from newsdesk.fetch.schedule import backoff_seconds, clamp_retry_after, interval_from_counts
from newsdesk.model import Fetched, FetchRecord, NormalizedItem, NotModified, Source, SourceStatus
from newsdesk.pipeline.deps import Deps

GONE_RECHECK = timedelta(days=3650)  # 410: not polled again unless a user asks


def success(
    source: Source, deps: Deps, started: datetime, t0: float,
    items: tuple[NormalizedItem, ...], *, outcome: Fetched | NotModified,
    feed_title: str | None = None, site_url: str | None = None, **extra: object,
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
    record = FetchRecord(
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
    return replace(record, **extra) if extra else record  # type: ignore[arg-type]


def failure(
    source: Source, deps: Deps, started: datetime, t0: float, code: str, message: str, *,
    http_status: int | None = None, retry_after: float | None = None, nbytes: int = 0,
    **extra: object,
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
    record = FetchRecord(
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
    return replace(record, **extra) if extra else record  # type: ignore[arg-type]


def internal_error(source: Source, deps: Deps, exc: BaseException) -> FetchRecord:
    """A bug met while processing one source: recorded on it, the other sources go on."""
    started = deps.clock()
    return failure(source, deps, started, time.monotonic(), ErrorCode.INTERNAL_ERROR.value,
                   f"{type(exc).__name__}: {exc}")
