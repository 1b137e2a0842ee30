"""Pages of provenance: where a quotation travelled, a statement with its related statements, search by meaning.

* ``/quotes`` — quotations repeated across articles, the most widespread first;
* ``/quotes/{id}`` — one quotation: its spread over time (inline SVG bars, one per day), the first
  appearance, every outlet, the wording variants with their word differences highlighted, and flags;
* ``/statements/{id}`` — one statement, the quotations it belongs to, and the related statements
  (the same speaker's and other speakers', in time order);
* ``/semantic`` — search by meaning and words together.

Same safety as the other pages: autoescaped templates, the SVG built from escaped pieces.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from markupsafe import Markup

from onrecord.ingest.published import parse_date
from onrecord.store.query import QUOTE, QUOTES, RELATED, SEMANTIC
from onrecord.store.results import StatementHit
from onrecord.web.queries import page, query_values
from onrecord.web.render import _ticks
from onrecord.web.routes import (
    PAGE_SIZE,
    _bad_request,
    _more,
    _not_found,
    _render,
    _statement_item,
    _store_or_none,
)

router = APIRouter(include_in_schema=False)

FLAG_LABELS = {"possible_misquote": "possible misquote", "conflicting_attribution": "conflicting attribution"}


def bars_svg(
    counts: list[tuple[dt.date, int]], *, label: str, width: int = 720, height: int = 120, href: Optional[dict] = None
) -> Markup:
    """An inline SVG bar chart of counts per date (a day or a week start) on a date axis.

    Like the speaker timeline it needs no script and no style attribute; each bar has a
    ``<title>`` tooltip, and links to ``href[date]`` when given.
    """
    counts = sorted((d, n) for d, n in counts if d is not None and n > 0)
    if not counts:
        return Markup("")
    first, last = counts[0][0], counts[-1][0]
    pad = max(2, (last - first).days // 12)
    lo, hi = first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)
    days = (hi - lo).days or 1
    left, right, top = 36, 36, 10
    axis_y = height - 30
    tallest = max(n for _, n in counts)
    plot_w = width - left - right
    bar_w = max(3.0, min(18.0, plot_w / max(days, 1) * 0.8))

    def x(d: dt.date) -> float:
        return left + plot_w * (d - lo).days / days

    parts = [
        Markup(
            '<svg class="bars" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{label}" '
            'xmlns="http://www.w3.org/2000/svg">'
        ).format(w=width, h=height, label=label),
        Markup('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(left, axis_y, width - right, axis_y),
        Markup('<text class="tick-label" x="{}" y="{}" text-anchor="end">{}</text>').format(left - 4, top + 8, tallest),
    ]
    for d, text in _ticks(lo, hi):
        parts.append(
            Markup(
                '<line class="tick" x1="{x:.1f}" y1="{y1}" x2="{x:.1f}" y2="{y2}"/>'
                '<text class="tick-label" x="{x:.1f}" y="{ty}" text-anchor="middle">{label}</text>'
            ).format(x=x(d), y1=axis_y, y2=axis_y + 5, ty=axis_y + 19, label=text)
        )
    for d, n in counts:
        h = max(2.0, (axis_y - top) * n / tallest)
        bar = Markup(
            '<title>{t}</title><rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"/>'
        ).format(t=f"{d.isoformat()}: {n}", x=x(d) - bar_w / 2, y=axis_y - h, w=bar_w, h=h)
        link = (href or {}).get(d)
        parts.append(Markup('<a href="{}">{}</a>').format(link, bar) if link else Markup("<g>{}</g>").format(bar))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def diff_markup(diff: list[dict]) -> Markup:
    """A variant's words with the differences from the reference marked: ``<ins>``, ``<del>``, ``<mark>``."""
    out = []
    for op in diff:
        if op["op"] == "equal":
            out.append(Markup("{}").format(op["variant"]))
        elif op["op"] == "replace":
            out.append(
                Markup('<del title="the earliest full form">{}</del> <mark class="changed">{}</mark>').format(
                    op["reference"], op["variant"]
                )
            )
        elif op["op"] == "insert":
            out.append(Markup("<ins>{}</ins>").format(op["variant"]))
        elif op["op"] == "delete":
            out.append(Markup("<del>{}</del>").format(op["reference"]))
        else:  # elided
            out.append(
                Markup('<span class="elided" title="left out, with an ellipsis">[… {}]</span>').format(op["reference"])
            )
    return Markup(" ").join(out)


def _statement_page_href(statement_id: str) -> str:
    return "/statements/" + quote(statement_id, safe="")


