"""parse.dates: the weird-dates table (safety.md X11), strict families, clamping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsdesk.model import ParsedFeed
from newsdesk.parse.dates import clamp, parse_date
from newsdesk.parse.feeds import parse_feed

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    # RFC 822 / 2822 (RSS)
    ("Mon, 11 Mar 2024 09:15:00 +0000", utc(2024, 3, 11, 9, 15)),
    ("Sat, 10 Feb 2024 08:30:00 +0330", utc(2024, 2, 10, 5, 0)),
    ("Sun, 6 Nov 1994 08:49:37 PST", utc(1994, 11, 6, 16, 49, 37)),
    ("02 Jan 2023 10:00:00 GMT", utc(2023, 1, 2, 10, 0)),
    ("Tue, 2 Jan 24 10:00 EST", utc(2024, 1, 2, 15, 0)),
    ("Monday, 02-Jan-23 10:00:00 GMT", utc(2023, 1, 2, 10, 0)),
    ("Mon Jan  2 10:00:00 2023", utc(2023, 1, 2, 10, 0)),
    # ISO 8601 / RFC 3339 (Atom, JSON Feed, dc:date)
    ("2024-03-10T12:00:00+03:30", utc(2024, 3, 10, 8, 30)),
    ("2003-12-31T10:14:55.000-08:00", utc(2003, 12, 31, 18, 14, 55)),
    ("2023-01-05t10:00z", utc(2023, 1, 5, 10, 0)),
    ("2023-01-05 10:00:00", utc(2023, 1, 5, 10, 0)),  # naive is UTC
    ("2023-01-05", utc(2023, 1, 5)),
    ("20230105", utc(2023, 1, 5)),
    ("2023-01-05T10:00:00+0330", utc(2023, 1, 5, 6, 30)),
    ("  2024-05-04T08:00:00Z\n", utc(2024, 5, 4, 8, 0)),
    # X11: not sane → None (the caller uses the fetch time)
    ("2023-02-30", None),
    ("2023-02-30T00:00:00Z", None),
    ("Thu, 30 Feb 2023 10:00:00 GMT", None),  # feedparser: 2 March
    ("Mon, 02 Jan 2023 10:00:00 +2500", None),  # feedparser: accepted
    ("2023-01-05T10:00:00+25:00", None),
    ("Mon, 02 Jan 2023 25:61:00 GMT", None),
    ("0001-01-01", None),
    ("0001-01-01T00:00:00Z", None),
    ("Wed, 31 Dec 1969 23:00:00 GMT", None),  # before 1970
    ("12345678901234567890", None),  # feedparser: 2012-12-10
    ("", None),
    ("   ", None),
    (None, None),
    ("Mon, 32 Foo 2023", None),
    ("Jan 5, 2023", None),
    ("۱۴۰۲/۰۱/۰۱", None),  # Jalali dates are extract's business
    ("Mon, 02 Jan 99999 10:00:00 GMT", None),
    ("x" * 500, None),
])
def test_date_table(text: str | None, expected: datetime | None) -> None:
    assert parse_date(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["9999-12-31", "9999-12-31T23:59:59Z",
                                  "Fri, 31 Dec 2100 00:00:00 GMT", "2024-06-03T12:00:00Z"])
def test_future_dates_are_clamped_to_now(text: str) -> None:
    assert parse_date(text, now=NOW) == NOW


def test_up_to_one_day_ahead_is_kept() -> None:
    assert parse_date("2024-06-02T11:59:00Z", now=NOW) == utc(2024, 6, 2, 11, 59)


def test_clamp() -> None:
    assert clamp(None, now=NOW) is None
    assert clamp(datetime(2024, 1, 1, 3, 30), now=NOW) == utc(2024, 1, 1, 3, 30)
    tehran = timezone(timedelta(hours=3, minutes=30))
    assert clamp(datetime(2024, 1, 1, 3, 30, tzinfo=tehran), now=NOW) == utc(2024, 1, 1)
    assert clamp(utc(1969, 12, 31), now=NOW) is None
    assert clamp(utc(2030, 1, 1), now=NOW) == NOW


def test_weird_dates_fixture_end_to_end() -> None:
    body = (Path(__file__).parent / "fixtures" / "feeds" / "weird_dates.xml").read_bytes()
    before = datetime.now(UTC)
    feed = parse_feed(body, url="https://dates.example.com/feed.xml")
    after = datetime.now(UTC)
    assert isinstance(feed, ParsedFeed)
    dates = {item.title: item.published_at for item in feed.items}
    assert dates.pop("Tehran offset") == utc(2024, 2, 10, 5, 0)
    assert dates.pop("Two-digit year") == utc(2024, 1, 2, 15, 0)
    year_9999 = dates.pop("Year 9999")
    assert year_9999 is not None and before <= year_9999 <= after  # clamped to "now"
    assert dates == {title: None for title in (
        "Feb 30", "Offset +2500", "Year 1", "20-digit epoch", "Empty", "Foo month",
        "ISO Feb 30", "Before 1970")}
