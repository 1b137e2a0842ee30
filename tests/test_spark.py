"""The Spark runner gives the same records as the Extractor, on three small invented articles."""

from __future__ import annotations

import json
import shutil
import sys

import pytest
from conftest import unavailable

from onrecord.flat import STATEMENT_COLUMN_NAMES

pytestmark = pytest.mark.spark

ARTICLES = [
    {
        "id": "harbour",
        "publisher": "Example Gazette",
        "published": "2025-03-04",
        "text": "The harbour will close for repairs in April. “We have no other choice,” said Lena Hart, "
        "the port director.\n\nShippers said the timing was poor.\n",
    },
    {
        "id": "budget",
        "text": "Finance minister Omar Castel said on Tuesday that the budget would be balanced by 2027.\n",
    },
    {
        "id": "school",
        "text": "“Classes resume on Monday,” the school board announced. Parents welcomed the news.\n",
    },
]


@pytest.fixture(scope="module")
def spark_env():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        unavailable("pyspark is not installed (pip install -e '.[dev]')")
    if shutil.which("java") is None:
        unavailable("no Java runtime")
    yield
    # The tests keep one Spark session (run_spark(stop=False)): the JVM and its Python workers, which have
    # loaded spaCy, start once for the module.
    from pyspark.sql import SparkSession

    if (session := SparkSession.getActiveSession()) is not None:
        session.stop()


def test_run_spark_matches_the_extractor(tmp_path, monkeypatch, spark_env, extractor):
    from onrecord.batch.spark import read_records, run_spark
    from onrecord.ingest import iter_items

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n{broken\n", encoding="utf-8")

    summary = run_spark(corpus, tmp_path / "out", partitions=2, master="local[1]", stop=False)

    assert summary["articles"] == 3 and summary["records"] == 3 and summary["input_errors"] == 1
    errors = [json.loads(line) for line in open(summary["errors_file"], encoding="utf-8")]
    assert errors[0]["source"].endswith("corpus.jsonl:4")
    records = {r.article.id: r for r in read_records(tmp_path / "out")}
    assert set(records) == {"harbour", "budget", "school"}
    # Same per-article function: the Extractor in this process gives identical statements.
    expected = {item.article.id: extractor.process(item.article) for item in iter_items([corpus]) if item.ok}
    for art_id, record in records.items():
        got = [(s.type, s.quote.start, s.quote.end, s.speaker_id) for s in record.statements]
        want = [(s.type, s.quote.start, s.quote.end, s.speaker_id) for s in expected[art_id].statements]
        assert got == want
    from onrecord.errors import ConfigError

    with pytest.raises(ConfigError, match="already exists"):
        run_spark(corpus, tmp_path / "out", master="local[1]")


def test_statements_parquet_and_a_folder_read_by_the_driver(tmp_path, monkeypatch, spark_env, extractor):
    import pyarrow.parquet as pq

    from onrecord.batch.spark import run_spark
    from onrecord.ingest import iter_items

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in ARTICLES[:2]) + "\n\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "school.txt").write_text(ARTICLES[2]["text"], encoding="utf-8")

    summary = run_spark([corpus, folder], tmp_path / "out", partitions=2, master="local[1]", stop=False)

    assert (summary["records"], summary["input_errors"]) == (3, 0)
    parquet = pq.read_table(summary["statements_dir"])
    assert tuple(parquet.column_names) == STATEMENT_COLUMN_NAMES  # the columns of `onrecord export` (test_flat.py)
    table = parquet.to_pylist()
    expected = [
        row
        for item in iter_items([corpus, folder])
        if item.ok
        for row in extractor.process(item.article).statement_rows()
    ]
    assert summary["statements"] == len(table) == len(expected) >= 4
    key = lambda r: (r["article_id"], r["statement_id"])  # noqa: E731
    assert sorted(table, key=key) == sorted(expected, key=key)
    hart = next(r for r in table if r["speaker_name"] == "Lena Hart")
    assert (hart["type"], hart["cue"], hart["article_outlet"]) == ("direct", "said", "Example Gazette")
    assert str(hart["article_published"]) == "2025-03-04"
