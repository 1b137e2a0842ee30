"""``onrecord eval`` and ``onrecord bench``: measured accuracy and speed, side by side with peers."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from onrecord.cli import app
from onrecord.errors import ConfigError
from onrecord.settings import EXTRACT_BATCH_SIZE

# Piped output (a file, CI log) gets a fixed width wide enough for the score tables.
console = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 120)
err = Console(stderr=True)


def _progress() -> Progress:
    # Drawn on stderr so that `--format json > file` stays clean; Rich hides it when not a terminal.
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


@app.command("eval")
def eval_command(
    datasets: list[Path] = typer.Argument(
        ..., help="Gold files: common-format JSONL (e.g. ../shared/data/polnear/dev.jsonl) or a seed gold.json."
    ),
    system: list[str] = typer.Option(
        ["onrecord"], "--system", "-s", help="System to score (repeatable): onrecord, textacy, baseline."
    ),
    compare: bool = typer.Option(False, "--compare", help="Score onrecord, every installed peer and the baseline."),
    errors: bool = typer.Option(False, "--errors", help="List per document misses, extra quotes and wrong speakers."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="Score only the first N documents."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first problem in a gold file."),
    act: Optional[str] = typer.Option(
        None, "--act", help="Score only predictions of this act: speech, belief, knowledge or intention."
    ),
) -> None:
    """Score extraction against gold quotes: P/R/F1 (exact and overlap), speaker and cue accuracy.

    Every document is parsed once and the same spaCy Doc goes to every system. Rules: docs/evaluation.md.

    Examples:

      onrecord eval ../shared/data/polnear/dev.jsonl --compare

      onrecord eval ../shared/seed/gold.json --system textacy --errors

      onrecord eval ../shared/data/gum/news.jsonl --act speech
    """
    from onrecord.eval import ALL_NAMES, evaluate, load_gold
    from onrecord.eval.report import print_result
    from onrecord.model import ACT_KINDS

    if fmt not in ("table", "json"):
        raise ConfigError(f"--format must be table or json, not {fmt!r}")
    if act is not None and act not in ACT_KINDS:
        raise ConfigError(f"--act must be one of {', '.join(ACT_KINDS)}, not {act!r}")
    names = list(ALL_NAMES) if compare else list(dict.fromkeys(system))
    results = []
    for path in datasets:
        gold = load_gold(path, strict=strict, limit=limit)
        if limit is not None:
            gold.docs = gold.docs[:limit]
        with _progress() as progress:
            task = progress.add_task(f"eval {gold.name}", total=len(gold.docs))
            result = evaluate(
                gold,
                names,
                keep_errors=errors,
                act=act,
                on_document=lambda done, total: progress.update(task, completed=done),  # noqa: B023  (called in this loop)
            )
        results.append(result)
        if fmt == "table":
            print_result(console, result, errors=errors)
    if fmt == "json":
        payload = [r.as_dict() for r in results]
        if errors:
            for data, r in zip(payload, results):
                for sys_data, s in zip(data["systems"], r.systems):
                    sys_data["errors"] = [e.__dict__ for e in s.errors]
        typer.echo(json.dumps(payload if len(payload) > 1 else payload[0], indent=2, default=str))


@app.command("bench")
def bench_command(
    corpus: list[Path] = typer.Option(
        [],
        "--corpus",
        "-c",
        help="Texts to time (JSONL, gold.json or .txt; repeatable). Default: ../shared seed + data.",
    ),
    n: int = typer.Option(2000, "--n", min=1, help="Articles to process (the corpus is repeated to reach it)."),
    processes: Optional[int] = typer.Option(
        None, "--processes", "-p", min=1, help="Worker processes for the multi-process run (default: all cores)."
    ),
    single_only: bool = typer.Option(False, "--single-only", help="Skip the multi-process run."),
    batch_size: int = typer.Option(EXTRACT_BATCH_SIZE, "--batch-size", min=1, help="Documents per nlp.pipe batch."),
    system: list[str] = typer.Option(
        [], "--system", "-s", help="Systems to time (repeatable): spacy, onrecord, textacy. Default: all."
    ),
    profile: bool = typer.Option(False, "--profile", help="Profile onrecord's extraction with pyinstrument instead."),
    profile_n: int = typer.Option(100, "--profile-n", min=1, help="Articles in the profiled sample."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Throughput (articles/s, tokens/s) and peak memory: bare spaCy vs onrecord vs peers, same texts.

    Examples:

      onrecord bench --n 2000

      onrecord bench --n 200 --single-only --format json

      onrecord bench --profile --profile-n 100
    """
    from onrecord.bench import SYSTEMS, build_corpus, profile_extraction, run_bench

    if fmt not in ("table", "json"):
        raise ConfigError(f"--format must be table or json, not {fmt!r}")
    texts = build_corpus(profile_n if profile else n, corpus or None)
    if profile:
        report = profile_extraction(texts, batch_size=batch_size)
        if fmt == "json":
            typer.echo(json.dumps(report, indent=2))
        else:
            _print_profile(report)
        return

    cores = processes or os.cpu_count() or 1
    counts = [1] if single_only or cores == 1 else [1, cores]
    names = list(dict.fromkeys(system)) or list(SYSTEMS)
    with _progress() as progress:

        def on_phase(name: str, procs: int):
            task = progress.add_task(f"{name} ×{procs}", total=len(texts))
            return lambda k: progress.advance(task, k)

        report = run_bench(texts, systems=names, processes=counts, batch_size=batch_size, on_phase=on_phase)
    if fmt == "json":
        typer.echo(json.dumps(report, indent=2))
    else:
        _print_bench(report)


