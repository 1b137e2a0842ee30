"""The REST API over the record (FastAPI): read-only by default, writes behind a bearer token.

::

    from onrecord.api import create_app
    app = create_app("var/onrecord.db")                       # read-only
    app = create_app("var/onrecord.db", token="s3cret", read_only=False)

``onrecord serve`` runs it with uvicorn on 127.0.0.1. The OpenAPI schema is at ``/openapi.json``
and interactive docs at ``/docs``.

Endpoints (all JSON):

=============================  ==============================================================
``GET /api/health``            status, schema version, counts
``GET /api/articles``          page of articles (``limit``, ``offset``, ``outlet``, ``since``, ``until``, ``q``)
``GET /api/articles/{id}``     the article's full :class:`~onrecord.model.Record`
``POST /api/articles``         store a posted Record, or extract and store posted text/HTML/URL (token)
``POST /api/ingest``           ingest server-side paths, as ``onrecord ingest`` (token)
``GET /api/statements``        statements (``q``, ``speaker``, ``outlet``, ``since``, ``until``, ``type``, ``anonymous``)
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
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from typing import Any, Optional

from fastapi import Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, model_validator

from onrecord import SCHEMA_VERSION, __version__
from onrecord.errors import ConfigError, InputError, OnrecordError
from onrecord.model import Record, StatementType

__all__ = ["create_app"]

MAX_PAGE = 1000
StatementTypeParam = Optional[StatementType]
MAX_POST_CHARS = 5_000_000


class Page(BaseModel):
    """One page of results and the total over all pages."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class ExtractRequest(BaseModel):
    """An article to extract: exactly one of ``text``, ``html`` or ``url``."""

    text: Optional[str] = Field(default=None, max_length=MAX_POST_CHARS, description="plain text of an article")
    html: Optional[str] = Field(default=None, max_length=MAX_POST_CHARS, description="HTML of a page")
    url: Optional[str] = Field(default=None, max_length=4000, pattern=r"^https?://", description="http(s) URL to fetch")
    published: Optional[dt.date] = Field(default=None, description="publication date, when known")
    outlet: Optional[str] = Field(default=None, max_length=200)
    title: Optional[str] = Field(default=None, max_length=1000)

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


def _extract(req: ExtractRequest, extractor, *, allow_private_urls: bool = True) -> Record:
    """Load the posted article (through the same ingest path as the CLI) and extract its record."""
    from onrecord.ingest import load_article

    options: dict[str, Any] = {"published": req.published} if req.published else {}
    if req.url:
        article = load_article(req.url, allow_private_urls=allow_private_urls, **options)
    else:
        # Posted text goes in as bytes, never as a string that could be taken for a server path.
        content = (req.text or req.html or "").encode("utf-8")
        article = load_article(content, source_name="posted html" if req.html else "posted text", **options)
    updates = {k: v for k, v in (("outlet", req.outlet), ("title", req.title)) if v}
    if updates:
        article = article.model_copy(update=updates)
    return extractor.process(article)


