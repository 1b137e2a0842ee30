"""The store's exports: every record or statement row to JSONL, CSV or Parquet (DuckDB in duckdb_export.py).

The statement rows are the flat table of :mod:`onrecord.flat`, the one Spark and ``extract --format csv`` write.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterator, Optional, Union

import sqlalchemy as sa

from onrecord.errors import ConfigError
from onrecord.flat import STATEMENT_COLUMN_NAMES, arrow_table, as_date, json_row
from onrecord.model import Record
from onrecord.store.common import StoreState
from onrecord.store.schema import (
    articles,
)


class StoreExport(StoreState):
    """Exporting (a part of :class:`onrecord.store.Store`)."""

    def iter_records(self) -> Iterator[Record]:
        """Every stored record, in the order they were added."""
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=200).execute(
                sa.select(articles.c.record_json).order_by(articles.c.pk)
            )
            for (text,) in result:
                yield Record.model_validate_json(text)

    def iter_statement_rows(self) -> Iterator[dict]:
        """Every statement as one row of :data:`onrecord.flat.STATEMENT_COLUMNS`, in time order."""
        offset, page = 0, 500
        while True:
            with self.engine.connect() as conn:
                _, hits = self._statement_page(conn, [], limit=page, offset=offset)
                ids = {h["article_id"] for h in hits}
                query = sa.select(articles.c.id, articles.c.extractor_version).where(articles.c.id.in_(ids))
                versions = {aid: version for aid, version in conn.execute(query)} if ids else {}
            for h in hits:
                yield _flat(h, versions)
            if len(hits) < page:
                return
            offset += page

    def export(self, fmt: str, path: Union[str, Path], *, what: Optional[str] = None) -> int:
        """Write the record to ``path``; returns the number of rows written.

        ``jsonl`` writes one full :class:`Record` per line (``what="records"``, the default for
        jsonl: everything needed to re-derive or re-load) or one statement per line
        (``what="statements"``); ``csv`` and ``parquet`` write one flat row per statement; ``duckdb``
        writes a DuckDB file with those rows plus articles and speakers (:mod:`onrecord.store.duckdb_export`).
        """
        fmt = fmt.lower()
        what = what or ("records" if fmt == "jsonl" else "statements")
        if fmt not in ("jsonl", "csv", "parquet", "duckdb"):
            raise ConfigError(f"export format {fmt!r}: use jsonl, csv, parquet or duckdb")
        if what not in ("records", "statements") or (what == "records" and fmt != "jsonl"):
            raise ConfigError(f"cannot export {what} as {fmt}: records export as jsonl only")
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return self._write_export(fmt, what, path)
        except OSError as exc:  # a folder, a read-only place, a full disk: one line, not a traceback
            raise ConfigError(f"{path}: cannot write the export ({exc.strerror or exc})") from None

    def _write_export(self, fmt: str, what: str, path: Path) -> int:
        if fmt == "duckdb":
            from onrecord.store.duckdb_export import write_duckdb

            return write_duckdb(self, path)
        n = 0
        if fmt == "jsonl":
            with path.open("w", encoding="utf-8") as fh:
                lines = (
                    (r.model_dump_json() for r in self.iter_records())
                    if what == "records"
                    else (json.dumps(json_row(r), ensure_ascii=False) for r in self.iter_statement_rows())
                )
                for line in lines:
                    fh.write(line + "\n")
                    n += 1
            return n
        rows = list(self.iter_statement_rows())
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=STATEMENT_COLUMN_NAMES)
                writer.writeheader()
                writer.writerows(rows)
            return len(rows)
        import pyarrow.parquet as pq

        pq.write_table(arrow_table(rows), path)
        return len(rows)


def _flat(h: dict, extractor_versions: dict[str, Optional[str]]) -> dict:
    """A statement hit of the store's reads as a row of :data:`onrecord.flat.STATEMENT_COLUMNS`."""
    sp, art = h["speaker"], h["article"]
    return dict(
        statement_id=h["id"],
        canonical_id=h["canonical_id"],
        article_id=h["article_id"],
        position=h["position"],
        type=h["type"],
        quote=h["quote"],
        quote_start=h["quote_start"],
        quote_end=h["quote_end"],
        paragraph=h["paragraph"],
        cue=h["cue"],
        act=h["act"],
        date=as_date(h["date"]),
        date_text=h["date_text"],
        sort_date=as_date(h["sort_date"]),
        confidence=h["confidence"],
        outlet_told=h["outlet_told"],
        anonymous=h["anonymous"],
        speaker_id=sp["id"],
        speaker_name=sp["name"],
        speaker_article_name=sp["article_name"],
        speaker_kind=sp["kind"],
        speaker_role=sp["role"],
        speaker_affiliation=sp["affiliation"],
        speaker_mention=None,  # not stored: the row keeps the name the article gives (speaker_article_name)
        article_title=art["title"],
        article_outlet=art["outlet"],
        article_published=as_date(art["published"]),
        article_url=art["url"],
        n_sources=len(h.get("sources") or []),
        extractor_version=extractor_versions.get(h["article_id"]),
    )
