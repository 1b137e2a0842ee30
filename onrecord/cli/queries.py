"""The CLI commands of the queries declared in :mod:`onrecord.store.query`, one command per query.

A command's options and argument come from the query's :class:`~onrecord.store.query.Param` rows as a
``__signature__`` that Typer reads like a hand-written one; each value is parsed by the row itself
(:meth:`Param.parse`), so a bad date, an unknown choice or a limit out of bounds is the same one-line
message as on the web page (a usage error, exit status 2). Every command also takes ``--db`` and
``--format`` (table, json, jsonl). The table is drawn by the renderer given to :func:`add_command`;
a query without one prints its rows as a plain table.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Iterable, Optional

import typer
from rich.markup import escape
from rich.table import Table

from onrecord.errors import ConfigError
from onrecord.store.query import QUERIES, Param, Query, QueryError
from onrecord.store.results import to_json

#: (the query's result as JSON, the parameters' values) -> prints the table
Renderer = Callable[[Any, dict], None]

_added: set[str] = set()


def _parser(param: Param) -> Callable[[Any], Any]:
    def parse(text: Any) -> Any:
        try:
            return param.parse(text)
        except QueryError as exc:
            raise typer.BadParameter(str(exc)) from None

    return parse


def _help(param: Param) -> str:
    bounds = "" if param.choices else param.bounds_text()  # choices are the metavar
    text = param.help.rstrip(".") if bounds else param.help
    return f"{text} ({bounds})." if bounds and text else (bounds or text)


def _typer_default(param: Param) -> Any:
    default = ... if param.required else param.default_for("cli")
    if param.type is bool:
        return typer.Option(default, *param.cli_flags(), help=param.help)
    metavar = "<" + "|".join(param.choices) + ">" if param.choices else param.metavar
    options: dict[str, Any] = dict(help=_help(param), metavar=metavar, parser=_parser(param))
    if param.choices:
        choices = param.choices
        options["autocompletion"] = lambda incomplete: [c for c in choices if c.startswith(incomplete)]
    if param.argument:
        return typer.Argument(default, **options)
    return typer.Option(default, *param.cli_flags(), **options)


def signature_of(query: Query) -> inspect.Signature:
    """The command's signature: the query's CLI parameters, then ``--db`` and ``--format``."""
    from onrecord.cli.corpus import OutputFormat, _db_option

    params = [
        inspect.Parameter(
            p.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=_typer_default(p),
            annotation=p.type if p.required or p.default_for("cli") is not None else Optional[p.type],
        )
        for p in query.params_for("cli")
    ]
    params.append(
        inspect.Parameter("db", inspect.Parameter.KEYWORD_ONLY, default=_db_option(), annotation=Optional[str])
    )
    params.append(
        inspect.Parameter(
            "format",
            inspect.Parameter.KEYWORD_ONLY,
            default=typer.Option(OutputFormat.table, "--format", "-f"),
            annotation=OutputFormat,
        )
    )
    return inspect.Signature(params)


def add_command(app: typer.Typer, query: Query, render: Optional[Renderer] = None) -> None:
    """Add the command of ``query`` to ``app``; ``render`` draws its table (default: :func:`plain_table`)."""
    from onrecord.cli.corpus import OutputFormat, _open, _print_json

    def command(*, db: Optional[str], format: Any, **given: Any) -> None:
        values = query.values("cli", given)
        with _open(db) as store:
            result = query.run(store, **values)
        if result is None and query.not_found is not None:
            raise ConfigError(query.not_found("cli", values))
        data = to_json(result)
        if format is OutputFormat.table:
            (render or plain_table)(data, values)
        else:
            _print_json(data, format, _rows(query, data))

    command.__signature__ = signature_of(query)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in command.__signature__.parameters.values()}  # type: ignore[attr-defined]
    command.__doc__ = query.help
    command.__name__ = query.cli or query.name
    app.command(query.cli)(command)
    _added.add(query.name)


def _rows(query: Query, data: Any) -> Optional[list]:
    """The rows ``--format jsonl`` writes one a line: a page's items, or a result's statements."""
    if query.pages:
        return data["items"]
    if isinstance(data, dict) and isinstance(data.get("statements"), list):
        return data["statements"]
    return None


def add_commands(app: typer.Typer, queries: Optional[Iterable[Query]] = None) -> None:
    """A command for every query (default: all of :data:`QUERIES`) with a ``cli`` name not added yet."""
    for query in QUERIES.values() if queries is None else queries:
        if query.cli is not None and query.name not in _added:
            add_command(app, query)


def plain_table(data: Any, values: dict) -> None:
    """A query's rows as a table of their fields (a page's items, else the result itself)."""
    from onrecord.cli.corpus import _console

    rows = data["items"] if isinstance(data, dict) and isinstance(data.get("items"), list) else data
    rows = rows if isinstance(rows, list) else [rows]
    columns = [
        k for k, v in (rows[0].items() if rows and isinstance(rows[0], dict) else []) if not isinstance(v, (dict, list))
    ]
    title = f"{data['total']} results" if isinstance(data, dict) and "total" in data else None
    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*(escape("" if row[c] is None else str(row[c])) for c in columns))
    _console().print(table)
