"""Commands over the record: ``ingest``, ``search``, ``speakers``, ``speaker``, ``timeline``, ``articles``, ``export``, ``serve``.

Every command takes ``--db`` (a SQLite path, default ``var/onrecord.db``, or a ``postgresql://`` URL;
also read from ``$ONRECORD_DB``).
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from onrecord import model
from onrecord.cli import app
from onrecord.errors import ConfigError, InputError
from onrecord.ingest.formats import formats_summary

DB_HELP = "SQLite file or postgresql://USER@HOST/DB URL (env ONRECORD_DB)."
from onrecord.api.answers import DEFAULT_ENTRIES as DEFAULT_ANSWER_CACHE  # noqa: E402
from onrecord.settings import DEFAULT_DB, INGEST_BATCH_SIZE, WORKER_QUEUE, WORKER_TIME_LIMIT  # noqa: E402


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    duckdb = "duckdb"


def _db_option():
    return typer.Option(None, "--db", help=DB_HELP, envvar="ONRECORD_DB", show_default=DEFAULT_DB)


def _open(db: Optional[str], *, must_exist: bool = True):
    from onrecord.store import open_store

    db = db or DEFAULT_DB
    if must_exist and "://" not in db and not os.path.exists(db):
        raise ConfigError(f"--db {db}: no such database yet (create it with: onrecord ingest PATH --db {db})")
    return open_store(db)


def _print_json(data, fmt: OutputFormat, rows: Optional[list] = None) -> None:
    if fmt is OutputFormat.jsonl:
        for row in rows if rows is not None else [data]:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _console() -> Console:
    """stdout console; piped output gets 120 columns rather than Rich's 80, so tables stay readable."""
    console = Console()
    return console if console.is_terminal else Console(width=120)


def _statements_table(hits: list[dict], title: str) -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("speaker", ratio=1, min_width=18)
    table.add_column("statement", ratio=3)
    table.add_column("outlet · where", ratio=1, min_width=14)
    for h in hits:
        speaker = h["speaker"]["name"] or "?"
        role = h["speaker"].get("role")
        details = [role] if role and role.lower() not in speaker.lower() else []
        if h["anonymous"]:
            details.append("anonymous")
        if h.get("act") and h["act"] != "speech":
            details.append(h["act"])
        if h.get("confidence") is not None and model.is_uncertain(h["confidence"]):
            details.append("uncertain")
        quote = h["quote"] if len(h["quote"]) < 400 else h["quote"][:397] + "…"
        told = f" (to {h['outlet_told']})" if h["outlet_told"] else ""
        outlets = h["article"]["outlet"] or "?"
        if len(h.get("sources") or []) > 1:
            outlets += f" +{len(h['sources']) - 1}"
        table.add_row(
            h["sort_date"] or "",
            escape(speaker) + (f"\n[dim]{escape(', '.join(details))}[/]" if details else ""),
            f"[dim]{h['type']}[/] {escape(quote)}{escape(told)}",
            f"{escape(outlets)}\n[dim]{h['article_id'][:12]} ¶{h['paragraph']}[/]",
        )
    return table


