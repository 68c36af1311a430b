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

Speed: ASCII text goes through `str.translate` (C speed); other text is mapped as UTF-32
code points through a numpy table (str.translate's per-character slow path cost a Persian
article most of its time), falling back to str.translate for the rare character that
becomes several ("ß", ligatures). Spaces are collapsed with one regex. The offset map is
built only when a mention asks for a position, also with numpy: which translated
character each normalised one is, which original character each translated one came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

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
NUMPY_FROM = 200  # characters: shorter texts (aliases, titles) take str.translate
IRREGULAR = 0xFFFFFFFF  # numpy table markers (never code points)
DELETED = 0xFFFFFFFE
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
    deleted: frozenset[str]
    single: Any  # numpy uint32 array: code point → code point, DELETED, or IRREGULAR (several)
    lengths: Any  # numpy uint8 array: how many characters each code point becomes


@cache
def _tables() -> _Tables:
    table: list[int | str] = []
    deleted: set[str] = set()
    for cp in range(TABLE_SIZE):
        ch = chr(cp)
        rep = _fold_char(ch)
        # one character as its code point: str.translate's quickest case
        table.append(ord(rep) if len(rep) == 1 else rep)
        if not rep:
            deleted.add(ch)
    import numpy as np  # (numpy comes with py3langid; imported when the table is built)

    single = np.array([v if isinstance(v, int) else DELETED if v == "" else IRREGULAR
                       for v in table], dtype=np.uint32)
    lengths = np.array([1 if isinstance(v, int) else min(len(v), 255) for v in table],
                       dtype=np.uint8)
    return _Tables(table, frozenset(deleted), single, lengths)


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
        return self._anchors.to_original(pos)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) that the normalised [start, end) came from; marks that
        were deleted right after the last character (harakat, tatweel) are included."""
        first = self.position(start)
        stop = self.position(end - 1) + 1
        deleted = _tables().deleted
        while stop < len(self.original) and self.original[stop] in deleted:
            stop += 1
        return first, stop


class _Anchors:
    """Normalised position → original offset, as two index arrays built with numpy:
    `kept[p]` is the translated position of normalised position p (collapsed spaces
    dropped), `source[q]` the original offset of translated position q (a character that
    became two has two entries, a deleted one none)."""

    __slots__ = ("kept", "length", "source")

    def __init__(self, kept: Any, source: Any, length: int) -> None:
        self.kept, self.source, self.length = kept, source, length

    @classmethod
    def of(cls, text: str, translated: str) -> _Anchors:
        import numpy as np

        t = _tables()
        if text.isascii():
            source = np.arange(len(text), dtype=np.int64)
        else:
            points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            lengths = np.ones(len(points), dtype=np.int64)
            inside = points < TABLE_SIZE
            lengths[inside] = t.lengths[points[inside]]
            source = np.repeat(np.arange(len(points), dtype=np.int64), lengths)
        chars = np.frombuffer(translated.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        space = chars == 32
        drop = space.copy()
        drop[1:] &= space[:-1]  # a space after a space is collapsed...
        if len(space) and space[0]:
            drop[0] = True  # ...and leading spaces go
        leading = int(np.argmax(~space)) if len(space) and not space.all() else len(space)
        drop[:leading] = True
        kept = np.flatnonzero(~drop)
        return cls(kept, source, len(text))

    def to_original(self, pos: int) -> int:
        if pos >= len(self.kept):
            return self.length
        q = int(self.kept[pos])
        return int(self.source[q]) if q < len(self.source) else self.length


def _translate(text: str, t: _Tables) -> str:
    """`text.translate(t.translate)`, vectorised for non-ASCII text: str.translate looks each
    character up in Python's slow path unless the text is ASCII (≈ 50 ns a character; a
    Persian article spent most of its time there). The text as UTF-32 code points indexes
    a numpy table; a text with a character that does not map to exactly one (rare: marks,
    ligatures, "ß") takes str.translate."""
    if len(text) < NUMPY_FROM or text.isascii():  # numpy costs microseconds per call
        return text.translate(t.translate)
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if int(points.max()) >= TABLE_SIZE:
        return text.translate(t.translate)
    mapped = t.single[points]
    if bool((mapped == IRREGULAR).any()):
        return text.translate(t.translate)
    if bool((mapped == DELETED).any()):  # marks, tatweel, a lone hamza: common in Arabic
        mapped = mapped[mapped != DELETED]
    return mapped.tobytes().decode("utf-32-le")


def normalize(text: str) -> Normalized:
    """`text` normalised as the module docstring says, with the offset map."""
    translated = _translate(text, _tables())
    return Normalized(_SPACES.sub(" ", translated).strip(" "), text, translated)


def normalize_key(text: str) -> str:
    """The normalised form alone (for aliases and context terms): no offset map."""
    translated = _translate(text, _tables())
    if "  " in translated:
        translated = _SPACES.sub(" ", translated)
    return translated.strip(" ")
