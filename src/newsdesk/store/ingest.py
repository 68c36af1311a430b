"""Idempotent ingest of one fetch's items into one source.

Every item carries identity keys in priority order (see `normalize/items.py`):
`guid:` (absent when the feed repeats one GUID for many items), `url:` (canonical URL) and
`td:` (title + day). An incoming item is the same as a stored one when any key matches, with
one guard: a `td:` match does not fold two items that both have URLs (two different articles
may share a title on one day). A matched item is updated when its content hash changed and
otherwise left alone; an item whose key is tombstoned (deleted by a user) is skipped. Keys of
a kind the stored item lacks are added; a new GUID for an item already holding another one is
*not* added (a feed that changes GUIDs on every fetch would otherwise grow keys forever) and
is counted as churn, which flags the source's ids as unstable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from newsdesk.model import ItemMention, NormalizedItem
from newsdesk.store.schema import item_keys, items, tombstones

CHUNK = 400  # bound the number of bind parameters per statement


@dataclass(slots=True)
class IngestCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    tombstoned: int = 0
    churn: int = 0
    # new and changed items that carry mentions: (item id, source id, sort_at, mentions)
    tagged: list[tuple[int, int, datetime, tuple[ItemMention, ...]]] = field(default_factory=list)
    tagged_version: int = 0
    suggested: list[tuple[str, str]] = field(default_factory=list)  # from new items only


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


class _Index:
    """The stored keys of this source that the batch could touch, kept current while inserting."""

    def __init__(self, conn: Connection, source_id: int, batch: Sequence[NormalizedItem]) -> None:
        self.conn = conn
        self.source_id = source_id
        wanted = sorted({k for item in batch for k in item.keys})
        self.item_of: dict[str, int] = {}
        self.keys_of: dict[int, set[str]] = {}
        self.hash_of: dict[int, str] = {}
        self.tombstoned: set[str] = set()
        for chunk in _chunks(wanted):
            for key, item_id in conn.execute(
                select(item_keys.c.key, item_keys.c.item_id).where(
                    and_(item_keys.c.source_id == source_id, item_keys.c.key.in_(chunk))
                )
            ):
                self.item_of[key] = item_id
            self.tombstoned.update(
                conn.execute(
                    select(tombstones.c.key).where(
                        and_(tombstones.c.source_id == source_id, tombstones.c.key.in_(chunk))
                    )
                ).scalars()
            )
        self._load_items(sorted(set(self.item_of.values())))

    def _load_items(self, ids: Sequence[int]) -> None:
        for chunk in _chunks(ids):
            for key, item_id in self.conn.execute(
                select(item_keys.c.key, item_keys.c.item_id).where(item_keys.c.item_id.in_(chunk))
            ):
                self.keys_of.setdefault(item_id, set()).add(key)
            for item_id, content_hash in self.conn.execute(
                select(items.c.id, items.c.content_hash).where(items.c.id.in_(chunk))
            ):
                self.hash_of[item_id] = content_hash

    def match(self, item: NormalizedItem) -> int | None:
        has_url = any(_kind(k) == "url" for k in item.keys)
        for key in item.keys:
            found = self.item_of.get(key)
            if found is None:
                continue
            if _kind(key) == "td" and has_url and any(
                _kind(k) == "url" for k in self.keys_of.get(found, ())
            ):
                continue
            return found
        return None

    def remember(self, item_id: int, keys: Iterable[str], content_hash: str) -> None:
        for key in keys:
            self.item_of[key] = item_id
            self.keys_of.setdefault(item_id, set()).add(key)
        self.hash_of[item_id] = content_hash


def _values(item: NormalizedItem) -> dict[str, Any]:
    return {
        "guid": item.guid,
        "url": item.url,
        "title": item.title,
        "teaser": item.teaser,
        "summary_html": item.summary_html,
        "content_html": item.content_html,
        "author": item.author,
        "language": item.language,
        "enclosures": [
            {"url": e.url, "type": e.type, "length": e.length} for e in item.enclosures
        ] or None,
        "published_at": item.published_at,
        "updated_at": item.updated_at,
        "content_hash": item.content_hash,
        "tagged_version": item.tagged_version,
    }


def ingest_items(
    conn: Connection, source_id: int, batch: Sequence[NormalizedItem], now: datetime
) -> IngestCounts:
    counts = IngestCounts()
    if not batch:
        return counts
    index = _Index(conn, source_id, batch)
    fresh: list[tuple[NormalizedItem, list[str]]] = []  # new rows and their keys, inserted below
    for item in batch:
        if any(k in index.tombstoned for k in item.keys):
            counts.tombstoned += 1
            continue
        found = index.match(item)
        if found is None:
            # a key already held by another item (a title+day shared with a different URL)
            # stays with that item
            owned = [k for k in dict.fromkeys(item.keys) if k not in index.item_of]
            index.remember(-1 - len(fresh), owned, item.content_hash)  # placeholder id
            fresh.append((item, owned))
            counts.new += 1
        elif found < 0:
            counts.unchanged += 1  # the same item twice in one fetch: the first one wins
        else:
            _update(conn, source_id, found, item, index, counts)
    ids = _insert_all(conn, source_id, fresh, now)
    for item_id, (item, _keys) in zip(ids, fresh, strict=True):
        counts.suggested += item.suggestions
        if item.mentions is not None:
            counts.tagged.append((item_id, source_id, item.published_at or now, item.mentions))
            counts.tagged_version = max(counts.tagged_version, item.tagged_version)
    return counts


def _update(
    conn: Connection, source_id: int, found: int, item: NormalizedItem, index: _Index,
    counts: IngestCounts,
) -> None:
    _add_missing_keys(conn, source_id, found, item, index, counts)
    if index.hash_of.get(found) == item.content_hash:
        counts.unchanged += 1
        return
    values = _values(item)
    if item.published_at is not None:
        values["sort_at"] = item.published_at
    conn.execute(update(items).where(items.c.id == found).values(**values))
    index.hash_of[found] = item.content_hash
    counts.updated += 1
    if item.mentions is not None:
        sort_at = item.published_at or conn.execute(
            select(items.c.sort_at).where(items.c.id == found)).scalar_one()
        counts.tagged.append((found, source_id, sort_at, item.mentions))
        counts.tagged_version = max(counts.tagged_version, item.tagged_version)


def _insert_all(
    conn: Connection, source_id: int, fresh: Sequence[tuple[NormalizedItem, list[str]]],
    now: datetime,
) -> list[int]:
    """One multi-row INSERT … RETURNING for the items, one for their keys."""
    if not fresh:
        return []
    rows = []
    for item, _keys in fresh:
        values = _values(item)
        values.update(source_id=source_id, first_seen_at=now, sort_at=item.published_at or now)
        rows.append(values)
    ids = conn.execute(
        insert(items).returning(items.c.id, sort_by_parameter_order=True), rows
    ).scalars().all()
    key_rows = [
        {"source_id": source_id, "key": key, "item_id": item_id}
        for item_id, (_item, keys) in zip(ids, fresh, strict=True)
        for key in keys
    ]
    if key_rows:
        conn.execute(insert(item_keys), key_rows)
    return list(ids)
def _add_missing_keys(
    conn: Connection, source_id: int, item_id: int, item: NormalizedItem, index: _Index,
    counts: IngestCounts,
) -> None:
    held = index.keys_of.get(item_id, set())
    held_kinds = {_kind(k) for k in held}
    missing = []
    for key in item.keys:
        if key in held or key in index.item_of:
            continue
        if _kind(key) in held_kinds:
            if _kind(key) == "guid":
                counts.churn += 1
            continue
        missing.append(key)
    if missing:
        conn.execute(
            insert(item_keys),
            [{"source_id": source_id, "key": k, "item_id": item_id} for k in missing],
        )
        index.remember(item_id, missing, index.hash_of.get(item_id, ""))