def create_app(
    store_url: Any = None,
    *,
    token: Optional[str] = None,
    read_only: bool = True,
    extractor=None,
    allow_private_urls: bool = True,
) -> FastAPI:
    """The API application over the store at ``store_url`` (path, URL or an open :class:`Store`).

    ``token`` (default ``$ONRECORD_API_TOKEN``) enables the write endpoints for requests carrying
    ``Authorization: Bearer <token>``; with ``read_only=True`` writes are refused even then.
    ``extractor`` is the :class:`~onrecord.pipeline.Extractor` for ``/api/extract`` (created on first use).
    ``allow_private_urls=False`` makes the server refuse to fetch URLs on loopback or private networks for
    its users (``onrecord serve`` sets it whenever it binds beyond the loopback interface).
    """
    from onrecord.store import Store, open_store

    store = store_url if isinstance(store_url, Store) else open_store(store_url)
    token = token if token is not None else os.environ.get("ONRECORD_API_TOKEN") or None

    app = FastAPI(
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
    bearer = HTTPBearer(auto_error=False)

    def get_extractor():
        # One Extractor for the API and the page, loaded on first use under the page's lock.
        return app.state.web.get_extractor(app)

    def require_token(credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> None:
        if read_only:
            raise HTTPException(403, "this server is read-only (start it with --token to allow writes)")
        if credentials is None or not secrets.compare_digest(credentials.credentials.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(OnrecordError)
    async def _user_error(_request: Request, exc: OnrecordError):
        status = 400 if isinstance(exc, (InputError, ConfigError)) else 500
        return JSONResponse({"detail": str(exc)}, status_code=status)

    limit_q = Query(50, ge=1, le=MAX_PAGE, description="page size")
    offset_q = Query(0, ge=0, le=10_000_000, description="items to skip")

    @app.get("/api/health", tags=["record"])
    def health() -> dict:
        """Liveness and counts."""
        return {"status": "ok", "version": __version__, "schema_version": SCHEMA_VERSION, "read_only": read_only,
                **store.stats()}

    @app.get("/api/articles", response_model=Page, tags=["record"])
    def list_articles(
        limit: int = limit_q, offset: int = offset_q, outlet: Optional[str] = Query(None, max_length=200),
        since: Optional[dt.date] = None, until: Optional[dt.date] = None, q: Optional[str] = Query(None, max_length=500),
    ) -> Page:
        """Articles, newest first."""
        total, items = store.list_articles(limit=limit, offset=offset, outlet=outlet, since=since, until=until, q=q)
        return Page(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/articles/{article_id}", tags=["record"])
    def get_article(article_id: str) -> dict:
        """The full Record of an article (id or unique prefix of 8+ characters)."""
        record = store.get_record(article_id)
        if record is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return record.model_dump(mode="json")

    def statements_page(q, speaker, outlet, since, until, type, anonymous, article_id, limit, offset, order) -> Page:
        total, items = store.search_statements(
            q, speaker=speaker, outlet=outlet, since=since, until=until, type=type, anonymous=anonymous,
            article_id=article_id, limit=limit, offset=offset, order=order,
        )
        return Page(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/statements", response_model=Page, tags=["record"])
    def list_statements(
        q: Optional[str] = Query(None, max_length=500, description='full text: words, "phrases", -excluded'),
        speaker: Optional[str] = Query(None, max_length=200), outlet: Optional[str] = Query(None, max_length=200),
        since: Optional[dt.date] = None, until: Optional[dt.date] = None, type: StatementTypeParam = None,
        anonymous: Optional[bool] = None, article_id: Optional[str] = Query(None, max_length=200),
        limit: int = limit_q, offset: int = offset_q,
    ) -> Page:
        """Statements in time order (then position in the article); syndicated copies folded into ``sources``."""
        return statements_page(q, speaker, outlet, since, until, type, anonymous, article_id, limit, offset, "date")

    @app.get("/api/search", response_model=Page, tags=["record"])
    def search(
        q: Optional[str] = Query(None, max_length=500), speaker: Optional[str] = Query(None, max_length=200),
        outlet: Optional[str] = Query(None, max_length=200), since: Optional[dt.date] = None,
        until: Optional[dt.date] = None, type: StatementTypeParam = None, anonymous: Optional[bool] = None,
        limit: int = limit_q, offset: int = offset_q,
    ) -> Page:
        """Full-text search over statements, best matches first."""
        return statements_page(q, speaker, outlet, since, until, type, anonymous, None, limit, offset, "relevance")

    @app.get("/api/speakers", response_model=Page, tags=["record"])
    def list_speakers(q: Optional[str] = Query(None, max_length=200), limit: int = limit_q, offset: int = offset_q) -> Page:
        """Canonical speakers across articles, most quoted first."""
        total, items = store.list_speakers(q, limit=limit, offset=offset)
        return Page(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/speakers/{speaker_id}", tags=["record"])
    def get_speaker(speaker_id: str, limit: int = Query(MAX_PAGE, ge=1, le=MAX_PAGE), offset: int = offset_q) -> dict:
        """A speaker (id, or a name) with aliases, roles over time, outlets and statements in time order."""
        profile = store.get_speaker(speaker_id, limit=limit, offset=offset)
        if profile is None:
            raise HTTPException(404, f"no speaker {speaker_id!r}")
        return profile

    @app.get("/api/timeline", tags=["record"])
    def timeline(
        of: str = Query(..., min_length=1, max_length=200, description="a speaker name/id or a topic"),
        since: Optional[dt.date] = None, until: Optional[dt.date] = None, limit: int = Query(MAX_PAGE, ge=1, le=MAX_PAGE),
    ) -> dict:
        """Statements of a speaker, or about a topic, in time order."""
        return store.timeline(of, since=since, until=until, limit=limit)

    @app.post("/api/extract", tags=["extract"])
    def extract(req: ExtractRequest) -> dict:
        """Extract the record of a posted article (text, HTML or URL). Nothing is stored."""
        return _extract(req, get_extractor(), allow_private_urls=allow_private_urls).model_dump(mode="json")

    @app.post("/api/articles", status_code=201, tags=["write"], dependencies=[Depends(require_token)])
    def post_article(payload: dict = Body(..., description="a Record, or an extract request {text|html|url}")) -> dict:
        """Store a Record (as returned by /api/extract), or extract a posted article and store it."""
        try:
            record = Record.model_validate(payload) if "article" in payload else _extract(ExtractRequest.model_validate(payload), get_extractor(), allow_private_urls=allow_private_urls)
        except ValueError as exc:
            raise HTTPException(422, str(exc)[:2000]) from None
        added = store.add_record(record, source=record.article.source or "api")
        return {"id": record.article.id, "added": added, "statements": len(record.statements)}

    @app.post("/api/ingest", tags=["write"], dependencies=[Depends(require_token)])
    def post_ingest(req: IngestRequest) -> dict:
        """Ingest files on the server, as ``onrecord ingest`` (runs to completion, then answers)."""
        from onrecord.store.ingest import ingest

        for path in req.paths:
            if not os.path.exists(path):
                raise HTTPException(400, f"{path}: no such file or folder on the server")
        return ingest(store, req.paths, workers=req.workers, batch_size=req.batch_size).as_dict()

    from onrecord.api.provenance import register as register_provenance
    from onrecord.web import mount

    register_provenance(app, store)  # /api/quotes, /api/semantic, related statements
    mount(app, store)  # the web page, in the same process and over the same store
    app.add_middleware(HeadAsGet)
    return app


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
