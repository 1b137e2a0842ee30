"""The REST API over the record (FastAPI): read-only by default, writes behind a bearer token.

::

    from onrecord.api import create_app
    app = create_app("var/onrecord.db")                       # read-only
    app = create_app("var/onrecord.db", token="s3cret", read_only=False)

``onrecord serve`` runs it with uvicorn on 127.0.0.1. The OpenAPI schema is at ``/openapi.json``
and interactive docs at ``/docs`` (Swagger UI served from this server, no CDN).

Endpoints (all JSON):

=============================  ==============================================================
``GET /api/health``            status, schema version, counts
``GET /api/articles``          page of articles (``limit``, ``offset``, ``outlet``, ``since``, ``until``, ``q``)
``GET /api/articles/{id}``     the article's full :class:`~onrecord.model.Record`
``POST /api/articles``         store a posted Record, or extract and store posted text/HTML/URL (token)
``POST /api/ingest``           ingest server-side paths, as ``onrecord ingest`` (token)
``GET /api/statements``        statements (``q``, ``speaker``, ``outlet``, ``since``, ``until``, ``type``, ``anonymous``, ``act``, ``min_confidence``)
``GET /api/search``            the same, ordered by relevance when ``q`` is given
``GET /api/speakers``          speakers with statement counts (``q``)
``GET /api/speakers/{id}``     a speaker's profile with statements in time order
``GET /api/timeline``          statements of a speaker or about a topic, in time order
``POST /api/extract``          extract a posted text/HTML/URL on the fly; stores nothing
``GET /api/quotes[/{id}]``     quotation clusters; ``/api/semantic``, ``/api/statements/{id}/related``:
                               see :mod:`onrecord.api.provenance`
=============================  ==============================================================

Pages are ``{"total", "limit", "offset", "items"}``; ``limit`` is 1..1000. The token is compared
in constant time and never echoed; without a configured token every write answers 403.

Defences (see ``docs/security.md``): extraction runs off the event loop in bounded workers with a time
limit (:mod:`onrecord.api.work`: 503 when busy, 504 past the limit, 413 past the parser's length);
bodies over 6 MB get 413; a 422 echoes at most a few hundred characters; every answer carries the
security headers; ``Host`` is checked when ``allowed_hosts`` is given; URLs on loopback, private or
link-local addresses are not fetched unless ``allow_private_urls``; ``/api/ingest`` reads only under
``ingest_roots`` (none by default) (:mod:`onrecord.api.guard`).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any, Iterable, Optional

from fastapi import Body, Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError, model_validator

from onrecord import SCHEMA_VERSION, __version__
from onrecord.api.guard import AllowedHosts, BodyLimit, SecurityHeaders, bounded_validation_error
from onrecord.api.work import DEFAULT_QUEUE, DEFAULT_TIME_LIMIT, Busy, ExtractionWorkers, TimedOut
from onrecord.errors import ConfigError, InputError, OnrecordError, TooLongError
from onrecord.model import Record

__all__ = ["create_app"]

from onrecord.settings import API_MAX_PAGE as MAX_PAGE  # noqa: E402,F401 (the largest page; the queries' bounds use it)

from onrecord.settings import API_MAX_POST_CHARS as MAX_POST_CHARS  # noqa: E402


class ErrorAnswer(BaseModel):
    """Every error answer but 422: one line saying what is wrong."""

    detail: str


def _errors(*codes: int) -> dict:
    """The ``responses=`` of a route: the error statuses it can answer, documented in the schema."""
    meaning = {
        400: "bad input: unreadable article, refused URL, unknown Host",
        401: "missing or wrong bearer token",
        403: "read-only server, or a path outside the allowed folders",
        404: "not found",
        413: "body or article text too large",
        503: "extraction busy; retry after the Retry-After seconds",
        504: "extraction took longer than the time limit",
    }
    return {code: {"model": ErrorAnswer, "description": meaning[code]} for code in (400, 413) + codes}


class Page(BaseModel):
    """One page of results and the total over all pages."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class ExtractRequest(BaseModel):
    """An article to extract: exactly one of ``text``, ``html`` or ``url``."""

    # Strings when given (never null), and exactly one given: the schema says so too (oneOf below).
    text: str = Field(default=None, min_length=1, max_length=MAX_POST_CHARS, description="plain text of an article")
    html: str = Field(default=None, min_length=1, max_length=MAX_POST_CHARS, description="HTML of a page")
    url: str = Field(default=None, max_length=4000, pattern=r"^https?://", description="http(s) URL to fetch")
    published: Optional[dt.date] = Field(default=None, description="publication date, when known")
    outlet: Optional[str] = Field(default=None, max_length=200)
    title: Optional[str] = Field(default=None, max_length=1000)

    model_config = {"json_schema_extra": {"oneOf": [{"required": [k]} for k in ("text", "html", "url")]}}

    @model_validator(mode="after")
    def _one_source(self) -> "ExtractRequest":
        given = [k for k in ("text", "html", "url") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


class IngestRequest(BaseModel):
    """Server-side paths to ingest (files, folders, JSONL, feeds, WARC), as ``onrecord ingest``."""

    paths: list[str] = Field(min_length=1, max_length=100)
    workers: int = Field(default=1, ge=1, le=64)
    batch_size: int = Field(default=32, ge=1, le=1000)


def _load_posted(req: ExtractRequest, *, allow_private_urls: bool = False):
    """Load the posted article through the same ingest path as the CLI (fetching its URL if given)."""
    from onrecord.api.posted import load_posted

    content = req.url or (req.text or req.html or "").encode("utf-8")
    return load_posted(
        content,
        name="posted html" if req.html else "posted text",
        published=req.published,
        allow_private_urls=allow_private_urls,
        outlet=req.outlet,
        title=req.title,
    )


def _warm_posted_path() -> None:
    """Read one short posted text at start-up: the first ``/api/extract`` or paste would otherwise import the
    ingest and cleaning modules and compile their rules (0.8 s of the 1 s its reading took) in a server
    thread holding the GIL, and health checks waited up to 490 ms behind it on a loaded machine."""
    try:
        _load_posted(ExtractRequest(text="Warm-up text of the server, read once at start-up."))
    except OnrecordError:  # pragma: no cover - the first request will say what is wrong
        pass


def _inside(path: str, roots: list[Path]) -> bool:
    """Whether ``path``, links resolved, lies in one of ``roots`` (already resolved)."""
    real = Path(os.path.realpath(path))
    return any(real == root or root in real.parents for root in roots)


def create_app(
    store_url: Any = None,
    *,
    token: Optional[str] = None,
    read_only: bool = True,
    extractor=None,
    allow_private_urls: bool = False,
    ingest_roots: Iterable[Any] = (),
    allow_paste_save: bool = False,
    allowed_hosts: Optional[Iterable[str]] = None,
    extract_processes: int = 0,
    extract_time_limit: float = DEFAULT_TIME_LIMIT,
    extract_queue: int = DEFAULT_QUEUE,
    docs: bool = True,
    answer_cache: int = 0,
) -> FastAPI:
    """The API application over the store at ``store_url`` (path, URL or an open :class:`Store`).

    ``token`` (default ``$ONRECORD_API_TOKEN``) enables the write endpoints for requests carrying
    ``Authorization: Bearer <token>``; with ``read_only=True`` writes are refused even then.
    ``extractor`` is the :class:`~onrecord.pipeline.Extractor` for ``/api/extract`` (created on first use).
    ``allow_private_urls=True`` lets the server fetch URLs on loopback, private and link-local addresses
    for its users (refused by default, at every redirect). ``ingest_roots`` are the server folders
    ``/api/ingest`` may read (none by default: the endpoint is off). ``allow_paste_save`` lets the paste
    page save from a same-origin form without the token. ``allowed_hosts`` (names, or ``None`` for any)
    are the ``Host`` headers answered. ``extract_processes`` > 0 extracts in that many worker processes
    (else in threads); ``extract_time_limit`` seconds and ``extract_queue`` waiting requests bound it.
    ``answer_cache`` > 0 keeps that many read answers until the SQLite database changes
    (:mod:`onrecord.api.answers`; ``onrecord serve`` turns it on).
    """
    from onrecord.store import Store, open_store

    store = store_url if isinstance(store_url, Store) else open_store(store_url)
    token = token if token is not None else os.environ.get("ONRECORD_API_TOKEN") or None

    app = FastAPI(
        docs_url=None,  # our own /docs below: Swagger UI from this server, no inline script
        redoc_url=None,
        title="onrecord",
        version=__version__,
        description="Who said what, to whom, when: attributed statements from news reports, searchable.",
        openapi_tags=[
            {"name": "record", "description": "articles, statements, speakers (read)"},
            {"name": "write", "description": "storing and ingesting (bearer token)"},
            {"name": "extract", "description": "extraction on the fly; stores nothing"},
        ],
    )
    app.state.store = store
    read_only = read_only or not token  # every write needs the token, pages included
    app.state.read_only = read_only
    app.state.extractor = extractor
    app.state.allow_private_urls = allow_private_urls
    app.state.allow_paste_save = allow_paste_save
    app.state.check_token = (lambda given: secrets.compare_digest(given.encode(), token.encode())) if token else None
    roots = [Path(os.path.realpath(r)) for r in ingest_roots]
    bearer = HTTPBearer(auto_error=False)

    def get_extractor():
        # One Extractor for the API and the page, loaded on first use under the page's lock.
        return app.state.web.get_extractor(app)

    extraction = ExtractionWorkers(
        get_extractor, processes=extract_processes, time_limit=extract_time_limit, queue=extract_queue
    )
    app.state.extraction = extraction
    app.router.on_startup.append(extraction.start)  # worker processes load spaCy before the first request
    app.router.on_shutdown.append(extraction.close)
    app.router.on_startup.append(_warm_posted_path)

    async def extract_record(req: ExtractRequest) -> Record:
        article = await run_in_threadpool(_load_posted, req, allow_private_urls=allow_private_urls)
        return await extraction.process(article)

    def require_token(credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> None:
        if read_only:
            raise HTTPException(403, "this server is read-only (start it with --token to allow writes)")
        if credentials is None or not secrets.compare_digest(credentials.credentials.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(OnrecordError)
    async def _user_error(_request: Request, exc: OnrecordError):
        headers = {}
        if isinstance(exc, TooLongError):
            status = 413
        elif isinstance(exc, Busy):
            status, headers = 503, {"Retry-After": "5"}
        elif isinstance(exc, TimedOut):
            status = 504
        else:
            status = 400 if isinstance(exc, (InputError, ConfigError)) else 500
        return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

    app.add_exception_handler(RequestValidationError, bounded_validation_error)

    @app.get("/api/health", tags=["record"])
    def health() -> dict:
        """Liveness and counts."""
        return {
            "status": "ok",
            "version": __version__,
            "schema_version": SCHEMA_VERSION,
            "read_only": read_only,
            **store.stats(),
        }

    @app.get("/api/articles/{article_id}", tags=["record"], responses=_errors(404))
    def get_article(article_id: str) -> dict:
        """The full Record of an article (id or unique prefix of 8+ characters)."""
        record = store.get_record(article_id, shared=True)
        if record is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return record.model_dump(mode="json")

    @app.post("/api/extract", tags=["extract"], responses=_errors(503, 504))
    async def extract(req: ExtractRequest) -> dict:
        """Extract the record of a posted article (text, HTML or URL). Nothing is stored."""
        return (await extract_record(req)).model_dump(mode="json")

    @app.post(
        "/api/articles",
        status_code=201,
        tags=["write"],
        dependencies=[Depends(require_token)],
        responses=_errors(401, 403, 503, 504),
    )
    async def post_article(
        payload: dict = Body(..., description="a Record, or an extract request {text|html|url}"),
    ) -> dict:
        """Store a Record (as returned by /api/extract), or extract a posted article and store it."""
        try:
            if "article" in payload:
                record = Record.model_validate(payload)
            else:
                record = await extract_record(ExtractRequest.model_validate(payload))
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from None  # the 422 of every route, cut short
        added = await run_in_threadpool(store.add_record, record, source=record.article.source or "api")
        return {"id": record.article.id, "added": added, "statements": len(record.statements)}

    @app.post("/api/ingest", tags=["write"], dependencies=[Depends(require_token)], responses=_errors(401, 403))
    def post_ingest(req: IngestRequest) -> dict:
        """Ingest files on the server, as ``onrecord ingest``, from the folders the operator allowed
        (``onrecord serve --ingest-root DIR``; none by default). Runs to completion, then answers."""
        from onrecord.batch.ingest import ingest

        if not roots:
            raise HTTPException(
                403,
                "ingesting server paths is off (start the server with --ingest-root DIR); "
                "POST articles to /api/articles instead",
            )
        for path in req.paths:
            if not _inside(path, roots):
                raise HTTPException(403, f"{path[:300]}: outside the folders this server may read")
            if not os.path.exists(path):
                raise HTTPException(400, f"{path[:300]}: no such file or folder on the server")
        return ingest(store, req.paths, workers=req.workers, batch_size=req.batch_size).as_dict()

    from onrecord.api.provenance import PROVENANCE_QUERIES
    from onrecord.api.provenance import register as register_provenance
    from onrecord.api.queries import add_routes
    from onrecord.store.query import QUERIES
    from onrecord.web import mount

    # The queries of onrecord.store.query: articles, statements, search, speakers, speaker, timeline...
    add_routes(app, store, [q for q in QUERIES.values() if q.name not in PROVENANCE_QUERIES])
    register_provenance(app, store)  # /api/quotes, /api/semantic, related statements
    mount(app, store)  # the web page, in the same process and over the same store
    if docs:
        from onrecord.api.docs import mount_docs

        mount_docs(app)
    from onrecord.api.answers import AnswerCache, DataVersion, sqlite_path

    cached_file = sqlite_path(store) if answer_cache > 0 else None
    if cached_file:
        app.add_middleware(AnswerCache, version=DataVersion(cached_file), entries=answer_cache)
    app.add_middleware(HeadAsGet)  # outside the cache: a HEAD is answered from a kept GET
    app.add_middleware(BodyLimit)
    app.add_middleware(AllowedHosts, names=None if allowed_hosts is None else {h.lower() for h in allowed_hosts})
    app.add_middleware(SecurityHeaders)  # outermost: the other middlewares' answers get the headers too
    return app


SERVE_SETTINGS_ENV = "ONRECORD_SERVE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The application ``onrecord serve --workers N`` runs in each uvicorn worker process.

    Its settings are the keyword arguments of :func:`create_app`, as JSON in ``$ONRECORD_SERVE_SETTINGS``
    (the token comes from ``$ONRECORD_API_TOKEN``, never through this variable).
    """
    import json

    settings = json.loads(os.environ.get(SERVE_SETTINGS_ENV) or "{}")
    store_url = settings.pop("store_url", None)
    return create_app(store_url, **settings)


class HeadAsGet:
    """Answer ``HEAD`` like ``GET`` without the body (RFC 9110 §9.3.2), for link checkers and ``curl -I``.

    FastAPI routes declare ``GET`` only, so a ``HEAD`` would get 405. The request runs as a ``GET``;
    status and headers (``content-length`` included) go out as they are, body bytes do not.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
