"""Data out where researchers work: the DuckDB export, the queries of docs/duckdb.md, the Datasette metadata."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, unavailable

from onrecord.errors import ConfigError
from onrecord.ingest import load_article
from onrecord.store import open_store
from onrecord.store.datasette import datasette_command, fit_to, metadata_for, metadata_path
from onrecord.store.schema import metadata as schema_metadata

DOC = REPO / "docs" / "duckdb.md"


@pytest.fixture(scope="module")
def example_store(tmp_path_factory, extractor, example_article_path):
    db = tmp_path_factory.mktemp("out") / "onrecord.db"
    store = open_store(db)
    assert store.add_record(extractor.process(load_article(example_article_path, published="2025-03-18")))
    yield store
    store.close()


def _duckdb():
    try:
        import duckdb
    except ImportError:
        unavailable("duckdb is not installed (pip install 'onrecord[duckdb]')")
    return duckdb


def doc_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_doc_has_three_queries():
    assert len(doc_queries()) == 3


def test_doc_queries_run_over_the_parquet_export_and_the_duckdb_file(example_store, tmp_path, monkeypatch):
    duckdb = _duckdb()
    n = example_store.export("parquet", tmp_path / "statements.parquet")
    assert example_store.export("duckdb", tmp_path / "record.duckdb") == n > 0
    monkeypatch.chdir(tmp_path)  # the doc reads 'statements.parquet' from the working folder
    stats = example_store.stats()
    _, speakers = example_store.list_speakers()
    top = min(speakers, key=lambda s: (-s["statements"], s["name"]))
    with duckdb.connect(str(tmp_path / "record.duckdb"), read_only=True) as con:
        for query in doc_queries():
            over_parquet = con.execute(query).fetchall()
            over_file = con.execute(query.replace("read_parquet('statements.parquet')", "statements")).fetchall()
            assert over_parquet == over_file and over_parquet
        most_quoted = con.execute(doc_queries()[0]).fetchall()
        assert (most_quoted[0][0], most_quoted[0][1]) == (top["name"], top["statements"])
        by_month = con.execute(doc_queries()[1]).fetchall()
        rows = list(example_store.iter_statement_rows())
        assert sum(row[2] for row in by_month) == sum(1 for r in rows if r["speaker_name"] and r["sort_date"])
        assert {str(row[1])[:7] for row in by_month} == {r["sort_date"].isoformat()[:7] for r in rows if r["sort_date"]}
        by_outlet = con.execute(doc_queries()[2]).fetchall()
        assert sum(row[2] for row in by_outlet) == n == stats["statements"]
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == stats["articles"]
        assert con.execute("SELECT count(*) FROM speakers").fetchone()[0] == len(speakers)


def test_duckdb_export_from_the_cli_replaces_the_file(example_store, tmp_path):
    duckdb = _duckdb()
    out = tmp_path / "r.duckdb"
    out.write_bytes(b"an old file that is not a database")
    db = example_store.url[len("sqlite:///") :]
    result = subprocess.run(
        [sys.executable, "-m", "onrecord", "export", "--format", "duckdb", "--out", str(out), "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM statements").fetchone()[0] == example_store.stats()["statements"]


def test_without_duckdb_the_export_says_what_to_install(example_store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import fails as if not installed
    with pytest.raises(ConfigError, match=r"onrecord\[duckdb\].*docs/duckdb.md"):
        example_store.export("duckdb", tmp_path / "r.duckdb")


# -- Datasette ---------------------------------------------------------------------------------------


def test_datasette_metadata_names_only_real_tables_and_columns():
    tables = metadata_for()["databases"]["onrecord"]["tables"]
    real = {name: set(t.columns.keys()) for name, t in schema_metadata.tables.items()}
    assert set(tables) == set(real)  # every table described, none invented
    for name, table in tables.items():
        assert table["description"]
        named = set(table.get("columns", {})) | set(table.get("facets", []))
        named |= {table[k] for k in ("label_column", "sort_desc", "sort") if k in table}
        missing = named - real[name]
        assert not missing, f"{name}: {missing} not in onrecord/store/schema.py"
    statements = tables["statements"]
    assert set(real["statements"]) <= set(statements["columns"])  # every statement column described
    assert {"speaker_id", "type", "act"} <= set(statements["facets"]) and "outlet_id" in tables["articles"]["facets"]


def test_canned_query_statements_by_speaker_over_time_runs(example_store):
    query = metadata_for()["databases"]["onrecord"]["queries"]["statements_by_speaker_over_time"]
    assert query["title"] == "Statements by speaker over time"
    db = example_store.url[len("sqlite:///") :]
    with sqlite3.connect(db) as conn:
        everyone = conn.execute(query["sql"], {"speaker": ""}).fetchall()
        alvarado = conn.execute(query["sql"], {"speaker": "Alvarado"}).fetchall()
    _, speakers = example_store.list_speakers()
    assert sum(row[3] for row in everyone) == sum(s["statements"] for s in speakers)
    assert alvarado and {row[0] for row in alvarado} == {"Teresa Alvarado"} and alvarado[0][2] == "2025-03"


def test_metadata_is_fitted_to_the_database_it_opens():
    columns = {name: set(t.columns.keys()) for name, t in schema_metadata.tables.items()}
    columns["statements"] -= {"act", "type"}
    del columns["watch_items"]
    fitted = fit_to(metadata_for("news"), columns)["databases"]["news"]["tables"]
    assert "watch_items" not in fitted and "watch_feeds" in fitted
    assert (
        fitted["statements"]["facets"] == ["speaker_id", "anonymous"] and "type" not in fitted["statements"]["columns"]
    )


def test_datasette_command(tmp_path):
    named = tmp_path / "onrecord.db"
    open_store(named).close()
    command, written = datasette_command(str(named))
    if "act" in schema_metadata.tables["statements"].columns:  # the packaged file fits the newest schema
        assert command == f"datasette {named} --metadata {metadata_path()}" and written is None
    else:  # until statements.act is merged, a copy without the act facet is written
        assert written == tmp_path / "onrecord.datasette.json" and command == f"datasette {named} --metadata {written}"
        assert "act" not in json.loads(written.read_text())["databases"]["onrecord"]["tables"]["statements"]["facets"]
    other = tmp_path / "news.db"
    open_store(other).close()
    command, written = datasette_command(str(other))
    assert written == tmp_path / "news.datasette.json" and command.endswith(f"--metadata {written}")
    assert list(json.loads(written.read_text())["databases"]) == ["news"]
    with pytest.raises(ConfigError, match="no such database"):
        datasette_command(str(tmp_path / "none.db"))
    with pytest.raises(ConfigError, match="SQLite"):
        datasette_command("postgresql://u@h/db")


def test_datasette_cli_prints_the_command(tmp_path):
    db = tmp_path / "onrecord.db"
    open_store(db).close()
    result = subprocess.run(
        [sys.executable, "-m", "onrecord", "datasette", "--db", str(db)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout.startswith(f"datasette {db} --metadata ")
    assert Path(result.stdout.split("--metadata ")[1].strip()).is_file()
