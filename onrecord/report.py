"""The terminal report of one :class:`~onrecord.model.Record`: what ``onrecord extract`` shows a person.

Layout, top to bottom: the article's metadata (title, outlet, date and how it was found, language), the
counts, the non-body lines that cleaning set aside (dimmed, each with its reason), then the statements
grouped by speaker — the speaker's name, role, kind and whether they are anonymous, and for each
statement its type, act, cue, outlet, date and confidence (marked "uncertain" below
:data:`~onrecord.model.UNCERTAIN_BELOW`), with the quote highlighted inside its paragraph.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Optional

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from onrecord.model import Article, Record, Span, Speaker, Statement, is_uncertain

QUOTE_STYLE = "bold black on yellow"
CUE_STYLE = "bold cyan"
SPEAKER_STYLE = "bold magenta"
UNCERTAIN_STYLE = "bold yellow"
MAX_CONTEXT_CHARS = 600  # paragraphs longer than this are shown as a window around the quote
CONTEXT_CHARS = 150  # characters of context on each side of the quote in that window


def render_record(record: Record, console: Optional[Console] = None) -> None:
    """Print ``record`` to ``console`` (stdout by default) as a readable report."""
    console = console or Console()
    for part in report_parts(record):
        console.print(part)


def report_parts(record: Record) -> list:
    """The report as a list of Rich renderables (handy for tests and for embedding)."""
    article = record.article
    paragraphs = article.paragraphs()  # once: every statement is shown inside its paragraph
    parts: list = [_header(record), _counts(record, paragraphs)]
    if article.removed:
        parts.append(_removed(article))
    parts.append(Rule("Statements by speaker", style="dim"))
    if not record.statements:
        parts.append(Text("No attributed statements found.", style="italic"))
    for speaker, statements in group_by_speaker(record):
        parts.append(_speaker_block(record, speaker, statements, paragraphs))
    return parts


def group_by_speaker(record: Record) -> list[tuple[Optional[Speaker], list[Statement]]]:
    """Statements grouped by speaker, speakers in order of their first statement; unattributed last."""
    groups: dict[Optional[str], list[Statement]] = defaultdict(list)
    for st in sorted(record.statements, key=lambda s: s.quote.start):
        key = st.speaker_id if record.speaker(st.speaker_id) else None
        groups[key].append(st)
    ordered = [k for k in groups if k is not None] + ([None] if None in groups else [])
    return [(record.speaker(k), groups[k]) for k in ordered]


def _header(record: Record) -> Panel:
    a = record.article
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    rows = [("Outlet", a.outlet or "—")]
    if a.authors:
        rows.append(("By", ", ".join(a.authors)))
    rows.append(("Published", _published(a)))
    lang = a.language or "?"
    if a.language_confidence is not None:
        lang += f" ({a.language_confidence:.2f})"
    rows += [("Language", lang), ("Source", a.url or a.source or "—")]
    for label, value in rows:
        grid.add_row(label, Text(value))  # Text, not markup: values are data from the page
    title = Text(a.title or "(untitled)", style="bold")
    return Panel(Group(title, Text(""), grid), border_style="dim")


def _published(a: Article) -> str:
    if a.published is None:
        return "unknown"
    text = f"{a.published.isoformat()} ({a.published_method.value}"
    if a.published_method.value not in ("user",):
        text += f", confidence {a.published_confidence:.2f}"
    text += ")"
    if a.published_evidence and a.published_method.value == "text":
        text += f" — {a.published_evidence}"
    return text


def _counts(record: Record, paragraphs: list[Span]) -> Text:
    a = record.article
    kinds = defaultdict(int)
    for st in record.statements:
        kinds[st.type] += 1
    by_type = ", ".join(f"{n} {t}" for t, n in sorted(kinds.items()))
    words = len(a.body.split())
    return Text(
        f"{words} words · {len(paragraphs)} paragraphs · {len(a.removed)} non-body lines set aside · "
        f"{len(record.statements)} statements"
        + (f" ({by_type})" if by_type else "")
        + f" · {len(record.speakers)} speakers",
        style="dim",
    )


def _removed(article: Article) -> Group:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim italic", no_wrap=True)
    table.add_column(style="dim", overflow="fold")
    for span in article.removed:
        table.add_row(Text(f"[{span.reason}]"), Text(_shorten(span.text, 200)))  # Text: no markup parsing
    return Group(Text("Set aside as not body text:", style="bold dim"), Padding(table, (0, 0, 0, 2)))


def _speaker_block(
    record: Record, speaker: Optional[Speaker], statements: list[Statement], paragraphs: list[Span]
) -> Group:
    head = Text()
    if speaker is None:
        head.append("Unattributed", style=SPEAKER_STYLE)
    else:
        head.append(speaker.name, style=SPEAKER_STYLE)
        facts = [speaker.kind]
        if speaker.role and speaker.role.lower() not in speaker.name.lower():
            facts.insert(0, speaker.role)
        if speaker.affiliation:
            facts.append(speaker.affiliation)
        if speaker.anonymous:
            facts.append("anonymous")
        head.append("  " + " · ".join(facts), style="dim")
        if speaker.aliases:
            head.append(f"  aka {', '.join(speaker.aliases)}", style="dim italic")
    head.append(f"  ({len(statements)})", style="dim")
    items = [head]
    for st in statements:
        items.append(Padding(_statement(record.article, st, paragraphs), (0, 0, 0, 2)))
    return Group(*items, Text(""))


def _statement(article: Article, st: Statement, paragraphs: list[Span]) -> Group:
    facts = Text("• ", style="bold")
    facts.append(st.type, style="bold")
    facts.append(f" {st.act}")
    if st.cue:
        facts.append("  cue ")
        facts.append(st.cue.text, style=CUE_STYLE)
    if st.speaker_mention:
        facts.append(f"  as “{st.speaker_mention.text}”", style="dim")
    if st.outlet:
        facts.append(f"  to {st.outlet}")
    if st.date:
        facts.append(f"  on {st.date.isoformat()}")
        if st.date_text:
            facts.append(f" (“{st.date_text}”)", style="dim")
    if st.page is not None:
        facts.append(f"  page {st.page}", style="dim")
    facts.append(f"  confidence {st.confidence:.2f}", style="dim")
    if is_uncertain(st.confidence):
        facts.append("  uncertain", style=UNCERTAIN_STYLE)
    return Group(facts, Padding(quote_in_paragraph(article, st, paragraphs), (0, 0, 0, 2)))


def quote_in_paragraph(article: Article, st: Statement, paragraphs: Optional[list[Span]] = None) -> Text:
    """The paragraph(s) around a statement's quote, with the quote (or its fragments) and cue styled.

    ``paragraphs`` are ``article.paragraphs()`` when the caller already has them.
    """
    body = article.body
    start, end = st.quote.start, st.quote.end
    para = _enclosing(article, paragraphs if paragraphs is not None else article.paragraphs(), start, end)
    lo, hi = para.start, para.end
    if hi - lo > MAX_CONTEXT_CHARS:  # a long paragraph: a window of context around the quote
        lo = max(lo, start - CONTEXT_CHARS)
        lo = body.find(" ", lo, start) + 1 if lo > para.start and " " in body[lo:start] else lo
        hi = min(hi, end + CONTEXT_CHARS)
        hi = body.rfind(" ", end, hi) if hi < para.end and " " in body[end:hi] else hi
    text = Text(("… " if lo > para.start else "") + body[lo:hi] + (" …" if hi < para.end else ""))
    shift = 2 if lo > para.start else 0
    pieces = st.fragments or [st.quote]
    for piece in pieces:
        _style(text, piece, lo, hi, shift, QUOTE_STYLE)
    if st.cue:
        _style(text, st.cue, lo, hi, shift, CUE_STYLE)
    if st.speaker_mention:
        _style(text, st.speaker_mention, lo, hi, shift, SPEAKER_STYLE)
    return text


def _style(text: Text, span: Span, lo: int, hi: int, shift: int, style: str) -> None:
    s, e = max(span.start, lo), min(span.end, hi)
    if s < e:
        text.stylize(style, s - lo + shift, e - lo + shift)


def _enclosing(article: Article, paras: list[Span], start: int, end: int) -> Span:
    """The paragraphs that hold ``[start, end)`` (a quote may run over several)."""
    inside = [p for p in paras if p.end > start and p.start < end] or [p for p in paras if p.start <= start < p.end + 2]
    if not inside:
        return Span.of(article.body, start, end)
    return Span.of(article.body, inside[0].start, inside[-1].end)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
