"""Alias suggestions: names that stand next to a watched entity's mentions but are not in
the watchlist — "the People's Mojahedin (PMOI)", "MEK, also known as the MKO".

Around each accepted mention (within `WINDOW` characters, same sentence), the candidates
are Latin acronyms of 2–8 capitals (not at the start of an all-capitals text), a
parenthesised name or acronym right after the mention, and runs of 2–6 capitalised words.
A candidate that normalises to any alias of any watched entity, a common word, or the
start of a sentence made of one ordinary capitalised word is left out. The store counts
each (entity, suggestion) once per item, so the list shows what recurs across items.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.enrich.matcher import Matcher, Mention
from newsdesk.enrich.textnorm import normalize_key
from newsdesk.enrich.watchlist import common_words

__all__ = ["suggest_aliases"]

WINDOW = 80
MAX_PER_ITEM = 20
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")
_PAREN = re.compile(r"^\s*[,–—-]?\s*\(([^()]{2,60})\)")
_CAPITALISED = re.compile(
    r"\b(?:[A-Z][\w'’-]+)(?:[ \t]+(?:(?:of|the|for|and|de|du|des|la|al|el|e|i|ul|ol)[ \t]+)?"
    r"[A-Z][\w'’-]+){1,5}")
_LEADING = re.compile(r"^(?:The|A|An|Le|La|Les|Der|Die|Das|El|Los|Il)\s+")
_STOP = frozenset({"the", "a", "an", "in", "on", "at", "by", "for", "and", "but", "on monday",
                   "mr", "mrs", "ms", "dr"})


def suggest_aliases(matcher: Matcher, text: str, mentions: Iterable[Mention]) -> set[tuple[str, str]]:
    """(entity id, suggested alias) pairs found near the accepted mentions in `text`."""
    known = matcher.alias_keys()
    found: set[tuple[str, str]] = set()
    shouting = text.isupper()
    for m in mentions:
        if not m.accepted:
            continue
        start = max(0, m.start - WINDOW)
        start = text.find(" ", start) + 1 if start else 0  # whole words only
        stop = text.rfind(" ", m.end, m.end + WINDOW)
        before, after = text[start:m.start], text[m.end:stop if stop > m.end else m.end + WINDOW]
        candidates: list[str] = []
        paren = _PAREN.match(after)
        if paren:
            candidates.append(paren.group(1).strip())
        for part in (before, after):  # never across the mention itself
            if not shouting:
                candidates += _ACRONYM.findall(part)
            candidates += [_LEADING.sub("", c.strip()) for c in _CAPITALISED.findall(part)]
        for candidate in candidates:
            key = normalize_key(candidate)
            if (len(key.replace(" ", "")) < 2 or key in known or key in common_words()
                    or key in _STOP or key.isdigit() or _contains_alias(key, known)):
                continue
            found.add((m.entity, candidate))
            if len(found) >= MAX_PER_ITEM:
                return found
    return found
    return found


def _contains_alias(key: str, known: frozenset[str]) -> bool:
    """Does a candidate hold a known alias as whole words ("mek supporters")? Then it is
    the alias in context, not a new name."""
    words = key.split(" ")
    for size in range(1, min(len(words), 6) + 1):
        for i in range(len(words) - size + 1):
            if " ".join(words[i:i + size]) in known:
                return True
    return False
