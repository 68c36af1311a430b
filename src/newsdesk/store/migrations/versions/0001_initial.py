"""Initial schema: sources, tags, items with identity keys, tombstones, fetch log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from newsdesk.store.schema import BigId, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("site_url", sa.String(2048)),
        sa.Column("status", sa.String(16), nullable=False, server_default="active"),
        sa.Column("etag", sa.String(1024)),
        sa.Column("last_modified", sa.String(128)),
        sa.Column("interval_seconds", sa.Integer, nullable=False, server_default="1800"),
        sa.Column("next_check_at", UTCDateTime),
        sa.Column("last_fetched_at", UTCDateTime),
        sa.Column("last_success_at", UTCDateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_code", sa.String(64)),
        sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unstable_ids", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("lease_owner", sa.String(128)),
        sa.Column("lease_expires_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_sources_due", "sources", ["status", "next_check_at"])
    op.create_table(
        "tags",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(256), nullable=False, unique=True),
    )
    op.create_table(
        "source_tags",
        sa.Column("source_id", BigId, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tag_id", BigId, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_source_tags_tag", "source_tags", ["tag_id"])
    op.create_table(
        "items",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("source_id", BigId, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("guid", sa.String(2048)),
        sa.Column("url", sa.String(2048)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("teaser", sa.Text, nullable=False),
        sa.Column("summary_html", sa.Text),
        sa.Column("content_html", sa.Text),
        sa.Column("author", sa.String(512)),
        sa.Column("language", sa.String(32)),
        sa.Column("enclosures", sa.JSON),
        sa.Column("published_at", UTCDateTime),
        sa.Column("updated_at", UTCDateTime),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
        sa.Column("sort_at", UTCDateTime, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_items_sort", "items", ["sort_at", "id"])
    op.create_index("ix_items_source_sort", "items", ["source_id", "sort_at", "id"])
    op.create_table(
        "item_keys",
        sa.Column("source_id", BigId, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("item_id", BigId, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_item_keys_item", "item_keys", ["item_id"])
    op.create_table(
        "tombstones",
        sa.Column("source_id", BigId, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("deleted_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "fetch_log",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("source_id", BigId, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("bytes", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("items_new", sa.Integer, nullable=False, server_default="0"),
        sa.Column("items_updated", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text),
    )
    op.create_index("ix_fetch_log_source", "fetch_log", ["source_id", "started_at"])


def downgrade() -> None:
    for table in ("fetch_log", "tombstones", "item_keys", "items", "source_tags", "tags", "sources"):
        op.drop_table(table)
