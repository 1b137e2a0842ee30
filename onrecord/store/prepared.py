"""The statement queries of :meth:`Store.search_statements`, built once per shape and run with new values.

A search is two SELECTs (the total, and the page with its article, outlet and speaker columns). Building
them as SQLAlchemy expressions and computing their cache key cost more Python than SQLite spends
answering them (about 1.5 ms of a 2.7 ms search over the dev corpus). Their form depends only on which
filters are given, the order and whether the text query has words; the values (words, names, dates,
limit, offset) are named bound parameters. So on SQLite each form is built the first time it is asked
for and kept (:data:`_PREPARED`; a few dozen forms at most), and later searches of that form only pass
their values. On PostgreSQL, whose full-text expressions embed the query in the SQL expression, the
statements are built for every search, as before. Rows, order and fields are the same either way
(``scripts/search_equivalence.py`` compares them with a reference checkout).

Filters are a dict from the names below to values (``dedupe`` has no value: ``True``).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from onrecord.store import fulltext
from onrecord.store.schema import article_speakers, articles, outlets, speakers, statements

#: The filters a statement query understands, in the order their conditions are written.
FILTERS = (
    "speaker_ids",
    "speaker_like",
    "speaker_id",
    "outlet_like",
    "since",
    "until",
    "type",
    "anonymous",
    "article_id",
    "act",
    "min_confidence",
    "dedupe",
)

#: (shape) -> (count statement, page statement), SQLite only; see the module's text.
_PREPARED: dict[tuple, tuple[sa.Select, sa.Select]] = {}


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with ``%``, ``_`` and ``/`` taken literally (ESCAPE '/')."""
    return "%" + text.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def _conditions(filters: dict[str, Any]) -> list:
    """The WHERE conditions of ``filters``, each value a named bound parameter."""

    def value(name: str, column: Optional[sa.Column] = None):
        return sa.bindparam(name, filters[name], type_=column.type if column is not None else None)

    conds = []
    if "speaker_like" in filters:
        like = sa.func.lower(statements.c.speaker_name).like(value("speaker_like"), escape="/")
        if "speaker_ids" in filters:
            ids: sa.BindParameter[Any] = sa.bindparam("speaker_ids", filters["speaker_ids"], expanding=True)
            conds.append(sa.or_(statements.c.speaker_id.in_(ids), like))
        else:
            conds.append(like)
    if "speaker_id" in filters:
        conds.append(statements.c.speaker_id == value("speaker_id", statements.c.speaker_id))
    if "outlet_like" in filters:
        conds.append(sa.func.lower(outlets.c.name).like(value("outlet_like"), escape="/"))
    if "since" in filters:
        conds.append(statements.c.sort_date >= value("since", statements.c.sort_date))
    if "until" in filters:
        conds.append(statements.c.sort_date <= value("until", statements.c.sort_date))
    for name in ("type", "anonymous", "article_id", "act"):
        if name in filters:
            conds.append(statements.c[name] == value(name, statements.c[name]))
    if "min_confidence" in filters:
        conds.append(statements.c.confidence >= value("min_confidence", statements.c.confidence))
    if filters.get("dedupe"):
        conds.append(statements.c.id == statements.c.canonical_id)
    return conds


