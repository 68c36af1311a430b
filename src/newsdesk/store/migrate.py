"""Schema migrations with Alembic, run in-process on our own connection.

`upgrade()` brings the database to the newest revision this code knows; it refuses (with
`SchemaTooNew`) a database that a newer newsdesk has migrated, instead of running on a
schema it does not understand. On PostgreSQL an advisory lock serialises concurrent
`migrate` runs from several worker processes.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, text

from newsdesk.errors import SchemaTooNew, StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK_KEY = 0x6E657773  # "news"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _check_known(revision: str | None) -> None:
    if revision is None:
        return
    script = ScriptDirectory.from_config(_config())
    try:
        known = script.get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise SchemaTooNew(
            f"the database is at schema revision {revision!r}, which this newsdesk does not know "
            f"(newest known: {head_revision()!r}); upgrade newsdesk before using this database"
        )


def check_schema(engine: Engine) -> str | None:
    """The current revision; raises SchemaTooNew when the database is ahead of the code."""
    with engine.connect() as conn:
        revision = current_revision(conn)
    _check_known(revision)
    return revision


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate to head; returns (revision before, revision after)."""
    cfg = _config()
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
        try:
            before = current_revision(conn)
            conn.rollback()
            _check_known(before)
            cfg.attributes["connection"] = conn
            try:
                command.upgrade(cfg, "head")
            except CommandError as exc:
                raise StoreError(f"migration failed: {exc}") from exc
            conn.commit()
            after = current_revision(conn)
            conn.rollback()
        finally:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
    return before, after or head_revision()
