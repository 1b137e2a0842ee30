"""The store's exports: every record or statement row to JSONL, CSV or Parquet (DuckDB in duckdb_export.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterator, Optional, Union

import sqlalchemy as sa

from onrecord.errors import ConfigError
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
        """Every statement as one flat row (speaker and article fields included), in time order."""
        offset, page = 0, 500
        while True:
            with self.engine.connect() as conn:
                _, hits = self._statement_page(conn, [], limit=page, offset=offset)
            for h in hits:
                yield _flat(h)
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
                    else (json.dumps(r, ensure_ascii=False) for r in self.iter_statement_rows())
                )
                for line in lines:
                    fh.write(line + "\n")
                    n += 1
            return n
        rows = list(self.iter_statement_rows())
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=FLAT_FIELDS)
                writer.writeheader()
                writer.writerows(rows)
            return len(rows)
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = _arrow_types()
        table = pa.Table.from_pylist(rows, schema=pa.schema([(f, types.get(f, pa.string())) for f in FLAT_FIELDS]))
        pq.write_table(table, path)
        return len(rows)


FLAT_FIELDS = [
    "id",
    "canonical_id",
    "article_id",
    "position",
    "type",
    "quote",
    "quote_start",
    "quote_end",
    "paragraph",
    "cue",
    "date",
    "sort_date",
    "confidence",
    "act",
    "outlet_told",
    "anonymous",
    "speaker_id",
    "speaker_name",
    "speaker_article_name",
    "speaker_role",
    "speaker_affiliation",
    "article_title",
    "article_outlet",
    "article_published",
    "article_url",
    "n_sources",
]


def _flat(h: dict) -> dict:
    sp, art = h["speaker"], h["article"]
    return dict(
        id=h["id"],
        canonical_id=h["canonical_id"],
        article_id=h["article_id"],
        position=h["position"],
        type=h["type"],
        quote=h["quote"],
        quote_start=h["quote_start"],
        quote_end=h["quote_end"],
        paragraph=h["paragraph"],
        cue=h["cue"],
        date=h["date"],
        sort_date=h["sort_date"],
        confidence=h["confidence"],
        act=h["act"],
        outlet_told=h["outlet_told"],
        anonymous=h["anonymous"],
        speaker_id=sp["id"],
        speaker_name=sp["name"],
        speaker_article_name=sp["article_name"],
        speaker_role=sp["role"],
        speaker_affiliation=sp["affiliation"],
        article_title=art["title"],
        article_outlet=art["outlet"],
        article_published=art["published"],
        article_url=art["url"],
        n_sources=len(h.get("sources") or []),
    )


def _arrow_types() -> dict:
    import pyarrow as pa

    ints = {"position", "quote_start", "quote_end", "paragraph", "n_sources"}
    return {**{f: pa.int64() for f in ints}, "confidence": pa.float64(), "anonymous": pa.bool_()}
