"""Datasette over the SQLite record, with onrecord's metadata: table and column descriptions, facets, a canned query.

The metadata ships in the package (``datasette_metadata.json``), written for a database file named
``onrecord.db`` (Datasette names a database after its file's stem) of the newest schema. For a file
named otherwise, or one whose tables lack a column the metadata facets on (Datasette then refuses to
show the table), :func:`datasette_command` writes a fitted copy next to the database.
"""

from __future__ import annotations

import json
import shlex
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Optional

from onrecord.errors import ConfigError

METADATA_NAME = "datasette_metadata.json"
PACKAGED_DATABASE = "onrecord"


def metadata_path() -> Path:
    """The packaged metadata file."""
    return Path(str(resources.files("onrecord.store").joinpath(METADATA_NAME)))


def metadata_for(database: str = PACKAGED_DATABASE) -> dict:
    """The metadata with its one database keyed ``database`` (the stem of the SQLite file Datasette opens)."""
    data = json.loads(metadata_path().read_text(encoding="utf-8"))
    data["databases"] = {database: data["databases"][PACKAGED_DATABASE]}
    return data


def fit_to(data: dict, columns: dict[str, set[str]]) -> dict:
    """``data`` without what names a table or column missing from ``columns`` (table -> its columns)."""
    for database in data["databases"].values():
        tables = database["tables"]
        for name in list(tables):
            if name not in columns:
                del tables[name]
                continue
            table, have = tables[name], columns[name]
            if "facets" in table:
                table["facets"] = [f for f in table["facets"] if f in have]
            if "columns" in table:
                table["columns"] = {c: d for c, d in table["columns"].items() if c in have}
            for key in ("label_column", "sort", "sort_desc"):
                if key in table and table[key] not in have:
                    del table[key]
    return data


def _columns(file: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: {row[1] for row in conn.execute(f"PRAGMA table_info({json.dumps(n)})")} for n in names}
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"--db {file}: not a SQLite database ({exc})") from None
    finally:
        conn.close()


def datasette_command(db: str) -> tuple[str, Optional[Path]]:
    """The shell command that opens ``db`` in Datasette with the metadata, and the metadata file it wrote (if any)."""
    path = db[len("sqlite:///") :] if db.startswith("sqlite:///") else db
    if "://" in path:
        raise ConfigError(
            f"--db {db}: Datasette reads SQLite files; export a PostgreSQL record or point Datasette at a SQLite copy"
        )
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"--db {path}: no such database yet (create it with: onrecord ingest PATH --db {path})")
    written = None
    metadata = metadata_path()
    fitted = fit_to(metadata_for(file.stem), _columns(file))
    if fitted != metadata_for(file.stem) or file.stem != PACKAGED_DATABASE:
        written = file.with_name(file.stem + ".datasette.json")
        try:
            written.write_text(json.dumps(fitted, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{written}: cannot write the Datasette metadata ({exc.strerror or exc})") from None
        metadata = written
    return f"datasette {shlex.quote(str(file))} --metadata {shlex.quote(str(metadata))}", written
