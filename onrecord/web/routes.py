"""The HTML routes. Each handler asks the store, shapes the answer for a template, and renders it.

A page of a declared query (:mod:`onrecord.store.query`: articles on ``/``, ``/speakers``, ``/search``)
reads its parameters through the declaration (:func:`onrecord.web.queries.query_values`: the bounds and
messages of the CLI and the API) and runs it; the answers are the typed results of
:mod:`onrecord.store.results`, with real dates for the templates to format.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from onrecord.text.dates import parse_date
from onrecord.errors import OnrecordError
from onrecord.api.guard import CONTENT_SECURITY_POLICY, SECURITY_HEADERS  # noqa: F401 (the pages' names for them)
from onrecord.model import ACT_KINDS, Record, is_uncertain
from onrecord.store.query import ARTICLES, SEARCH, SPEAKERS, STATEMENT_TYPES
from onrecord.store.results import StatementHit
from onrecord.web import TEMPLATE_DIR
from onrecord.web.queries import form_of, page, query_values
from onrecord.web.statement_list import statement_list_html
from onrecord.web.render import (
    PALETTE_SIZE,
    TimelinePoint,
    anchor_for_id,
    article_blocks,
    highlight_terms,
    speaker_colours,
    statement_rows,
    timeline_svg,
)

from onrecord.settings import WEB_PAGE_SIZE as PAGE_SIZE  # noqa: E402


router = APIRouter(include_in_schema=False)

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,  # every template, whatever its extension: article text is untrusted
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def is_web_link(url: Any) -> bool:
    """Whether ``url`` may be a link on a page: http(s) only (never ``javascript:``, ``data:``...)."""
    return isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))


_env.tests["web_link"] = is_web_link


@dataclass
class WebContext:
    """What :func:`onrecord.web.mount` leaves on ``app.state.web`` for the handlers."""

    store: Any = None
    extractor: Any = None
    static_path: str = "/static"
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get_extractor(self, app: Any = None):
        """The extractor for pasted articles: ours, else the API's (``app.state.extractor``), else a new one."""
        with self._lock:  # one spaCy load, even when two pastes arrive together
            if self.extractor is None:
                shared = getattr(getattr(app, "state", None), "extractor", None)
                if shared is None:
                    from onrecord.pipeline import Extractor

                    shared = Extractor()
                    if app is not None:
                        app.state.extractor = shared  # the API's /api/extract then reuses the loaded model
                self.extractor = shared
            return self.extractor


# ---------------------------------------------------------------------------------------------
# helpers


def _ctx(request: Request) -> WebContext:
    return request.app.state.web


def _read_only(request: Request) -> bool:
    # Storing from the page needs a server started writable; a missing flag means read-only.
    return bool(getattr(request.app.state, "read_only", True))


def _render(request: Request, template: str, status_code: int = 200, **values) -> HTMLResponse:
    ctx = _ctx(request)
    values.setdefault("title", "onrecord")
    html = _env.get_template(template).render(
        static=ctx.static_path,
        has_store=ctx.store is not None,
        nav=template.split(".")[0],
        palette=range(PALETTE_SIZE),
        **values,
    )
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _render(request, "error.html", 404, title="Not found", message=what)


def _statement_href(article_id: Any, statement_id: Any) -> str:
    """The link to a statement in its article; just the article when the id is unknown."""
    base = f"/articles/{quote(str(article_id), safe='')}"
    return base if statement_id is None else f"{base}#{anchor_for_id(statement_id)}"


def _store_or_none(request: Request):
    return _ctx(request).store


# ---------------------------------------------------------------------------------------------
# pages


def _bad_request(request: Request, errors: list[str]) -> HTMLResponse:
    return _render(request, "error.html", 400, title="Bad request", message=" ".join(errors))


@page(router, ARTICLES)
def home(request: Request):
    values, errors = query_values(request, ARTICLES)
    if errors:
        return _bad_request(request, errors)
    offset = values["offset"]
    store = _store_or_none(request)
    total, articles = (None, [])
    if store is not None:
        found = ARTICLES.run(store, **values)
        total = found.total
        articles = [
            {
                "id": a.id,
                "title": a.title or "(untitled)",
                "outlet": a.outlet or "",
                "published": a.published,
                "statements": a.n_statements,
            }
            for a in found.items
        ]
    top = []
    if store is not None and offset == 0:
        top = [
            {"id": s.id, "name": s.name, "statements": s.statements}
            for s in store.speaker_summaries(limit=12, offset=0)[1]
        ]
    return _render(
        request, "home.html", articles=articles, total=total, offset=offset, page_size=PAGE_SIZE, top_speakers=top
    )


