"""Reading and deleting items. Writing is `ingest.py`'s job."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Row,
    Select,
    and_,
    cast,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    tuple_,
)

from newsdesk.errors import InputError, NotFound
from newsdesk.model import Item, Page
from newsdesk.store.cursor import decode_time_cursor, encode_cursor
from newsdesk.store.entities import entities_of
from newsdesk.store.rows import item_from_row
from newsdesk.store.schema import (
    item_entities,
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
    entity: str | None = None


def _base() -> Select[Any]:
    return select(*items.c, sources.c.name.label("source_name")).join(
        sources, sources.c.id == items.c.source_id
    )


def _filtered(stmt: Select[Any], f: ItemFilter) -> Select[Any]:
    # a NUL can be in a query string but never in a stored tag or entity id (PostgreSQL
    # refuses it in text, and would fail the whole query): such a filter matches nothing
    if any("\x00" in value for value in (f.tag, f.entity, f.language) if value):
        return stmt.where(false())
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
    if f.entity is not None:
        stmt = stmt.where(items.c.id.in_(
            select(item_entities.c.item_id).where(item_entities.c.entity_id == f.entity)))
    if f.since is not None:
        stmt = stmt.where(items.c.sort_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(items.c.sort_at < f.until)
    return stmt


def list_page(
    conn: Connection, f: ItemFilter, *, limit: int, cursor: str | None, after: str | None = None
) -> Page[Item]:
    """Newest first by (sort_at, id). `cursor` gives the page of rows older than it,
    `after` the page of rows newer than it (still newest first); the page's cursors lead
    to the older and newer pages, so paging back and forth returns the same pages."""
    if cursor and after:
        raise InputError("give either a cursor or an after cursor, not both")
    key = tuple_(items.c.sort_at, items.c.id)
    stmt = _filtered(_base(), f).limit(limit + 1)
    if after:
        stmt = stmt.where(key > tuple_(*decode_time_cursor(after)))
        stmt = stmt.order_by(items.c.sort_at.asc(), items.c.id.asc())
    else:
        if cursor:
            stmt = stmt.where(key < tuple_(*decode_time_cursor(cursor)))
        stmt = stmt.order_by(items.c.sort_at.desc(), items.c.id.desc())
    found = conn.execute(stmt).all()
    more = len(found) > limit
    rows = list(reversed(found[:limit])) if after else list(found[:limit])
    if not rows:
        return Page(rows=())
    first, last = _row_cursor(rows[0]), _row_cursor(rows[-1])
    newer = more if after else bool(cursor) and _exists(conn, f, key > tuple_(rows[0].sort_at, rows[0].id))
    older = _exists(conn, f, key < tuple_(rows[-1].sort_at, rows[-1].id)) if after else more
    tagged = entities_of(conn, [r.id for r in rows])
    return Page(
        rows=tuple(_with_entities(item_from_row(r), tagged) for r in rows),
        next_cursor=last if older else None,
        prev_cursor=first if newer else None,
    )


def _with_entities(item: Item, tagged: dict[int, tuple[str, ...]]) -> Item:
    found = tagged.get(item.id)
    return replace(item, entities=found) if found else item


def _row_cursor(row: Row[Any]) -> str:
    return encode_cursor(row.sort_at, row.id)


def _exists(conn: Connection, f: ItemFilter, condition: ColumnElement[bool]) -> bool:
    probe = _filtered(select(items.c.id), f).where(condition).limit(1)
    return conn.execute(probe).first() is not None


def get(conn: Connection, item_id: int) -> Item:
    row = conn.execute(_base().where(items.c.id == item_id)).first()
    if row is None:
        raise NotFound(f"no item {item_id}")
    return _with_entities(item_from_row(row), entities_of(conn, [item_id]))


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


def sitemap_entries(conn: Connection, limit: int) -> list[tuple[int, datetime]]:
    """(id, last change) of the newest `limit` items, newest first: what a sitemap lists."""
    changed = func.coalesce(items.c.updated_at, items.c.sort_at)
    rows = conn.execute(
        select(items.c.id, changed).order_by(items.c.sort_at.desc(), items.c.id.desc()).limit(limit)
    )
    return [(row_id, when) for row_id, when in rows]


def per_day(conn: Connection, source_id: int, *, until: date, days: int) -> list[tuple[date, int]]:
    """Items of one source per UTC day (by publication, else first sighting) for the `days`
    days ending with `until`, oldest first, days without items included as 0."""
    start = until - timedelta(days=days - 1)
    low = datetime.combine(start, time(), tzinfo=UTC)
    high = datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC)
    if conn.dialect.name == "postgresql":
        day: ColumnElement[Any] = cast(func.timezone("UTC", items.c.sort_at), Date)
    else:  # SQLite stores UTC text 'YYYY-MM-DD HH:MM:SS'
        day = func.date(items.c.sort_at)
    rows = conn.execute(
        select(day, func.count())
        .where(items.c.source_id == source_id, items.c.sort_at >= low, items.c.sort_at < high)
        .group_by(day)
    )
    counts = {_as_date(d): int(n) for d, n in rows}
    return [(start + timedelta(days=i), counts.get(start + timedelta(days=i), 0)) for i in range(days)]


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
