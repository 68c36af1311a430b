"""Solar Hijri (Jalali) dates as Persian sites print them, for the demo's Persian outlet.

The conversion itself lives in `newsdesk.extract.jalali`; this module keeps the demo's
(year, month, day) signature and its printing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from newsdesk.extract import jalali

TEHRAN = timezone(timedelta(hours=3, minutes=30), "IRST")  # no daylight saving since 2022
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
MONTHS = jalali.MONTHS


def gregorian_to_jalali(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The arithmetic (33-year cycle) conversion; agrees with the official calendar today."""
    return jalali.gregorian_to_jalali(date(year, month, day))


def persian_date(moment: datetime) -> str:
    """E.g. "۲۵ آبان ۱۴۰۳، ساعت ۰۹:۳۰" in Tehran time."""
    local = moment.astimezone(TEHRAN)
    jy, jm, jd = gregorian_to_jalali(local.year, local.month, local.day)
    text = f"{jd} {MONTHS[jm - 1]} {jy}، ساعت {local:%H:%M}"
    return text.translate(PERSIAN_DIGITS)
