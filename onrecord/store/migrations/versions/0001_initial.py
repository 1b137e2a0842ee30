"""The initial record schema: articles, outlets, removed spans, speakers with aliases, statements, ingest log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from onrecord.store import fulltext

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
    )
    op.create_table(
        "articles",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("content_hash", sa.Text, nullable=False, unique=True),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("outlet_id", sa.Integer, sa.ForeignKey("outlets.id")),
        sa.Column("title", sa.Text),
        sa.Column("authors", sa.Text, nullable=False, server_default="[]"),
        sa.Column("published", sa.Date),
        sa.Column("published_method", sa.Text, nullable=False, server_default="unknown"),
        sa.Column("language", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("raw_source", sa.Text),
        sa.Column("raw_sha256", sa.Text),
        sa.Column("dup_of", sa.Text),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("n_statements", sa.Integer, nullable=False, server_default="0"),
        sa.Column("extractor_version", sa.Text),
        sa.Column("record_json", sa.Text, nullable=False),
        sa.Column("run_id", sa.Text),
        sa.Column("ingested_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_raw_sha256", "articles", ["raw_sha256"])
    op.create_index("ix_articles_dup_of", "articles", ["dup_of"])
    op.create_table(
        "removed_spans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("rule", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_removed_spans_article_id", "removed_spans", ["article_id"])
    op.create_table(
        "speakers",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False, server_default="unknown"),
    )
    op.create_table(
        "speaker_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("speaker_id", sa.Text, sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("norm", sa.Text, nullable=False),
        sa.UniqueConstraint("speaker_id", "alias", name="uq_speaker_alias"),
    )
    op.create_index("ix_speaker_aliases_speaker_id", "speaker_aliases", ["speaker_id"])
    op.create_index("ix_speaker_aliases_norm", "speaker_aliases", ["norm"])
    op.create_table(
        "article_speakers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_id", sa.Text, nullable=False),
        sa.Column("speaker_id", sa.Text, sa.ForeignKey("speakers.id")),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("affiliation", sa.Text),
        sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("description", sa.Text),
        sa.Column("entity_id", sa.Text),
        sa.UniqueConstraint("article_id", "local_id", name="uq_article_speaker"),
    )
    op.create_index("ix_article_speakers_article_id", "article_speakers", ["article_id"])
    op.create_index("ix_article_speakers_speaker_id", "article_speakers", ["speaker_id"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_speaker_id", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.create_table(
        "statements",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("quote_start", sa.Integer, nullable=False),
        sa.Column("quote_end", sa.Integer, nullable=False),
        sa.Column("quote_text", sa.Text, nullable=False),
        sa.Column("context", sa.Text),
        sa.Column("paragraph", sa.Integer),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("local_speaker_id", sa.Text),
        sa.Column("speaker_id", sa.Text, sa.ForeignKey("speakers.id")),
        sa.Column("speaker_name", sa.Text),
        sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("outlet_told", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("date_text", sa.Text),
        sa.Column("sort_date", sa.Date),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("canonical_id", sa.Text, nullable=False),
    )
    op.create_index("ix_statements_article_id", "statements", ["article_id"])
    op.create_index("ix_statements_speaker_id", "statements", ["speaker_id"])
    op.create_index("ix_statements_sort_date", "statements", ["sort_date"])
    op.create_index("ix_statements_canonical_id", "statements", ["canonical_id"])
    op.create_table(
        "ingest_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("raw_sha256", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_ingest_log_run_id", "ingest_log", ["run_id"])

    dialect = op.get_bind().dialect.name
    for ddl in fulltext.SQLITE_DDL if dialect == "sqlite" else fulltext.POSTGRES_DDL:
        op.execute(ddl)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for ddl in fulltext.SQLITE_DROP if dialect == "sqlite" else fulltext.POSTGRES_DROP:
        op.execute(ddl)
    for table in ["ingest_log", "statements", "mentions", "article_speakers", "speaker_aliases", "speakers",
                  "removed_spans", "articles", "outlets"]:
        op.drop_table(table)
