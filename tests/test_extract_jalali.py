"""extract.jalali: the three anchors, calendar edges, round trip over 1300–1500, digits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.extract.jalali import gregorian_to_jalali, jalali_to_gregorian, to_ascii_digits


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ((1404, 11, 7), date(2026, 1, 27)),  # the fixture anchors (checked with jdatetime)
        ((1404, 11, 5), date(2026, 1, 25)),
        ((1404, 10, 30), date(2026, 1, 20)),
        ((1404, 1, 1), date(2025, 3, 21)),  # Nowruz
        ((1403, 12, 30), date(2025, 3, 20)),  # 1403 is a leap year
        ((1403, 6, 31), date(2024, 9, 21)),  # last 31-day month
        ((1403, 7, 1), date(2024, 9, 22)),
        ((1399, 1, 1), date(2020, 3, 20)),
        ((1300, 1, 1), date(1921, 3, 21)),
    ],
)
def test_anchors_both_ways(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert jalali_to_gregorian(*jalali) == gregorian
    assert gregorian_to_jalali(gregorian) == jalali


@pytest.mark.parametrize(
    "jalali",
    [(1404, 12, 30), (1404, 7, 31), (1404, 13, 1), (1404, 0, 1), (1404, 1, 0), (1404, 1, 32)],
)
def test_impossible_dates_are_refused(jalali: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError):
        jalali_to_gregorian(*jalali)


def test_every_day_1300_to_1500_round_trips_and_is_consecutive() -> None:
    day = jalali_to_gregorian(1300, 1, 1)
    previous = gregorian_to_jalali(day)
    while previous[0] < 1500:
        day += timedelta(days=1)
        current = gregorian_to_jalali(day)
        assert jalali_to_gregorian(*current) == day
        assert current > previous  # no gap, no repeat
        previous = current


@given(st.dates(min_value=date(1921, 3, 21), max_value=date(2121, 3, 20)))
def test_gregorian_round_trip(day: date) -> None:
    assert jalali_to_gregorian(*gregorian_to_jalali(day)) == day


@given(st.integers(1300, 1500), st.integers(1, 12), st.integers(1, 31))
def test_jalali_round_trip(year: int, month: int, day: int) -> None:
    try:
        gregorian = jalali_to_gregorian(year, month, day)
    except ValueError:
        assert month > 6 and (day == 31 or (month == 12 and day == 30))
        return
    assert gregorian_to_jalali(gregorian) == (year, month, day)


def test_to_ascii_digits_keeps_length_and_other_characters() -> None:
    assert to_ascii_digits("۱۴۰۴/۱۱/۰۷ - ۰۹:۴۵") == "1404/11/07 - 09:45"
    assert to_ascii_digits("١٤٠٤/١٠/٣٠ abc") == "1404/10/30 abc"
    assert to_ascii_digits("no digits, ۵ بهمن") == "no digits, 5 بهمن"
