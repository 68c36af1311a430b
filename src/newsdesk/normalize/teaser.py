"""Teasers: the first words of an item, as on the seed's listing page.

A teaser is plain text (the template escapes it), at most `max_words` words, cut after a
whole word and ending in " …" only when something was cut; a comma, full stop or similar
left at the cut goes first ("… Lord Carlile …", not "Lord Carlile, …"). Words are what
whitespace separates, so Persian and Arabic work the same (U+200C, the zero-width
non-joiner inside Persian words, is not whitespace). Text without spaces (Thai, Chinese,
a 10,000-character token) is also capped at `max_words * 12` characters, cut between two
character clusters; the " …" fits within that cap, so making a teaser of a teaser changes
nothing.
"""

from __future__ import annotations

from newsdesk.normalize.html import html_to_text
from newsdesk.normalize.text import truncate

ELLIPSIS = "…"
CHARS_PER_WORD = 12
# Left at a cut, these go before the " …": Latin, Arabic/Persian, CJK and Devanagari marks.
_CUT_PUNCTUATION = ",.;:…-–—،؛۔、。，；：।"
_JOINERS = "\u200c\u200d"


def make_teaser(text: str, max_words: int = 55) -> str:
    """The first `max_words` words of `text`, whitespace collapsed, " …" when cut."""
    words = text.split()
    max_chars = max(1, max_words) * CHARS_PER_WORD
    joined = " ".join(words[:max_words])
    if len(words) <= max_words and len(joined) <= max_chars:
        return joined
    if len(joined) > max_chars - 2:
        joined = _cut_chars(joined, max_chars - 2)
    kept = joined.rstrip(_CUT_PUNCTUATION + _JOINERS + " ")
    return f"{kept} {ELLIPSIS}" if kept else ELLIPSIS


def teaser_from(summary_html: str | None, content_html: str | None, max_words: int = 55) -> str:
    """The teaser of the summary when it has visible text, else of the content."""
    text = html_to_text(summary_html) if summary_html else ""
    if not text and content_html:
        text = html_to_text(content_html)
    return make_teaser(text, max_words)


def _cut_chars(s: str, max_chars: int) -> str:
    """At most `max_chars` characters, at the last space when that keeps at least half."""
    cut = truncate(s, max_chars)
    if len(cut) < len(s) and s[len(cut)] != " ":
        space = cut.rfind(" ")
        if space >= max_chars // 2:
            cut = cut[:space]
    return cut
