"""Full-text search, per dialect, behind one function: :func:`match_clause`.

SQLite
    FTS5 *external content* tables ``statements_fts`` (quote, paragraph context) and
    ``articles_fts`` (title, body), kept in sync with their tables by triggers. They are declared
    with ``content="statements"`` / ``content="articles"`` so Datasette detects them and offers its
    search box on those tables without configuration. Tokenizer ``porter unicode61``: "weapons"
    finds "weapon", accents fold.
PostgreSQL
    A stored generated ``tsvector`` column (``search_tsv``, English configuration, the quote
    weighted above its context) with a GIN index, queried with ``websearch_to_tsquery``.

Both accept the same user queries: words (all must occur), ``"quoted phrases"`` and ``-excluded``
words; upper-case AND/OR/NOT/NEAR and other punctuation are ignored, so a user query can never be
a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa

SQLITE_DDL = [
    """CREATE VIRTUAL TABLE statements_fts USING fts5(quote_text, context, content="statements", content_rowid="pk", tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER statements_fts_ai AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, quote_text, context) VALUES (new.pk, new.quote_text, new.context);
    END""",
    """CREATE TRIGGER statements_fts_ad AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, quote_text, context) VALUES ('delete', old.pk, old.quote_text, old.context);
    END""",
    """CREATE TRIGGER statements_fts_au AFTER UPDATE OF quote_text, context ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, quote_text, context) VALUES ('delete', old.pk, old.quote_text, old.context);
        INSERT INTO statements_fts(rowid, quote_text, context) VALUES (new.pk, new.quote_text, new.context);
    END""",
    """CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content="articles", content_rowid="pk", tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.pk, new.title, new.body);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.pk, old.title, old.body);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.pk, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.pk, new.title, new.body);
    END""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS statements_fts_ai",
    "DROP TRIGGER IF EXISTS statements_fts_ad",
    "DROP TRIGGER IF EXISTS statements_fts_au",
    "DROP TABLE IF EXISTS statements_fts",
    "DROP TRIGGER IF EXISTS articles_fts_ai",
    "DROP TRIGGER IF EXISTS articles_fts_ad",
    "DROP TRIGGER IF EXISTS articles_fts_au",
    "DROP TABLE IF EXISTS articles_fts",
]

POSTGRES_DDL = [
    """ALTER TABLE statements ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(quote_text, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(context, '')), 'B')) STORED""",
    "CREATE INDEX ix_statements_search_tsv ON statements USING GIN (search_tsv)",
    """ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(body, '')), 'B')) STORED""",
    "CREATE INDEX ix_articles_search_tsv ON articles USING GIN (search_tsv)",
]

POSTGRES_DROP = [
    "DROP INDEX IF EXISTS ix_statements_search_tsv",
    "ALTER TABLE statements DROP COLUMN IF EXISTS search_tsv",
    "DROP INDEX IF EXISTS ix_articles_search_tsv",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_tsv",
]

#: Names the full-text machinery adds that are not in :data:`onrecord.store.schema.metadata`.
EXTRA_NAMES = {"statements_fts", "articles_fts", "search_tsv", "ix_statements_search_tsv", "ix_articles_search_tsv"}

_TOKEN = re.compile(r'(-?)"([^"]+)"|(-?)([\w\u00c0-\uffff][\w\u00c0-\uffff\'’.-]*)', re.UNICODE)


_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def parse_query(q: str) -> list[tuple[bool, str]]:
    """Split a user query into ``(excluded, phrase)`` terms; everything but words and quotes is dropped."""
    terms = []
    for m in _TOKEN.finditer(q or ""):
        neg = bool(m.group(1) or m.group(3))
        phrase = m.group(2) if m.group(2) is not None else m.group(4)
        if phrase in _OPERATORS:  # "fatal AND mistake" means what it says: all words anyway
            continue
        words = re.findall(r"[\w\u00c0-\uffff]+", phrase)
        if words:
            terms.append((neg, " ".join(words)))
    # A query of only exclusions cannot be answered by FTS5; keep the positive ones, or none.
    if terms and all(neg for neg, _ in terms):
        return []
    return terms


def fts5_query(q: str) -> str:
    """The FTS5 MATCH expression for a user query (every term quoted, so no syntax error is possible)."""
    parts = []
    for neg, phrase in parse_query(q):
        quoted = '"' + phrase.replace('"', "") + '"'
        parts.append(f"NOT {quoted}" if neg else quoted)
    # FTS5 needs the first term positive: put positives first.
    parts.sort(key=lambda p: p.startswith("NOT "))
    return " ".join(parts)


def websearch_query(q: str) -> str:
    """The ``websearch_to_tsquery`` input for a user query, normalised the same way as for FTS5."""
    return " ".join(("-" if neg else "") + (f'"{p}"' if " " in p else p) for neg, p in parse_query(q))


def _tsquery(expr: str):
    return sa.func.websearch_to_tsquery(sa.literal_column("'english'::regconfig"), sa.cast(sa.literal(expr), sa.Text))


