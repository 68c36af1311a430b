"""Solar Hijri (Jalali) ↔ Gregorian conversion and Persian/Arabic-Indic digits.

The arithmetic 33-year-cycle algorithm (the one behind the widely copied `jdf` code):
it agrees with the official calendar for the years news sites print (checked against
`jdatetime` 6.1.1 at ۱۴۰۴/۱۱/۰۷ → 2026-01-27, ۵ بهمن ۱۴۰۴ → 2026-01-25 and
۱۴۰۴/۱۰/۳۰ → 2026-01-20). Both directions are exact inverses over 1300–1500.
"""

from __future__ import annotations

from datetime import date

__all__ = ["MONTHS", "gregorian_to_jalali", "jalali_to_gregorian", "to_ascii_digits"]

MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
# Gregorian ordinal minus _jalali_day_number: 1 Farvardin 1404 is 21 March 2025.
_ORDINAL_OFFSET = -356033


def to_ascii_digits(text: str) -> str:
    """Persian (۰–۹) and Arabic-Indic (٠–٩) digits → ASCII; same length, other characters kept."""
    return text.translate(_ASCII_DIGITS)


def gregorian_to_jalali(day: date) -> tuple[int, int, int]:
    """(year, month, day) in the Jalali calendar for a Gregorian date."""
    year, month = day.year, day.month
    leap_year = year + 1 if month > 2 else year
    days = (
        355666 + 365 * year + (leap_year + 3) // 4 - (leap_year + 99) // 100
        + (leap_year + 399) // 400 + day.day + _DAYS_BEFORE_MONTH[month - 1]
    )  # fmt: skip
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Jalali one; ValueError when the Jalali date does not exist."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        raise ValueError(f"no such Jalali date: {year}/{month}/{day}")
    try:
        result = date.fromordinal(_jalali_day_number(year, month, day) + _ORDINAL_OFFSET)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"Jalali date out of range: {year}/{month}/{day}") from exc
    if gregorian_to_jalali(result) != (year, month, day):  # 30 Esfand of a common year
        raise ValueError(f"no such Jalali date: {year}/{month}/{day}")
    return result


def _jalali_day_number(year: int, month: int, day: int) -> int:
    """A running day count by the same 33-year cycle as gregorian_to_jalali."""
    cycle_year = year + 1595
    days = 365 * cycle_year + (cycle_year // 33) * 8 + ((cycle_year % 33) + 3) // 4 + day
    days += (month - 1) * 31 if month < 7 else (month - 7) * 30 + 186
    return days
