"""The tables, as SQLAlchemy Core objects used by the queries in this package.

Migrations under `migrations/versions/` create and change them; `tests/test_store_schema.py`
checks that a migrated database matches this metadata, so the two cannot drift.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

# Integer on SQLite (so that it is the rowid alias), BIGINT on PostgreSQL.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("name", String(512), nullable=False),
    Column("site_url", String(2048)),
    Column("status", String(16), nullable=False, server_default="active"),
    Column("etag", String(1024)),
    Column("last_modified", String(128)),
    Column("interval_seconds", Integer, nullable=False, server_default="1800"),
    Column("next_check_at", UTCDateTime),
    Column("last_fetched_at", UTCDateTime),
    Column("last_success_at", UTCDateTime),
    Column("last_error", Text),
    Column("last_error_code", String(64)),
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("unstable_ids", Boolean, nullable=False, server_default="0"),
    Column("listing_items", Integer),  # items the last good fetch of a listing found
    Column("lease_owner", String(128)),
    Column("lease_expires_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_sources_due", "status", "next_check_at"),
)

tags = Table(
    "tags",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("name", String(256), nullable=False, unique=True),
)

source_tags = Table(
    "source_tags",
    metadata,
    Column("source_id", BigId, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", BigId, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_source_tags_tag", "tag_id"),
)

items = Table(
    "items",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("source_id", BigId, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("guid", String(2048)),
    Column("url", String(2048)),
    Column("title", Text, nullable=False),
    Column("teaser", Text, nullable=False),
    Column("summary_html", Text),
    Column("content_html", Text),
    Column("author", String(512)),
    Column("language", String(32)),
    Column("enclosures", JSON),
    Column("published_at", UTCDateTime),
    Column("updated_at", UTCDateTime),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("sort_at", UTCDateTime, nullable=False),  # published_at, else first_seen_at
    Column("content_hash", String(64), nullable=False),
    Column("tagged_version", BigInteger, nullable=False, server_default="0"),
    Index("ix_items_sort", "sort_at", "id"),
    Index("ix_items_source_sort", "source_id", "sort_at", "id"),
)

item_keys = Table(
    "item_keys",
    metadata,
    Column("source_id", BigId, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(80), primary_key=True),
    Column("item_id", BigId, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Index("ix_item_keys_item", "item_id"),
)

tombstones = Table(
    "tombstones",
    metadata,
    Column("source_id", BigId, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(80), primary_key=True),
    Column("deleted_at", UTCDateTime, nullable=False),
)

fetch_log = Table(
    "fetch_log",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("source_id", BigId, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("status", Integer),
    Column("outcome", String(32), nullable=False),
    Column("bytes", BigInteger, nullable=False, server_default="0"),
    Column("items_new", Integer, nullable=False, server_default="0"),
    Column("items_updated", Integer, nullable=False, server_default="0"),
    Column("error", Text),
    Column("note", Text),  # what a successful crawl left out (rejected pages...)
    Index("ix_fetch_log_source", "source_id", "started_at"),
)

# One row per page URL a listing or sitemap source has pointed to: fetched into an item,
# rejected (with the reason), failed (retried up to a bound), skipped (an old sitemap entry
# seen on the first run) or disallowed by robots.txt. `lastmod` is the sitemap's, so a
# page is fetched again only when it moves forward.
crawl_urls = Table(
    "crawl_urls",
    metadata,
    Column("source_id", BigId, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(80), primary_key=True),
    Column("url", String(2048), nullable=False),
    Column("state", String(16), nullable=False),
    Column("reason", String(32)),
    Column("message", Text),
    Column("lastmod", UTCDateTime),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("checked_at", UTCDateTime, nullable=False),
)

site_state = Table(
    "site_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("items_version", BigInteger, nullable=False, server_default="0"),
    Column("watchlist_version", BigInteger, nullable=False, server_default="0"),
)

# The watchlist (enrich/watchlist.py): one row per entity, its aliases and context terms in
# `data` as the file gives them; `position` keeps the file's order.
entities = Table(
    "entities",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("canonical", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("position", Integer, nullable=False, server_default="0"),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Every candidate mention the matcher found, accepted or not, with offsets into the field.
mentions = Table(
    "mentions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("item_id", BigId, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(100), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("field", String(8), nullable=False),
    Column("start_pos", Integer, nullable=False),
    Column("end_pos", Integer, nullable=False),
    Column("surface", Text, nullable=False),
    Column("layer", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("accepted", Boolean, nullable=False),
    Column("reasons", JSON),
    Index("ix_mentions_item", "item_id"),
    Index("ix_mentions_entity", "entity_id", "accepted"),
)

# Names seen next to an entity's mentions that are not its aliases, counted once per item.
alias_suggestions = Table(
    "alias_suggestions",
    metadata,
    Column("entity_id", String(100), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("text", String(200), nullable=False),
    Column("seen_items", Integer, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
)

# Items per entity (accepted mentions only), newest first by the item's sort time.
item_entities = Table(
    "item_entities",
    metadata,
    Column("entity_id", String(100), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", BigId, ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
    Column("source_id", BigId, nullable=False),
    Column("sort_at", UTCDateTime, nullable=False),
    Index("ix_item_entities_sort", "entity_id", "sort_at", "item_id"),
    Index("ix_item_entities_item", "item_id"),
)