def _build(
    dialect: str, filters: dict[str, Any], order: str, q: Optional[str], conditions: Sequence = ()
) -> tuple[sa.Select, sa.Select]:
    """The count and page statements of a search (the page's limit and offset are bound parameters)."""
    conds = [*_conditions(filters), *conditions]
    search = fulltext.text_search(dialect, statements, q)
    base = statements if search is None else search.select_from(statements)
    if search is not None:
        conds = [*search.conditions(), *conds]
    # The count needs no speaker columns: those outer joins are on unique keys, so they never add a row.
    counted = base.join(articles, articles.c.id == statements.c.article_id).outerjoin(
        outlets, outlets.c.id == articles.c.outlet_id
    )
    count = sa.select(sa.func.count()).select_from(counted).where(*conds)
    ordering = [
        statements.c.sort_date.asc().nulls_last(),
        articles.c.published.asc().nulls_last(),
        articles.c.pk,
        statements.c.position,
    ]
    if order == "relevance" and search is not None:
        ordering.insert(0, search.rank)
    if q and (quote_first := fulltext.quote_first_order(dialect, statements, q)) is not None:
        ordering.insert(0, quote_first)  # a match inside the quotation before one only in its paragraph
    # First the page's rows, sorted on their keys alone; then the wide columns of those rows only.
    # Sorting every match with its quote, paragraph and names (748 rows of "said") cost SQLite a third
    # more. Same rows, same order: the page is sorted again on the same keys.
    keys = [_order_key(term) for term in ordering]
    chosen = (
        sa.select(statements.c.pk.label("pk"), *(key.label(f"k{i}") for i, (key, _) in enumerate(keys)))
        .select_from(counted)
        .where(*conds)
        .order_by(*ordering)
        .limit(sa.bindparam("page_limit", type_=sa.Integer))
        .offset(sa.bindparam("page_offset", type_=sa.Integer))
        .subquery("page")
    )
    joined = (
        chosen.join(statements, statements.c.pk == chosen.c.pk)
        .join(articles, articles.c.id == statements.c.article_id)
        .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
        .outerjoin(
            article_speakers,
            sa.and_(
                article_speakers.c.article_id == statements.c.article_id,
                article_speakers.c.local_id == statements.c.local_speaker_id,
            ),
        )
        .outerjoin(speakers, speakers.c.id == statements.c.speaker_id)
    )
    page = (
        sa.select(
            statements,
            articles.c.title.label("article_title"),
            articles.c.published.label("article_published"),
            articles.c.url.label("article_url"),
            outlets.c.name.label("article_outlet"),
            speakers.c.name.label("canonical_name"),
            article_speakers.c.role,
            article_speakers.c.affiliation,
            article_speakers.c.description,
            article_speakers.c.kind.label("speaker_kind"),
        )
        .select_from(joined)
        .order_by(*(_reorder(chosen.c[f"k{i}"], modifiers) for i, (_, modifiers) in enumerate(keys)))
    )
    return count, page


_ORDER_MODIFIERS = (operators.asc_op, operators.desc_op, operators.nulls_first_op, operators.nulls_last_op)


def _order_key(term) -> tuple[Any, list]:
    """``(expression, modifiers)`` of an ORDER BY term: ``x.asc().nulls_last()`` is ``(x, [nulls_last, asc])``."""
    modifiers = []
    while isinstance(term, UnaryExpression) and term.modifier in _ORDER_MODIFIERS:
        modifiers.append(term.modifier)
        term = term.element
    return term, modifiers


def _reorder(column, modifiers: list):
    """``column`` ordered as the term that :func:`_order_key` took apart."""
    for modifier in reversed(modifiers):
        column = UnaryExpression(column, modifier=modifier)
    return column


def statement_queries(
    dialect: str, filters: dict[str, Any], order: str, q: Optional[str], conditions: Optional[Sequence] = None
) -> tuple[sa.Select, sa.Select, dict[str, Any]]:
    """``(count, page, values)``: the two statements of a search and the values to run them with
    (add ``page_limit`` and ``page_offset`` for the page). ``conditions``, SQLAlchemy conditions on the
    statements (with their values in them), are added to ``filters``; such a search is built anew."""
    values = {k: v for k, v in filters.items() if k != "dedupe"}
    fts_expr = fulltext.fts5_query(q) if q and dialect == "sqlite" else ""
    quote_expr = fulltext.quote_match_expr(q) if q and dialect == "sqlite" else ""
    if fts_expr:
        values["fts_q"] = fts_expr  # the bound names of fulltext.text_search and quote_first_order
    if quote_expr:
        values["quote_q"] = quote_expr
    if dialect != "sqlite" or conditions is not None:
        return (*_build(dialect, filters, order, q, conditions or ()), values)
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown statement filters {sorted(unknown)}")
    # Everything the statements' form depends on; the values are not part of it, but whether the
    # speaker matched canonical ids is (an IN list, or the name alone).
    shape = (tuple(k for k in FILTERS if k in filters), order if fts_expr else "date", bool(fts_expr), bool(quote_expr))
    prepared = _PREPARED.get(shape)
    if prepared is None:
        prepared = _PREPARED[shape] = _build(dialect, filters, order, q)
    return (*prepared, values)


#: Every article reporting the same canonical statements (syndicated copies), oldest stored first.
SOURCES = (
    sa.select(
        statements.c.canonical_id,
        statements.c.id,
        statements.c.article_id,
        outlets.c.name,
        articles.c.published,
    )
    .join(articles, articles.c.id == statements.c.article_id)
    .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
    .where(statements.c.canonical_id.in_(sa.bindparam("canonical_ids", expanding=True)))
    .order_by(articles.c.pk)
)
