"""Alembic environment for the onrecord store, driven programmatically by :func:`onrecord.store.migrate`.

The caller passes an open connection in ``config.attributes["connection"]``; there is no alembic.ini.
"""

from alembic import context

from onrecord.store.schema import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things in place
)
with context.begin_transaction():
    context.run_migrations()
