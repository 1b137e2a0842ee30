"""``onrecord export --format duckdb``: the record as a DuckDB database file, for analysis in SQL.

Three tables: ``statements`` (one flat row per statement, the columns of the CSV/Parquet export),
``articles`` and ``speakers``. DuckDB is an optional extra (``pip install 'onrecord[duckdb]'``, a
25 MB wheel); without it, DuckDB's own CLI or any DuckDB reads the Parquet export (docs/duckdb.md).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from onrecord.errors import ConfigError
from onrecord.store.schema import articles, outlets, speakers, statements

NEEDS_DUCKDB = (
    "export --format duckdb needs the duckdb package: pip install 'onrecord[duckdb]' "
    "(or export --format parquet and query that file with DuckDB, see docs/duckdb.md)"
)


def write_duckdb(store, path: Path) -> int:
    """Write ``store`` to a new DuckDB file at ``path`` (replacing it); returns the number of statements."""
    try:
        import duckdb
    except ImportError:
        raise ConfigError(NEEDS_DUCKDB) from None
    from onrecord.flat import arrow_table

    statement_rows = arrow_table(store.iter_statement_rows())
    with store.engine.connect() as conn:
        article_rows = _arrow(
            conn.execute(
                sa.select(
                    articles.c.id,
                    articles.c.title,
                    articles.c.url,
                    outlets.c.name.label("outlet"),
                    articles.c.published,
                    articles.c.language,
                    articles.c.n_statements,
                    articles.c.dup_of,
                    articles.c.source,
                )
                .select_from(articles.outerjoin(outlets, articles.c.outlet_id == outlets.c.id))
                .order_by(articles.c.pk)
            )
        )
        speaker_rows = _arrow(
            conn.execute(
                sa.select(
                    speakers.c.id,
                    speakers.c.name,
                    speakers.c.kind,
                    sa.func.count(statements.c.pk).label("n_statements"),
                )
                .select_from(speakers.outerjoin(statements, statements.c.speaker_id == speakers.c.id))
                .group_by(speakers.c.id, speakers.c.name, speakers.c.kind)
                .order_by(speakers.c.id)
            )
        )
    if path.exists():
        path.unlink()  # an export is a fresh file, as for the other formats
    con = duckdb.connect(str(path))
    try:
        for name, table in (("statements", statement_rows), ("articles", article_rows), ("speakers", speaker_rows)):
            con.register(f"{name}_in", table)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_in")
            con.unregister(f"{name}_in")
    finally:
        con.close()
    return statement_rows.num_rows


def _arrow(result):
    import pyarrow as pa

    names = list(result.keys())
    rows = [dict(zip(names, row)) for row in result]
    return pa.Table.from_pylist(rows) if rows else pa.table({n: pa.array([], pa.string()) for n in names})
