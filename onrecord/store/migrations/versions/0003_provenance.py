"""Provenance: quotation fragments with their cross-article cluster, and one sentence vector per statement.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quote_fragments",
        sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("statement_pk", sa.Integer, nullable=False),
        sa.Column("statement_id", sa.Text, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
        sa.Column("cluster_id", sa.BigInteger, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("norm", sa.Text, nullable=False),
        sa.Column("match_kind", sa.Text),
        sa.Column("match_key", sa.BigInteger),
    )
    op.create_index("ix_quote_fragments_statement_pk", "quote_fragments", ["statement_pk"])
    op.create_index("ix_quote_fragments_statement_id", "quote_fragments", ["statement_id"])
    op.create_index("ix_quote_fragments_cluster_id", "quote_fragments", ["cluster_id"])
    op.create_table(
        "statement_vectors",
        sa.Column("statement_pk", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("statement_id", sa.Text, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("statement_vectors")
    op.drop_table("quote_fragments")
