"""API endpoints of provenance: quotation clusters and statements by meaning.

=====================================  ==============================================================
``GET /api/quotes``                    quotations seen in 2+ articles, most widespread first (``q``, ``min_articles``)
``GET /api/quotes/{id}``               one quotation: first appearance, outlets, variants with diffs, flags
``GET /api/statements/{id}/quotes``    the quotations a statement's quoted words belong to
``GET /api/statements/{id}/related``   statements on the same subject (same speaker, others), in time order
``GET /api/semantic``                  hybrid search (full text + embedding), best first (``q``, ``speaker``)
=====================================  ==============================================================
"""

from __future__ import annotations

from typing import Optional

from fastapi import FastAPI, HTTPException, Path, Query

MAX_PAGE = 1000


def register(app: FastAPI, store) -> None:
    """Add the provenance endpoints to ``app`` over ``store``."""
    from onrecord.api import _errors  # imported here: onrecord.api imports this module
    from onrecord.provenance import quotes, semantic

    limit_q = Query(50, ge=1, le=MAX_PAGE, description="page size")
    offset_q = Query(0, ge=0, le=10_000_000, description="items to skip")

    @app.get("/api/quotes", tags=["record"])
    def list_quotes(
        q: Optional[str] = Query(None, max_length=2000, description="words of the quotation"),
        min_articles: int = Query(2, ge=1, le=1000),
        limit: int = limit_q,
        offset: int = offset_q,
    ) -> dict:
        """Quotations repeated across articles; with ``q``, those matching its words."""
        total, items = quotes.list_clusters(store, min_articles=min_articles, q=q, limit=limit, offset=offset)
        return dict(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/quotes/{quote_id}", tags=["record"], responses=_errors(404))
    def get_quote(quote_id: int = Path(..., ge=0, le=2**63 - 1, description="cluster id")) -> dict:  # SQLite's INTEGER range
        """One quotation cluster."""
        found = quotes.get_cluster(store, quote_id)
        if found is None:
            raise HTTPException(404, f"no quotation {quote_id}")
        return found

    @app.get("/api/statements/{statement_id}/quotes", tags=["record"])
    def statement_quotes(statement_id: str) -> dict:
        """The quotation clusters of one statement's quoted words."""
        ids = quotes.clusters_of_statement(store, statement_id)
        return dict(statement_id=statement_id, items=[c for c in (quotes.get_cluster(store, i) for i in ids) if c])

    @app.get("/api/statements/{statement_id}/related", tags=["record"], responses=_errors(404))
    def statement_related(statement_id: str, limit: int = Query(10, ge=1, le=100)) -> dict:
        """Statements on the same subject, by meaning."""
        found = semantic.related(store, statement_id, limit=limit)
        if found is None:
            raise HTTPException(404, f"no statement {statement_id}")
        return found

    @app.get("/api/semantic", tags=["record"])
    def semantic_search(
        q: str = Query(..., min_length=1, max_length=2000),
        speaker: Optional[str] = Query(None, max_length=200),
        limit: int = Query(20, ge=1, le=MAX_PAGE),
        offset: int = offset_q,
    ) -> dict:
        """Statements by meaning and words together (reciprocal rank fusion)."""
        total, items = semantic.semantic_search(store, q, speaker=speaker, limit=limit, offset=offset)
        return dict(total=total, limit=limit, offset=offset, items=items)
