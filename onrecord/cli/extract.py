"""``onrecord extract`` (articles → their records, as a report, JSON, JSONL or CSV) and ``onrecord schema``."""

from __future__ import annotations

import json
from enum import Enum
from typing import Optional

import typer
from rich.console import Console

from onrecord.cli import app
from onrecord.ingest.formats import formats_help, formats_summary
from onrecord.ingest.read import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT

INPUTS_HELP = f"Inputs, one or many: {formats_summary()} (see the formats below), glob patterns."


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@app.command(
    epilog="Examples:\n\n"
    "  onrecord extract article.txt\n\n"
    "  onrecord extract page.html --format json > record.json\n\n"
    "  onrecord extract report.pdf   # press releases and reports: headers, footers, page numbers set aside\n\n"
    "  onrecord extract https://example.org/news/story --timeout 20\n\n"
    "  curl -s https://example.org/story | onrecord extract - --published 2024-05-31\n\n"
    "  onrecord extract article.txt --keep-all   # no caption/credit/footer removal\n\n"
    "  onrecord extract corpus/ --format jsonl > records.jsonl   # many inputs: one record a line\n\n"
    "  onrecord extract 'news/*.txt' more.html --format csv > statements.csv   # one statement a row\n\n"
    "Input formats (a file is known by its extension, else by its first bytes):\n\n"
    + "\n\n".join(f"  {line}" for line in formats_help().splitlines()),
)
def extract(
    sources: list[str] = typer.Argument(
        ...,
        metavar="PATH|URL|-...",
        help=INPUTS_HELP,
    ),
    format: OutputFormat = typer.Option(
        OutputFormat.text,
        "--format",
        "-f",
        help="text: a readable report; json: the record, indented (one input); jsonl: one record a line; "
        "csv: one statement a row.",
    ),
    published: Optional[str] = typer.Option(
        None,
        "--published",
        metavar="YYYY-MM-DD",
        help="Publication date, when you know it (wins over metadata and inference).",
    ),
    keep_all: bool = typer.Option(
        False, "--keep-all", help="Keep every line in the body: do not set aside captions, credits, tags or footers."
    ),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse inputs larger than this many bytes."
    ),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0.1, help="Seconds allowed for fetching a URL."),
) -> None:
    """Extract who said what from news articles and print their records.

    Each article is read (encoding detected; HTML main text and metadata through trafilatura; PDF text
    with page headers, footers and numbers set aside), its non-body lines (photo captions and credits,
    tag lines, share prompts, comment footers) are set aside with a reason, its publication date is taken
    from --published, the page metadata or the text, and its statements are attributed to their speakers.

    Many inputs (several paths, a folder, a glob) run in one process with a progress bar on stderr; an
    input that cannot be read is reported on stderr and the others go on (exit status 1 at the end).
    """
    from onrecord.cli.many import Writer, extract_many, needs_many

    if needs_many(sources):
        failed = extract_many(
            sources, fmt=format.value, keep_all=keep_all, max_bytes=max_bytes, timeout=timeout, published=published
        )
        if failed:
            raise typer.Exit(1)
        return

    from onrecord.ingest import load_article
    from onrecord.pipeline import extract as extract_record

    article = load_article(sources[0], published=published, keep_all=keep_all, max_bytes=max_bytes, timeout=timeout)
    record = extract_record(article)
    if format is OutputFormat.text:
        from onrecord.report import render_record

        render_record(record, Console())
    elif format is OutputFormat.csv:
        Writer("csv").write(record)
    else:
        data = record.model_dump(mode="json")
        indent = 2 if format is OutputFormat.json else None
        typer.echo(json.dumps(data, ensure_ascii=False, indent=indent))


@app.command(epilog="Example:\n\n  onrecord schema > schema/record.schema.json")
def schema() -> None:
    """Print the JSON Schema of the records that `extract --format json` prints."""
    from onrecord.model import record_json_schema

    typer.echo(json.dumps(record_json_schema(), ensure_ascii=False, indent=2))
