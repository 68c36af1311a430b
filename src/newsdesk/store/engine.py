"""Engines: SQLite done right (WAL, one writer, BEGIN IMMEDIATE) and PostgreSQL via psycopg 3.

On SQLite there are two engines: a *writer* whose pool holds exactly one connection and whose
transactions start with `BEGIN IMMEDIATE` (so a write never upgrades a read lock and never
meets SQLITE_BUSY_SNAPSHOT), and a *reader* pool whose transactions are deferred. On
PostgreSQL one engine serves both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

from newsdesk.errors import StoreError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalize_url(url: str) -> str:
    """Accept the URLs users write: postgres:// and postgresql:// mean psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(normalize_url(url)).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_engine(url: str, *, writer: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"cannot open {database}: folder {parent} does not exist")
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=1 if writer else 4,
        max_overflow=0 if writer else 8,
        pool_timeout=120,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    begin = "BEGIN IMMEDIATE" if writer else "BEGIN"

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


def make_engines(url: str) -> tuple[Engine, Engine]:
    """(writer, reader) for the URL."""
    url = normalize_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        if make_url(url).database in (None, "", ":memory:"):
            raise StoreError("an in-memory SQLite database cannot be shared; use a file path")
        return _sqlite_engine(url, writer=True), _sqlite_engine(url, writer=False)
    if backend == "postgresql":
        engine = create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)
        return engine, engine
    raise StoreError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
