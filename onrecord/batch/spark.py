"""Extraction over a corpus with Apache Spark: same per-article code, many cores or machines.

    from onrecord.batch.spark import run_spark
    summary = run_spark("corpus.jsonl", "out/", partitions=8)          # local[*] by default
    # out/records/part-*     one Record (JSON) per article
    # out/statements/*.parquet  one row per statement (onrecord.flat, as `onrecord export`), for Spark, pandas, DuckDB
    # out/errors.jsonl       inputs that failed, with the reason

A JSONL corpus is read by Spark itself (``textFile``): each task turns its own lines into articles with
:func:`onrecord.ingest.item_from_corpus_line`, so the driver never holds the corpus. Other inputs
(folders, feeds, WARC files) are read on the driver with :func:`onrecord.ingest.iter_items` and handed
to Spark as articles. Either way each partition loads one :class:`~onrecord.pipeline.Extractor`
(spaCy once per Python worker, reused) and runs :meth:`Extractor.pipe
<onrecord.pipeline.Extractor.pipe>`, the function the CLI, API and store call, so Spark output
equals ``onrecord extract`` output article for article.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, Optional

from onrecord.errors import ConfigError, InputError

# Task output lines are tagged: one record, or one input that could not be read.
_RECORD, _ERROR = "R", "E"


def extract_partition(rows: Iterable[str], batch_size: int = 16) -> Iterator[str]:
    """The Spark task body for articles read on the driver: Article JSON in, Record JSON out."""
    from onrecord.model import Article
    from onrecord.pipeline import Extractor

    extractor = Extractor(batch_size=batch_size)
    articles = (Article.model_validate_json(row) for row in rows)
    for record in extractor.pipe(articles):
        yield record.model_dump_json()


def ingest_and_extract_partition(
    lines: Iterable[tuple[str, int]], path: str, *, batch_size: int = 16, keep_all: bool = False
) -> Iterator[str]:
    """The Spark task body for a JSONL corpus: ``(line, 0-based line number)`` in, tagged output out.

    Each output string is ``"R"`` + Record JSON, or ``"E"`` + ``{"source", "error"}`` JSON for a line
    that is not an article (bad JSON, no text): the run goes on and the error is reported.
    """
    from onrecord.ingest import item_from_corpus_line
    from onrecord.pipeline import Extractor

    errors: list[str] = []

    def articles():
        for line, number in lines:
            item = item_from_corpus_line(line, f"{path}:{number + 1}", keep_all=keep_all)
            if item is None:
                continue
            if item.ok:
                yield item.article
            else:
                errors.append(json.dumps({"source": item.source, "error": item.error}, ensure_ascii=False))

    for record in Extractor(batch_size=batch_size).pipe(articles()):
        yield _RECORD + record.model_dump_json()
    for error in errors:
        yield _ERROR + error


def statement_rows(record_json: str) -> list[dict]:
    """The flat statement rows of one Record JSON line (see :meth:`onrecord.model.Record.statement_rows`)."""
    from onrecord.model import Record

    return Record.model_validate_json(record_json).statement_rows()


def _spark_session(master: str, app_name: str = "onrecord"):
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError("pyspark is not installed; pip install 'onrecord[spark]'") from exc
    # Workers must run this interpreter (this venv, with spaCy and its model), not whatever `python3` is.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
    )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no Java, port trouble...: one line, not a JVM trace
        raise ConfigError(f"could not start Spark ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_spark(
    inputs: str | Path | Iterable[str | Path],
    output_dir: str | Path,
    *,
    partitions: Optional[int] = None,
    master: str = "local[*]",
    batch_size: int = 16,
    overwrite: bool = False,
    keep_all: bool = False,
    parquet: bool = True,
    stop: bool = True,
) -> dict:
    """Extract every article of ``inputs`` with Spark into ``output_dir`` (see the module docstring).

    Args:
        inputs: JSONL corpora, folders, or anything else ``onrecord ingest`` reads.
        output_dir: created; must not exist unless ``overwrite``.
        partitions: Spark partitions (default: Spark's default parallelism, i.e. the cores of ``master``).
        master: the Spark master URL; ``local[*]`` uses every core of this machine.
        batch_size: documents per ``nlp.pipe`` batch inside a partition.
        keep_all: keep non-body lines in the text (as ``onrecord extract --keep-all``).
        parquet: also write ``statements/``, one Parquet row per statement.
        stop: stop the Spark session at the end (tests keep it for speed).

    Returns a summary: articles, records, statements, input errors, seconds, and the paths written.
    """
    from onrecord.ingest import iter_items

    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    for path in paths:
        if not str(path).startswith(("http://", "https://")) and not Path(path).exists():
            raise InputError(str(path), "no such file or folder")
    out = Path(output_dir)
    if out.exists():
        if not overwrite:
            raise ConfigError(f"{out} already exists; choose another output folder or pass --overwrite")
        shutil.rmtree(out)
    out.mkdir(parents=True)

    started = time.perf_counter()
    corpora, others = [], []
    for path in paths:
        (corpora if _spark_reads_itself(path) else others).append(path)
    corpora = [str(Path(p).resolve()) for p in corpora]
    articles, errors = [], []
    for item in iter_items(others, keep_all=keep_all) if others else ():
        if item.error:
            errors.append(json.dumps({"source": item.source, "error": item.error}, ensure_ascii=False))
        else:
            articles.append(item.article.model_dump_json())

    records_dir, statements_dir = out / "records", out / "statements"
    counts = {"records": 0, "statements": 0}
    if articles or corpora:
        spark = _spark_session(master)
        try:
            counts = _run_jobs(
                spark,
                corpora,
                articles,
                errors,
                records_dir,
                statements_dir if parquet else None,
                partitions=partitions,
                batch_size=batch_size,
                keep_all=keep_all,
            )
        finally:
            if stop:
                spark.stop()
    with (out / "errors.jsonl").open("w", encoding="utf-8") as fh:
        for err in errors:
            fh.write(err + "\n")
    return {
        "articles": counts["records"],
        "records": counts["records"],
        "statements": counts["statements"],
        "input_errors": len(errors),
        "seconds": round(time.perf_counter() - started, 2),
        "records_dir": str(records_dir),
        "statements_dir": str(statements_dir) if parquet else None,
        "errors_file": str(out / "errors.jsonl"),
    }


def _spark_reads_itself(path) -> bool:
    """A JSONL corpus Spark can split and decode: plain text, or gzip under a ``.gz`` name."""
    from onrecord.ingest import is_jsonl_corpus

    if str(path).startswith(("http://", "https://")) or not is_jsonl_corpus(path):
        return False
    with open(path, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    return not gzipped or str(path).lower().endswith(".gz")


def _run_jobs(
    spark, corpora, articles, errors, records_dir, statements_dir, *, partitions, batch_size, keep_all
) -> dict:
    from pyspark import StorageLevel

    sc = spark.sparkContext
    n_parts = partitions or sc.defaultParallelism
    tagged = []
    for path in corpora:
        lines = sc.textFile(path, minPartitions=n_parts).zipWithIndex()
        tagged.append(
            lines.mapPartitions(
                lambda rows, p=path: ingest_and_extract_partition(rows, p, batch_size=batch_size, keep_all=keep_all)
            )
        )
    if articles:
        rdd = sc.parallelize(articles, max(1, min(n_parts, len(articles))))
        tagged.append(rdd.mapPartitions(lambda rows: (_RECORD + r for r in extract_partition(rows, batch_size))))
    results = tagged[0] if len(tagged) == 1 else sc.union(tagged)
    # Extraction is the expensive part: done once, kept (spilling to disk) for the outputs below.
    results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        errors.extend(line[1:] for line in results.filter(lambda line: line[0] == _ERROR).collect())
        records = results.filter(lambda line: line[0] == _RECORD).map(lambda line: line[1:])
        records.saveAsTextFile(str(records_dir))
        n_records = records.count()
        n_statements = 0
        if statements_dir is not None:
            rows = records.flatMap(statement_rows)
            from onrecord.flat import spark_schema

            frame = spark.createDataFrame(rows, schema=spark_schema())
            frame.write.parquet(str(statements_dir))
            n_statements = spark.read.parquet(str(statements_dir)).count()
        else:
            n_statements = records.map(lambda r: len(statement_rows(r))).sum() if n_records else 0
    finally:
        results.unpersist()
    return {"records": n_records, "statements": int(n_statements)}


def read_records(output_dir: str | Path) -> Iterator:
    """The :class:`~onrecord.model.Record` objects a :func:`run_spark` run wrote."""
    from onrecord.model import Record

    for part in sorted((Path(output_dir) / "records").glob("part-*")):
        with part.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield Record.model_validate_json(line)