# Built once, from the formats table, when the CLI is imported.
_INGEST_INPUTS_HELP = f"Inputs: {formats_summary(sources=('url',))} (formats: onrecord extract --help)."


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help=_INGEST_INPUTS_HELP),
    db: Optional[str] = _db_option(),
    workers: int = typer.Option(0, "--workers", "-j", help="Extraction processes (0: one per core)."),
    batch_size: int = typer.Option(
        INGEST_BATCH_SIZE, "--batch-size", min=1, help="Articles committed per transaction."
    ),
    fetch: bool = typer.Option(False, "--fetch/--no-fetch", help="Fetch the pages of feed entries (needs network)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Summary as a table or JSON."),
) -> None:
    """Extract and store every article under PATHS; safe to re-run (already stored content is skipped).

    A run stopped by Ctrl-C or a crash resumes where it stopped when run again. Bad inputs are
    listed in the summary and kept in the database's ingest_log table; the exit status is then 3
    (0: every input stored or already there; 1: the run itself failed). A second ingest into the
    same database waits for the first to finish.

    Example: onrecord ingest corpus/ news.jsonl --db var/onrecord.db --workers 4
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from onrecord.batch.ingest import ingest as run_ingest

    for path in paths:
        if "://" not in path and not os.path.exists(path):
            raise InputError(path, "no such file or folder")
    store = _open(db, must_exist=False)
    err = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "[green]{task.fields[added]} added[/] · {task.fields[skipped]} skipped · "
            "[red]{task.fields[errors]} errors[/] · {task.fields[rate]:.1f} art/s"
        ),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=False,
    )

    with progress:
        task = progress.add_task("ingesting", total=None, added=0, skipped=0, errors=0, rate=0.0)

        def on_progress(s):
            progress.update(
                task, completed=s.seen, added=s.added, skipped=s.skipped, errors=s.errors, rate=s.articles_per_second
            )

        try:
            summary = run_ingest(
                store,
                paths,
                workers=workers or None,
                batch_size=batch_size,
                fetch=fetch,
                on_progress=on_progress,
                on_wait=lambda line: err.print(line, highlight=False),
            )
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/]: committed batches are kept; run the same command again to resume")
            sys.exit(130)  # not typer.Exit: with standalone_mode=False click would return its code, not exit
        finally:
            store.close()

    if format is not OutputFormat.table:
        _print_json(summary.as_dict(), format)
        _exit_if_failed(summary, err)
        return
    console = Console()
    console.print(
        f"run {summary.run_id}: {summary.seen} inputs, [bold green]{summary.added} articles added[/], "
        f"{summary.skipped} skipped (already stored), {summary.near_duplicates} near-duplicates, "
        f"{summary.statements} statements, [bold red]{summary.errors} errors[/] "
        f"in {summary.seconds:.1f}s ({summary.articles_per_second:.2f} articles/s)",
        highlight=False,
    )
    for source, reason in summary.error_samples[:10]:
        console.print(f"  [red]error[/] {escape(source)}: {escape(reason)}", highlight=False, soft_wrap=True)
    if summary.errors > 10:
        console.print(f"  … {summary.errors - 10} more in the ingest_log table (run {summary.run_id})", highlight=False)
    _exit_if_failed(summary, err)


INGEST_FAILED_INPUTS = 3  # exit status of an ingest that ran to its end but could not store every input


def _exit_if_failed(summary, err: Console) -> None:
    if summary.errors:
        err.print(
            f"{summary.errors} of {summary.seen} inputs not stored (reasons above and in the ingest_log table, "
            f"run {summary.run_id})",
            highlight=False,
        )
        sys.exit(INGEST_FAILED_INPUTS)


# The query commands: search, speakers, speaker, timeline and articles are built from their declarations
# in onrecord.store.query (options, bounds, help) by onrecord.cli.queries; here is only how each draws
# its table (given the result as JSON and the parameters' values).


def _render_search(data: dict, values: dict) -> None:
    total, hits, offset = data["total"], data["items"], values["offset"]
    if values.get("semantic"):
        title = f"{total} statements by meaning and words"
    else:
        title = f"{total} statements" + (f" (showing {offset + 1}–{offset + len(hits)})" if total > len(hits) else "")
    _console().print(_statements_table(hits, title))


def _render_speakers(data: dict, values: dict) -> None:
    table = Table(title=f"{data['total']} speakers")
    for col in ("id", "name", "kind", "roles", "statements", "articles", "first seen", "last seen"):
        table.add_column(col, justify="right" if col in ("statements", "articles") else "left")
    for r in data["items"]:
        table.add_row(
            escape(r["id"]),
            escape(r["name"]),
            r["kind"],
            escape("; ".join(r.get("roles") or [])),
            str(r["statements"]),
            str(r["articles"]),
            r["first_seen"] or "",
            r["last_seen"] or "",
        )
    _console().print(table)


def _render_speaker(profile: dict, values: dict) -> None:
    console = _console()
    console.print(f"[bold]{escape(profile['name'])}[/] ({profile['kind']}, {escape(profile['id'])})", highlight=False)
    also = ", ".join(a for a in profile["aliases"] if a != profile["name"])
    console.print(f"also: {escape(also) or '—'}", highlight=False)
    for r in profile["roles"]:
        console.print(
            f"role: {escape(r['role'])} ({r['first_seen'] or '?'} – {r['last_seen'] or '?'}, {r['articles']} articles)",
            highlight=False,
        )
    outlets = ", ".join(f"{o['name']} ({o['articles']})" for o in profile["outlets"])
    console.print(f"outlets: {escape(outlets) or '—'}", highlight=False)
    console.print(
        f"seen {profile['first_seen'] or '?'} – {profile['last_seen'] or '?'} in {profile['n_articles']} articles",
        highlight=False,
    )
    console.print(_statements_table(profile["statements"], f"{profile['n_statements']} statements"))


def _render_timeline(result: dict, values: dict) -> None:
    title = (
        f"timeline of {result['speaker']['name']}"
        if result["kind"] == "speaker"
        else f"timeline of “{result['query']}”"
    )
    _console().print(_statements_table(result["statements"], f"{title}: {result['total']} statements"))


def _render_articles(data: dict, values: dict) -> None:
    table = Table(title=f"{data['total']} articles", expand=True)
    for col in ("id", "published", "outlet", "statements"):
        table.add_column(col, no_wrap=True)
    table.add_column("title", ratio=3)
    for a in data["items"]:
        table.add_row(
            escape(a["id"][:12]),
            a["published"] or "",
            escape(a["outlet"] or ""),
            str(a["n_statements"]),
            escape(a["title"] or ""),
        )
    _console().print(table)


def _add_query_commands() -> None:
    from onrecord.cli.queries import add_command
    from onrecord.store.query import QUERIES

    add_command(app, QUERIES["search"], _render_search)
    add_command(app, QUERIES["speakers"], _render_speakers)
    add_command(app, QUERIES["speaker"], _render_speaker)
    add_command(app, QUERIES["timeline"], _render_timeline)
    add_command(app, QUERIES["articles"], _render_articles)


_add_query_commands()


@app.command()
def export(
    format: ExportFormat = typer.Option(
        ExportFormat.jsonl,
        "--format",
        "-f",
        help="jsonl (records), csv, parquet (statements) or duckdb (a DuckDB file: statements, articles, speakers).",
    ),
    out: str = typer.Option(..., "--out", "-o", help="Output file."),
    what: Optional[str] = typer.Option(None, "--what", help="records (jsonl only) or statements."),
    db: Optional[str] = _db_option(),
) -> None:
    """Export the record: full records as JSONL, one row per statement as JSONL, CSV or Parquet, or a DuckDB file."""
    with _open(db) as store:
        n = store.export(format.value, out, what=what)
    Console(stderr=True).print(f"wrote {n} rows to {out}", highlight=False)


@app.command()
def serve(
    db: Optional[str] = _db_option(),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind; 0.0.0.0 exposes it to the network."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    token: Optional[str] = typer.Option(
        None,
        "--token",
        envvar="ONRECORD_API_TOKEN",
        show_envvar=True,
        help="Bearer token that enables ingestion and POST /api/articles. Without it the API is read-only.",
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        help="Also answer to this Host name (repeatable; '*' for any). "
        "By default only the bound address (and localhost on loopback) is answered: DNS rebinding gets nothing.",
    ),
    allow_private_urls: bool = typer.Option(
        False,
        "--allow-private-urls",
        help="Let paste/extract fetch URLs on loopback, private and link-local addresses.",
    ),
    ingest_root: list[str] = typer.Option(
        [],
        "--ingest-root",
        help="A server folder POST /api/ingest may read (repeatable). None: the endpoint is off.",
    ),
    allow_paste_save: bool = typer.Option(
        False,
        "--allow-paste-save",
        help="Let the paste page save from its own form without the token.",
    ),
    extract_workers: int = typer.Option(
        1,
        "--extract-workers",
        min=1,
        max=64,
        help="Worker processes for extraction (each loads spaCy, ~0.5 GB).",
    ),
    extract_timeout: float = typer.Option(
        WORKER_TIME_LIMIT, "--extract-timeout", min=1.0, help="Seconds one extraction may take."
    ),
    extract_queue: int = typer.Option(
        WORKER_QUEUE, "--extract-queue", min=0, help="Extractions that may wait; more get 503."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="Server processes (uvicorn workers); each has its own extraction workers.",
    ),
    answer_cache: int = typer.Option(
        DEFAULT_ANSWER_CACHE,
        "--answer-cache",
        min=0,
        help="Read answers kept until the SQLite database changes (per server process; 0: off).",
    ),
) -> None:
    """Serve the REST API (and the web page, when installed) over the record. Docs at /docs."""
    import uvicorn

    from onrecord.api import create_app
    from onrecord.api.guard import host_names

    url = db or DEFAULT_DB
    for folder in ingest_root:
        if not Path(folder).is_dir():
            raise ConfigError(f"--ingest-root {folder}: not a folder")
    hosts = host_names(host, allowed_host)
    settings = dict(
        read_only=not token,
        allow_private_urls=allow_private_urls,
        ingest_roots=list(ingest_root),
        allow_paste_save=allow_paste_save,
        allowed_hosts=None if hosts is None else sorted(hosts),
        extract_processes=extract_workers,
        extract_time_limit=extract_timeout,
        extract_queue=extract_queue,
        answer_cache=answer_cache,
    )
    if workers > 1:
        from onrecord.store import open_store

        open_store(url).close()  # a bad --db is one line here, not a traceback in each worker
    else:
        application = create_app(url, token=token, **settings)
    Console(stderr=True).print(
        f"serving {url} on http://{host}:{port} (API docs: /docs; {'writes need the token' if token else 'read-only'})",
        highlight=False,
    )
    if workers > 1:
        # Each uvicorn worker process builds its own app (and store connections) from these settings.
        from onrecord.api import SERVE_SETTINGS_ENV

        os.environ[SERVE_SETTINGS_ENV] = json.dumps({"store_url": url, **settings})
        if token:
            os.environ["ONRECORD_API_TOKEN"] = token
        uvicorn.run(
            "onrecord.api:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
        return
    uvicorn.run(application, host=host, port=port, log_level="warning")
