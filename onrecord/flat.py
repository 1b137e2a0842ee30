"""The flat statement table: one row per statement, with its speaker and article beside it.

Every table-shaped output has these columns, in this order: ``onrecord extract --format csv``,
:meth:`onrecord.model.Record.statement_rows`, Spark's ``statements/`` Parquet, and ``onrecord export``
(CSV, Parquet, DuckDB, statement JSONL). A row built from one record (:func:`statement_rows`) is the row the
store exports for that statement, less what only a corpus knows: ``canonical_id``, ``speaker_id`` and
``n_sources`` are empty in it. ``speaker_mention`` is the other way round: the store does not keep it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

if TYPE_CHECKING:
    from onrecord.model import Record


@dataclass(frozen=True)
class Column:
    """One column of the flat statement table: its name, Python type and what it holds."""

    name: str
    type: type
    help: str


STATEMENT_COLUMNS: tuple[Column, ...] = (
    Column("statement_id", str, "'<article id>:<statement id>', unique across a corpus"),
    Column("canonical_id", str, "statement_id of the first report of the same statement (store only)"),
    Column("article_id", str, "the article's id"),
    Column("position", int, "0-based order of the statement in its article, by quote start"),
    Column("type", str, "direct, indirect, mixed or block"),
    Column("quote", str, "what was said, without enclosing quotation marks"),
    Column("quote_start", int, "offset of the quote in the article body"),
    Column("quote_end", int, "offset just past the quote"),
    Column("paragraph", int, "0-based index of the blank-line paragraph the quote starts in"),
    Column("cue", str, "the cue words, e.g. 'said'"),
    Column("act", str, "speech, belief, knowledge or intention"),
    Column("date", dt.date, "when it was said, if the text says"),
    Column("date_text", str, "the words the date was read from"),
    Column("sort_date", dt.date, "date, else the article's publication date"),
    Column("confidence", float, "estimated probability that the quote and its speaker are both right"),
    Column("outlet_told", str, "the medium the statement was given to ('told the BBC')"),
    Column("anonymous", bool, "whether the source is unnamed"),
    Column("speaker_id", str, "the cross-article speaker id, e.g. 'person:ann-lee' (store only)"),
    Column("speaker_name", str, "the speaker's name across articles (in a single record, the article's)"),
    Column("speaker_article_name", str, "the speaker as the article names or describes them"),
    Column("speaker_kind", str, "person, organization, country, group or unknown"),
    Column("speaker_role", str, "title or function, e.g. 'Kremlin spokesman'"),
    Column("speaker_affiliation", str, "the organisation the speaker belongs to"),
    Column("speaker_mention", str, "the mention of the speaker at this statement, e.g. 'she' (records only)"),
    Column("article_title", str, "the article's headline"),
    Column("article_outlet", str, "the outlet that published the article"),
    Column("article_published", dt.date, "the article's publication date"),
    Column("article_url", str, "the article's URL"),
    Column("n_sources", int, "articles reporting the same statement, syndicated copies included (store only)"),
    Column("extractor_version", str, "the onrecord version that extracted the statement"),
)

STATEMENT_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in STATEMENT_COLUMNS)
_DATE_COLUMNS = frozenset(c.name for c in STATEMENT_COLUMNS if c.type is dt.date)


def statement_rows(record: Record) -> list[dict[str, Any]]:
    """One row of :data:`STATEMENT_COLUMNS` per statement of ``record``, in the record's order."""
    from onrecord.model import paragraph_index

    art = record.article
    in_order = sorted(record.statements, key=lambda s: (s.quote.start, s.quote.end, s.id))
    position = {st.id: n for n, st in enumerate(in_order)}
    paragraphs = None
    rows = []
    for st in record.statements:
        sp = record.speaker(st.speaker_id)
        paragraph = st.paragraph
        if paragraph is None:  # a record from before statements carried it: counted as the store counts it
            paragraphs = paragraphs if paragraphs is not None else art.paragraphs()
            paragraph = paragraph_index(paragraphs, st.quote.start)
        mention = st.speaker_mention.text if st.speaker_mention else None
        article_name = sp.name if sp else mention
        rows.append(
            dict(
                statement_id=f"{art.id}:{st.id}",
                canonical_id=None,
                article_id=art.id,
                position=position[st.id],
                type=st.type,
                quote=st.quote.text,
                quote_start=st.quote.start,
                quote_end=st.quote.end,
                paragraph=paragraph,
                cue=st.cue.text if st.cue else None,
                act=st.act,
                date=st.date,
                date_text=st.date_text,
                sort_date=st.date or art.published,
                confidence=st.confidence,
                outlet_told=st.outlet,
                anonymous=bool(sp.anonymous) if sp else False,
                speaker_id=None,
                speaker_name=article_name,
                speaker_article_name=article_name,
                speaker_kind=sp.kind if sp else None,
                speaker_role=sp.role if sp else None,
                speaker_affiliation=sp.affiliation if sp else None,
                speaker_mention=mention,
                article_title=art.title,
                article_outlet=art.outlet,
                article_published=art.published,
                article_url=art.url,
                n_sources=None,
                extractor_version=record.extractor_version,
            )
        )
    return rows


def as_date(value: Union[dt.date, str, None]) -> Optional[dt.date]:
    """A date column's value as a date (the store's reads give ISO strings)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def json_row(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with its dates as ISO strings, for JSON."""
    return {k: (v.isoformat() if k in _DATE_COLUMNS and v is not None else v) for k, v in row.items()}


def arrow_schema() -> Any:
    """The table as a pyarrow schema (Parquet, DuckDB)."""
    import pyarrow as pa

    kinds = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), dt.date: pa.date32()}
    return pa.schema([(c.name, kinds[c.type]) for c in STATEMENT_COLUMNS])


def arrow_table(rows: Iterable[dict[str, Any]]) -> Any:
    """``rows`` as a pyarrow table of :func:`arrow_schema` (every column, in order, even with no rows)."""
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=arrow_schema())


def spark_schema() -> Any:
    """The table as a Spark ``StructType`` (Spark's ``statements/`` Parquet)."""
    from pyspark.sql import types as T

    kinds = {
        str: T.StringType(),
        int: T.LongType(),
        float: T.DoubleType(),
        bool: T.BooleanType(),
        dt.date: T.DateType(),
    }
    return T.StructType([T.StructField(c.name, kinds[c.type], True) for c in STATEMENT_COLUMNS])
