"""The crawl state of listing and sitemap sources: one row per page URL they pointed to.

`states()` answers "which of these pages do we know, and how did it go", so the pipeline
fetches only new pages, sitemap pages whose lastmod moved forward, and failed pages not yet
retried too often. `mark()` writes what a crawl did, in the fetch's own transaction (an
upsert: SQLite and PostgreSQL both speak ON CONFLICT ... DO UPDATE).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, and_, select
from sqlalchemy.dialects import postgresql, sqlite

from newsdesk.model import CrawlMark, CrawlState
from newsdesk.store.ingest import CHUNK
from newsdesk.store.schema import crawl_urls, item_keys, tombstones


def states(conn: Connection, source_id: int, keys: Sequence[str]) -> dict[str, CrawlState]:
    """The known pages among `keys`. A key that is an item of the source (say, a page first
    found by an earlier crawl whose row was lost) or a tombstone counts as state "item"."""
    c = crawl_urls.c
    found: dict[str, CrawlState] = {}
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        for row in conn.execute(
            select(c.key, c.url, c.state, c.lastmod, c.attempts)
            .where(and_(c.source_id == source_id, c.key.in_(chunk)))
        ):
            found[row.key] = CrawlState(row.url, row.state, row.lastmod, row.attempts)
        for table in (item_keys, tombstones):
            for key in conn.execute(
                select(table.c.key).where(and_(table.c.source_id == source_id,
                                               table.c.key.in_(chunk)))
            ).scalars():
                found.setdefault(key, CrawlState("", "item"))
    return found


def mark(conn: Connection, source_id: int, marks: Sequence[CrawlMark], when: datetime) -> None:
    if not marks:
        return
    rows: dict[str, dict[str, Any]] = {}
    for m in marks:  # one row per key (the last mark wins), as ON CONFLICT requires
        rows[m.key] = {
            "source_id": source_id, "key": m.key, "url": m.url[:2048], "state": m.state,
            "reason": m.reason, "message": (m.message or None) and m.message[:2000],
            "lastmod": m.lastmod, "attempts": 1 if m.state == "failed" else 0,
            "checked_at": when,
        }
    conn.execute(_upsert(conn.dialect.name), list(rows.values()))


@cache
def _upsert(dialect_name: str) -> Insert:
    """One compiled statement, executed with many rows (SQLAlchemy batches them itself:
    building a 500-row VALUES clause per call cost seconds per 50,000 rows)."""
    dialect = sqlite if dialect_name == "sqlite" else postgresql
    stmt = dialect.insert(crawl_urls)
    ex = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=[crawl_urls.c.source_id, crawl_urls.c.key],
        set_={
            "url": ex.url, "state": ex.state, "reason": ex.reason, "message": ex.message,
            "lastmod": ex.lastmod, "checked_at": ex.checked_at,
            "attempts": crawl_urls.c.attempts + ex.attempts,
        },
    )


def rejected(conn: Connection, source_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """The source's pages that gave no item, latest first (for the source page and CLI)."""
    c = crawl_urls.c
    rows = conn.execute(
        select(c.url, c.state, c.reason, c.message, c.attempts, c.checked_at)
        .where(and_(c.source_id == source_id, c.state.in_(("rejected", "failed", "robots"))))
        .order_by(c.checked_at.desc(), c.url).limit(limit)
    )
    return [dict(r._mapping) for r in rows]
