"""A change counter for caches: bumped whenever items are added, changed or deleted.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "site_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("items_version", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.bulk_insert(table, [{"id": 1, "items_version": 0}])


def downgrade() -> None:
    op.drop_table("site_state")
