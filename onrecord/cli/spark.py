"""``onrecord spark-extract``: extraction of a whole corpus with Apache Spark (local cores by default)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from onrecord.cli import app
from onrecord.settings import EXTRACT_BATCH_SIZE


@app.command("spark-extract")
def spark_extract(
    inputs: list[Path] = typer.Argument(..., help="JSONL corpora and/or folders of articles."),
    output: Path = typer.Option(
        ..., "--output", "-o", help="Folder to create: records/part-* (JSONL), statements/ (Parquet) and errors.jsonl."
    ),
    partitions: Optional[int] = typer.Option(
        None, "--partitions", "-p", min=1, help="Spark partitions (default: cores)."
    ),
    master: str = typer.Option("local[*]", "--master", help="Spark master URL."),
    batch_size: int = typer.Option(
        EXTRACT_BATCH_SIZE, "--batch-size", min=1, help="Documents per nlp.pipe batch in a partition."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace the output folder if it exists."),
    keep_all: bool = typer.Option(False, "--keep-all", help="Do not set non-body lines aside."),
    parquet: bool = typer.Option(True, "--parquet/--no-parquet", help="Also write one Parquet row per statement."),
) -> None:
    """Extract records from a corpus with Spark, one Extractor per partition (same code as `extract`).

    A JSONL corpus is split and read by Spark's workers; folders, feeds and WARC files by the driver.

    Example:

      onrecord spark-extract corpus.jsonl --output out/ --partitions 8
    """
    from onrecord.batch.spark import run_spark

    summary = run_spark(
        [str(p) for p in inputs],
        output,
        partitions=partitions,
        master=master,
        batch_size=batch_size,
        overwrite=overwrite,
        keep_all=keep_all,
        parquet=parquet,
    )
    typer.echo(json.dumps(summary, indent=2))
