"""Statements record the act they report (speech, belief, knowledge, intention): schema 1.1.

Existing rows get the act of their stored Record (``articles.record_json``), which a 1.0 record
derives from its cue's text (see :meth:`onrecord.model.Record._upgrade`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("act", sa.Text, nullable=False, server_default="speech"))
        batch.create_index("ix_statements_act", ["act"])
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    from onrecord.model import Record

    statements = sa.table("statements", sa.column("id", sa.Text), sa.column("act", sa.Text))
    articles = sa.table("articles", sa.column("id", sa.Text), sa.column("record_json", sa.Text))
    for article_id, record_json in conn.execute(sa.select(articles.c.id, articles.c.record_json)).all():
        record = Record.model_validate(json.loads(record_json))
        updates = [{"sid": f"{article_id}:{st.id}", "act": st.act} for st in record.statements if st.act != "speech"]
        if updates:
            conn.execute(
                statements.update().where(statements.c.id == sa.bindparam("sid")).values(act=sa.bindparam("act")),
                updates,
            )


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_index("ix_statements_act")
        batch.drop_column("act")
