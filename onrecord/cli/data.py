"""``onrecord datasette``: how to browse the record in Datasette, with onrecord's descriptions, facets and queries."""

from __future__ import annotations

import sys
from typing import Optional

from onrecord.cli import app
from onrecord.cli.corpus import DEFAULT_DB, _db_option


@app.command()
def datasette(db: Optional[str] = _db_option()) -> None:
    """Print the command that opens the SQLite record in Datasette with onrecord's metadata.

    The metadata describes every table and column, facets statements on speaker, type and act and
    articles on outlet, and adds the canned query "Statements by speaker over time". Datasette is not
    a dependency: pip install datasette.

    Example: $(onrecord datasette --db var/onrecord.db)
    """
    from onrecord.store.datasette import datasette_command

    command, written = datasette_command(db or DEFAULT_DB)
    if written is not None:
        sys.stderr.write(f"wrote {written} (Datasette names this database after its file)\n")
    sys.stdout.write(command + "\n")
