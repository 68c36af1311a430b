"""Schema migrations with Alembic, run in-process on our own connection.

`upgrade()` brings the database to the newest revision this code knows; it refuses (with
`SchemaTooNew`) a database that a newer newsdesk has migrated, instead of running on a
schema it does not understand. On PostgreSQL an advisory lock serialises concurrent
`migrate` runs from several worker processes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from newsdesk.errors import SchemaTooNew, StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK_KEY = 0x6E657773  # "news"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def known_revisions() -> dict[str, str | None]:
    """revision → down_revision, read from the scripts' text. Importing Alembic costs ~0.4 s,
    so a command that finds the database up to date never imports it (a test checks this
    agrees with Alembic's own reading)."""
    out: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev and down:
            out[rev.group(1)] = down.group(1)
    return out


def head_revision() -> str:
    revisions = known_revisions()
    heads = set(revisions) - {d for d in revisions.values() if d}
    if len(heads) != 1:
        raise StoreError(f"migration scripts have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_known(revision: str | None) -> None:
    if revision is None:
        return
    if revision not in known_revisions():
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
    with engine.connect() as conn:
        before = current_revision(conn)
        conn.rollback()
    _check_known(before)
    if before == head_revision():
        return before, before
    from alembic import command
    from alembic.util.exc import CommandError

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
