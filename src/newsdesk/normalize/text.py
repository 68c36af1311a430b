"""Plain text made safe to store, index and serve.

`clean_text` removes what XML 1.0 and PostgreSQL refuse (NUL and the other C0 controls
except tab, newline and carriage return; C1 controls; lone surrogates; U+FFFE/U+FFFF),
normalises to NFC and caps the length without cutting a character cluster in half.

NFC normalisation is quadratic in the length of a run of combining marks in CPython
(80,000 marks take 20 s), so runs longer than the 30 marks that Unicode's "stream-safe"
format allows (UAX #15) are shortened first; only text that is not already NFC pays.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# C0 controls other than \t \n \r, DEL and C1 controls, surrogates, the two noncharacters.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_MARKS = 30  # UAX #15 stream-safe text: at most 30 non-starters in a row
_ZWJ = "\u200d"
_MAX_CLUSTER = 64  # a "cluster" longer than this is garbage; cut it anywhere


def clean_text(s: str | None, max_chars: int | None = None) -> str | None:
    """`s` without forbidden characters, NFC-normalised, at most `max_chars` long."""
    if s is None:
        return None
    if _SURROGATE.search(s):
        # a valid pair written as two code points becomes one character; lone halves go
        s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    s = _FORBIDDEN.sub("", s)
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", _marks_run().sub(_shorten_run, s))
    if max_chars is not None:
        s = truncate(s, max_chars)
    return s


def collapse_ws(s: str) -> str:
    """Runs of whitespace (any Unicode space, tab, newline) become one space; ends trimmed."""
    return " ".join(s.split())


def truncate(s: str, max_chars: int) -> str:
    """The longest prefix of `s` of at most `max_chars` characters that does not end inside a
    character cluster: a base letter stays with its combining marks, an emoji ZWJ sequence
    and a flag (a pair of regional indicators) stay whole or go whole."""
    if max_chars <= 0:
        return ""
    if len(s) <= max_chars:
        return s
    cut = max_chars
    floor = max(0, max_chars - _MAX_CLUSTER)
    while cut > floor and (_extends(s[cut]) or s[cut - 1] == _ZWJ):
        cut -= 1
    if cut == floor and floor > 0:
        return s[:max_chars]  # absurd cluster: any cut is as good as another
    indicators = 0
    while indicators < cut and _is_regional_indicator(s[cut - 1 - indicators]):
        indicators += 1
    if indicators % 2 == 1 and _is_regional_indicator(s[cut]):
        cut -= 1
    return s[:cut]


def _extends(ch: str) -> bool:
    """True when `ch` belongs to the cluster of the character before it."""
    if ch == _ZWJ or "\ufe00" <= ch <= "\ufe0f" or "\U000e0020" <= ch <= "\U000e01ef":
        return True
    if "\U0001f3fb" <= ch <= "\U0001f3ff":  # emoji skin-tone modifiers
        return True
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _is_regional_indicator(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _shorten_run(m: re.Match[str]) -> str:
    return m.group()[:_MAX_MARKS]


@functools.lru_cache(maxsize=1)
def _marks_run() -> re.Pattern[str]:
    """A pattern for runs of more than 30 non-starters (built once, on first use: ~0.2 s)."""
    ranges: list[str] = []
    start = prev = -1
    for cp in range(0x300, 0x110000):
        if unicodedata.combining(chr(cp)):
            if start < 0:
                start = cp
            prev = cp
        elif start >= 0:
            ranges.append(_range(start, prev))
            start = -1
    return re.compile("[" + "".join(ranges) + "]{" + str(_MAX_MARKS + 1) + ",}")


def _range(first: int, last: int) -> str:
    return f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}"
