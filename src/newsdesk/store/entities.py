"""The watchlist's entities, the mentions found in items, and items per entity.

`replace()` writes a watchlist (all of it, or merged into the stored one) and bumps
`site_state.watchlist_version` when anything changed; items tagged with an older version
are re-tagged in the background (`to_retag()` / `write_mentions()`), never blocking
ingest: the worker takes a batch between fetches.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    and_,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from newsdesk.model import ItemMention
from newsdesk.store.ingest import CHUNK
from newsdesk.store.schema import (
    alias_suggestions,
    entities,
    item_entities,
    items,
    mentions,
    site_state,
    sources,
)

MentionRow = tuple[int, int, datetime, Sequence[ItemMention]]  # item id, source id, sort_at, mentions


def version(conn: Connection) -> int:
    return int(conn.execute(select(site_state.c.watchlist_version).where(site_state.c.id == 1))
               .scalar() or 0)


def watchlist(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(entities.c.data).order_by(entities.c.position, entities.c.id))
    return [dict(r.data) for r in rows]


def replace(conn: Connection, data: Sequence[dict[str, Any]], *, merge: bool,
            now: datetime) -> dict[str, list[str]]:
    """Store entity dicts (Entity.as_data()); without `merge`, entities not given are removed
    (with their mentions). Returns the ids added, changed, unchanged and removed."""
    stored = {r.id: (r.data, r.position) for r in conn.execute(
        select(entities.c.id, entities.c.data, entities.c.position))}
    report: dict[str, list[str]] = {"added": [], "changed": [], "unchanged": [], "removed": []}
    base = 0 if not merge else max((p for _, p in stored.values()), default=-1) + 1
    for offset, entity in enumerate(data):
        ident = entity["id"]
        values = {"type": entity["type"], "canonical": entity["canonical"], "data": entity,
                  "updated_at": now}
        if ident not in stored:
            conn.execute(insert(entities).values(id=ident, position=base + offset, **values))
            report["added"].append(ident)
        elif stored[ident][0] != entity:
            conn.execute(update(entities).where(entities.c.id == ident).values(**values))
            report["changed"].append(ident)
        else:
            report["unchanged"].append(ident)
    if not merge:
        given = {e["id"] for e in data}
        gone = sorted(set(stored) - given)
        for start in range(0, len(gone), CHUNK):
            chunk = gone[start:start + CHUNK]
            # explicit deletes: SQLite cascades only with foreign keys on, PostgreSQL always
            conn.execute(delete(item_entities).where(item_entities.c.entity_id.in_(chunk)))
            conn.execute(delete(mentions).where(mentions.c.entity_id.in_(chunk)))
            conn.execute(delete(entities).where(entities.c.id.in_(chunk)))
        report["removed"] = gone
    if report["added"] or report["changed"] or report["removed"]:
        conn.execute(update(site_state).where(site_state.c.id == 1)
                     .values(watchlist_version=site_state.c.watchlist_version + 1))
    return report


def write_mentions(conn: Connection, rows: Sequence[MentionRow], tagged_version: int) -> None:
    """Replace the mentions (and items-per-entity rows) of these items."""
    if not rows:
        return
    known = set(conn.execute(select(entities.c.id)).scalars())
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        conn.execute(delete(mentions).where(mentions.c.item_id.in_(chunk)))
        conn.execute(delete(item_entities).where(item_entities.c.item_id.in_(chunk)))
        conn.execute(update(items).where(items.c.id.in_(chunk))
                     .values(tagged_version=tagged_version))
    mention_rows: list[dict[str, Any]] = []
    entity_rows: dict[tuple[str, int], dict[str, Any]] = {}
    for item_id, source_id, sort_at, found in rows:
        for m in found:
            if m.entity not in known:
                continue
            mention_rows.append({
                "item_id": item_id, "entity_id": m.entity, "field": m.field,
                "start_pos": m.start, "end_pos": m.end, "surface": m.surface[:500],
                "layer": m.layer, "score": m.score, "accepted": m.accepted,
                "reasons": list(m.reasons),
            })
            if m.accepted:
                entity_rows[(m.entity, item_id)] = {"entity_id": m.entity, "item_id": item_id,
                                                    "source_id": source_id, "sort_at": sort_at}
    if mention_rows:
        conn.execute(insert(mentions), mention_rows)
    if entity_rows:
        conn.execute(insert(item_entities), list(entity_rows.values()))


def to_retag(conn: Connection, current: int, limit: int, *, lock: bool = False) -> list[dict[str, Any]]:
    """Items tagged with an older watchlist version, oldest id first; with `lock` (in a
    write transaction, on PostgreSQL) rows another worker is re-tagging are skipped."""
    c = items.c
    stmt = (select(c.id, c.source_id, c.sort_at, c.title, c.teaser, c.summary_html,
                   c.content_html, c.language)
            .where(c.tagged_version < current).order_by(c.id).limit(limit))
    if lock and conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True, of=items)
    return [dict(r._mapping) for r in conn.execute(stmt)]


def progress(conn: Connection, current: int) -> tuple[int, int]:
    """(items tagged with the current watchlist, all items)."""
    total = conn.execute(select(func.count()).select_from(items)).scalar() or 0
    done = conn.execute(select(func.count()).select_from(items)
                        .where(items.c.tagged_version >= current)).scalar() or 0
    return int(done), int(total)


def item_mentions(conn: Connection, item_id: int) -> list[ItemMention]:
    m = mentions.c
    rows = conn.execute(select(mentions).where(m.item_id == item_id)
                        .order_by(m.field, m.start_pos, m.id))
    return [ItemMention(r.entity_id, r.field, r.start_pos, r.end_pos, r.surface, r.layer,
                        r.score, r.accepted, tuple(r.reasons or ())) for r in rows]


def entities_of(conn: Connection, item_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for start in range(0, len(item_ids), CHUNK):
        chunk = list(item_ids[start:start + CHUNK])
        for item_id, entity_id in conn.execute(
            select(item_entities.c.item_id, item_entities.c.entity_id)
            .where(item_entities.c.item_id.in_(chunk)).order_by(item_entities.c.entity_id)
        ):
            found.setdefault(item_id, []).append(entity_id)
    return {k: tuple(v) for k, v in found.items()}


def per_day(conn: Connection, entity_id: str, *, until: date, days: int) -> list[tuple[date, int]]:
    """Items mentioning the entity per UTC day, as items.per_day does for a source."""
    start = until - timedelta(days=days - 1)
    low = datetime.combine(start, time(), tzinfo=UTC)
    high = datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC)
    ie = item_entities.c
    if conn.dialect.name == "postgresql":
        day: ColumnElement[Any] = cast(func.timezone("UTC", ie.sort_at), Date)
    else:
        day = func.date(ie.sort_at)
    rows = conn.execute(select(day, func.count())
                        .where(ie.entity_id == entity_id, ie.sort_at >= low, ie.sort_at < high)
                        .group_by(day))
    found = {d if isinstance(d, date) else date.fromisoformat(d): int(n) for d, n in rows}
    return [(start + timedelta(days=i), found.get(start + timedelta(days=i), 0))
            for i in range(days)]


def top_sources(conn: Connection, entity_id: str, limit: int = 10) -> list[tuple[int, str, int]]:
    ie = item_entities.c
    rows = conn.execute(
        select(ie.source_id, sources.c.name, func.count().label("n"))
        .join(sources, sources.c.id == ie.source_id)
        .where(ie.entity_id == entity_id).group_by(ie.source_id, sources.c.name)
        .order_by(func.count().desc(), ie.source_id).limit(limit))
    return [(r.source_id, r.name, int(r.n)) for r in rows]


def co_mentioned(conn: Connection, entity_id: str, limit: int = 10) -> list[tuple[str, int]]:
    a, b = item_entities.alias("a"), item_entities.alias("b")
    rows = conn.execute(
        select(b.c.entity_id, func.count().label("n"))
        .select_from(a.join(b, and_(a.c.item_id == b.c.item_id, b.c.entity_id != a.c.entity_id)))
        .where(a.c.entity_id == entity_id).group_by(b.c.entity_id)
        .order_by(func.count().desc(), b.c.entity_id).limit(limit))
    return [(r.entity_id, int(r.n)) for r in rows]


def counts(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(item_entities.c.entity_id, func.count())
                        .group_by(item_entities.c.entity_id))
    return {e: int(n) for e, n in rows}


def count_suggestions(conn: Connection, pairs: Sequence[tuple[str, str]], now: datetime) -> None:
    """Count each (entity, name) once more; names that became aliases are dropped when the
    list is read (the key compares them)."""
    known = set(conn.execute(select(entities.c.id)).scalars())
    rows: dict[tuple[str, str], str] = {}
    seen: dict[tuple[str, str], int] = {}
    for entity_id, text in pairs:  # one pair per item: several items may name it
        if entity_id in known:
            key = (entity_id, text.casefold()[:200])
            rows[key] = text[:200]
            seen[key] = seen.get(key, 0) + 1
    if not rows:
        return
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    stmt = dialect.insert(alias_suggestions)
    stmt = stmt.on_conflict_do_update(
        index_elements=[alias_suggestions.c.entity_id, alias_suggestions.c.key],
        set_={"seen_items": alias_suggestions.c.seen_items + stmt.excluded.seen_items,
              "last_seen": stmt.excluded.last_seen,
              "text": stmt.excluded.text})
    conn.execute(stmt, [{"entity_id": e, "key": k, "text": t, "seen_items": seen[(e, k)],
                         "last_seen": now} for (e, k), t in rows.items()])


def suggestions(conn: Connection, entity_id: str | None, limit: int,
                min_items: int) -> list[dict[str, Any]]:
    """The most frequent names seen next to an entity (or any) that are not aliases."""
    s = alias_suggestions.c
    stmt = select(s.entity_id, s.text, s.seen_items, s.last_seen).where(s.seen_items >= min_items)
    if entity_id is not None:
        stmt = stmt.where(s.entity_id == entity_id)
    rows = conn.execute(stmt.order_by(s.seen_items.desc(), s.last_seen.desc()).limit(limit * 3))
    aliases = {e["id"]: {a["text"].casefold() for a in e.get("aliases", [])}
               for e in watchlist(conn)}
    out = [dict(r._mapping) for r in rows if r.text.casefold() not in aliases.get(r.entity_id, ())]
    return out[:limit]
