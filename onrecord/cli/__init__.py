"""The ``onrecord`` command line. Each group of commands lives in its own module of this package."""

from __future__ import annotations

import sys
from typing import Optional

import typer
from rich.console import Console

from onrecord import __version__
from onrecord.errors import OnrecordError

app = typer.Typer(
    name="onrecord",
    help="Who said what, to whom, when: attributed statements from news reports.\n\n"
    "Examples:\n\n"
    "  onrecord extract article.txt\n\n"
    "  onrecord extract https://example.org/news/story.html --format json\n\n"
    "  onrecord ingest corpus/ --db var/onrecord.db\n\n"
    "  onrecord search nuclear --speaker Medvedev --since 2024-05-01",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err_console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"onrecord {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Who said what, to whom, when: attributed statements from news reports."""


# Command modules register themselves on `app` when imported.
from onrecord.cli import corpus as _corpus  # noqa: E402,F401
from onrecord.cli import data as _data  # noqa: E402,F401
from onrecord.cli import extract as _extract  # noqa: E402,F401
from onrecord.cli import provenance as _provenance  # noqa: E402,F401
from onrecord.cli import quality as _quality  # noqa: E402,F401
from onrecord.cli import spark as _spark  # noqa: E402,F401
from onrecord.cli import watch as _watch  # noqa: E402,F401
from onrecord.cli.queries import add_commands as _add_query_commands  # noqa: E402

_add_query_commands(app)  # any declared query (onrecord.store.query) not drawn by a module above


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point: user errors become one line on stderr and a non-zero exit, never a traceback."""
    try:
        # Without standalone mode click returns a command's exit code instead of exiting.
        exit_code = app(args=argv, standalone_mode=False)
        if isinstance(exit_code, int) and exit_code:
            sys.exit(exit_code)
    except OnrecordError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except typer.TyperException as exc:  # usage errors: typer's own click raises these, not click's
        exc.show()
        sys.exit(exc.exit_code)
