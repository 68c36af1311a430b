"""A time of day printed right after a date: "T10:00:00+01:00", ", 17:45 Uhr",
" à 18h42", " - 09:45", " at 3:05 pm". Read from the folded text (ASCII digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, time, timedelta, timezone, tzinfo

__all__ = ["Clock", "read_clock"]

_TAIL = re.compile(
    r"(?:T|\s{0,3}(?:[,،|–—-]\s{0,3})?"
    r"(?:(?:à|a las|alle|ore|um|at|saat|ساعت|الساعة|в)\s{1,3})?)"
    r"(?P<hour>[01]?[0-9]|2[0-3])[:h](?P<minute>[0-5][0-9])"
    r"(?::(?P<second>[0-5][0-9])(?:[.,][0-9]{1,9})?)?"
    r"(?P<offset>Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?"
    r"(?:\s{0,2}(?P<half>[ap])\.?\s?m\.?(?!\w))?"
    r"(?:\s{0,2}(?:Uhr|h|ч)(?!\w))?"
    r"(?:\s{0,2}(?P<utc>UTC|GMT)(?!\w))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Clock:
    """A printed time; `zone` only when the text says it (offset, Z, UTC/GMT)."""

    time: time
    zone: tzinfo | None
    end: int


def read_clock(folded: str, pos: int) -> Clock | None:
    """The time printed at `pos` (just after a date), or None."""
    match = _TAIL.match(folded, pos)
    if match is None:
        return None
    hour = int(match["hour"])
    if match["half"]:
        if hour == 0 or hour > 12:
            return None
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    second = int(match["second"] or 0)
    moment = time(hour, int(match["minute"]), second)
    return Clock(moment, _zone(match["offset"], match["utc"]), match.end())


def _zone(offset: str | None, utc: str | None) -> tzinfo | None:
    if offset is None:
        return UTC if utc else None
    if offset.upper() == "Z":
        return UTC
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(-delta if offset[0] == "-" else delta)