def match_clause(dialect: str, table: sa.Table, q: str):
    """A WHERE clause selecting rows of ``table`` (statements or articles) that match the query ``q``.

    Returns ``None`` when the query has no searchable word (the caller then applies no text filter).
    """
    if dialect == "sqlite":
        expr = fts5_query(q)
        if not expr:
            return None
        fts = f"{table.name}_fts"
        return table.c.pk.in_(sa.text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts_q").bindparams(fts_q=expr))
    expr = websearch_query(q)
    if not expr:
        return None
    return sa.literal_column(f"{table.name}.search_tsv").op("@@")(_tsquery(expr))


@dataclass(frozen=True)
class TextSearch:
    """How a query selects and ranks rows of a table: on SQLite, a ``(pk, rank)`` subquery of the FTS5
    matches to join on the table's ``pk``; on PostgreSQL, a WHERE clause. ``rank`` orders best first."""

    matches: Optional[sa.Subquery]  # SQLite: join ``table.c.pk == matches.c.pk``
    condition: Optional[sa.ColumnElement]  # PostgreSQL: add to the WHERE clause
    rank: sa.ColumnElement

    def select_from(self, table: sa.Table) -> sa.FromClause:
        """``table``, restricted to the matching rows on SQLite (join more tables onto it)."""
        if self.matches is None:
            return table
        return self.matches.join(table, table.c.pk == self.matches.c.pk)

    def conditions(self) -> list:
        return [] if self.condition is None else [self.condition]


def text_search(dialect: str, table: sa.Table, q: Optional[str]) -> Optional[TextSearch]:
    """The full-text filter and rank of ``q`` over ``table`` (statements or articles), or ``None``
    when ``q`` has no searchable word (then no text filter applies).

    On SQLite the matches come from ONE MATCH over the FTS5 index, bm25 computed in the same scan:
    a ``pk IN (SELECT rowid ... MATCH)`` filter with bm25 in a correlated subquery re-ran the MATCH for
    every matching row (751 rows of "said": 36 ms against 1.5 ms; same rows, same order).
    """
    if not q:
        return None
    if dialect == "sqlite":
        expr = fts5_query(q)
        if not expr:
            return None
        fts = f"{table.name}_fts"
        matches = (
            sa.select(
                sa.literal_column("rowid").label("pk"),
                # bm25 is smaller for better matches; weight the quote (title) 4x its context (body).
                sa.literal_column(f"bm25({fts}, 4.0, 1.0)").label("rank"),
            )
            .select_from(sa.table(fts))
            .where(sa.text(f"{fts} MATCH :fts_q").bindparams(fts_q=expr))
            .subquery(f"{fts}_matches")
        )
        return TextSearch(matches=matches, condition=None, rank=matches.c.rank)
    condition = match_clause(dialect, table, q)
    if condition is None:
        return None
    return TextSearch(matches=None, condition=condition, rank=rank_order(dialect, table, q))


def rank_order(dialect: str, table: sa.Table, q: str):
    """An ORDER BY expression putting better matches first (or ``None``). On SQLite prefer
    :func:`text_search`, whose rank costs no extra MATCH per row."""
    if dialect == "sqlite":
        expr = fts5_query(q)
        if not expr:
            return None
        fts = f"{table.name}_fts"
        # bm25 is smaller for better matches; weight the quote 4x its context.
        return sa.text(
            f"(SELECT bm25({fts}, 4.0, 1.0) FROM {fts} WHERE {fts}.rowid = {table.name}.pk AND {fts} MATCH :rank_q)"
        ).bindparams(rank_q=expr)
    expr = websearch_query(q)
    if not expr:
        return None
    return sa.func.ts_rank(sa.literal_column(f"{table.name}.search_tsv"), _tsquery(expr)).desc()


def quote_first_order(dialect: str, table: sa.Table, q: str):
    """An ORDER BY key putting statements whose *quote* has every word of ``q`` before those that
    match only through their paragraph (or ``None`` when ``q`` has no word to look for)."""
    positives = [phrase for neg, phrase in parse_query(q) if not neg]
    if not positives or table.name != "statements":
        return None
    if dialect == "sqlite":
        expr = quote_match_expr(q)
        in_quote = table.c.pk.in_(
            sa.text("SELECT rowid FROM statements_fts WHERE statements_fts MATCH :quote_q").bindparams(quote_q=expr)
        )
    else:
        in_quote = sa.func.to_tsvector(
            sa.literal_column("'english'::regconfig"), sa.func.coalesce(table.c.quote_text, "")
        ).op("@@")(_tsquery(" ".join(f'"{p}"' if " " in p else p for p in positives)))
    return sa.case((in_quote, 0), else_=1)


def quote_match_expr(q: str) -> str:
    """The FTS5 MATCH expression of :func:`quote_first_order` (``:quote_q``): every positive term of ``q``
    in the quote column; empty when ``q`` has none."""
    positives = [phrase for neg, phrase in parse_query(q) if not neg]
    return " AND ".join('quote_text : "' + p.replace('"', "") + '"' for p in positives)


def _stem(word: str) -> str:
    """A crude stem, enough to see which words of a hit matched ("emails" matched "email")."""
    word = word.casefold()
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def matched_words(q: str, quote: str, context: str | None) -> dict:
    """Which words of ``q`` a hit matched, and where: ``{"quote": [...], "context": [...]}``."""
    return word_matcher(q)(quote, context)


def word_matcher(q: str):
    """:func:`matched_words` for many hits of one query: the query parsed and its patterns compiled once."""
    patterns = [
        (word, re.compile(r"\b" + re.escape(_stem(word)) + r"\w*", re.IGNORECASE))
        for neg, phrase in parse_query(q)
        if not neg
        for word in phrase.split()
    ]

    def matched(quote: str, context: str | None) -> dict:
        out: dict[str, list[str]] = {"quote": [], "context": []}
        for word, pattern in patterns:
            where = "quote" if pattern.search(quote or "") else "context" if pattern.search(context or "") else None
            if where and word not in out[where]:
                out[where].append(word)
        return out

    return matched
