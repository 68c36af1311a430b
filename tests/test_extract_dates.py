"""extract.dates: every printed form to an exact date, first date wins, no garbage, no blow-up."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.extract.dates import TEHRAN, FoundDate, find_date

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
BERLIN_WINTER = timezone(timedelta(hours=1))


def found(text: str, lang: str | None = None) -> FoundDate:
    result = find_date(text, lang=lang, now=NOW)
    assert result is not None, text
    return result


@pytest.mark.parametrize(
    ("text", "lang", "expected", "calendar"),
    [
        # ISO and numeric
        ("2026-03-03", None, date(2026, 3, 3), "gregorian"),
        ("2026-03-03T10:00:00+01:00", None, date(2026, 3, 3), "gregorian"),
        ("2026-03-03T23:30:00-05:00", None, date(2026, 3, 3), "gregorian"),  # no shift
        ("10/02/2026", "fr", date(2026, 2, 10), "gregorian"),
        ("Publié le 10/02/2026", "fr", date(2026, 2, 10), "gregorian"),
        ("10/02/2026", "de", date(2026, 2, 10), "gregorian"),
        ("10/02/2026", "fa", date(2026, 2, 10), "gregorian"),
        ("10/02/2026", "en", date(2026, 2, 10), "gregorian"),
        ("10/02/2026", None, date(2026, 2, 10), "gregorian"),
        ("10/02/2026", "en-US", date(2026, 10, 2), "gregorian"),
        ("10/02/2026", "en_us", date(2026, 10, 2), "gregorian"),
        ("10/25/2026", "fr", date(2026, 10, 25), "gregorian"),  # impossible order retried
        ("25/10/2026", "en-US", date(2026, 10, 25), "gregorian"),
        ("02.03.2026", "en-US", date(2026, 3, 2), "gregorian"),  # dots are day-first
        # a weekday before a numeric date decides its order (2026-03-02 is a Monday)
        ("Mon, 03/02/2026 - 11:05", "en", date(2026, 3, 2), "gregorian"),
        ("Tue, 03/02/2026", "en", date(2026, 2, 3), "gregorian"),
        ("Tuesday 03/02/2026", "en-US", date(2026, 2, 3), "gregorian"),
        ("mardi 03/02/2026", "fr", date(2026, 2, 3), "gregorian"),
        ("Montag, 03/02/2026", "de", date(2026, 3, 2), "gregorian"),
        ("Moon, 03/02/2026", "en", date(2026, 2, 3), "gregorian"),  # not a weekday
        ("Fri, 25/10/2026", "en", date(2026, 10, 25), "gregorian"),  # only one order exists
        ("3. března 2026", "cs", date(2026, 3, 3), "gregorian"),
        ("2026. március 2., hétfő 16:05", "hu", date(2026, 3, 2), "gregorian"),
        ("2 martie 2026, 17:45", "ro", date(2026, 3, 2), "gregorian"),
        ("3 Μαρτίου 2026", "el", date(2026, 3, 3), "gregorian"),
        ("Rabu, 04 Maret 2026", "id", date(2026, 3, 4), "gregorian"),
        ("28 februari 2026 kl. 13.05", "sv", date(2026, 2, 28), "gregorian"),
        ("3. marts 2026", "da", date(2026, 3, 3), "gregorian"),
        ("3 במרץ 2026", "he", date(2026, 3, 3), "gregorian"),
        ("3. maaliskuuta 2026", "fi", date(2026, 3, 3), "gregorian"),
        ("12. prosince 2025", "cs", date(2025, 12, 12), "gregorian"),
        ("Stand: 02.03.2026, 17:45 Uhr", "de", date(2026, 3, 2), "gregorian"),
        ("2026/3/3", None, date(2026, 3, 3), "gregorian"),
        # English
        ("3 March 2026", "en", date(2026, 3, 3), "gregorian"),
        ("March 3, 2026", "en", date(2026, 3, 3), "gregorian"),
        ("Mar 3, 2026", "en", date(2026, 3, 3), "gregorian"),
        ("Sept. 30, 2025", "en", date(2025, 9, 30), "gregorian"),
        ("Published: 12 January 2026", "en", date(2026, 1, 12), "gregorian"),
        ("on the 3rd of March 2026", "en", date(2026, 3, 3), "gregorian"),
        ("MARCH 3RD, 2026", "en", date(2026, 3, 3), "gregorian"),
        # German
        ("3. März 2026", "de", date(2026, 3, 3), "gregorian"),
        ("3. Maerz 2026", "de", date(2026, 3, 3), "gregorian"),
        ("Mittwoch, 14. Jänner 2026", "de", date(2026, 1, 14), "gregorian"),
        ("1. Dez. 2025", "de", date(2025, 12, 1), "gregorian"),
        # French
        ("11 février 2026", "fr", date(2026, 2, 11), "gregorian"),
        ("Publié le 11 février 2026 à 18h42", "fr", date(2026, 2, 11), "gregorian"),
        ("1er mars 2026", "fr", date(2026, 3, 1), "gregorian"),
        ("15\u00a0août\u00a02025", "fr", date(2025, 8, 15), "gregorian"),
        ("3 déc. 2025", "fr", date(2025, 12, 3), "gregorian"),
        # Spanish, Italian
        ("3 de marzo de 2026", "es", date(2026, 3, 3), "gregorian"),
        ("1º de enero de 2026", "es", date(2026, 1, 1), "gregorian"),
        ("3 marzo 2026", "it", date(2026, 3, 3), "gregorian"),
        ("21 settembre 2025", "it", date(2025, 9, 21), "gregorian"),
        # Russian (genitive and nominative), Turkish
        ("3 марта 2026", "ru", date(2026, 3, 3), "gregorian"),
        ("3 марта 2026 г.", "ru", date(2026, 3, 3), "gregorian"),
        ("29 декабря 2025", "ru", date(2025, 12, 29), "gregorian"),
        ("3 Mart 2026", "tr", date(2026, 3, 3), "gregorian"),
        ("28 Şubat 2026 Cumartesi", "tr", date(2026, 2, 28), "gregorian"),
        ("12 Aralık 2025", "tr", date(2025, 12, 12), "gregorian"),
        # Arabic and Persian names of Gregorian months
        ("3 مارس 2026", "ar", date(2026, 3, 3), "gregorian"),
        ("٣ فبراير ٢٠٢٦", "ar", date(2026, 2, 3), "gregorian"),
        ("3 كانون الثاني 2026", "ar", date(2026, 1, 3), "gregorian"),
        ("۲۵ ژانویه ۲۰۲۶", "fa", date(2026, 1, 25), "gregorian"),
        # Jalali
        ("۱۴۰۴/۱۱/۰۷ - ۰۹:۴۵", "fa", date(2026, 1, 27), "jalali"),
        ("1404/11/07", None, date(2026, 1, 27), "jalali"),
        ("١٤٠٤/١١/٠٧", "ar", date(2026, 1, 27), "jalali"),
        ("۱۴۰۴/۱۰/۳۰", "fa", date(2026, 1, 20), "jalali"),
        ("۵ بهمن ۱۴۰۴", "fa", date(2026, 1, 25), "jalali"),
        ("امروز: شنبه ۵ بهمن‌ماه ۱۴۰۴", "fa", date(2026, 1, 25), "jalali"),
        ("۱ فروردین ۱۴۰۴", "fa", date(2025, 3, 21), "jalali"),
        ("۱۰ اردیبهشت ۱۴۰۴", "fa", date(2025, 4, 30), "jalali"),
        ("۱۰ خرداد ۱۴۰۴", "fa", date(2025, 5, 31), "jalali"),
        ("۱۰ تیر ۱۴۰۴", "fa", date(2025, 7, 1), "jalali"),
        ("۱۰ مرداد ۱۴۰۴", "fa", date(2025, 8, 1), "jalali"),
        ("۱۰ شهریور ۱۴۰۴", "fa", date(2025, 9, 1), "jalali"),
        ("۱۰ مهر ۱۴۰۴", "fa", date(2025, 10, 2), "jalali"),
        ("۱۰ آبان ۱۴۰۴", "fa", date(2025, 11, 1), "jalali"),
        ("۱۰ آذر ۱۴۰۴", "fa", date(2025, 12, 1), "jalali"),
        ("۱۰ دی ۱۴۰۴", "fa", date(2025, 12, 31), "jalali"),
        ("۱۰ دي ۱۴۰۴", "fa", date(2025, 12, 31), "jalali"),  # Arabic yeh
        ("۲۹ اسفند ۱۴۰۴", "fa", date(2026, 3, 20), "jalali"),
        # Relative to NOW (2026-03-04 12:00 UTC)
        ("2 hours ago", "en", date(2026, 3, 4), "relative"),
        ("13 hours ago", "en", date(2026, 3, 3), "relative"),
        ("an hour ago", "en", date(2026, 3, 4), "relative"),
        ("yesterday", "en", date(2026, 3, 3), "relative"),
        ("Yesterday at 18:05", "en", date(2026, 3, 3), "relative"),
        ("3 days ago", "en", date(2026, 3, 1), "relative"),
        ("2 weeks ago", "en", date(2026, 2, 18), "relative"),
        ("1 month ago", "en", date(2026, 2, 4), "relative"),
        ("il y a 3 heures", "fr", date(2026, 3, 4), "relative"),
        ("il y a 5 jours", "fr", date(2026, 2, 27), "relative"),
        ("hier", "fr", date(2026, 3, 3), "relative"),
        ("vor 2 Tagen", "de", date(2026, 3, 2), "relative"),
        ("vor 35 Min.", "de", date(2026, 3, 4), "relative"),
        ("před 3 dny", "cs", date(2026, 3, 1), "relative"),
        ("dnes 9:15", "cs", date(2026, 3, 4), "relative"),
        ("včera 18:30", "cs", date(2026, 3, 3), "relative"),
        ("Сьогодні, 10:15", "uk", date(2026, 3, 4), "relative"),
        ("2 години тому", "uk", date(2026, 3, 4), "relative"),
        ("3 dni temu", "pl", date(2026, 3, 1), "relative"),
        ("2 uur geleden", "nl", date(2026, 3, 4), "relative"),
        ("ontem", "pt", date(2026, 3, 3), "relative"),
        ("acum 2 ore", "ro", date(2026, 3, 4), "relative"),
        ("3 órája", "hu", date(2026, 3, 4), "relative"),
        ("2 napja", "hu", date(2026, 3, 2), "relative"),
        ("tegnap 18:40", "hu", date(2026, 3, 3), "relative"),
        ("i dag 09.12", "sv", date(2026, 3, 4), "relative"),
        ("i går 21.55", "nb", date(2026, 3, 3), "relative"),
        ("för 2 dagar sedan", "sv", date(2026, 3, 2), "relative"),
        ("πριν από 2 ώρες", "el", date(2026, 3, 4), "relative"),
        ("2 jam lalu", "id", date(2026, 3, 4), "relative"),
        ("לפני 3 שעות", "he", date(2026, 3, 4), "relative"),
        ("לפני יומיים", "he", date(2026, 3, 2), "relative"),
        ("eilen klo 21.05", "fi", date(2026, 3, 3), "relative"),
        ("2 tuntia sitten", "fi", date(2026, 3, 4), "relative"),
        ("vor einer Stunde", "de", date(2026, 3, 4), "relative"),
        ("gestern", "de", date(2026, 3, 3), "relative"),
        ("heute, 10:45 Uhr", "de", date(2026, 3, 4), "relative"),
        ("hace 2 días", "es", date(2026, 3, 2), "relative"),
        ("2 giorni fa", "it", date(2026, 3, 2), "relative"),
        ("3 дня назад", "ru", date(2026, 3, 1), "relative"),
        ("2 saat önce", "tr", date(2026, 3, 4), "relative"),
        ("3 gün önce", "tr", date(2026, 3, 1), "relative"),
        ("۲ ساعت پیش", "fa", date(2026, 3, 4), "relative"),
        ("۳ روز پیش", "fa", date(2026, 3, 1), "relative"),
        ("منذ ساعتين", "ar", date(2026, 3, 4), "relative"),
        ("منذ يومين", "ar", date(2026, 3, 2), "relative"),
        ("منذ 3 أيام", "ar", date(2026, 3, 1), "relative"),
    ],
)
def test_printed_forms(text: str, lang: str | None, expected: date, calendar: str) -> None:
    result = found(text, lang)
    assert (result.date, result.calendar) == (expected, calendar)
    assert text[result.start : result.end] == result.matched


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("2026-03-03T10:00:00+01:00", None, datetime(2026, 3, 3, 10, 0, tzinfo=BERLIN_WINTER)),
        ("2026-03-03T10:00:00Z", None, datetime(2026, 3, 3, 10, 0, tzinfo=UTC)),
        ("2026-03-03 10:00:07", None, datetime(2026, 3, 3, 10, 0, 7, tzinfo=UTC)),
        ("Stand: 02.03.2026, 17:45 Uhr", "de", datetime(2026, 3, 2, 17, 45, tzinfo=UTC)),
        ("Publié le 11 février 2026 à 18h42", "fr", datetime(2026, 2, 11, 18, 42, tzinfo=UTC)),
        ("March 3, 2026 at 3:05 pm", "en", datetime(2026, 3, 3, 15, 5, tzinfo=UTC)),
        ("March 3, 2026, 12:10 a.m.", "en", datetime(2026, 3, 3, 0, 10, tzinfo=UTC)),
        ("۱۴۰۴/۱۱/۰۷ - ۰۹:۴۵", "fa", datetime(2026, 1, 27, 9, 45, tzinfo=TEHRAN)),
        ("2 hours ago", "en", datetime(2026, 3, 4, 10, 0, tzinfo=UTC)),
        ("منذ ساعتين", "ar", datetime(2026, 3, 4, 10, 0, tzinfo=UTC)),
        ("heute, 10:45 Uhr", "de", datetime(2026, 3, 4, 10, 45, tzinfo=UTC)),
    ],
)
def test_printed_times_give_aware_datetimes(
    text: str, lang: str | None, expected: datetime
) -> None:
    result = found(text, lang)
    assert result.datetime == expected
    assert result.datetime is not None and result.datetime.utcoffset() == expected.utcoffset()


def test_dates_without_a_time_have_no_datetime() -> None:
    assert found("3 March 2026").datetime is None
    assert found("yesterday").datetime is None
    assert found("vor 2 Tagen", "de").datetime is None


def test_tz_hint_reads_a_naive_printed_time_in_that_zone() -> None:
    result = find_date("02.03.2026, 17:45 Uhr", lang="de", now=NOW, tz=BERLIN_WINTER)
    assert result is not None
    assert result.datetime == datetime(2026, 3, 2, 17, 45, tzinfo=BERLIN_WINTER)
    assert result.date == date(2026, 3, 2)


def test_matched_span_includes_the_time() -> None:
    text = "Stand: 02.03.2026, 17:45 Uhr · Lokales"
    result = found(text, "de")
    assert result.matched == "02.03.2026, 17:45 Uhr"
    assert (result.start, result.end) == (7, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3. März 2026 — Die Sperrung gilt ab dem 9. März 2026 für alle.", date(2026, 3, 3)),
        ("Stand: 02.03.2026, 17:45 Uhr. Vor 2 Tagen begann der Umbau.", date(2026, 3, 2)),
        ("Vor 2 Tagen, am 1. März 2026", date(2026, 3, 2)),  # relative came first
        ("Termine: 12.04.2026 und 2026-01-01", date(2026, 4, 12)),
        ("updated 2026-03-01, published 2026-02-27", date(2026, 3, 1)),
    ],
)
def test_first_date_wins(text: str, expected: date) -> None:
    assert found(text, "de").date == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("", None),
        ("no date here", "en"),
        ("ab dem 9. März", "de"),  # no year: not a date
        ("2026-02-30", None),
        ("31/04/2026", "fr"),
        ("31.13.2026", "de"),
        ("۱۴۰۴/۱۲/۳۰", "fa"),  # 1404 is not a leap year
        ("۳۱ مهر ۱۴۰۴", "fa"),  # Mehr has 30 days
        ("5 بهمن 2026", "fa"),  # Jalali month, Gregorian year
        ("3 March 1404", "en"),  # Gregorian month, Jalali-range year
        ("1800-01-01", None),
        ("3 March 2526", "en"),
        ("version 12.10.20261", None),
        ("ISBN 978-3-16-148410-0", None),
        ("Hier wird gebaut.", "de"),  # German "hier" is "here"
        ("Heute wird gebaut.", "de"),  # "today" without a time
        ("99999 years ago", "en"),  # before year 1
    ],
)
def test_not_a_date(text: str, lang: str | None) -> None:
    assert find_date(text, lang=lang, now=NOW) is None


def test_naive_now_is_utc() -> None:
    result = find_date("2 hours ago", now=datetime(2026, 3, 4, 1, 0))
    assert result is not None
    assert result.datetime == datetime(2026, 3, 3, 23, 0, tzinfo=UTC)
    assert result.date == date(2026, 3, 3)


def test_month_subtraction_clamps_to_month_end() -> None:
    now = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    result = find_date("1 month ago", now=now)
    assert result is not None and result.date == date(2026, 2, 28)
    result = find_date("2 years ago", now=datetime(2028, 2, 29, tzinfo=UTC))
    assert result is not None and result.date == date(2026, 2, 28)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from([None, "en", "en-US", "de", "fa", "ar", "x"]))
def test_garbage_never_raises(text: str, lang: str | None) -> None:
    result = find_date(text, lang=lang, now=NOW)
    if result is not None:
        assert text[result.start : result.end] == result.matched


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "1", "12", "2026", "1404", "/", ".", "-", " ", ":", "T", "März", "mars", "بهمن", "۵",
    "٣", "ago", "vor", "منذ", "ساعتين", "hours", "de", "er", ",", "Uhr", "à", "18h42", "+01:00",
]), max_size=30).map("".join))  # fmt: skip
def test_date_like_garbage_never_raises(text: str) -> None:
    result = find_date(text, now=NOW)
    if result is not None:
        assert text[result.start : result.end] == result.matched
        assert 1921 <= result.date.year <= 2121 or result.calendar == "relative"


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "1" * n,
        lambda n: "1/" * (n // 2),
        lambda n: "12.12." * (n // 6),
        lambda n: "3 March " * (n // 8),
        lambda n: "۵ بهمن " * (n // 7),
        lambda n: "vor " * (n // 4),
        lambda n: "2026-03-03T" * (n // 11),
        lambda n: "heute " * (n // 6),
        lambda n: "".join(random.Random(1).choices("0123456789/.- :aéمر۵", k=n)),
    ],
)
def test_one_megabyte_is_read_in_bounded_time(make: object) -> None:
    text = make(1_000_000) + " 3 March 2026"  # type: ignore[operator]
    started = time.monotonic()
    result = find_date(text, lang="de", now=NOW)
    assert time.monotonic() - started < 10  # generous: a backtracking regex takes minutes
    assert result is not None


def test_arabic_month_pairs() -> None:
    """Arabic pages print the Levantine and the Egyptian month name together."""
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    for text in ("نشر في 28 شباط/فبراير 2026", "28 شباط / فبراير 2026"):
        found = find_date(text, lang="ar", now=now)
        assert found is not None and found.date.isoformat() == "2026-02-28", text


@pytest.mark.parametrize(("text", "expected"), [
    ("3 maart 2026 - 16:42", "2026-03-03"),  # Dutch
    ("Publicado em 3 de março de 2026", "2026-03-03"),  # Portuguese
    ("12 listopada 2025", "2025-11-12"),  # Polish, genitive
    ("3 березня 2026, 12:05", "2026-03-03"),  # Ukrainian, genitive
    ("28 лютого 2026", "2026-02-28"),
])
def test_more_languages_month_names(text: str, expected: str) -> None:
    found = find_date(text, now=datetime(2026, 3, 4, 12, 0, tzinfo=UTC))
    assert found is not None and found.date.isoformat() == expected
