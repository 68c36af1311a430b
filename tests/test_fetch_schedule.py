"""Schedule maths: Retry-After (N21), clamping, backoff, the adaptive interval."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.fetch.schedule import (
    QUIET_FACTOR,
    adaptive_interval,
    backoff_seconds,
    clamp_retry_after,
    parse_retry_after,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
HOUR, DAY = 3600, 86400


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("999999999", 999999999.0),  # parsed as given; clamping is the caller's step
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        ("Fri, 01 May 2026 14:00:00 +0200", 0.0),  # the same instant as NOW
        ("Fri, 01 May 2026 13:00:00 GMT", 3600.0),
        ("Friday, 01-May-26 13:00:00 GMT", 3600.0),  # obsolete RFC 850 form
    ],
)
def test_parse_retry_after(value: str, expected: float) -> None:
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "-5", "1.5", "soon", "Mon, 32 Foo 2023", "9" * 400, "１２０",
     format_datetime(NOW - timedelta(hours=1), usegmt=True)],
)
def test_garbage_negative_or_past_retry_after_is_none(value: str | None) -> None:
    assert parse_retry_after(value, NOW) is None


@pytest.mark.parametrize(("seconds", "expected"), [(0, 60), (59.9, 60), (61, 61), (999999999, 86400),
                                                   (math.inf, 86400), (-math.inf, 60), (math.nan, 60)])
def test_clamp_retry_after(seconds: float, expected: float) -> None:
    assert clamp_retry_after(seconds) == expected


@given(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1e6),
)
def test_clamp_always_lands_in_range(seconds: float, a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    result = clamp_retry_after(seconds, low, high)
    assert low <= result <= high
    if low <= seconds <= high:
        assert result == seconds


def test_backoff_doubles_up_to_the_maximum() -> None:
    got = [backoff_seconds(n, base=60, maximum=3600, jitter=0) for n in range(9)]
    assert got == [60, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert backoff_seconds(10**6, base=60, maximum=3600, jitter=0) == 3600  # no overflow


def test_backoff_jitter_spreads_within_ten_percent() -> None:
    rng = random.Random(7)
    values = {backoff_seconds(3, base=100, maximum=10_000, rng=rng) for _ in range(200)}
    assert len(values) > 10
    assert all(360 <= v <= 440 for v in values)


@given(
    st.integers(min_value=-5, max_value=10_000),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=1, max_value=10**7),
    st.floats(min_value=0, max_value=0.5),
    st.integers(),
)
def test_backoff_is_always_within_one_and_maximum(
    errors: int, base: int, maximum: int, jitter: float, seed: int
) -> None:
    result = backoff_seconds(errors, base, maximum, jitter=jitter, rng=random.Random(seed))
    assert isinstance(result, int)
    assert 1 <= result <= maximum


@given(st.integers(min_value=1, max_value=200), st.integers(min_value=1, max_value=10**5))
def test_backoff_without_jitter_never_decreases(errors: int, base: int) -> None:
    assert backoff_seconds(errors, base, 10**9, jitter=0) <= backoff_seconds(errors + 1, base, 10**9, jitter=0)


def items(n: int, within: timedelta) -> list[datetime]:
    return [NOW - within * (i + 1) / (n + 1) for i in range(n)]


def test_adaptive_interval_follows_weekly_frequency() -> None:
    args = {"default": 1800, "minimum": 300, "maximum": DAY}
    assert adaptive_interval(items(168, timedelta(days=7)), NOW, **args) == HOUR
    assert adaptive_interval(items(14, timedelta(days=7)), NOW, **args) == 12 * HOUR
    assert adaptive_interval(items(10_000, timedelta(days=7)), NOW, **args) == 300  # minimum
    assert adaptive_interval(items(2, timedelta(days=7)), NOW, **args) == DAY  # maximum


def test_adaptive_interval_without_data_or_without_recent_items() -> None:
    args = {"default": 1800, "minimum": 300, "maximum": DAY}
    assert adaptive_interval([], NOW, **args) == 1800
    old = [NOW - timedelta(days=30), NOW - timedelta(days=8)]
    assert adaptive_interval(old, NOW, **args) == QUIET_FACTOR * 1800
    assert adaptive_interval(old, NOW, default=1800, minimum=300, maximum=3000) == 3000


def test_adaptive_interval_counts_only_the_last_week() -> None:
    args = {"default": 1800, "minimum": 60, "maximum": 10 * DAY}
    recent = items(7, timedelta(days=7))
    old = [NOW - timedelta(days=9)] * 100
    far_future = [NOW + timedelta(days=30)] * 100
    assert adaptive_interval(recent + old + far_future, NOW, **args) == DAY


aware = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)


@given(
    st.lists(aware, max_size=300),
    st.integers(min_value=60, max_value=10 * DAY),
    st.integers(min_value=60, max_value=10 * DAY),
    st.integers(min_value=1, max_value=10 * DAY),
)
def test_adaptive_interval_stays_within_bounds(times: list[datetime], a: int, b: int, default: int) -> None:
    low, high = min(a, b), max(a, b)
    assert low <= adaptive_interval(times, NOW, default, low, high) <= high
