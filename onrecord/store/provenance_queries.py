"""The provenance queries, declared as every other query (:mod:`onrecord.store.query`): quotation clusters
(:mod:`onrecord.provenance.quotes`) and statements by meaning (:mod:`onrecord.provenance.semantic`).

Their results are still the JSON-ready dicts of :mod:`onrecord.provenance` (not yet typed results).
"""

from __future__ import annotations

from typing import Any, Optional

from onrecord.store.query import MAX_NAME, OFFSET, Page, Param, Query, limit_param, page_of, register


def _run_quotes(store: Any, **v: Any) -> Page:
    from onrecord.provenance import quotes

    total, items = quotes.list_clusters(
        store, min_articles=v["min_articles"], q=v["q"], limit=v["limit"], offset=v["offset"]
    )
    return page_of(total, items, v)


QUOTES = register(
    Query(
        "quotes",
        "Quotations repeated across articles, the most widespread first.",
        (
            Param("q", help="Words the quotation contains.", max_length=2000, flags=("--q", "-q")),
            Param(
                "min_articles",
                int,
                "Seen in at least this many articles.",
                default=2,
                ge=1,
                le=1000,
                fronts=("cli", "api"),
            ),
            limit_param(cli=20),
            OFFSET,
        ),
        _run_quotes,
        api="/api/quotes",
        cli="quotes",
        web="/quotes",
        pages=True,
        summary="Quotations repeated across articles; with ``q``, those matching its words.",
        operation="list_quotes",
    )
)


def _run_quote(store: Any, quote_id: int) -> Any:
    from onrecord.provenance import quotes

    return quotes.get_cluster(store, quote_id)


QUOTE = register(
    Query(
        "quote",
        "One quotation cluster.",
        (Param("quote_id", int, "a cluster id (a 64-bit key)", required=True, ge=0, le=2**63 - 1, in_path=True),),
        _run_quote,
        api="/api/quotes/{quote_id}",
        web="/quotes/{quote_id}",
        not_found=lambda front, v: f"no quotation {v['quote_id']}",
        api_errors=(404,),
        operation="get_quote",
    )
)


def _run_statement_quotes(store: Any, statement_id: str) -> dict:
    from onrecord.provenance import quotes

    found = (quotes.get_cluster(store, i) for i in quotes.clusters_of_statement(store, statement_id))
    return dict(statement_id=statement_id, items=[c for c in found if c])


STATEMENT_QUOTES = register(
    Query(
        "statement_quotes",
        "The quotation clusters of one statement's quoted words.",
        (Param("statement_id", required=True, in_path=True),),
        _run_statement_quotes,
        api="/api/statements/{statement_id}/quotes",
    )
)


def _run_related(store: Any, statement_id: str, limit: int) -> Any:
    from onrecord.provenance.semantic import related

    return related(store, statement_id, limit=limit)


RELATED = register(
    Query(
        "related",
        "Statements on the same subject, by meaning: the same speaker's, then other speakers', in time order.",
        (
            Param(
                "statement_id",
                help="A statement id (ARTICLE:LOCAL, as search prints).",
                required=True,
                argument=True,
                in_path=True,
            ),
            Param(
                "limit",
                int,
                "related statements at most",
                default=10,
                ge=1,
                le=100,
                flags=("--limit", "-n"),
                fronts=("cli", "api"),
            ),
        ),
        _run_related,
        api="/api/statements/{statement_id}/related",
        cli="related",
        web="/statements/{statement_id}",
        not_found=lambda front, v: (
            f"no statement {v['statement_id']!r} in the store"
            if front == "cli"
            else f"no statement {v['statement_id']}"
        ),
        api_errors=(404,),
        summary="Statements on the same subject, by meaning.",
        operation="statement_related",
    )
)


def _run_semantic(store: Any, q: str, speaker: Optional[str], **v: Any) -> Page:
    from onrecord.provenance.semantic import semantic_search

    total, items = semantic_search(store, q, speaker=speaker, limit=v["limit"], offset=v["offset"])
    return page_of(total, items, v)


SEMANTIC = register(
    Query(
        "semantic",
        "Statements by meaning and words together (reciprocal rank fusion).",
        (
            Param("q", help="What the statements are about.", required=True, min_length=1, max_length=2000),
            Param("speaker", help="Speaker name, part of one, or id.", max_length=MAX_NAME),
            limit_param(20),
            OFFSET,
        ),
        _run_semantic,
        api="/api/semantic",
        web="/semantic",
        pages=True,
        operation="semantic_search",
    )
)
