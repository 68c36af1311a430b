"""What the crawler knows about each page URL of a listing or sitemap source.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from newsdesk.store.schema import BigId, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_urls",
        sa.Column("source_id", BigId, sa.ForeignKey("sources.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32)),
        sa.Column("message", sa.Text),
        sa.Column("lastmod", UTCDateTime),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("checked_at", UTCDateTime, nullable=False),
    )
    op.add_column("sources", sa.Column("listing_items", sa.Integer))
    op.add_column("fetch_log", sa.Column("note", sa.Text))


def downgrade() -> None:
    op.drop_column("fetch_log", "note")
    op.drop_column("sources", "listing_items")
    op.drop_table("crawl_urls")
