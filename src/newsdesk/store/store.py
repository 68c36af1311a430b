"""The Store: engines, transactions, and the operations the rest of newsdesk calls."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, Update, func, select, text, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from newsdesk.errors import StoreError
from newsdesk.model import (
    CrawlState,
    FetchLogEntry,
    FetchRecord,
    IngestResult,
    Item,
    ItemMention,
    Page,
    Source,
    SourceKind,
)
from newsdesk.store import crawl as crawl_queries
from newsdesk.store import entities as entity_queries
from newsdesk.store import items as item_queries
from newsdesk.store import migrate
from newsdesk.store import sources as source_queries
from newsdesk.store.engine import make_engines
from newsdesk.store.fetches import record_fetch
from newsdesk.store.ingest import ingest_items
from newsdesk.store.items import ItemFilter
from newsdesk.store.schema import fetch_log, items, site_state, sources


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.writer, self.reader = make_engines(url)
        self.dialect = self.writer.dialect.name
        self._local_changes = 0  # item-changing commits made through this Store object

    # -- plumbing -------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Connection]:
        try:
            with self.writer.begin() as conn:
                yield conn
        except DBAPIError as exc:
            raise StoreError(f"database write failed: {exc.orig}") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.reader.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise StoreError(f"database read failed: {exc.orig}") from exc

    def migrate(self) -> tuple[str | None, str]:
        try:
            return migrate.upgrade(self.writer)
        except DBAPIError as exc:
            raise StoreError(f"cannot migrate {self.safe_url}: {exc.orig}") from exc

    def check_schema(self) -> str | None:
        try:
            return migrate.check_schema(self.writer)
        except DBAPIError as exc:
            raise StoreError(f"cannot open {self.safe_url}: {exc.orig}") from exc

    @property
    def safe_url(self) -> str:
        return self.writer.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()

    def ping(self) -> bool:
        try:
            with self.read() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except (StoreError, SQLAlchemyError):
            return False

    # -- sources --------------------------------------------------------------------------
    def add_source(
        self, url: str, *, kind: SourceKind, name: str, tags: Sequence[str] = (),
        interval: int = 1800, now: datetime, site_url: str | None = None,
    ) -> Source:
        with self.write() as conn:
            new_id = source_queries.add(
                conn, url=url, kind=kind, name=name, tags_=tags, interval=interval, now=now,
                site_url=site_url,
            )
            return source_queries.get(conn, new_id)

    def source(self, source_id: int) -> Source:
        with self.read() as conn:
            return source_queries.get(conn, source_id)

    def sources(self, tag: str | None = None) -> list[Source]:
        with self.read() as conn:
            return source_queries.list_all(conn, tag)

    def sources_page(self, *, after_id: int | None, limit: int) -> tuple[list[Source], bool]:
        with self.read() as conn:
            return source_queries.page(conn, after_id=after_id, limit=limit)

    def remove_source(self, source_id: int) -> None:
        with self.write() as conn:
            source_queries.remove(conn, source_id)

    def update_source(self, source_id: int, **values: Any) -> None:
        with self.write() as conn:
            source_queries.update_fields(conn, source_id, **values)

    def claim(
        self, *, worker: str, now: datetime, lease_seconds: int, limit: int,
        ids: Sequence[int] | None = None,
    ) -> list[Source]:
        with self.write() as conn:
            return source_queries.claim(
                conn, worker=worker, now=now, lease_seconds=lease_seconds, limit=limit, ids=ids
            )

    def release(self, source_ids: Sequence[int], worker: str) -> None:
        with self.write() as conn:
            source_queries.release(conn, source_ids, worker)

    def source_ids(self, *, polled_only: bool = True) -> list[int]:
        stmt = select(sources.c.id).order_by(sources.c.id)
        if polled_only:
            stmt = stmt.where(sources.c.status.in_(source_queries.POLLED))
        with self.read() as conn:
            return list(conn.execute(stmt).scalars())

    def next_due_at(self) -> datetime | None:
        with self.read() as conn:
            return conn.execute(
                select(func.min(sources.c.next_check_at)).where(
                    sources.c.status.in_(source_queries.POLLED)
                )
            ).scalar()

    # -- one fetch, one transaction -------------------------------------------------------
    def apply_fetch(self, record: FetchRecord, worker: str) -> IngestResult:
        return self.apply_fetches([record], worker)[0]

    def apply_fetches(self, records: Sequence[FetchRecord], worker: str) -> list[IngestResult]:
        """Write finished fetches, each whole, in one transaction (one commit for many)."""
        with self.write() as conn:
            results = [self._apply(conn, record, worker) for record in records]
        if any(r.new or r.updated for r in results):
            self._local_changes += 1
        return results

    @staticmethod
    def _apply(conn: Connection, record: FetchRecord, worker: str) -> IngestResult:
        counts = ingest_items(conn, record.source_id, record.items, record.started_at)
        crawl_queries.mark(conn, record.source_id, record.crawled, record.started_at)
        if counts.tagged:
            entity_queries.write_mentions(conn, counts.tagged, counts.tagged_version)
        if counts.suggested:
            entity_queries.count_suggestions(conn, counts.suggested, record.started_at)
        if record.new_url and not source_queries.url_taken(conn, record.new_url, record.source_id):
            source_queries.update_fields(conn, record.source_id, url=record.new_url)
        record_fetch(conn, record, worker, counts)
        if counts.new or counts.updated:
            _bump_version(conn)
        return IngestResult(
            new=counts.new, updated=counts.updated, unchanged=counts.unchanged,
            skipped_tombstoned=counts.tombstoned,
        )

    def fetch_log(self, source_id: int, limit: int = 20) -> list[FetchLogEntry]:
        with self.read() as conn:
            rows = conn.execute(
                select(fetch_log)
                .where(fetch_log.c.source_id == source_id)
                .order_by(fetch_log.c.started_at.desc(), fetch_log.c.id.desc())
                .limit(limit)
            ).all()
        return [FetchLogEntry(**dict(r._mapping)) for r in rows]

    # -- the watchlist and mentions ---------------------------------------------------------
    def watchlist(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            return entity_queries.watchlist(conn)

    def watchlist_version(self) -> int:
        with self.read() as conn:
            return entity_queries.version(conn)

    def replace_watchlist(self, data: Sequence[dict[str, Any]], *, merge: bool,
                          now: datetime) -> dict[str, list[str]]:
        with self.write() as conn:
            report = entity_queries.replace(conn, data, merge=merge, now=now)
            if report["removed"]:
                _bump_version(conn)
        self._local_changes += 1
        return report

    def retag(self, version: int, limit: int,
              tag: Callable[[list[dict[str, Any]]], list[entity_queries.MentionRow]]) -> int:
        """Re-tag up to `limit` items tagged with an older watchlist version, in one write
        transaction (other workers skip the rows on PostgreSQL). Returns how many."""
        with self.write() as conn:
            rows = entity_queries.to_retag(conn, version, limit, lock=True)
            if not rows:
                return 0
            entity_queries.write_mentions(conn, tag(rows), version)
            _bump_version(conn)
        self._local_changes += 1
        return len(rows)

    def retag_progress(self, version: int) -> tuple[int, int]:
        with self.read() as conn:
            return entity_queries.progress(conn, version)

    def item_mentions(self, item_id: int) -> list[ItemMention]:
        with self.read() as conn:
            return entity_queries.item_mentions(conn, item_id)

    def entity_stats(self, entity_id: str, *, until: date, days: int = 30) -> dict[str, Any]:
        with self.read() as conn:
            return {
                "per_day": entity_queries.per_day(conn, entity_id, until=until, days=days),
                "sources": entity_queries.top_sources(conn, entity_id),
                "with": entity_queries.co_mentioned(conn, entity_id),
            }

    def alias_suggestions(self, entity_id: str | None = None, limit: int = 20,
                          min_items: int = 2) -> list[dict[str, Any]]:
        with self.read() as conn:
            return entity_queries.suggestions(conn, entity_id, limit, min_items)

    def entity_counts(self) -> dict[str, int]:
        with self.read() as conn:
            return entity_queries.counts(conn)

    # -- crawl state of listing and sitemap sources ----------------------------------------
    def crawl_states(self, source_id: int, keys: Sequence[str]) -> dict[str, CrawlState]:
        with self.read() as conn:
            return crawl_queries.states(conn, source_id, keys)

    def crawl_rejects(self, source_id: int, limit: int = 50) -> list[dict[str, Any]]:
        with self.read() as conn:
            return crawl_queries.rejected(conn, source_id, limit)

    # -- items ----------------------------------------------------------------------------
    def items(
        self, f: ItemFilter | None = None, *, limit: int = 50, cursor: str | None = None,
        after: str | None = None,
    ) -> Page[Item]:
        """Newest first; `cursor` pages towards older items, `after` towards newer ones."""
        with self.read() as conn:
            return item_queries.list_page(
                conn, f or ItemFilter(), limit=limit, cursor=cursor, after=after
            )

    def items_per_day(self, source_id: int, *, until: date, days: int = 30) -> list[tuple[date, int]]:
        with self.read() as conn:
            return item_queries.per_day(conn, source_id, until=until, days=days)

    def sitemap_entries(self, limit: int) -> list[tuple[int, datetime]]:
        with self.read() as conn:
            return item_queries.sitemap_entries(conn, limit)

    def tags(self) -> list[tuple[str, int]]:
        """(tag, number of sources) for every tag in use."""
        with self.read() as conn:
            return source_queries.tag_counts(conn)

    def item(self, item_id: int) -> Item:
        with self.read() as conn:
            return item_queries.get(conn, item_id)

    def delete_item(self, item_id: int, now: datetime) -> None:
        with self.write() as conn:
            item_queries.delete_item(conn, item_id, now)
            _bump_version(conn)
        self._local_changes += 1

    def local_changes(self) -> int:
        """How many item-changing commits this process made (caches compare it for free)."""
        return self._local_changes

    def items_version(self) -> int:
        """A number that changes whenever items are added, changed or deleted (for caches)."""
        with self.read() as conn:
            return int(conn.execute(_version_query()).scalar() or 0)

    def count_items(self, source_id: int | None = None) -> int:
        stmt = select(func.count()).select_from(items)
        if source_id is not None:
            stmt = stmt.where(items.c.source_id == source_id)
        with self.read() as conn:
            return int(conn.execute(stmt).scalar_one())

    def latest_change(self) -> datetime | None:
        """When items last changed (for caches and ETags of listings)."""
        with self.read() as conn:
            return conn.execute(select(func.max(sources.c.last_success_at))).scalar()


@cache
def _version_query() -> Select[Any]:
    return select(site_state.c.items_version).where(site_state.c.id == 1)


@cache
def _bump_statement() -> Update:
    return update(site_state).where(site_state.c.id == 1).values(
        items_version=site_state.c.items_version + 1)


def _bump_version(conn: Connection) -> None:
    """One row every item-changing transaction updates: on PostgreSQL, writers that change
    items serialise on it for the rest of their transaction (short: one fetch's writes)."""
    conn.execute(_bump_statement())


def open_store(url: str, *, migrate_now: bool = True) -> Store:
    """Open the database and (by default) migrate it to the newest schema this code knows."""
    store = Store(url)
    try:
        if migrate_now:
            store.migrate()
        else:
            store.check_schema()
    except BaseException:
        store.close()
        raise
    return store


