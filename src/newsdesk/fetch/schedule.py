"""Schedule maths, pure functions: Retry-After, backoff, the adaptive polling interval.

All datetimes are timezone-aware (UTC); all results are seconds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

WEEK = timedelta(days=7)
# An item dated up to this far in the future still counts as recent (clock skew).
FUTURE_SKEW = timedelta(days=1)
# With no item in the last week, the interval grows to this many times the default.
QUIET_FACTOR = 4


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date.

    Unclamped (see `clamp_retry_after`). None for a missing, garbage, negative or
    non-finite value, and for a date in the past.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        seconds = float(text)
        return seconds if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - now).total_seconds()
    return seconds if seconds >= 0 else None


def clamp_retry_after(seconds: float, minimum: float = 60, maximum: float = 86400) -> float:
    """`seconds` held within [minimum, maximum]; NaN gives `minimum`."""
    if math.isnan(seconds):
        return float(minimum)
    return float(min(max(seconds, minimum), maximum))


def backoff_seconds(
    error_count: int,
    base: int,
    maximum: int,
    jitter: float = 0.1,
    rng: random.Random | None = None,
) -> int:
    """Seconds until the next try after `error_count` consecutive failures.

    `base` after the first failure, doubling with each further one, never above `maximum`;
    then spread by ±`jitter` (a fraction) so failing sources don't retry in lock-step,
    still within [1, maximum].
    """
    exponent = min(max(error_count, 1) - 1, 62)
    delay = min(float(base) * (2**exponent), float(maximum))
    if jitter > 0:
        uniform = rng.uniform if rng is not None else random.uniform
        delay *= 1 + uniform(-jitter, jitter)
    return int(min(max(round(delay), 1), maximum))


def adaptive_interval(
    recent_item_times: Sequence[datetime],
    now: datetime,
    default: int,
    minimum: int,
    maximum: int,
) -> int:
    """Seconds until the next check, from how often the source published lately.

    Like Miniflux's entry-frequency scheduler: with n items published in the last 7 days
    the interval is 7 days / n, clamped to [minimum, maximum]. No publication times at all
    (a new source, or items without dates): `default`. Times known but none in the last
    week: the source has gone quiet, so `QUIET_FACTOR` × default, clamped.
    """
    recent = sum(1 for t in recent_item_times if now - WEEK < t <= now + FUTURE_SKEW)
    return interval_from_counts(recent, bool(recent_item_times), default, minimum, maximum)


def interval_from_counts(
    published_last_week: int, any_known: bool, default: int, minimum: int, maximum: int
) -> int:
    """`adaptive_interval` from counts a database can give without reading the rows."""
    low, high = min(minimum, maximum), max(minimum, maximum)
    if not any_known:
        return _clamp(default, low, high)
    if published_last_week == 0:
        return _clamp(default * QUIET_FACTOR, low, high)
    return _clamp(round(WEEK.total_seconds() / published_last_week), low, high)


def _clamp(value: int, low: int, high: int) -> int:
    return int(min(max(value, low), high))
