"""The one flat statement table (onrecord/flat.py): the same columns from a record, the CLI and the store's exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from conftest import REPO

from onrecord.flat import STATEMENT_COLUMN_NAMES, STATEMENT_COLUMNS, arrow_schema, json_row
from onrecord.model import Article
from onrecord.store import open_store

TEXT = (
    "Council backs the new bridge\n\n"
    '"We will start building in May," Mayor Ana Ruiz said on Monday.\n\n'
    "A spokesman for the builders said the cost had not been settled."
)
# Filled only from the whole corpus (the store), or only from a record.
STORE_ONLY = {"canonical_id", "speaker_id", "n_sources"}
RECORD_ONLY = {"speaker_mention"}


@pytest.fixture(scope="module")
def record(extractor):
    article = Article(
        id="bridge", body=TEXT, title="Council backs the new bridge", outlet="Town Post", published="2025-04-02"
    )
    record = extractor.process(article)
    assert len(record.statements) >= 2
    return record


@pytest.fixture(scope="module")
def store(tmp_path_factory, record):
    store = open_store(tmp_path_factory.mktemp("flat") / "onrecord.db")
    assert store.add_record(record)
    yield store
    store.close()


def test_record_rows_have_every_column_with_its_type(record):
    rows = record.statement_rows()
    assert [list(row) for row in rows] == [list(STATEMENT_COLUMN_NAMES)] * len(record.statements)
    for row in rows:
        for column in STATEMENT_COLUMNS:
            value = row[column.name]
            assert value is None or isinstance(value, column.type), (column.name, value)
    ruiz = next(r for r in rows if r["speaker_name"] == "Ana Ruiz")
    assert ruiz["statement_id"] == "bridge:" + record.statements[rows.index(ruiz)].id
    assert ruiz["article_published"] == dt.date(2025, 4, 2)
    assert ruiz["sort_date"] == (ruiz["date"] or ruiz["article_published"])
    assert ruiz["paragraph"] == 1
    by_start = sorted(rows, key=lambda r: r["quote_start"])
    assert [r["position"] for r in by_start] == list(range(len(rows)))
    assert {r[c] for r in rows for c in STORE_ONLY} == {None}


def test_the_store_exports_the_rows_of_the_record(store, record):
    """Apart from what needs the corpus, a record's row and the store's row of the same statement agree."""
    from_record = {r["statement_id"]: r for r in record.statement_rows()}
    from_store = {r["statement_id"]: r for r in store.iter_statement_rows()}
    assert set(from_store) == set(from_record)
    for sid, row in from_store.items():
        assert list(row) == list(STATEMENT_COLUMN_NAMES)
        shared = [c for c in STATEMENT_COLUMN_NAMES if c not in STORE_ONLY | RECORD_ONLY]
        assert {c: row[c] for c in shared} == {c: from_record[sid][c] for c in shared}
        assert row["canonical_id"] == sid and row["n_sources"] == 1
    assert any(row["speaker_id"] for row in from_store.values())


def test_every_export_format_has_the_columns(store, tmp_path):
    import pyarrow.parquet as pq

    n = store.export("csv", tmp_path / "s.csv")
    with (tmp_path / "s.csv").open(encoding="utf-8", newline="") as fh:
        assert tuple(csv.DictReader(fh).fieldnames or ()) == STATEMENT_COLUMN_NAMES
    assert store.export("parquet", tmp_path / "s.parquet") == n
    assert pq.read_schema(tmp_path / "s.parquet").remove_metadata() == arrow_schema()
    assert store.export("jsonl", tmp_path / "s.jsonl", what="statements") == n
    lines = (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()
    assert [tuple(json.loads(line)) for line in lines] == [STATEMENT_COLUMN_NAMES] * n
    assert json.loads(lines[0])["article_published"] == "2025-04-02"


def test_duckdb_export_has_the_columns(store, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    store.export("duckdb", tmp_path / "s.duckdb")
    with duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True) as con:
        columns = [row[0] for row in con.execute("DESCRIBE statements").fetchall()]
    assert tuple(columns) == STATEMENT_COLUMN_NAMES


def test_extract_csv_has_the_columns(record, extractor):
    from onrecord.cli.many import Writer

    out = io.StringIO()
    Writer("csv", out).write(record)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == STATEMENT_COLUMN_NAMES and len(rows) == len(record.statements)


def test_json_row_writes_dates_as_iso():
    row = {"date": dt.date(2025, 1, 2), "article_published": None, "quote": "x"}
    assert json_row(row) == {"date": "2025-01-02", "article_published": None, "quote": "x"}


def test_the_docs_list_every_column():
    doc = (REPO / "docs" / "duckdb.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `(\w+)` \| (\w+) \|", doc, flags=re.M)
    assert listed == [(c.name, c.type.__name__) for c in STATEMENT_COLUMNS]
