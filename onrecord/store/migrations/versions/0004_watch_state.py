"""State of `onrecord watch`: the feeds and sitemaps it polls (with their HTTP validators) and the items it has seen.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_feeds",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text),
        sa.Column("parent_url", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_polled", sa.DateTime(timezone=True)),
        sa.Column("last_status", sa.Text),
        sa.Column("last_error", sa.Text),
        sa.Column("n_items", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "watch_items",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("feed_url", sa.Text, nullable=False),
        sa.Column("guid", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("article_id", sa.Text),
        sa.Column("first_seen", sa.DateTime(timezone=True)),
        sa.Column("last_attempt", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_watch_items_feed_url", "watch_items", ["feed_url"])
    op.create_index("ix_watch_items_article_id", "watch_items", ["article_id"])


def downgrade() -> None:
    op.drop_table("watch_items")
    op.drop_table("watch_feeds")
