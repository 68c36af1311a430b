"""The demo outlets' articles, read from the package data in `sites/<slug>/outlet.toml`.

Each item there has an `age_hours`; `load_outlets(now)` turns it into a publication date
relative to `now`, so the demo always looks fresh while GUIDs (built from the outlet slug
and the item id) stay the same from one run to the next.
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

# Served in this order, each under /<slug>/.
OUTLET_SLUGS = ("daily", "science", "rundschau", "chenar")
GUID_PREFIX = "tag:newsdesk-demo.invalid,2024:"


class FeedFormat(enum.StrEnum):
    RSS = "rss"
    ATOM = "atom"
    JSON = "json"

    @property
    def file_name(self) -> str:
        return {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}[self.value]

    @property
    def media_type(self) -> str:
        return {
            "rss": "application/rss+xml",
            "atom": "application/atom+xml",
            "json": "application/feed+json",
        }[self.value]


@dataclass(frozen=True, slots=True)
class DemoItem:
    id: str  # unique within its outlet, part of the URL and the GUID
    guid: str
    title: str
    author: str
    published_at: datetime  # aware
    categories: tuple[str, ...]
    paragraphs: tuple[str, ...]  # plain text
    summary: str  # plain text: the given summary, else the first paragraph


@dataclass(frozen=True, slots=True)
class OutletContent:
    slug: str
    name: str
    tagline: str
    language: str  # BCP 47, e.g. "en-GB", "fa"
    format: FeedFormat
    full_text_in_feed: bool  # else the feed carries the summary only
    tags: tuple[str, ...]
    items: tuple[DemoItem, ...]  # newest first

    @property
    def right_to_left(self) -> bool:
        return self.language.split("-")[0] in {"fa", "ar", "he", "ur"}

    @property
    def updated_at(self) -> datetime:
        return max(item.published_at for item in self.items)


def load_outlets(now: datetime) -> tuple[OutletContent, ...]:
    """Read every outlet's content, dating items relative to `now` (aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return tuple(load_outlet(slug, now) for slug in OUTLET_SLUGS)


def load_outlet(slug: str, now: datetime) -> OutletContent:
    data = tomllib.loads(read_site_text(f"{slug}/outlet.toml"))
    now = now.replace(second=0, microsecond=0)
    items = sorted(
        (_item(slug, raw, now) for raw in data["items"]),
        key=lambda item: item.published_at,
        reverse=True,
    )
    return OutletContent(
        slug=data["slug"],
        name=data["name"],
        tagline=data["tagline"],
        language=data["language"],
        format=FeedFormat(data["format"]),
        full_text_in_feed=data["full_text_in_feed"],
        tags=tuple(data["tags"]),
        items=tuple(items),
    )


def read_site_text(relative_path: str) -> str:
    """A text file from the `sites/` package data, e.g. "daily/outlet.toml"."""
    resource = resources.files("newsdesk.demo").joinpath("sites", *relative_path.split("/"))
    return resource.read_text(encoding="utf-8")


def _item(slug: str, raw: dict[str, Any], now: datetime) -> DemoItem:
    paragraphs = tuple(p.strip() for p in raw["body"].split("\n\n") if p.strip())
    return DemoItem(
        id=raw["id"],
        guid=f"{GUID_PREFIX}{slug}/{raw['id']}",
        title=raw["title"],
        author=raw["author"],
        published_at=now - timedelta(hours=raw["age_hours"]),
        categories=tuple(raw.get("categories", ())),
        paragraphs=paragraphs,
        summary=raw.get("summary", paragraphs[0]),
    )
