"""One normalisation for watchlist aliases and for the text they are looked for in, with a
map back to the original offsets (design: ../shared/design/entities.md §5.3).

Per code point, decided once in a table:

1. NFKD, then combining marks dropped: Latin accents, Arabic harakat, hamza above/below
   and madda go (أ إ آ → ا, ؤ → و, ئ → ي); presentation forms decompose (ﻻ → لا).
2. Casefold (ß → ss).
3. Arabic-script letters folded to Arabic code points: ی ى ے → ي; ک ڪ → ك; ة ۀ ہ ھ ە → ه;
   ٱ → ا; a lone hamza ء is dropped.
4. Deleted: tatweel, Quranic marks, ZWJ, LRM/RLM and other bidi controls, soft hyphen, BOM,
   word joiner. ZWNJ and ZWSP become a space ("رجوی‌ها" → "رجوي ها").
5. Punctuation, symbols, separators and other controls become a space.
6. Decimal digits of any script become ASCII digits (۳ ٣ → 3).
7. Latin letters that do not decompose (ø ł đ æ œ þ ı) get ASCII forms.
8. Runs of spaces collapse to one; no leading space.

Speed: the text goes through `str.translate` with a tuple table (C speed), spaces are
collapsed with one regex; the offset map is kept as *anchors* only where lengths changed
(a deleted mark, a character that became two, a collapsed run of spaces), found with one
regex over the text. Mapping a position back is a binary search. A plain English or
Persian text has almost no anchors.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

__all__ = ["Normalized", "normalize", "normalize_key"]

_ARABIC_FOLD = {
    "ی": "ي", "ى": "ي", "ے": "ي", "ې": "ي", "ۍ": "ي",
    "ک": "ك", "ڪ": "ك",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ە": "ه", "ۃ": "ه",
    "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
}
_DELETE = ({"\u0640", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff", "\u2060", "\u0621",
            "\u061c"} | {chr(c) for c in range(0x202a, 0x202f)}
           | {chr(c) for c in range(0x2066, 0x206a)})
_SPACE_CHARS = {"\u200c", "\u200b"}
_LATIN_EXTRA = {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i",
                "ð": "d", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "q", "ſ": "s"}
TABLE_SIZE = 0x20000  # code points above (CJK extension ideographs, private use) pass unchanged
_SPACES = re.compile(" {2,}")


def _fold_char(ch: str) -> str:
    cp = ord(ch)
    if ch in _DELETE or 0xE000 <= cp <= 0xF8FF or 0xD800 <= cp <= 0xDFFF or 0x06D6 <= cp <= 0x06ED:
        return ""
    if ch in _SPACE_CHARS:
        return " "
    category = unicodedata.category(ch)
    if category == "Nd":
        return str(unicodedata.digit(ch, 0))
    if category[0] in "PSZC":
        return " "
    if category in {"Mn", "Me", "Mc"}:
        return ""
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.category(part) in {"Mn", "Me", "Mc"}:
            continue
        for f in part.casefold():
            f = _LATIN_EXTRA.get(_ARABIC_FOLD.get(f, f), _ARABIC_FOLD.get(f, f))
            for g in f:
                if g in _DELETE:
                    continue
                cat = unicodedata.category(g)
                if cat == "Nd":
                    g = str(unicodedata.digit(g, 0))
                elif cat[0] in "PSZC":
                    g = " "
                out.append(g)
    return "".join(out)


@dataclass(frozen=True)
class _Tables:
    translate: list[int | str]  # code point → code point, or "" / several characters
    irregular: frozenset[str]  # characters whose replacement is not exactly one character
    deleted: frozenset[str]


@cache
def _tables() -> _Tables:
    table: list[int | str] = []
    irregular: set[str] = set()
    deleted: set[str] = set()
    for cp in range(TABLE_SIZE):
        ch = chr(cp)
        rep = _fold_char(ch)
        # one character as its code point: str.translate's quickest case
        table.append(ord(rep) if len(rep) == 1 else rep)
        if len(rep) != 1:
            irregular.add(ch)
            if not rep:
                deleted.add(ch)
    return _Tables(table, frozenset(irregular), frozenset(deleted))


class Normalized:
    """A normalised text with the way back to the original's offsets. The anchors are
    computed on the first `position()` call: most texts are scanned and never asked."""

    __slots__ = ("_anchors", "_translated", "original", "text")

    def __init__(self, text: str, original: str, translated: str) -> None:
        self.text = text
        self.original = original
        self._translated = translated
        self._anchors: _Anchors | None = None

    def position(self, pos: int) -> int:
        """The original offset of normalised position `pos`."""
        if self._anchors is None:
            self._anchors = _Anchors.of(self.original, self._translated)
        return self._anchors.to_original(self._anchors.to_translated(pos))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) that the normalised [start, end) came from; marks that
        were deleted right after the last character (harakat, tatweel) are included."""
        first = self.position(start)
        stop = self.position(end - 1) + 1
        deleted = _tables().deleted
        while stop < len(self.original) and self.original[stop] in deleted:
            stop += 1
        return first, stop


@dataclass(frozen=True)
class _Anchors:
    # stage 1 (original → translated): per irregular char, its translated start, its output
    # length and its original position
    irr_at: tuple[int, ...]
    irr_len: tuple[int, ...]
    irr_orig: tuple[int, ...]
    # stage 2 (translated → normalised): per removed run of spaces, the normalised position
    # after it and how many translated characters were removed up to there
    run_at: tuple[int, ...]
    run_removed: tuple[int, ...]

    @classmethod
    def of(cls, text: str, translated: str) -> _Anchors:
        t = _tables()
        irr_at: list[int] = []
        irr_len: list[int] = []
        irr_orig: list[int] = []
        delta = 0
        present = t.irregular.intersection(text)
        if present:  # a small class of just the ones present: the search runs in C
            for m in re.finditer("[" + "".join(re.escape(c) for c in present) + "]", text):
                p = m.start()
                rep = t.translate[ord(text[p])]
                length = len(rep) if isinstance(rep, str) else 1
                irr_at.append(p + delta)
                irr_len.append(length)
                irr_orig.append(p)
                delta += length - 1
        run_at: list[int] = []
        run_removed: list[int] = []
        lead = len(translated) - len(translated.lstrip(" "))
        removed = lead
        if lead:
            run_at.append(0)
            run_removed.append(removed)
        for m in _SPACES.finditer(translated, lead):
            n = m.end() - m.start() - 1
            run_at.append(m.start() + 1 - removed)
            removed += n
            run_removed.append(removed)
        return cls(tuple(irr_at), tuple(irr_len), tuple(irr_orig), tuple(run_at),
                   tuple(run_removed))

    def to_translated(self, pos: int) -> int:
        k = bisect_right(self.run_at, pos) - 1
        return pos + (self.run_removed[k] if k >= 0 else 0)

    def to_original(self, q: int) -> int:
        k = bisect_right(self.irr_at, q) - 1
        if k < 0:
            return q
        start = self.irr_at[k]
        if q < start + self.irr_len[k]:
            return self.irr_orig[k]
        return self.irr_orig[k] + 1 + (q - start - self.irr_len[k])


def normalize(text: str) -> Normalized:
    """`text` normalised as the module docstring says, with the offset map."""
    translated = text.translate(_tables().translate)
    return Normalized(_SPACES.sub(" ", translated).strip(" "), text, translated)


def normalize_key(text: str) -> str:
    """The normalised form alone (for aliases and context terms)."""
    return normalize(text).text