def _article_page(request: Request, record: Record, *, pasted: bool = False, saved: bool = False, **extra):
    colours = speaker_colours(record)
    rows = statement_rows(record, colours)
    blocks = article_blocks(record, rows)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.speaker_id] = counts.get(r.speaker_id, 0) + 1
    speakers = sorted(
        (
            {
                "id": sp.id,
                "name": sp.name,
                "role": sp.role or "",
                "anonymous": sp.anonymous,
                "description": sp.description or "",
                "colour": f"c{colours[sp.id]}",
                "count": counts.get(sp.id, 0),
                "first": next((r.number for r in rows if r.speaker_id == sp.id), 0),
            }
            for sp in record.speakers
            if counts.get(sp.id)
        ),
        key=lambda s: (-s["count"], s["first"]),  # most quoted first, then in reading order
    )
    if counts.get(""):
        speakers.append(
            {
                "id": "",
                "name": "unknown speaker",
                "role": "",
                "anonymous": False,
                "description": "",
                "colour": "cx",
                "count": counts[""],
                "first": 0,
            }
        )
    links = {} if pasted else _speaker_links(_ctx(request).store, record)
    for sp in speakers:
        sp["href"] = links.get(sp["id"], "")
    article = record.article
    return _render(
        request,
        "article.html",
        title=article.title or "Article",
        record=record,
        article=article,
        blocks=blocks,
        rows=rows,
        statement_list=statement_list_html(rows, links, article.id, pasted),
        speakers=speakers,
        speaker_links=links,
        pasted=pasted,
        saved=saved,
        removed_count=len(article.removed),
        **extra,
    )


def _speaker_links(store: Any, record: Record) -> dict[str, str]:
    """Article speaker id -> its page in the store, for the speakers the store knows under their entity id."""
    known = store.known_speaker_ids(sp.entity_id for sp in record.speakers)  # one query, not one per speaker
    return {sp.id: f"/speakers/{quote(sp.entity_id, safe='')}" for sp in record.speakers if sp.entity_id in known}


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_view(request: Request, article_id: str):
    store = _store_or_none(request)
    if store is None:
        return _not_found(request, "This server has no store; paste an article instead.")
    record = store.get_record(article_id, shared=True)  # None when unknown
    if record is None:
        return _not_found(request, f"No article with id {article_id!r} in this store.")
    return _article_page(request, record)


@page(router, SPEAKERS)
def speakers_list(request: Request):
    values, errors = query_values(request, SPEAKERS)
    if errors:
        return _bad_request(request, errors)
    q, offset = request.query_params.get("q", ""), values["offset"]
    store = _store_or_none(request)
    total, items = (0, [])
    if store is not None:
        found = SPEAKERS.run(store, **values)
        total, items = found.total, found.items
    speakers = [
        {
            "id": s.id,
            "name": s.name,
            "roles": s.roles,  # the most frequent few; a speaker's page has them over time
            "anonymous": False,  # canonical speakers are named: unnamed sources are never merged across articles
            "statements": s.statements,
            "articles": s.articles,
            "last_seen": s.last_seen,
        }
        for s in items
    ]
    return _render(
        request,
        "speakers.html",
        title="Speakers",
        speakers=speakers,
        q=q,
        total=total,
        offset=offset,
        page_size=PAGE_SIZE,
        more=_more(total, offset, len(speakers)),
    )


def _other_sources(hit: StatementHit) -> list[dict]:
    """The other articles reporting the same statement (syndicated copies), as ``{"article_id", "outlet"}``."""
    return [
        {"article_id": src.article_id, "outlet": src.outlet or ""}
        for src in hit.sources
        if src.article_id != hit.article_id
    ]


def _statement_item(hit: StatementHit) -> dict:
    """What the speaker and search pages show of one statement hit of the store."""
    art = hit.article
    return {
        "quote": hit.quote,
        "type": hit.type,
        "cue": hit.cue or "",
        "date": hit.date or art.published,
        "article_id": hit.article_id,
        "title": art.title or "",
        "outlet": art.outlet or "",
        "href": _statement_href(hit.article_id, hit.local_id),
        "also": _other_sources(hit),
    }


