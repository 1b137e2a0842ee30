"""Server-side HTML building blocks for the web page: highlighted article bodies and timelines.

Article text is untrusted input. Every piece of it that reaches the page goes through
:func:`markupsafe.escape` (directly or through :meth:`Markup.format`, which escapes its
arguments); nothing here concatenates raw text into HTML. The templates only ever receive
:class:`~markupsafe.Markup` built this way or plain strings that Jinja2 escapes itself.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Optional

from markupsafe import Markup, escape

from onrecord.model import Record, Span, Statement, is_uncertain, paragraph_index

#: Highlight colours, one per speaker in order of first appearance (CSS classes ``c0``..``c9``).
#: Ten tints chosen to stay readable with dark text (contrast >= 7:1 against #1a1a1a) and to be
#: told apart by their hue; speakers beyond ten reuse them, the side panel still names each one.
PALETTE_SIZE = 10


def statement_anchor(statement: Statement) -> str:
    """The fragment id of a statement in the article view (``#s5``); see :func:`anchor_for_id`."""
    return anchor_for_id(statement.id)


def anchor_for_id(statement_id: object) -> str:
    """The fragment id of the statement with this article-local id.

    ``5``, ``"5"``, ``"s5"`` and ``"st5"`` give ``s5``, so links built from the id alone (search hits, speaker
    pages) land on the element the article view labels; any other id gives ``s-`` and the id with
    characters outside ``[A-Za-z0-9_-]`` replaced, which is still unique within one article.
    """
    text = str(statement_id)
    m = re.fullmatch(r"[A-Za-z_]*(\d+)", text)
    return f"s{int(m.group(1))}" if m else "s-" + re.sub(r"[^A-Za-z0-9_-]", "-", text)


def speaker_colours(record: Record) -> dict[str, int]:
    """Palette index of each speaker id, in order of the speaker's first statement."""
    colours: dict[str, int] = {}
    for st in sorted(record.statements, key=lambda s: s.quote.start):
        if st.speaker_id and st.speaker_id not in colours:
            colours[st.speaker_id] = len(colours) % PALETTE_SIZE
    for sp in record.speakers:  # speakers without statements still get a stable colour
        colours.setdefault(sp.id, len(colours) % PALETTE_SIZE)
    return colours


@dataclass
class Block:
    """One piece of the article view, in reading order."""

    kind: str  # "paragraph" or "removed"
    html: Markup = Markup("")
    index: int = -1  # paragraph number (for the #p anchor)
    reasons: list[str] = field(default_factory=list)  # for removed blocks
    texts: list[str] = field(default_factory=list)  # for removed blocks


@dataclass
class StatementRow:
    """What the page shows about one statement (also the data behind the detail panel)."""

    anchor: str
    number: int
    statement: Statement
    speaker_name: str
    speaker_id: str
    colour: str
    role: str
    anonymous: bool
    description: str
    cue: str
    paragraph: Optional[int]
    excerpt: str
    uncertain: bool = False  # confidence below UNCERTAIN_BELOW: shown as such


def _segments(st: Statement) -> list[Span]:
    return list(st.fragments) if st.fragments else [st.quote]


def statement_rows(record: Record, colours: Optional[dict[str, int]] = None) -> list[StatementRow]:
    """One :class:`StatementRow` per statement, in reading order."""
    colours = colours if colours is not None else speaker_colours(record)
    paragraphs: Optional[list[Span]] = None  # only for a statement without its paragraph number (rare)
    rows = []
    ordered = sorted(record.statements, key=lambda s: s.quote.start)  # stable: ties keep record order
    for number, st in enumerate(ordered, start=1):
        sp = record.speaker(st.speaker_id)
        text = " … ".join(seg.text for seg in _segments(st))
        if st.paragraph is None and paragraphs is None:
            paragraphs = record.article.paragraphs()
        rows.append(
            StatementRow(
                anchor=statement_anchor(st),
                number=number,
                statement=st,
                speaker_name=sp.name if sp else "unknown speaker",
                speaker_id=sp.id if sp else "",
                colour=f"c{colours[sp.id]}" if sp and sp.id in colours else "cx",
                role=(sp.role or "") if sp else "",
                anonymous=bool(sp and sp.anonymous),
                description=(sp.description or "") if sp else "",
                cue=st.cue.text if st.cue else "",
                paragraph=st.paragraph
                if st.paragraph is not None
                else paragraph_index(paragraphs or [], st.quote.start),
                excerpt=text if len(text) <= 160 else text[:157].rstrip() + "…",
                uncertain=is_uncertain(st.confidence),
            )
        )
    return rows


def article_blocks(record: Record, rows: Optional[list[StatementRow]] = None) -> list[Block]:
    """The body as paragraphs with highlighted statements, and the removed parts where they were.

    Each paragraph is cut at every start and end of a quote, cue or speaker mention; each piece is
    escaped and wrapped in the elements of what covers it. A piece covered by several statements
    (a quote inside a longer one) is marked as the shortest of them and lists all in
    ``data-statements``, so no statement disappears from the page.
    """
    article = record.article
    body = article.body
    rows = rows if rows is not None else statement_rows(record)

    marks: list[tuple[int, int, StatementRow, int]] = []  # start, end, row, total length
    for r in rows:
        segs = _segments(r.statement)
        total = sum(s.end - s.start for s in segs)
        marks.extend((s.start, min(s.end, len(body)), r, total) for s in segs if s.end > s.start)
    cues = [(r.statement.cue.start, r.statement.cue.end) for r in rows if r.statement.cue]
    whos = [
        (r.statement.speaker_mention.start, r.statement.speaker_mention.end, r.colour)
        for r in rows
        if r.statement.speaker_mention
    ]
    anchored: set[str] = set()
    paragraphs = article.paragraphs()
    marks_in, cues_in, whos_in = (_by_paragraph(paragraphs, spans) for spans in (marks, cues, whos))

    def render_paragraph(p: Span, marks_here: list, cues_here: list, whos_here: list) -> Markup:
        # Plain strings, each piece of text escaped once and each attribute value escaped (what
        # Markup.format did, at a fraction of its cost on a long article); Markup only at the end.
        cuts = {p.start, p.end}
        for start, end, *_ in marks_here + cues_here + whos_here:
            cuts.update(x for x in (start, end) if p.start < x < p.end)
        points = sorted(cuts)
        groups: list[tuple[Optional[StatementRow], list[StatementRow], list[str]]] = []
        for a, b in zip(points, points[1:]):
            covering = sorted(
                ((total, r.number, r) for start, end, r, total in marks_here if start <= a and b <= end),
                key=lambda t: (t[0], t[1]),
            )
            primary = covering[0][2] if covering else None
            piece = _escaped(body[a:b])
            if any(s <= a and b <= e for s, e in cues_here):
                piece = f'<span class="cue">{piece}</span>'
            who = next((c for s, e, c in whos_here if s <= a and b <= e), None)
            if who:
                piece = f'<span class="who {_escaped(who)}">{piece}</span>'
            if groups and groups[-1][0] is primary:
                groups[-1][2].append(piece)
                for _, _, r in covering:
                    if r not in groups[-1][1]:
                        groups[-1][1].append(r)
            else:
                groups.append((primary, [r for _, _, r in covering], [piece]))
        out = []
        for primary, all_rows, pieces in groups:
            inner = "".join(pieces)
            if primary is None:
                out.append(inner)
                continue
            ids = [r.anchor for r in all_rows]
            new = [a for a in ids if a not in anchored]
            anchored.update(new)
            # the first piece of a statement carries its #s anchor (an extra empty anchor for a
            # statement that only ever appears inside another one's piece)
            anchor_html = "".join(f'<a class="anchor" id="{_escaped(a)}"></a>' for a in new if a != primary.anchor)
            id_attr = f' id="{_escaped(primary.anchor)}"' if primary.anchor in new else ""
            title = f"{primary.speaker_name}" + (f" ({primary.cue})" if primary.cue else "")
            out.append(
                f'{anchor_html}<mark class="st {_escaped(primary.colour)}{" anon" if primary.anonymous else ""}"'
                f'{id_attr} tabindex="0" data-statement="{_escaped(primary.anchor)}" '
                f'data-statements="{_escaped(" ".join(ids))}" data-speaker-id="{_escaped(primary.speaker_id)}" '
                f'title="{_escaped(title)}">{inner}</mark>'
            )
        return Markup("".join(out))

    items: list[tuple[int, Block]] = []
    for i, p in enumerate(paragraphs):
        if (
            i == 0
            and article.title
            and p.text.strip() == article.title.strip()
            and not any(p.start <= m[0] < p.end for m in marks)
        ):
            continue  # the headline line of a plain-text article: the page shows it as the <h1>
        html = render_paragraph(p, marks_in[i], cues_in[i], whos_in[i])
        items.append((p.start, Block(kind="paragraph", index=i, html=html)))
    removed = sorted(article.removed, key=lambda s: s.start)
    group: list = []
    for span in removed + [None]:
        # consecutive removed spans with no body text between them fold into one <details>
        if group and (span is None or body[group[-1].end : span.start].strip()):
            items.append(
                (
                    group[0].start,
                    Block(
                        kind="removed",
                        reasons=list(dict.fromkeys(s.reason.replace("_", " ") for s in group)),
                        texts=[s.text.strip() for s in group],
                    ),
                )
            )
            group = []
        if span is not None:
            group.append(span)
    items.sort(key=lambda t: (t[0], t[1].kind != "removed"))
    return [b for _, b in items]


def _escaped(text: object) -> str:
    """``text`` as HTML-safe text: what :meth:`Markup.format` does to each of its arguments."""
    return html_escape(text)


def html_escape(value: object) -> str:
    """``value`` as HTML-safe text, exactly as :func:`markupsafe.escape` (and Jinja2's autoescape) gives it,
    without building a :class:`Markup` for each piece (a long article page has thousands)."""
    if type(value) is not str:
        return str(escape(value))  # numbers, Markup (kept as it is), objects with __html__
    return _escape_str(value)


def _replacing(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


try:  # markupsafe's own C escaping of a str, the same replacements in one pass (a third of the time)
    from markupsafe._speedups import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - markupsafe built without its speedups
    _escape_str = _replacing


def _by_paragraph(paragraphs: list[Span], spans: list[tuple]) -> list[list[tuple]]:
    """For each paragraph, the spans ``(start, end, ...)`` that overlap it, in their given order.

    When paragraphs come in order without overlapping (as :meth:`Article.paragraphs` gives them), a
    span's first paragraph is found by bisection and only the paragraphs it reaches are visited,
    instead of every span for every paragraph.
    """
    out: list[list[tuple]] = [[] for _ in paragraphs]
    starts = [p.start for p in paragraphs]
    ordered = all(a.end <= b.start for a, b in zip(paragraphs, paragraphs[1:]))
    for span in spans:
        start, end = span[0], span[1]
        i = max(0, bisect_right(starts, start) - 1) if ordered else 0
        while i < len(paragraphs) and (paragraphs[i].start < end or not ordered):
            if paragraphs[i].start < end and paragraphs[i].end > start:
                out[i].append(span)
            i += 1
    return out


def highlight_terms(text: str, query: Optional[str]) -> Markup:
    """``text`` escaped, with each word of ``query`` wrapped in ``<b class="hit">``."""
    words = [w for w in re.findall(r"\w+", query or "") if len(w) > 1]
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(Markup('<b class="hit">{}</b>').format(m.group(0)))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


@dataclass
class TimelinePoint:
    """One statement on a speaker's timeline."""

    date: dt.date
    label: str
    href: str
    colour: str = "c0"
    number: Optional[int] = None  # shown in the dot, matching the numbered list beside the chart


def timeline_svg(points: Iterable[TimelinePoint], *, width: int = 720, row: int = 22) -> Markup:
    """An inline SVG chart: one dot per statement along a date axis, stacked on the same day.

    Each dot is a link to the statement and carries a ``<title>`` (the browser's tooltip). The chart
    needs no script and no style attribute, so it works under the page's Content-Security-Policy.
    """
    pts = sorted(points, key=lambda p: p.date)
    if not pts:
        return Markup("")
    first, last = pts[0].date, pts[-1].date
    span_days = max((last - first).days, 0)
    pad = max(2, span_days // 12)
    lo, hi = first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)
    days = (hi - lo).days or 1
    left, right, top = 36, 36, 12
    stacks: dict[dt.date, int] = {}
    for p in pts:
        stacks[p.date] = stacks.get(p.date, 0) + 1
    tallest = max(stacks.values())
    axis_y = top + tallest * row + 6
    height = axis_y + 34

    def x(d: dt.date) -> float:
        return left + (width - left - right) * (d - lo).days / days

    parts = [
        Markup(
            '<svg class="timeline" viewBox="0 0 {w} {h}" width="100%" role="img" '
            'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        ).format(w=width, h=height, label=f"{len(pts)} statements from {first} to {last}"),
        Markup('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(left, axis_y, width - right, axis_y),
    ]
    for d, label in _ticks(lo, hi):
        parts.append(
            Markup(
                '<line class="tick" x1="{x:.1f}" y1="{y1}" x2="{x:.1f}" y2="{y2}"/>'
                '<text class="tick-label" x="{x:.1f}" y="{ty}" text-anchor="middle">{label}</text>'
            ).format(x=x(d), y1=axis_y, y2=axis_y + 5, ty=axis_y + 19, label=label)
        )
    placed: dict[dt.date, int] = {}
    for p in pts:
        level = placed.get(p.date, 0)
        placed[p.date] = level + 1
        cx, cy = x(p.date), axis_y - 12 - level * row
        label = (
            Markup('<text class="dot-label" x="{:.1f}" y="{}" text-anchor="middle">{}</text>').format(
                cx, cy + 4, p.number
            )
            if p.number is not None
            else Markup("")
        )
        parts.append(
            Markup(
                '<a href="{href}"><title>{title}</title><circle class="dot {colour}" cx="{cx:.1f}" cy="{cy}" r="10"/>'
                "{label}</a>"
            ).format(href=p.href, colour=p.colour, cx=cx, cy=cy, label=label, title=f"{p.date.isoformat()}: {p.label}")
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str]]:
    """Axis ticks: days for a short range, month starts for a longer one, years beyond that."""
    days = (hi - lo).days
    if days <= 31:
        step = max(1, days // 6)
        return [
            (lo + dt.timedelta(days=i), (lo + dt.timedelta(days=i)).strftime("%-d %b"))
            for i in range(0, days + 1, step)
        ]
    if days <= 3 * 365:
        out, d = [], dt.date(lo.year, lo.month, 1)
        every = max(1, (days // 30) // 8)
        n = 0
        while d <= hi:
            if d >= lo and n % every == 0:
                out.append((d, d.strftime("%b %Y") if d.month == 1 or not out else d.strftime("%b")))
            n += 1
            d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return out
    return [(dt.date(y, 1, 1), str(y)) for y in range(lo.year + 1, hi.year + 1)]