def _hit_item(hit: dict) -> dict:
    """What a page shows of a statement hit of onrecord.provenance (still JSON: read as a StatementHit here)."""
    return dict(
        _statement_item(StatementHit.from_json(hit)),
        speaker=hit["speaker"]["name"] or "unknown speaker",
        speaker_id=hit["speaker"]["id"],
    )


@page(router, QUOTES)
def quotes_page(request: Request):
    values, errors = query_values(request, QUOTES)
    if errors:
        return _bad_request(request, errors)
    q, offset = request.query_params.get("q", ""), values["offset"]
    store = _store_or_none(request)
    if store is None:
        return _not_found(request, "This server has no store.")
    found = QUOTES.run(store, **values)
    total, clusters = found.total, found.items
    base = {"q": q} if q else {}
    return _render(
        request,
        "quotes.html",
        title="Quotations across articles",
        q=q,
        total=total,
        clusters=clusters,
        flag_labels=FLAG_LABELS,
        offset=offset,
        more=_more(total, offset, len(clusters)),
        next_url="/quotes?" + urlencode({**base, "offset": offset + PAGE_SIZE}),
        prev_url="/quotes?" + urlencode({**base, "offset": max(0, offset - PAGE_SIZE)}),
    )


@page(router, QUOTE)
def quote_page(request: Request):
    values, errors = query_values(request, QUOTE)
    if errors:
        return _bad_request(request, errors)
    store = _store_or_none(request)
    cluster = QUOTE.run(store, **values) if store is not None else None
    if cluster is None:
        return _not_found(request, f"No quotation {values['quote_id']} in this store.")
    days = [(parse_date(s["date"]), s["appearances"]) for s in cluster["spread"]]
    rows = []
    for v in cluster["variants"]:
        wording = Markup("{}").format(v["text"]) if v["kind"] in ("reference", "same") else diff_markup(v["diff"])
        for a in v["appearances"]:
            a["href"] = _statement_page_href(a["statement_id"])
            a["date"] = parse_date(a["published"])
        rows.append(dict(v, wording=wording))
    first = cluster["first_appearance"]
    return _render(
        request,
        "quote.html",
        title="Quotation: " + cluster["text"][:60],
        cluster=cluster,
        variants=rows,
        first=first,
        first_date=parse_date(first["published"]),
        flag_labels=FLAG_LABELS,
        spread=bars_svg(days, label=f"appearances of the quotation per day, {len(days)} days"),
    )


@page(router, RELATED)
def statement_page(request: Request):
    from onrecord.provenance.quotes import clusters_of_statement, get_cluster

    values, errors = query_values(request, RELATED)
    if errors:
        return _bad_request(request, errors)
    statement_id = values["statement_id"]
    store = _store_or_none(request)
    if store is None:
        return _not_found(request, "This server has no store.")
    from onrecord.provenance.semantic import _hits

    hit = _hits(store, [statement_id]).get(statement_id)
    if hit is None:
        return _not_found(request, f"No statement {statement_id!r} in this store.")
    found = RELATED.run(store, **values) or {}

    def items(hs):
        return [dict(_hit_item(h), similarity=h.get("similarity"), page=_statement_page_href(h["id"])) for h in hs]

    clusters = [c for c in (get_cluster(store, i) for i in clusters_of_statement(store, statement_id)) if c]
    return _render(
        request,
        "statement.html",
        title="Statement",
        st=_hit_item(hit),
        same=items(found.get("same_speaker", [])),
        others=items(found.get("other_speakers", [])),
        clusters=clusters,
    )


@page(router, SEMANTIC)
def semantic_page(request: Request):
    q, speaker = request.query_params.get("q", ""), request.query_params.get("speaker", "")
    values, errors = query_values(request, SEMANTIC)
    if errors and q.strip():
        return _bad_request(request, errors)
    offset = values["offset"]
    store = _store_or_none(request)
    hits, total = [], 0
    if store is not None and q.strip():
        found = SEMANTIC.run(store, **values)
        total = found.total
        hits = [
            dict(
                _hit_item(h),
                similarity=h.get("similarity"),
                page=_statement_page_href(h["id"]),
                published=parse_date(h["article"]["published"]),
            )
            for h in found.items
        ]
    base = {k: v for k, v in {"q": q, "speaker": speaker}.items() if v}
    return _render(
        request,
        "semantic.html",
        title=f"By meaning: {q}" if q else "Search by meaning",
        q=q,
        speaker=speaker,
        hits=hits,
        total=total,
        offset=offset,
        asked=bool(q.strip()),
        more=_more(total, offset, len(hits)),
        next_url="/semantic?" + urlencode({**base, "offset": offset + PAGE_SIZE}),
        prev_url="/semantic?" + urlencode({**base, "offset": max(0, offset - PAGE_SIZE)}),
    )
