"""API endpoints of provenance: quotation clusters and statements by meaning.

=====================================  ==============================================================
``GET /api/quotes``                    quotations seen in 2+ articles, most widespread first (``q``, ``min_articles``)
``GET /api/quotes/{id}``               one quotation: first appearance, outlets, variants with diffs, flags
``GET /api/statements/{id}/quotes``    the quotations a statement's quoted words belong to
``GET /api/statements/{id}/related``   statements on the same subject (same speaker, others), in time order
``GET /api/semantic``                  hybrid search (full text + embedding), best first (``q``, ``speaker``)
=====================================  ==============================================================

Their parameters and bounds are declared in :mod:`onrecord.store.query` and the routes built by
:mod:`onrecord.api.queries`, as for every other query.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from onrecord.settings import API_MAX_PAGE as MAX_PAGE  # noqa: F401 (the largest page, as before)

PROVENANCE_QUERIES = ("quotes", "quote", "statement_quotes", "related", "semantic")


def register(app: FastAPI, store: Any) -> None:
    """Add the provenance endpoints to ``app`` over ``store``."""
    from onrecord.api.queries import add_routes
    from onrecord.store.query import QUERIES

    add_routes(app, store, [QUERIES[name] for name in PROVENANCE_QUERIES])
