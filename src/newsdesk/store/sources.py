"""Sources and their tags; claiming due sources for workers (the database is the queue)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from newsdesk.errors import InputError, NotFound
from newsdesk.model import Source, SourceKind, SourceStatus
from newsdesk.store.rows import source_from_row
from newsdesk.store.schema import items, source_tags, sources, tags

POLLED = (SourceStatus.ACTIVE.value, SourceStatus.ERROR.value)


def tags_by_source(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    id_list = list(ids)
    out: dict[int, list[str]] = {i: [] for i in id_list}
    if not id_list:
        return {}
    rows = conn.execute(
        select(source_tags.c.source_id, tags.c.name)
        .join(tags, tags.c.id == source_tags.c.tag_id)
        .where(source_tags.c.source_id.in_(id_list))
        .order_by(tags.c.name)
    )
    for source_id, name in rows:
        out[source_id].append(name)
    return {k: tuple(v) for k, v in out.items()}


def item_counts(conn: Connection, ids: Iterable[int] | None = None) -> dict[int, int]:
    stmt = select(items.c.source_id, func.count()).group_by(items.c.source_id)
    if ids is not None:
        stmt = stmt.where(items.c.source_id.in_(list(ids)))
    return {sid: n for sid, n in conn.execute(stmt)}


def _hydrate(conn: Connection, rows: Sequence[Any], with_counts: bool = True) -> list[Source]:
    ids = [r.id for r in rows]
    tag_map = tags_by_source(conn, ids)
    counts = item_counts(conn, ids) if with_counts and ids else {}
    return [source_from_row(r, tag_map.get(r.id, ()), counts.get(r.id, 0)) for r in rows]


def set_tags(conn: Connection, source_id: int, names: Iterable[str]) -> None:
    conn.execute(delete(source_tags).where(source_tags.c.source_id == source_id))
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        tag_id = conn.execute(select(tags.c.id).where(tags.c.name == name)).scalar()
        if tag_id is None:
            tag_id = conn.execute(insert(tags).values(name=name).returning(tags.c.id)).scalar_one()
        conn.execute(insert(source_tags).values(source_id=source_id, tag_id=tag_id))


def add(
    conn: Connection, *, url: str, kind: SourceKind, name: str, tags_: Sequence[str],
    interval: int, now: datetime, site_url: str | None = None,
) -> int:
    existing = conn.execute(select(sources.c.id).where(sources.c.url == url)).scalar()
    if existing is not None:
        raise InputError(f"{url} is already watched as source {existing}")
    try:
        new_id: int = conn.execute(
            insert(sources)
            .values(
                url=url, kind=kind.value, name=name, site_url=site_url,
                status=SourceStatus.ACTIVE.value, interval_seconds=interval,
                next_check_at=now, created_at=now, updated_at=now,
            )
            .returning(sources.c.id)
        ).scalar_one()
    except IntegrityError:
        raise InputError(f"{url} is already watched") from None
    set_tags(conn, new_id, tags_)
    return new_id


def get(conn: Connection, source_id: int) -> Source:
    row = conn.execute(select(sources).where(sources.c.id == source_id)).first()
    if row is None:
        raise NotFound(f"no source {source_id}")
    return _hydrate(conn, [row])[0]


def list_all(conn: Connection, tag: str | None = None) -> list[Source]:
    stmt = select(sources).order_by(sources.c.id)
    if tag is not None and "\x00" in tag:
        return []  # no stored tag holds a NUL (and PostgreSQL would refuse the query)
    if tag is not None:
        stmt = stmt.where(
            sources.c.id.in_(
                select(source_tags.c.source_id)
                .join(tags, tags.c.id == source_tags.c.tag_id)
                .where(tags.c.name == tag)
            )
        )
    return _hydrate(conn, conn.execute(stmt).all())


def page(conn: Connection, *, after_id: int | None, limit: int) -> tuple[list[Source], bool]:
    stmt = select(sources).order_by(sources.c.id).limit(limit + 1)
    if after_id is not None:
        stmt = stmt.where(sources.c.id > after_id)
    rows = conn.execute(stmt).all()
    return _hydrate(conn, rows[:limit]), len(rows) > limit


def remove(conn: Connection, source_id: int) -> None:
    if conn.execute(delete(sources).where(sources.c.id == source_id)).rowcount == 0:
        raise NotFound(f"no source {source_id}")


def claim(
    conn: Connection, *, worker: str, now: datetime, lease_seconds: int, limit: int,
    ids: Sequence[int] | None = None,
) -> list[Source]:
    """Lease up to `limit` sources to `worker`.

    Without `ids`: the due ones (polled status, next check passed), oldest due first.
    With `ids`: those sources whatever their schedule or status (an explicit request).
    Either way a source leased by a live worker is skipped; an expired lease is taken over.
    On PostgreSQL `FOR UPDATE SKIP LOCKED` lets many workers claim at once without waiting
    on each other; on SQLite the write transaction (BEGIN IMMEDIATE) serialises claims.
    """
    free = or_(sources.c.lease_expires_at.is_(None), sources.c.lease_expires_at < now)
    pick = select(sources.c.id).where(free)
    if ids is None:
        due = or_(sources.c.next_check_at.is_(None), sources.c.next_check_at <= now)
        pick = pick.where(and_(sources.c.status.in_(POLLED), due)).order_by(
            sources.c.next_check_at, sources.c.id
        )
    else:
        pick = pick.where(sources.c.id.in_(list(ids))).order_by(sources.c.id)
    pick = pick.limit(limit).with_for_update(skip_locked=True)
    rows = sorted(
        conn.execute(
            update(sources)
            .where(sources.c.id.in_(pick.scalar_subquery()))
            .values(lease_owner=worker, lease_expires_at=now + timedelta(seconds=lease_seconds))
            .returning(*sources.c)
        ).all(),
        key=lambda r: r.id,
    )
    activity = _activity(conn, [r.id for r in rows], now - timedelta(days=7))
    return [source_from_row(r, (), *activity.get(r.id, (0, 0))) for r in rows]


def _activity(conn: Connection, ids: Sequence[int], since: datetime) -> dict[int, tuple[int, int]]:
    """{source id: (items in all, items published since `since`)}, one query for a batch."""
    if not ids:
        return {}
    recent = func.coalesce(func.sum(case((items.c.sort_at >= since, 1), else_=0)), 0)
    rows = conn.execute(
        select(items.c.source_id, func.count(), recent)
        .where(items.c.source_id.in_(list(ids)))
        .group_by(items.c.source_id)
    )
    return {sid: (int(total), int(week)) for sid, total, week in rows}


def release(conn: Connection, source_ids: Sequence[int], worker: str) -> None:
    conn.execute(
        update(sources)
        .where(and_(sources.c.id.in_(list(source_ids)), sources.c.lease_owner == worker))
        .values(lease_owner=None, lease_expires_at=None)
    )


def update_fields(conn: Connection, source_id: int, **values: Any) -> None:
    if conn.execute(update(sources).where(sources.c.id == source_id).values(**values)).rowcount == 0:
        raise NotFound(f"no source {source_id}")


def url_taken(conn: Connection, url: str, other_than: int) -> bool:
    found = conn.execute(
        select(sources.c.id).where(and_(sources.c.url == url, sources.c.id != other_than))
    ).first()
    return found is not None


def tag_counts(conn: Connection) -> list[tuple[str, int]]:
    """Every tag in use with the number of its sources, by name."""
    rows = conn.execute(
        select(tags.c.name, func.count())
        .join(source_tags, source_tags.c.tag_id == tags.c.id)
        .group_by(tags.c.name)
        .order_by(tags.c.name)
    )
    return [(name, int(n)) for name, n in rows]
