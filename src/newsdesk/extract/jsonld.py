"""Schema.org JSON-LD blocks of a page → the article object(s) they describe.

Pages describe themselves in `<script type="application/ld+json">`: a NewsArticle with
its headline, author, dates, language, image, publisher, sometimes the whole
`articleBody`, and `isAccessibleForFree` for paywalled text. Blocks come as one object, a
list, or an `@graph`; types as a string or a list, with or without the schema.org prefix.

Bounds (hostile pages): at most 32 blocks of at most 2 MB each are read, nesting is
walked to depth 12, at most 2,000 objects per page; a block that is not valid JSON is
skipped (many sites ship JSON-LD with trailing commas or raw newlines in strings: one
lenient retry replaces raw control characters before giving up).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ARTICLE_TYPES", "LinkedData", "read_jsonld"]

MAX_BLOCKS = 32
MAX_BLOCK_CHARS = 2 * 1024 * 1024
MAX_DEPTH = 12
MAX_OBJECTS = 2000
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "socialmediaposting",
    "scholarlyarticle", "techarticle", "report", "liveblogposting", "posting",
})
LISTING_TYPES = frozenset({
    "collectionpage", "itemlist", "searchresultspage", "website", "profilepage",
})
_CONTROL = re.compile(r"[\x00-\x1f]")


@dataclass(frozen=True)
class LinkedData:
    """What a page's JSON-LD says: its article objects (first = main) and other types."""

    articles: tuple[dict[str, Any], ...] = ()
    types: frozenset[str] = field(default_factory=frozenset)

    @property
    def main(self) -> dict[str, Any] | None:
        """The article with the longest articleBody, else the first one."""
        if not self.articles:
            return None
        return max(self.articles, key=lambda a: len(text_of(a.get("articleBody")) or ""))


def read_jsonld(scripts: list[str]) -> LinkedData:
    """The article objects and the set of @types found in the given script texts."""
    articles: list[dict[str, Any]] = []
    types: set[str] = set()
    budget = [MAX_OBJECTS]
    for raw in scripts[:MAX_BLOCKS]:
        if len(raw) > MAX_BLOCK_CHARS:
            continue
        data = _loads(raw)
        if data is None:
            continue
        for obj in _objects(data, 0, budget):
            kinds = _types(obj)
            types |= kinds
            if kinds & ARTICLE_TYPES:
                articles.append(obj)
    return LinkedData(tuple(articles), frozenset(types))


def text_of(value: object) -> str | None:
    """A plain string from a JSON-LD value: a string, a {"@value"}, or the first of a list."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return text_of(value.get("@value") or value.get("name") or value.get("url"))
    if isinstance(value, list) and value:
        return text_of(value[0])
    return None


def names_of(value: object) -> list[str]:
    """Person/organisation names from an `author`-like value (a string, an object, a list)."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name.strip()] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for v in value[:20] for n in names_of(v)]
    return []


def _loads(raw: str) -> Any:
    text = raw.strip()
    if text.startswith("<!--"):
        text = text.removeprefix("<!--").removesuffix("-->").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    try:
        return json.loads(_CONTROL.sub(" ", text))
    except (ValueError, RecursionError):
        return None


def _objects(data: object, depth: int, budget: list[int]) -> Iterator[dict[str, Any]]:
    if depth > MAX_DEPTH or budget[0] <= 0:
        return
    if isinstance(data, list):
        for value in data:
            yield from _objects(value, depth + 1, budget)
        return
    if not isinstance(data, dict):
        return
    budget[0] -= 1
    yield data
    for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
        value = data.get(key)
        if isinstance(value, (dict, list)):
            yield from _objects(value, depth + 1, budget)


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].lower() for v in values[:10] if isinstance(v, str)}
