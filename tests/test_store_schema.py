"""Migrations: the migrated schema matches the code's tables; newer schemas are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from newsdesk.errors import SchemaTooNew, StoreError
from newsdesk.store import open_store
from newsdesk.store.migrate import head_revision
from newsdesk.store.schema import metadata


def test_migrated_schema_matches_metadata(database_url: str) -> None:
    store = open_store(database_url)
    try:
        with store.writer.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
    finally:
        store.close()


def test_migrate_is_idempotent(database_url: str) -> None:
    store = open_store(database_url)
    try:
        assert store.migrate() == (head_revision(), head_revision())
    finally:
        store.close()


def test_refuses_database_from_a_newer_newsdesk(database_url: str) -> None:
    store = open_store(database_url)
    with store.write() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.close()
    with pytest.raises(SchemaTooNew, match="9999_future"):
        open_store(database_url)
    with pytest.raises(SchemaTooNew):
        open_store(database_url, migrate_now=False)
    # put it back so the session database stays usable
    from sqlalchemy import create_engine

    from newsdesk.store.engine import normalize_url

    engine = create_engine(normalize_url(database_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head_revision()})
    engine.dispose()


def test_sqlite_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'nope' / 'x.db'}")


def test_not_a_database_is_refused_not_wiped(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_quick_revision_reading_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from newsdesk.store.migrate import _config, known_revisions

    script = ScriptDirectory.from_config(_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {
        rev.revision: rev.down_revision for rev in script.walk_revisions()  # type: ignore[misc]
    }
