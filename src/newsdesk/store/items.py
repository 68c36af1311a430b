"""Reading and deleting items. Writing is `ingest.py`'s job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    delete,
    insert,
    or_,
    select,
    tuple_,
)

from newsdesk.errors import NotFound
from newsdesk.model import Item, Page
from newsdesk.store.cursor import decode_time_cursor, encode_cursor
from newsdesk.store.rows import item_from_row
from newsdesk.store.schema import (
    item_keys,
    items,
    source_tags,
    sources,
    tags,
    tombstones,
)


@dataclass(frozen=True, slots=True)
class ItemFilter:
    source_id: int | None = None
    tag: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _base() -> Select[Any]:
    return select(*items.c, sources.c.name.label("source_name")).join(
        sources, sources.c.id == items.c.source_id
    )


def _filtered(stmt: Select[Any], f: ItemFilter) -> Select[Any]:
    if f.source_id is not None:
        stmt = stmt.where(items.c.source_id == f.source_id)
    if f.tag is not None:
        stmt = stmt.where(
            items.c.source_id.in_(
                select(source_tags.c.source_id)
                .join(tags, tags.c.id == source_tags.c.tag_id)
                .where(tags.c.name == f.tag)
            )
        )
    if f.language is not None:
        stmt = stmt.where(or_(items.c.language == f.language, items.c.language.like(f.language + "-%")))
    if f.since is not None:
        stmt = stmt.where(items.c.sort_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(items.c.sort_at < f.until)
    return stmt


def list_page(conn: Connection, f: ItemFilter, *, limit: int, cursor: str | None) -> Page[Item]:
    """Newest first by (sort_at, id); `cursor` continues after the last row of a page."""
    stmt = _filtered(_base(), f)
    if cursor:
        sort_at, row_id = decode_time_cursor(cursor)
        stmt = stmt.where(tuple_(items.c.sort_at, items.c.id) < tuple_(sort_at, row_id))
    stmt = stmt.order_by(items.c.sort_at.desc(), items.c.id.desc()).limit(limit + 1)
    rows = conn.execute(stmt).all()
    page_rows = tuple(item_from_row(r) for r in rows[:limit])
    next_cursor = None
    if len(rows) > limit and page_rows:
        last = rows[limit - 1]
        next_cursor = encode_cursor(last.sort_at, last.id)
    return Page(rows=page_rows, next_cursor=next_cursor)


def get(conn: Connection, item_id: int) -> Item:
    row = conn.execute(_base().where(items.c.id == item_id)).first()
    if row is None:
        raise NotFound(f"no item {item_id}")
    return item_from_row(row)


def delete_item(conn: Connection, item_id: int, now: datetime) -> None:
    """Delete an item for good: its identity keys become tombstones, so no later fetch
    brings it back."""
    row = conn.execute(select(items.c.source_id).where(items.c.id == item_id)).first()
    if row is None:
        raise NotFound(f"no item {item_id}")
    keys = conn.execute(select(item_keys.c.key).where(item_keys.c.item_id == item_id)).scalars().all()
    existing = set(
        conn.execute(
            select(tombstones.c.key).where(
                and_(tombstones.c.source_id == row.source_id, tombstones.c.key.in_(keys))
            )
        ).scalars()
    )
    fresh = [k for k in keys if k not in existing]
    if fresh:
        conn.execute(
            insert(tombstones),
            [{"source_id": row.source_id, "key": k, "deleted_at": now} for k in fresh],
        )
    conn.execute(delete(items).where(items.c.id == item_id))
