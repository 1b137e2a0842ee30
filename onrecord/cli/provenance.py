"""Where a quotation travels: ``quote`` (one cluster, or ``--rebuild``), ``quotes`` (the most widespread)
and ``related`` (statements on the same subject, by meaning). ``search --semantic`` is in corpus.py."""

from __future__ import annotations

from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from onrecord.cli import app
from onrecord.cli.corpus import OutputFormat, _console, _db_option, _open, _print_json, _statements_table
from onrecord.cli.queries import add_command
from onrecord.errors import ConfigError
from onrecord.store.query import QUERIES

_DIFF_STYLE = {"replace": "bold yellow", "insert": "bold green", "delete": "bold red strike", "elided": "dim strike"}


def render_diff(diff: list[dict]) -> str:
    """A variant's diff as Rich markup: the variant's words, changes highlighted, dropped words struck."""
    parts = []
    for op in diff:
        if op["op"] == "equal":
            parts.append(escape(op["variant"]))
        elif op["op"] in ("delete", "elided"):
            parts.append(f"[{_DIFF_STYLE[op['op']]}]{escape(op['reference'])}[/]")
        elif op["op"] == "replace":
            parts.append(
                f"[dim strike]{escape(op['reference'])}[/] [{_DIFF_STYLE['replace']}]{escape(op['variant'])}[/]"
            )
        else:
            parts.append(f"[{_DIFF_STYLE['insert']}]{escape(op['variant'])}[/]")
    return " ".join(p for p in parts if p)


def _print_cluster(c: dict) -> None:
    console = _console()
    first = c["first_appearance"]
    speakers = ", ".join(f"{s['name']} ({s['appearances']})" for s in c["speakers"]) or "unknown"
    console.print(f"[bold]quotation {c['id']}[/]: “{escape(c['text'])}”", highlight=False)
    console.print(
        f"speaker(s): {escape(speakers)} · {c['n_articles']} articles · {c['n_outlets']} outlets"
        + (f" · {c['n_copies']} syndicated copies" if c["n_copies"] else "")
        + (f" · flags: {', '.join(f'{k} {v}' for k, v in sorted(c['flags'].items()))}" if c["flags"] else ""),
        highlight=False,
    )
    console.print(
        f"first appearance: {first['published'] or 'undated'} {escape(first['outlet'] or '?')} "
        f"— {escape(first['title'] or first['article_id'])}",
        highlight=False,
    )
    table = Table(title="variants", expand=True)
    table.add_column("class", no_wrap=True)
    table.add_column("wording (against the earliest full form)", ratio=3)
    table.add_column("where · speaker · flags", ratio=2)
    for v in c["variants"]:
        wording = escape(v["text"]) if v["kind"] in ("reference", "same") else render_diff(v["diff"])
        where = "\n".join(
            f"{a['published'] or '?'} {escape(a['outlet'] or '?')} · {escape(a['speaker']['name'] or '?')}"
            + (f" [bold red]{', '.join(a['flags'])}[/]" if a["flags"] else "")
            for a in v["appearances"]
        )
        table.add_row(v["kind"], wording, where)
    console.print(table)


@app.command()
def quote(
    ident: Optional[str] = typer.Argument(None, help="A quotation id, a statement id, or the words of a quotation."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Derive every cluster and vector again from the statements."),
    db: Optional[str] = _db_option(),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
) -> None:
    """Where a quotation appeared: first appearance, outlets, wording variants with diffs, flags.

    Example: onrecord quote "make America great again"
    """
    from onrecord.provenance import quotes

    with _open(db) as store:
        if rebuild:
            with store.engine.begin() as conn:
                n = store.provenance.rebuild(conn)
            total, _ = quotes.list_clusters(store, limit=0)
            typer.echo(f"rebuilt from {n} statements: {total} quotations seen in 2+ articles")
            if not ident:
                return
        if not ident:
            raise ConfigError("give a quotation id, a statement id or the words of a quotation (or --rebuild)")
        found = quotes.resolve_quote(store, ident)
    if found is None:
        raise ConfigError(f"no stored quotation matches {ident!r}")
    if format is OutputFormat.table:
        _print_cluster(found)
    else:
        _print_json(found, format)


def _render_quotes(data: dict, values: dict) -> None:
    table = Table(title=f"{data['total']} quotations in {values['min_articles']}+ articles", expand=True)
    for col in ("id", "first", "articles", "outlets", "flags"):
        table.add_column(col, no_wrap=True)
    table.add_column("quotation", ratio=3)
    for c in data["items"]:
        flags = ", ".join(f"{k} {v}" for k, v in sorted(c["flags"].items()))
        table.add_row(
            str(c["id"]),
            c["first_appearance"]["published"] or "",
            str(c["n_articles"]),
            str(c["n_outlets"]),
            flags,
            escape(c["text"][:300]),
        )
    _console().print(table)


def _render_related(found: dict, values: dict) -> None:
    console = _console()
    console.print(_statements_table(found["same_speaker"], "the same speaker on this subject"))
    console.print(_statements_table(found["other_speakers"], "other speakers on this subject"))


# ``quotes`` and ``related`` are built from their declarations in onrecord.store.query (onrecord.cli.queries).
add_command(app, QUERIES["quotes"], _render_quotes)
add_command(app, QUERIES["related"], _render_related)
