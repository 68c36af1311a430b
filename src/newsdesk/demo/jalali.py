"""Solar Hijri (Jalali) dates as Persian sites print them, for the demo's Persian outlet."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

TEHRAN = timezone(timedelta(hours=3, minutes=30), "IRST")  # no daylight saving since 2022
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
_DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def gregorian_to_jalali(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The arithmetic (33-year cycle) conversion; agrees with the official calendar today."""
    leap_year = year + 1 if month > 2 else year
    days = (
        355666 + 365 * year + (leap_year + 3) // 4 - (leap_year + 99) // 100
        + (leap_year + 399) // 400 + day + _DAYS_BEFORE_MONTH[month - 1]
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


def persian_date(moment: datetime) -> str:
    """E.g. "۲۵ آبان ۱۴۰۳، ساعت ۰۹:۳۰" in Tehran time."""
    local = moment.astimezone(TEHRAN)
    jy, jm, jd = gregorian_to_jalali(local.year, local.month, local.day)
    text = f"{jd} {MONTHS[jm - 1]} {jy}، ساعت {local:%H:%M}"
    return text.translate(PERSIAN_DIGITS)