def _more(total: Optional[int], offset: int, shown: int) -> bool:
    return total is not None and offset + shown < total


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker_page(
    request: Request,
    speaker_id: str,
    q: str = Query("", max_length=200),
    outlet: str = Query("", max_length=200),
    act: str = Query("", max_length=40),
    period: str = Query("", max_length=10),
    offset: int = Query(0, ge=0),
):
    from onrecord.web import speaker_scale
    from onrecord.web.provenance import bars_svg

    store = _store_or_none(request)
    if store is None:
        return _not_found(request, "This server has no store.")
    sid = store.resolve_speaker(speaker_id)
    if sid is None:
        return _not_found(request, f"No speaker {speaker_id!r} in this store.")
    counts = speaker_scale.daily_counts(store, sid)
    n_dated = sum(n for _, n in counts)
    filters = {"q": q, "outlet": outlet, "act": act, "period": period}
    at_scale = n_dated > speaker_scale.DOTS_UP_TO or any(filters.values()) or offset
    # Few statements: all of them, one dot each. Many: bars per day or week and a paged, filtered list.
    profile = store.speaker_profile(sid, limit=1 if at_scale else 1000)
    statements = []
    points = []
    article_colour: dict[Any, str] = {}  # dots of one article share a colour
    total = profile.n_statements
    hits = profile.statements
    unit, bins = speaker_scale.binned(counts)
    if at_scale:
        since, until = speaker_scale.period_bounds(unit, parse_date(period))
        try:
            total, hits = speaker_scale.listing(
                store, sid, q=q, outlet=outlet, act=act, since=since, until=until, offset=offset
            )
        except OnrecordError:
            total, hits = 0, []
    for i, st in enumerate(hits):
        item = {"n": offset + i + 1, **_statement_item(st)}
        item["colour"] = article_colour.setdefault(item["article_id"], f"c{len(article_colour) % PALETTE_SIZE}")
        statements.append(item)
        if item["date"] and not at_scale:
            text = item["quote"]
            label = text if len(text) <= 90 else text[:87] + "…"
            points.append(
                TimelinePoint(date=item["date"], label=label, href=item["href"], colour=item["colour"], number=i + 1)
            )
    href = "/speakers/" + quote(sid, safe="")
    if at_scale:
        links = {d: speaker_scale.page_url(href, {**filters, "period": ""}, period=d.isoformat()) for d, _ in bins}
        timeline = bars_svg(bins, label=f"statements per {unit}", href=links)
    else:
        timeline = timeline_svg(points) if points else Markup("")
    name = profile.name
    return _render(
        request,
        "speaker.html",
        title=name,
        name=name,
        aliases=[a for a in profile.aliases if a != name],
        roles=[{"role": r.role, "first": r.first_seen, "last": r.last_seen} for r in profile.roles],
        outlets=[o.name for o in profile.outlets],
        first_seen=profile.first_seen,
        last_seen=profile.last_seen,
        anonymous=False,  # canonical speakers are named: unnamed sources are never merged across articles
        statements=statements,
        n_statements=profile.n_statements,
        undated=profile.n_statements - n_dated,
        timeline=timeline,
        at_scale=bool(at_scale),
        unit=unit,
        filters=filters,
        acts=ACT_KINDS,
        total=total,
        offset=offset,
        speaker_href=href,
        more=_more(total, offset, len(statements)),
        next_url=speaker_scale.page_url(href, filters, offset=offset + speaker_scale.PAGE_SIZE),
        prev_url=speaker_scale.page_url(href, filters, offset=max(0, offset - speaker_scale.PAGE_SIZE)),
    )


# The search form's fields, in the order the page shows them (each a parameter of the search query).
SEARCH_FORM = ("q", "speaker", "outlet", "since", "until", "type", "anonymous", "act", "min_confidence")


@page(router, SEARCH)
def search_page(request: Request):
    store = _store_or_none(request)
    given = form_of(request)
    form = {k: request.query_params.get(k, "") for k in SEARCH_FORM}
    asked = any(given.get(k) for k in SEARCH_FORM)
    values, errors = query_values(request, SEARCH)
    offset, q = values["offset"], values["q"] or ""
    total, hits = 0, []
    if store is not None and asked and not errors:
        try:
            found = SEARCH.run(store, **values)
        except OnrecordError as exc:
            errors.append(str(exc))
        else:
            total = found.total
            hits = [
                {
                    **_statement_item(h),
                    "quote": highlight_terms(h.quote, form["q"]),
                    "speaker": h.speaker.name or "unknown speaker",
                    "speaker_id": h.speaker.id,
                    "anonymous": h.anonymous,
                    "act": h.act,
                    "uncertain": is_uncertain(h.confidence),
                    "title": h.article.title or "(untitled)",
                    "published": h.article.published,
                    "matched": h.matched or {"quote": [], "context": []},
                }
                for h in found.items
            ]
    base = {k: v for k, v in form.items() if v}
    next_url = "/search?" + urlencode({**base, "offset": offset + PAGE_SIZE})
    prev_url = "/search?" + urlencode({**base, "offset": max(0, offset - PAGE_SIZE)})
    return _render(
        request,
        "search.html",
        title=f"Search: {q}" if q else "Search",
        form=form,
        asked=asked,
        hits=hits,
        total=total,
        errors=errors,
        offset=offset,
        more=_more(total, offset, len(hits)),
        next_url=next_url,
        prev_url=prev_url,
        types=STATEMENT_TYPES,
        acts=ACT_KINDS,
    )
