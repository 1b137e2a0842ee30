"""The web pages' side of the queries declared in :mod:`onrecord.store.query`.

A page reads its parameters through the query's declaration (:func:`query_values`): the same bounds,
choices and one-line messages as the CLI and the API. A query with a ``web`` path and no page of its own
(:func:`page`) gets a plain one from :func:`add_plain_pages`: a form of its parameters and its rows as a
table (``query.html``).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from fastapi import Request
from fastapi.responses import HTMLResponse

from onrecord.errors import OnrecordError
from onrecord.store.query import QUERIES, Query
from onrecord.store.results import to_json

_pages: set[str] = set()


def page(router: Any, query: Query) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@page(router, QUERY)``: a hand-written page of ``query``, at its ``web`` path (so
    :func:`add_plain_pages` leaves that query alone)."""
    assert query.web is not None, f"query {query.name} has no web path"
    _pages.add(query.name)
    return router.get(query.web, response_class=HTMLResponse)


def form_of(request: Request) -> dict[str, Any]:
    """What the page was asked: its query string, each value stripped, and its path's parameters."""
    return {**{k: v.strip() for k, v in request.query_params.items()}, **request.path_params}


def query_values(request: Request, query: Query) -> tuple[dict[str, Any], list[str]]:
    """The values of ``query``'s parameters for this page, and a one-line message for each bad one."""
    return query.parse("web", form_of(request))


def add_plain_pages(app: Any, queries: Optional[Iterable[Query]] = None) -> None:
    """A plain page for every query (default: all of :data:`QUERIES`) with a ``web`` path and no page of its own."""
    for query in QUERIES.values() if queries is None else queries:
        if query.web is not None and query.name not in _pages:
            app.add_api_route(
                query.web, _plain_page(query), methods=["GET"], response_class=HTMLResponse, include_in_schema=False
            )


def _plain_page(query: Query) -> Callable[[Request], HTMLResponse]:
    def plain_page(request: Request) -> HTMLResponse:
        from onrecord.web.routes import _ctx, _render

        store = _ctx(request).store
        form = form_of(request)
        values, errors = query_values(request, query)
        rows: list = []
        total = None
        if store is not None and not errors:
            try:
                data = to_json(query.run(store, **values))
            except OnrecordError as exc:
                errors.append(str(exc))
            else:
                if data is None and query.not_found is not None:
                    errors.append(query.not_found("web", values))
                items = data.get("items") if isinstance(data, dict) else data
                rows = items if isinstance(items, list) else [data] if data is not None else []
                total = data.get("total") if isinstance(data, dict) else None
        columns = [
            k
            for k, v in (rows[0].items() if rows and isinstance(rows[0], dict) else [])
            if not isinstance(v, (dict, list))
        ]
        return _render(
            request,
            "query.html",
            400 if errors else 200,
            title=query.help.split("\n\n")[0],
            query=query,
            params=[p for p in query.params_for("web") if not p.in_path],
            form=form,
            errors=errors,
            rows=rows,
            columns=columns,
            total=total,
        )

    return plain_page
