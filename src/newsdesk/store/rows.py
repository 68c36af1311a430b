"""Rows to model values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from newsdesk.model import Enclosure, Item, Source, SourceKind, SourceStatus


def source_from_row(
    row: Row[Any], tags: tuple[str, ...] = (), item_count: int = 0, items_last_week: int = 0
) -> Source:
    m = row._mapping
    return Source(
        id=m["id"],
        url=m["url"],
        kind=SourceKind(m["kind"]),
        name=m["name"],
        status=SourceStatus(m["status"]),
        tags=tags,
        site_url=m["site_url"],
        etag=m["etag"],
        last_modified=m["last_modified"],
        interval_seconds=m["interval_seconds"],
        next_check_at=m["next_check_at"],
        last_fetched_at=m["last_fetched_at"],
        last_success_at=m["last_success_at"],
        last_error=m["last_error"],
        error_count=m["error_count"],
        item_count=item_count,
        created_at=m["created_at"],
        items_last_week=items_last_week,
        listing_items=m["listing_items"],
    )


def item_from_row(row: Row[Any]) -> Item:
    m = row._mapping
    enclosures = tuple(
        Enclosure(url=e.get("url", ""), type=e.get("type"), length=e.get("length"))
        for e in (m["enclosures"] or [])
        if isinstance(e, dict)
    )
    return Item(
        id=m["id"],
        source_id=m["source_id"],
        url=m["url"],
        title=m["title"],
        teaser=m["teaser"],
        published_at=m["published_at"],
        first_seen_at=m["first_seen_at"],
        language=m["language"],
        guid=m["guid"],
        author=m["author"],
        summary_html=m["summary_html"],
        content_html=m["content_html"],
        updated_at=m["updated_at"],
        source_name=m.get("source_name"),
        enclosures=enclosures,
    )
