"""The watchlist: entities, their mentions in items, items per entity, tagging versions.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from newsdesk.store.schema import BigId, UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("canonical", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("item_id", BigId, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_id", sa.String(100), sa.ForeignKey("entities.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("field", sa.String(8), nullable=False),
        sa.Column("start_pos", sa.Integer, nullable=False),
        sa.Column("end_pos", sa.Integer, nullable=False),
        sa.Column("surface", sa.Text, nullable=False),
        sa.Column("layer", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("accepted", sa.Boolean, nullable=False),
        sa.Column("reasons", sa.JSON),
    )
    op.create_index("ix_mentions_item", "mentions", ["item_id"])
    op.create_index("ix_mentions_entity", "mentions", ["entity_id", "accepted"])
    op.create_table(
        "item_entities",
        sa.Column("entity_id", sa.String(100), sa.ForeignKey("entities.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("item_id", BigId, sa.ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("source_id", BigId, nullable=False),
        sa.Column("sort_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_item_entities_sort", "item_entities", ["entity_id", "sort_at", "item_id"])
    op.create_index("ix_item_entities_item", "item_entities", ["item_id"])
    op.create_table(
        "alias_suggestions",
        sa.Column("entity_id", sa.String(100), sa.ForeignKey("entities.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("seen_items", sa.Integer, nullable=False),
        sa.Column("last_seen", UTCDateTime, nullable=False),
    )
    op.add_column("items", sa.Column("tagged_version", sa.BigInteger, nullable=False,
                                     server_default="0"))
    op.add_column("site_state", sa.Column("watchlist_version", sa.BigInteger, nullable=False,
                                          server_default="0"))


def downgrade() -> None:
    op.drop_column("site_state", "watchlist_version")
    op.drop_column("items", "tagged_version")
    op.drop_table("alias_suggestions")
    op.drop_table("item_entities")
    op.drop_table("mentions")
    op.drop_table("entities")
