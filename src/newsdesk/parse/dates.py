"""Feed dates → aware UTC datetimes, or None (X11).

Two families are read, strictly: ISO 8601 / RFC 3339 (Atom, JSON Feed, dc:date) with
`datetime.fromisoformat`, and RFC 822 / RFC 2822 (RSS) with `email.utils.parsedate_tz`.
Impossible values are refused rather than rolled over: `2023-02-30` and an offset of
`+2500` give None (feedparser turns them into 2 March and a shifted time). We do not use
feedparser's own date guesses: it reads `2023-W01` as 1 November and a 20-digit number as
a date in 2012.

Sanity rules: naive times are UTC; years before 1970 give None; a date more than one
day after `now` is clamped to `now`, so a feed cannot pin an item to the top.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["MAX_FUTURE", "clamp", "parse_date"]

MAX_FUTURE = timedelta(days=1)
_MAX_LENGTH = 80
_ISO_START = re.compile(r"^\d{4}-?(?:\d{2}|W\d{2})")
_LOWER_Z = re.compile(r"(?<=\d)[zZ]$")


def parse_date(text: str | None, *, now: datetime | None = None) -> datetime | None:
    """Read one date string from a feed; None when empty, unreadable or not sane."""
    if text is None:
        return None
    text = text.strip()
    if not text or len(text) > _MAX_LENGTH or not text.isascii():
        return None
    parsed = _iso(text) if _ISO_START.match(text) else _rfc822(text)
    return clamp(parsed, now=now)


def clamp(value: datetime | None, *, now: datetime | None = None) -> datetime | None:
    """Apply the sanity rules to a datetime (naive means UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if value.year < 1970:
        return None
    now = now or datetime.now(UTC)
    if value > now + MAX_FUTURE:
        return now
    return value


def _iso(text: str) -> datetime | None:
    text = _LOWER_Z.sub("+00:00", text)
    if len(text) > 10 and text[10] in "t ":
        text = text[:10] + "T" + text[11:]
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    fields = email.utils.parsedate_tz(text)
    if fields is None:
        return None
    year, month, day, hour, minute, second = fields[:6]
    offset = fields[9] or 0
    try:
        zone = timezone(timedelta(seconds=offset))
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except (ValueError, OverflowError):
        return None
