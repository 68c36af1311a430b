"""Solar Hijri dates on the demo's Persian outlet."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.demo.jalali import gregorian_to_jalali, persian_date


@pytest.mark.parametrize(
    ("gregorian", "jalali"),
    [
        ((2020, 3, 20), (1399, 1, 1)),  # Nowruz
        ((2023, 3, 21), (1402, 1, 1)),
        ((2024, 3, 20), (1403, 1, 1)),
        ((2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year
        ((2025, 3, 21), (1404, 1, 1)),
        ((2024, 9, 21), (1403, 6, 31)),  # last 31-day month
        ((2024, 9, 22), (1403, 7, 1)),
        ((2024, 11, 15), (1403, 8, 25)),
    ],
)
def test_gregorian_to_jalali(gregorian: tuple[int, int, int], jalali: tuple[int, int, int]) -> None:
    assert gregorian_to_jalali(*gregorian) == jalali


def test_persian_date_is_tehran_time_in_persian_digits() -> None:
    # 21:00 UTC on 20 March 2025 is 00:30 on 21 March in Tehran: Nowruz 1404
    assert persian_date(datetime(2025, 3, 20, 21, 0, tzinfo=UTC)) == "۱ فروردین ۱۴۰۴، ساعت ۰۰:۳۰"
