"""Consonant skeletons of Latin-script text: the transliteration layer (entities.md §5.5).

"Mojaheddin-e Khalgh" and "Mojahedin-e Khalq", "Masud Radjavi" and "Massoud Rajavi" share
a skeleton: digraphs folded (dzh/dj/zh → j, kh → x, gh/k/c/g/q/ck → q, ph → f, ch/sch → sh,
dh → d, tz → z, w → v), y and vowels dropped except a marker for an initial vowel, a final
vowel + h dropped, doubled letters collapsed. Particle tokens (ezafe "e", "i", "ye", "a",
"o", "u") become "~" and are skipped by the alias keys.

The text is rewritten token for token, so token *i* of the skeleton is token *i* of the
text; a token's skeleton comes from a bounded cache or a few regex passes over that token
alone (tokens longer than 40 characters are not words). Tokens with anything but a-z and
digits (another script, a mixed token) become "#", which no key contains: keys never join
across scripts.
"""

from __future__ import annotations

import re

__all__ = ["PARTICLE", "skeleton_text", "skeleton_tokens"]

PARTICLE = "~"
CACHE_SIZE = 200_000
MAX_TOKEN = 40
_CACHE: dict[str, str] = {}
_FINAL_VOWEL_H = re.compile(r"[aeiouy]h$")
_DIGRAPHS = {"dzh": "j", "dj": "j", "zh": "j", "kh": "x", "gh": "q", "ph": "f", "sch": "$",
             "ch": "$", "sh": "$", "dh": "d", "tz": "z", "ck": "q"}
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_INITIAL_VOWELS = re.compile(r"^[aeiouy]+")
# after the steps above the text is ASCII, where str.translate is fast
_LETTERS = str.maketrans({"a": None, "e": None, "i": None, "o": None, "u": None, "y": None,
                          "k": "q", "c": "q", "g": "q", "w": "v"})
_DOUBLED = re.compile(r"([a-z$@])\1+")


def skeleton_text(normalized: str) -> str:
    """The skeleton of a normalised text, token for token (same number of spaces).

    Words repeat (a text is mostly the same few hundred words), so each token's skeleton
    is looked up in a bounded cache first; only new words go through the regex passes."""
    cache = _CACHE
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    return " ".join([cache[t] if t in cache else _remember(t) for t in normalized.split(" ")])


def _remember(token: str) -> str:
    found = _CACHE[token] = _token_skeleton(token)
    return found


def _token_skeleton(token: str) -> str:
    if not token:
        return token
    if not (token.isascii() and token.isalnum()) or len(token) > MAX_TOKEN:
        return "#"  # another script, a mixed token, or no word at all
    text = _FINAL_VOWEL_H.sub("", token)
    text = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group()], text)
    text = _INITIAL_VOWELS.sub("@", text)  # an initial vowel leaves a marker
    text = _DOUBLED.sub(r"\1", text.translate(_LETTERS))
    return PARTICLE if text == "@" else text  # a token that was only vowels: a particle


def skeleton_tokens(normalized: str) -> list[str]:
    """The skeleton tokens of an alias key, particles left out."""
    return [t for t in skeleton_text(normalized).split(" ") if t and t != PARTICLE]
