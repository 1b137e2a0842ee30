"""The REST routes of the queries declared in :mod:`onrecord.store.query`, one GET route per query.

Each route's parameters are built from the query's :class:`~onrecord.store.query.Param` rows as a
``__signature__`` that FastAPI reads like a hand-written one: ``Query(...)``/``Path(...)`` with the same
bounds (so ``/openapi.json`` declares them and FastAPI answers 422 outside them), choices as enums, dates
as dates. The answer is the query's typed result turned into JSON here, at the edge.
"""

from __future__ import annotations

import inspect
from typing import Any, Iterable, Literal, Optional

from fastapi import FastAPI, HTTPException
from fastapi import Path as PathParam
from fastapi import Query as QueryParam

from onrecord.store.query import QUERIES, Param, Query
from onrecord.store.results import to_json


def annotation_of(param: Param) -> Any:
    """The Python type FastAPI (and Typer) read for ``param``: its type, its choices as a Literal, optional unless required."""
    kind: Any = Literal[param.choices] if param.choices else param.type
    return kind if param.required or param.default_for("api") is not None else Optional[kind]


def _fastapi_default(param: Param) -> Any:
    given: dict[str, Any] = dict(ge=param.ge, le=param.le, min_length=param.min_length, max_length=param.max_length)
    bounds: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if param.in_path:
        return PathParam(description=param.help or None, **bounds)
    default = ... if param.required else param.default_for("api")
    return QueryParam(default, description=param.help or None, **bounds)


def signature_of(query: Query) -> inspect.Signature:
    """The keyword-only signature of the query's route: one parameter per API parameter, in order."""
    return inspect.Signature(
        [
            inspect.Parameter(
                p.name, inspect.Parameter.KEYWORD_ONLY, default=_fastapi_default(p), annotation=annotation_of(p)
            )
            for p in query.params_for("api")
        ]
    )


def add_routes(app: FastAPI, store: Any, queries: Optional[Iterable[Query]] = None) -> None:
    """A GET route on ``app`` for every query (default: all of :data:`QUERIES`) that has an ``api`` path."""
    from onrecord.api import Page, _errors

    for query in QUERIES.values() if queries is None else queries:
        if query.api is None:
            continue
        endpoint = _endpoint(query, store)
        app.add_api_route(
            query.api,
            endpoint,
            methods=["GET"],
            response_model=Page if query.pages else dict,
            tags=["record"],
            responses=_errors(*query.api_errors),
        )


def _endpoint(query: Query, store: Any):
    def endpoint(**given: Any) -> Any:
        values = query.values("api", given)
        result = query.run(store, **values)
        if result is None and query.not_found is not None:
            raise HTTPException(404, query.not_found("api", values))
        return to_json(result)

    endpoint.__signature__ = signature_of(query)  # type: ignore[attr-defined]
    endpoint.__annotations__ = {p.name: p.annotation for p in endpoint.__signature__.parameters.values()}  # type: ignore[attr-defined]
    endpoint.__name__ = query.operation or query.name
    endpoint.__doc__ = query.summary or query.help.split("\n\n")[0]
    return endpoint


__all__ = ["add_routes", "annotation_of", "signature_of"]
