"""Extraction over a corpus with Apache Spark: same per-article code, many cores or machines.

    from onrecord.spark import run_spark
    summary = run_spark("corpus.jsonl", "out/", partitions=8)          # local[*] by default
    # out/records/part-*.jsonl: one Record (JSON) per article; out/errors.jsonl: inputs that failed

The driver reads the inputs with :func:`onrecord.ingest.iter_items` (folders, JSONL, feeds, WARC —
whatever ``onrecord ingest`` reads) and hands the articles to Spark as JSON; each partition loads one
:class:`~onrecord.pipeline.Extractor` (spaCy is loaded once per Python worker and reused) and runs
:meth:`Extractor.pipe <onrecord.pipeline.Extractor.pipe>` — the same function the CLI, API and store
call, so Spark output equals ``onrecord extract`` output article for article.

Ingest runs on the driver, so the driver holds the cleaned texts of the corpus once; extraction, the
part that costs (the spaCy parse), is what Spark spreads across cores.
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


def extract_partition(rows: Iterable[str], batch_size: int = 16) -> Iterator[str]:
    """The Spark task body: article JSON strings in, record JSON strings out (one Extractor per partition)."""
    from onrecord.model import Article
    from onrecord.pipeline import Extractor

    extractor = Extractor(batch_size=batch_size)
    articles = (Article.model_validate_json(row) for row in rows)
    for record in extractor.pipe(articles):
        yield record.model_dump_json()


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
    stop: bool = True,
) -> dict:
    """Extract every article of ``inputs`` with Spark; write ``output_dir/records/part-*`` (JSONL Records).

    Args:
        inputs: a JSONL corpus, a folder, or several of those (anything ``onrecord ingest`` reads).
        output_dir: created; must not exist unless ``overwrite``.
        partitions: Spark partitions (default: Spark's default parallelism, i.e. the cores of ``master``).
        master: the Spark master URL; ``local[*]`` uses every core of this machine.
        batch_size: documents per ``nlp.pipe`` batch inside a partition.
        keep_all: keep non-body lines in the text (as ``onrecord extract --keep-all``).
        stop: stop the Spark session at the end (tests keep it for speed).

    Returns a summary: articles, records, input errors, seconds, and the paths written.
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
    articles, errors = [], []
    for item in iter_items(paths, keep_all=keep_all):
        if item.error:
            errors.append({"source": item.source, "error": item.error})
        else:
            articles.append(item.article.model_dump_json())
    with (out / "errors.jsonl").open("w", encoding="utf-8") as fh:
        for err in errors:
            fh.write(json.dumps(err, ensure_ascii=False) + "\n")

    records_dir = out / "records"
    n_records = 0
    if articles:
        spark = _spark_session(master)
        try:
            sc = spark.sparkContext
            n_parts = partitions or sc.defaultParallelism
            rdd = sc.parallelize(articles, max(1, min(n_parts, len(articles))))
            size = batch_size
            records = rdd.mapPartitions(lambda rows: extract_partition(rows, size))
            records.saveAsTextFile(str(records_dir))
            n_records = sum(
                1 for part in records_dir.glob("part-*") for line in part.open(encoding="utf-8") if line.strip()
            )
        finally:
            if stop:
                spark.stop()
    return {
        "articles": len(articles),
        "records": n_records,
        "input_errors": len(errors),
        "seconds": round(time.perf_counter() - started, 2),
        "records_dir": str(records_dir),
        "errors_file": str(out / "errors.jsonl"),
    }


def read_records(output_dir: str | Path) -> Iterator:
    """The :class:`~onrecord.model.Record` objects a :func:`run_spark` run wrote."""
    from onrecord.model import Record

    for part in sorted((Path(output_dir) / "records").glob("part-*")):
        with part.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield Record.model_validate_json(line)
