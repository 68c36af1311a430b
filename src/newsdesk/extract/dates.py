"""Dates printed on listing and article pages → the calendar date shown (and the time).

Reads, wherever they stand in a text: ISO and numeric dates (`2026-03-03`,
`10/02/2026`, `02.03.2026`), month names in the languages of `extract.months`
(`3. März 2026`, `1er mars 2026`, `March 3, 2026`, `2026. március 2.`),
Jalali dates in any digits (`۱۴۰۴/۱۱/۰۷ - ۰۹:۴۵`, `۵ بهمن ۱۴۰۴`, converted to
Gregorian) and relative ones (`vor 2 Tagen`, `۲ ساعت پیش`, `منذ ساعتين`, against `now`).

Rules: the first date in the text wins. `date` is the calendar date printed, never
shifted to another zone; `datetime` is set when a time is printed (or for relative
minutes/hours) and is aware: the printed offset if any, else `tz`, else Tehran time for
Jalali dates, else `now`'s zone. Numeric day/month order is day-first except for
`lang="en-US"` (and a dotted date is always day-first); an impossible order is retried
the other way, and a weekday printed just before the date ("Mon, 03/02/2026") picks the
order that falls on it. A four-digit year decides the calendar: 1300–1499 Jalali, 1900–2099
Gregorian, anything else is not a date. Garbage gives None, never an exception, and every
pattern is linear (bounded repeats only), so a 1 MB string is read in bounded time.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from newsdesk.extract.clock import read_clock
from newsdesk.extract.jalali import jalali_to_gregorian
from newsdesk.extract.months import gregorian_month, jalali_month, month_names
from newsdesk.extract.relative import Relative, find_relative
from newsdesk.extract.textfold import fold

__all__ = ["TEHRAN", "Calendar", "FoundDate", "as_datetime", "find_date"]

Calendar = Literal["gregorian", "jalali", "relative"]
TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30), "IRST")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in a text; `matched` is `text[start:end]`, the time included."""

    date: dt.date
    datetime: dt.datetime | None
    calendar: Calendar
    matched: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    folded: str
    lang: str | None
    now: dt.datetime
    tz: dt.tzinfo | None


_Reader = Callable[[re.Match[str], _Context], FoundDate | None]


def find_date(
    text: str, *, lang: str | None = None, now: dt.datetime, tz: dt.tzinfo | None = None
) -> FoundDate | None:
    """The first date printed in `text`, or None. See the module docstring for the rules."""
    if not isinstance(text, str) or not text:
        return None
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    context = _Context(text, fold(text), lang, now, tz)
    best: FoundDate | None = None
    for pattern, reader in _readers():
        for match in pattern.finditer(context.folded):
            if best is not None and match.start() > best.start:
                break
            found = reader(match, context)
            if found is not None:
                if best is None or (found.start, -found.end) < (best.start, -best.end):
                    best = found
                break
    before = len(text) + 1 if best is None else best.start + 1
    relative = find_relative(context.folded, before=before, lang=lang)
    if relative is not None and (best is None or relative.start < best.start):
        return _relative(relative, context)
    return best


@cache
def _readers() -> tuple[tuple[re.Pattern[str], _Reader], ...]:
    names = "|".join(re.escape(name) for name in month_names())
    # "شباط/فبراير": Arabic pages often print the Levantine and the Egyptian name together
    month = (rf"(?=[^\W\d_])(?P<month>{names})\.?(?:\s?/\s?(?:{names}))?"
             r"(?:\u200c?\s?ماه)?(?!\w)")
    forms: tuple[tuple[str, _Reader], ...] = (
        (r"(?<![0-9])(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
         r"(?![0-9])", _year_first),
        (r"(?<![0-9])(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})"
         r"(?![0-9])", _year_last),
        (r"(?<![0-9])(?P<d>[0-9]{1,2})(?:\.|er|st|nd|rd|th|º|°|ª)?\s{0,3}(?:(?:de|of)\s{1,3})?"
         + month + r"(?:\s{0,3},?\s{0,3}|\s{1,3}del?\s{1,3})(?P<y>[0-9]{4})(?![0-9])", _named),
        (r"(?<!\w)" + month + r"\s{1,3}(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9]),?\s{1,3}"
         r"(?P<y>[0-9]{4})(?![0-9])", _named),
        # Hungarian: "2026. március 2."
        (r"(?<![0-9])(?P<y>[0-9]{4})\.\s{1,3}" + month + r"\s{1,3}(?P<d>[0-9]{1,2})\.?(?![0-9])",
         _named),
    )  # fmt: skip
    return tuple((re.compile(form, re.IGNORECASE), reader) for form, reader in forms)


def _year_first(match: re.Match[str], context: _Context) -> FoundDate | None:
    return _build(match, context, (int(match["y"]), int(match["m"]), int(match["d"])), None)


