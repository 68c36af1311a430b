"""Items tagged with the watchlist: mentions in the title, teaser and text of each item.

The text is the item's content (else its summary) as plain text, capped at
`MAX_TEXT_CHARS` so that a 10 MB item is tagged in bounded time (the title and teaser are
always read whole)."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.enrich.matcher import Matcher
from newsdesk.enrich.suggest import suggest_aliases
from newsdesk.model import ItemMention, NormalizedItem
from newsdesk.normalize.html import html_to_text

__all__ = ["MAX_TEXT_CHARS", "tag_fields", "tag_item"]

MAX_TEXT_CHARS = 200_000


def tag_fields(matcher: Matcher, fields: dict[str, str | None],
               lang: str | None) -> tuple[ItemMention, ...]:
    """Mentions in each named field; a surname in the text counts after a full name in
    the title (the fields are read as one item, title first)."""
    return _tag(matcher, fields, lang)[0]


def _tag(matcher: Matcher, fields: dict[str, str | None],
         lang: str | None) -> tuple[tuple[ItemMention, ...], set[tuple[str, str]]]:
    found: list[ItemMention] = []
    names = [name for name, value in fields.items() if value]
    joined = ""
    bounds: list[tuple[str, int, int]] = []
    for name in names:
        value = (fields[name] or "")[:MAX_TEXT_CHARS]
        start = len(joined)
        joined += value + "\n\n"
        bounds.append((name, start, start + len(value)))
    primary = (lang or "").split("-")[0].lower() or None
    mentions = matcher.find(joined, primary)
    for m in mentions:
        for name, start, end in bounds:
            if start <= m.start < end:
                found.append(ItemMention(m.entity, name, m.start - start, min(m.end, end) - start,
                                         m.surface, m.layer, m.score, m.accepted, m.reasons))
                break
    return tuple(found), suggest_aliases(matcher, joined, mentions)


def tag_item(matcher: Matcher, item: NormalizedItem, version: int) -> NormalizedItem:
    text = html_to_text(item.content_html or item.summary_html or "")
    mentions, suggested = _tag(matcher, {"title": item.title, "teaser": item.teaser,
                                         "text": text}, item.language)
    return replace(item, mentions=mentions, tagged_version=version,
                   suggestions=tuple(sorted(suggested)))
