"""Fold printed text for date matching without moving any character.

Every replacement is one character for one, so a match in the folded text has the same
offsets in the original: ASCII digits for Persian and Arabic-Indic ones, one spelling of
the Arabic-script letters that Persian and Arabic sites write differently (ي/ی, ك/ک,
أ/إ/آ/ا), and a plain space for the no-break and thin spaces around dates.
"""

from __future__ import annotations

from newsdesk.extract.jalali import to_ascii_digits

__all__ = ["fold", "fold_word"]

_LETTERS = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
})  # fmt: skip


def fold(text: str) -> str:
    """The same text, same length, with digits and Arabic-script letters in one form."""
    return to_ascii_digits(text).translate(_LETTERS)


def fold_word(word: str) -> str:
    """A lookup key for a word: folded, case-folded, Turkish dotted/dotless i merged."""
    return fold(word).casefold().replace("i̇", "i").replace("ı", "i").rstrip(".")