# weekday names (Monday = 0) that may stand just before a numeric date: "Mon, 03/02/2026"
_WEEKDAYS = {
    name: number
    for number, names in enumerate((
        "mon monday montag lundi lunes lunedì lunedi segunda",
        "tue tues tuesday dienstag mardi martes martedì martedi terça terca",
        "wed wednesday mittwoch mercredi miércoles miercoles mercoledì mercoledi quarta",
        "thu thur thurs thursday donnerstag jeudi jueves giovedì giovedi quinta",
        "fri friday freitag vendredi viernes venerdì venerdi sexta",
        "sat saturday samstag samedi sábado sabado sabato",
        "sun sunday sonntag dimanche domingo domenica",
    ))
    for name in names.split()
}
_WEEKDAY_BEFORE = re.compile(r"([^\W\d_]{3,12})\.?,?\s{0,3}$")


def _weekday_before(context: _Context, start: int) -> int | None:
    """The weekday named just before position `start` ("Mon, " → 0), if any."""
    found = _WEEKDAY_BEFORE.search(context.folded[max(0, start - 16):start])
    return None if found is None else _WEEKDAYS.get(found.group(1).casefold())


def _year_last(match: re.Match[str], context: _Context) -> FoundDate | None:
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    month_first = match["sep"] != "." and _month_first(context.lang)
    orders = [(second, first), (first, second)]  # (month, day)
    if month_first:
        orders.reverse()
    weekday = _weekday_before(context, match.start())
    if weekday is not None and first <= 12 and second <= 12:
        # "Mon, 03/02/2026": the order whose date falls on that weekday (Drupal's default
        # "D, m/d/Y" on a page that says only lang="en")
        orders.sort(key=lambda md: _weekday_of(year, *md) != weekday)
    for month, day in orders:
        found = _build(match, context, (year, month, day), None)
        if found is not None:
            return found
    return None


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:
        return None


def _named(match: re.Match[str], context: _Context) -> FoundDate | None:
    name = match["month"]
    jalali = jalali_month(name)
    if jalali is not None:
        return _build(match, context, (int(match["y"]), jalali, int(match["d"])), "jalali")
    gregorian = gregorian_month(name)
    if gregorian is None:
        return None
    return _build(match, context, (int(match["y"]), gregorian, int(match["d"])), "gregorian")


def _build(
    match: re.Match[str],
    context: _Context,
    ymd: tuple[int, int, int],
    calendar: Calendar | None,
) -> FoundDate | None:
    """Check the year range and the date itself, then read a time printed after it."""
    year = ymd[0]
    by_year: Calendar | None = (
        "jalali" if 1300 <= year <= 1499 else "gregorian" if 1900 <= year <= 2099 else None
    )
    if by_year is None or (calendar is not None and calendar != by_year):
        return None
    try:
        day = jalali_to_gregorian(*ymd) if by_year == "jalali" else dt.date(*ymd)
    except ValueError:
        return None
    zone = context.tz or (TEHRAN if by_year == "jalali" else context.now.tzinfo)
    return _with_clock(day, by_year, match.start(), match.end(), context, zone)


def _with_clock(
    day: dt.date,
    calendar: Calendar,
    start: int,
    end: int,
    context: _Context,
    zone: dt.tzinfo | None,
) -> FoundDate:
    moment = None
    clock = read_clock(context.folded, end)
    if clock is not None:
        moment = dt.datetime.combine(day, clock.time, clock.zone or zone)
        end = clock.end
    return FoundDate(day, moment, calendar, context.text[start:end], start, end)


def _relative(found: Relative, context: _Context) -> FoundDate | None:
    now = context.now
    try:
        if found.unit in ("second", "minute", "hour"):
            moment = now - dt.timedelta(**{found.unit + "s": found.count})
            matched = context.text[found.start : found.end]
            return FoundDate(moment.date(), moment, "relative", matched, found.start, found.end)
        day = _days_before(now.date(), found.unit, found.count)
    except (OverflowError, ValueError):
        return None
    zone = context.tz or now.tzinfo
    return _with_clock(day, "relative", found.start, found.end, context, zone)


def _days_before(today: dt.date, unit: str, count: int) -> dt.date:
    """`count` days/weeks/months/years before `today`; month ends clamp (31 Mar - 1 month)."""
    if unit in ("day", "week"):
        return today - dt.timedelta(days=count * (7 if unit == "week" else 1))
    months = today.year * 12 + today.month - 1 - count * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    last = monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(today.day, last))


def _month_first(lang: str | None) -> bool:
    return lang is not None and lang.strip().lower().replace("_", "-") == "en-us"


def as_datetime(found: FoundDate) -> dt.datetime:
    """The moment a found date stands for, aware and in UTC: its time when one was printed,
    else midnight UTC of the calendar date printed (so the date shown stays the date
    stored, whatever the page's zone)."""
    if found.datetime is not None:
        return found.datetime.astimezone(dt.UTC)
    return dt.datetime(found.date.year, found.date.month, found.date.day, tzinfo=dt.UTC)