def _print_bench(report: dict) -> None:
    load = ", ".join(f"{x:.1f}" for x in report.get("load_average", []))
    table = Table(
        title=f"onrecord bench: {report['n_articles']} articles, {report['n_chars']:,} characters, "
        f"batch {report['batch_size']}, {report['cpu_count']} cores (load average at the end: {load})",
        title_justify="left",
        header_style="bold",
    )
    columns = (
        "system",
        "processes",
        "articles/s",
        "tokens/s",
        "wall s",
        "CPU s",
        "× spaCy wall",
        "× spaCy CPU",
        "peak RSS MB",
        "failed",
    )
    for col in columns:
        table.add_column(col, justify="left" if col == "system" else "right")
    failures = []
    for row in report["rows"]:
        if "error" in row:
            failures.append(row["error"])
            table.add_row(row["system"], str(row["processes"]), "[red]failed[/]", *["—"] * (len(columns) - 3))
            continue
        procs = str(row["processes"])

        def ratio(key: str) -> str:  # used within this iteration only
            value = 1.0 if row["system"] == "spacy" else report[key].get(procs, {}).get(row["system"])  # noqa: B023
            return f"{value:.2f}" if value is not None else "—"

        table.add_row(
            row["system"],
            procs,
            f"{row['articles_per_s']:.1f}",
            f"{row['tokens_per_s']:,}" if row["tokens_per_s"] else "—",
            f"{row['seconds']:.1f}",
            f"{row['cpu_seconds']:.1f}",
            ratio("time_over_bare_spacy"),
            ratio("cpu_over_bare_spacy"),
            f"{row['peak_rss_mb']:.0f}" if row["peak_rss_mb"] else "—",
            str(row["failed_articles"]),
        )
    console.print(table)
    for line in failures:
        console.print(f"[red]error:[/] {line}", highlight=False, soft_wrap=True)
    console.print(
        "[dim]× spaCy = the system's time over bare nlp.pipe's on the same texts and process count; systems take "
        "turns on rounds of texts so outside load hits all alike. CPU s sums the worker processes. Peak RSS is the "
        "largest single process (each worker holds a pipeline). failed = articles textacy refused (odd number of "
        "quotation marks).[/]"
    )


def _print_profile(report: dict) -> None:
    console.print(f"profiled onrecord extraction of {report['articles']} articles: {report['seconds']:.1f} s")
    stages = Table(title="where the time goes", title_justify="left", header_style="bold")
    for col in ("stage", "seconds", "share %"):
        stages.add_column(col, justify="left" if col == "stage" else "right")
    for row in report["stages"]:
        stages.add_row(row["stage"], f"{row['seconds']:.2f}", f"{100 * row['share']:.1f}")
    console.print(stages)
    for key, title in (("self", "hot spots by own time"), ("onrecord", "onrecord functions by total time")):
        table = Table(title=title, title_justify="left", header_style="bold")
        for col in ("function", "where", "seconds", "share %"):
            table.add_column(col, justify="right" if col in ("seconds", "share %") else "left")
        for row in report[key]:
            table.add_row(row["function"], row["where"], f"{row['seconds']:.2f}", f"{100 * row['share']:.1f}")
        console.print(table)
