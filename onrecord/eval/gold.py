"""Gold data: the common JSONL format and the seed's ``gold.json``, read into one shape.

Both formats become :class:`GoldDoc` objects whose every offset indexes into ``GoldDoc.text``.
Problems in the input (bad JSON, offsets outside the text, a ``quote_text`` that is not the text at
its offsets) are collected as :class:`LoadProblem` objects naming ``file:line``; with ``strict=True``
the first one raises :class:`~onrecord.errors.InputError` instead. Nothing is silently repaired.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from onrecord.errors import InputError

QUOTE_TYPES = ("direct", "indirect", "mixed", "block")


@dataclass(frozen=True)
class GoldQuote:
    """One annotated attribution: content span, its type, and (when annotated) speaker and cue spans."""

    start: int
    end: int
    text: str
    type: str
    fragments: tuple[tuple[int, int], ...] = ()
    speaker_text: Optional[str] = None
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None
    cue_text: Optional[str] = None
    cue_start: Optional[int] = None
    cue_end: Optional[int] = None
    id: str = ""

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The content as character ranges: the fragments, or the one span when contiguous."""
        return self.fragments or ((self.start, self.end),)

    @property
    def has_speaker(self) -> bool:
        return self.speaker_start is not None and self.speaker_end is not None


@dataclass
class GoldDoc:
    """One article with its gold quotes."""

    id: str
    text: str
    quotes: list[GoldQuote]
    published: Optional[dt.date] = None
    publisher: Optional[str] = None
    title: Optional[str] = None
    source: str = ""
    not_body: list[str] = field(default_factory=list)

    def to_article(self, clean: bool = True):
        """The :class:`~onrecord.model.Article` extraction sees: body = text, so gold offsets hold.

        When ``onrecord.clean.clean_article`` exists and ``clean`` is true it runs too; it blanks
        removed spans to spaces, so offsets stay identical.
        """
        from onrecord.model import Article

        article = Article(
            id=self.id,
            source=self.source or None,
            outlet=self.publisher,
            title=self.title,
            published=self.published,
            body=self.text,
        )
        if clean:
            cleaner = _cleaner()
            if cleaner is not None:
                article = cleaner(article)
        return article


def _cleaner():
    try:
        from onrecord.clean import clean_article
    except ImportError:
        return None
    return clean_article


@dataclass(frozen=True)
class LoadProblem:
    """A defect in a gold file, located as ``path:line`` (line 0 for whole-file problems)."""

    path: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}"


@dataclass
class GoldSet:
    """What a loader returns: the documents it could read and the problems it met."""

    name: str
    docs: list[GoldDoc]
    problems: list[LoadProblem] = field(default_factory=list)

    @property
    def n_quotes(self) -> int:
        return sum(len(d.quotes) for d in self.docs)


def load_gold(path: str | Path, *, strict: bool = False, limit: Optional[int] = None) -> GoldSet:
    """Load a gold dataset, recognising the format from the file: JSONL, or the seed's gold.json."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory; give a .jsonl file or a gold.json")
    if _is_seed_gold(path):
        return load_seed_gold(path, strict=strict)
    return load_jsonl(path, strict=strict, limit=limit)


def _is_seed_gold(path: Path) -> bool:
    if path.suffix.lower() == ".jsonl":
        return False
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4096].lstrip()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from exc
    return head.startswith("{") and '"statements"' in head


# --------------------------------------------------------------------------- common JSONL format


def load_jsonl(path: str | Path, *, strict: bool = False, limit: Optional[int] = None) -> GoldSet:
    """Read the common JSONL format (one article a line; see ``../shared/data/README.md``).

    A line that is not valid JSON or lacks ``text`` is skipped as a whole; a quote whose offsets do
    not fit the text is dropped from its article. Each is reported as a problem with its line number.
    """
    path = Path(path)
    result = GoldSet(name=path.name, docs=[])

    def report(line: int, problem: str) -> None:
        item = LoadProblem(str(path), line, problem)
        if strict:
            raise InputError(f"{path}:{line}", problem)
        result.problems.append(item)

    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from exc
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if limit is not None and len(result.docs) >= limit:
                break
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                report(lineno, f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            doc = _doc_from_json(obj, lineno, report, source=f"{path}:{lineno}")
            if doc is not None:
                result.docs.append(doc)
    if not result.docs and not result.problems:
        raise InputError(str(path), "holds no articles")
    return result


def _doc_from_json(obj, lineno: int, report, *, source: str) -> Optional[GoldDoc]:
    if not isinstance(obj, dict):
        report(lineno, "a line must be a JSON object")
        return None
    text = obj.get("text")
    if not isinstance(text, str):
        report(lineno, "no 'text' string")
        return None
    quotes = []
    for qi, q in enumerate(obj.get("quotes") or []):
        quote = _quote_from_json(q, text, lambda msg, qi=qi: report(lineno, f"quote {qi}: {msg}"))
        if quote is not None:
            quotes.append(quote)
    return GoldDoc(
        id=str(obj.get("id") or f"line{lineno}"),
        text=text,
        quotes=quotes,
        published=_date(obj.get("published")),
        publisher=obj.get("publisher"),
        title=obj.get("title"),
        source=source,
    )


def _quote_from_json(q, text: str, report) -> Optional[GoldQuote]:
    if not isinstance(q, dict):
        report("not a JSON object")
        return None
    try:
        start, end = int(q["quote_start"]), int(q["quote_end"])
    except (KeyError, TypeError, ValueError):
        report("quote_start/quote_end missing or not integers")
        return None
    if not _fits(start, end, text):
        report(f"offsets {start}..{end} are outside the text (length {len(text)})")
        return None
    if "quote_text" in q and text[start:end] != q["quote_text"]:
        report(f"text[{start}:{end}] is {text[start:end][:40]!r}, not quote_text {str(q['quote_text'])[:40]!r}")
        return None
    qtype = q.get("type") or "indirect"
    if qtype not in QUOTE_TYPES:
        report(f"unknown type {qtype!r}")
        return None
    fragments = []
    for frag in q.get("quote_fragments") or []:
        # The README documents {"start", "end", "text"} objects; the PolNeAR files hold [start, end].
        if isinstance(frag, dict):
            fs, fe, ftext = frag.get("start"), frag.get("end"), frag.get("text")
        elif isinstance(frag, (list, tuple)) and len(frag) >= 2:
            fs, fe, ftext = frag[0], frag[1], (frag[2] if len(frag) > 2 else None)
        else:
            report(f"fragment {frag!r} is neither an object nor a [start, end] pair")
            return None
        if not isinstance(fs, int) or not isinstance(fe, int) or not _fits(fs, fe, text):
            report(f"fragment {fs}..{fe} is outside the text")
            return None
        if ftext is not None and text[fs:fe] != ftext:
            report(f"fragment text at {fs}..{fe} differs from its 'text'")
            return None
        fragments.append((fs, fe))
    speaker = _optional_span(q, "speaker", text, report)
    cue = _optional_span(q, "cue", text, report)
    return GoldQuote(
        start=start,
        end=end,
        text=text[start:end],
        type=qtype,
        fragments=tuple(fragments),
        speaker_text=speaker[2],
        speaker_start=speaker[0],
        speaker_end=speaker[1],
        cue_text=cue[2],
        cue_start=cue[0],
        cue_end=cue[1],
        id=str(q.get("attribution_id") or q.get("id") or ""),
    )


def _optional_span(q: dict, name: str, text: str, report) -> tuple[Optional[int], Optional[int], Optional[str]]:
    start, end, value = q.get(f"{name}_start"), q.get(f"{name}_end"), q.get(f"{name}_text")
    if start is None or end is None:
        return None, None, value
    if not isinstance(start, int) or not isinstance(end, int) or not _fits(start, end, text):
        report(f"{name} offsets {start}..{end} are outside the text; {name} ignored")
        return None, None, value
    if value is not None and text[start:end] != value:
        report(f"{name}_text {value!r} is not the text at {start}..{end}; {name} ignored")
        return None, None, value
    return start, end, text[start:end]


def _fits(start: int, end: int, text: str) -> bool:
    return 0 <= start <= end <= len(text)


def _date(value) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- the seed's gold.json


def load_seed_gold(path: str | Path, *, strict: bool = False) -> GoldSet:
    """Read a hand annotation in the seed's ``gold.json`` shape, with the article file named inside it.

    That format gives quote offsets but the speaker and cue only as text; each is located in the
    body as the occurrence nearest the quote (outside it), see :func:`locate_near`.
    """
    path = Path(path)
    result = GoldSet(name=path.name, docs=[])

    def report(line: int, problem: str) -> None:
        if strict:
            raise InputError(f"{path}:{line}", problem)
        result.problems.append(LoadProblem(str(path), line, problem))

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}", f"not valid JSON ({exc.msg})") from exc
    article_name = data.get("article") if isinstance(data, dict) else None
    if not article_name:
        raise InputError(str(path), "no 'article' file named")
    article_path = (path.parent / article_name).resolve()
    if not article_path.exists():
        raise InputError(str(path), f"its article {article_path} does not exist")
    text = article_path.read_text(encoding="utf-8")
    lines = _statement_lines(path)
    quotes = []
    for i, st in enumerate(data.get("statements") or []):
        line = lines[i] if i < len(lines) else 0
        start, end = st.get("quote_start"), st.get("quote_end")
        if not isinstance(start, int) or not isinstance(end, int) or not _fits(start, end, text):
            report(line, f"statement {st.get('id')}: offsets {start}..{end} are outside the article")
            continue
        if st.get("quote") is not None and text[start:end] != st["quote"]:
            report(line, f"statement {st.get('id')}: the article text at {start}..{end} is not its 'quote'")
            continue
        qtype = st.get("type") or "indirect"
        if qtype not in QUOTE_TYPES:
            report(line, f"statement {st.get('id')}: unknown type {qtype!r}")
            continue
        # The cue is found first (nearest the quote); the speaker is then the mention nearest the cue,
        # which is where the annotator read it ("..., he said, threatening:" + a block quote).
        cue = locate_near(text, st.get("cue"), start, end, whole_word=True)
        anchor = cue or (start, end)
        speaker = locate_near(text, st.get("speaker_mention"), anchor[0], anchor[1], avoid=(start, end))
        if st.get("speaker_mention") and speaker is None:
            report(line, f"statement {st.get('id')}: speaker {st['speaker_mention']!r} not found in the article")
        quotes.append(
            GoldQuote(
                start=start,
                end=end,
                text=text[start:end],
                type=qtype,
                speaker_text=st.get("speaker_mention"),
                speaker_start=speaker[0] if speaker else None,
                speaker_end=speaker[1] if speaker else None,
                cue_text=st.get("cue"),
                cue_start=cue[0] if cue else None,
                cue_end=cue[1] if cue else None,
                id=str(st.get("id", i)),
            )
        )
    result.docs.append(
        GoldDoc(
            id=str(data.get("id") or f"{article_path.parent.name}/{article_path.stem}"),
            text=text,
            quotes=quotes,
            published=_date(data.get("published")),
            publisher=data.get("outlet") or data.get("publisher"),
            title=data.get("title"),
            source=str(article_path),
            not_body=list(data.get("not_body_text") or []),
        )
    )
    return result


def _statement_lines(path: Path) -> list[int]:
    """Line numbers of each statement's ``"quote_start"`` key, for error messages (best effort)."""
    text = path.read_text(encoding="utf-8")
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r'"quote_start"\s*:', text)]


def locate_near(
    text: str,
    needle: Optional[str],
    start: int,
    end: int,
    *,
    whole_word: bool = False,
    avoid: Optional[tuple[int, int]] = None,
) -> Optional[tuple[int, int]]:
    """The occurrence of ``needle`` in ``text`` nearest the span ``[start, end)`` and not inside it
    (nor inside ``avoid``, e.g. the quote when searching near its cue).

    Case-sensitive matches are preferred; case-insensitive ones are used only when there is none
    (e.g. "The Kremlin" written "the Kremlin"). Distance is the gap in characters between the
    occurrence and the span. Returns ``(start, end)`` or None.
    """
    if not needle:
        return None
    border = r"\b" if whole_word or needle[:1].isalnum() else ""
    tail = r"\b" if whole_word or needle[-1:].isalnum() else ""
    for flags in (0, re.IGNORECASE):
        pattern = re.compile(border + re.escape(needle) + tail, flags)
        hits = [(m.start(), m.end()) for m in pattern.finditer(text)]
        outside = [h for h in hits if (h[1] <= start or h[0] >= end) and not _inside(h, avoid)]
        if outside:
            return min(outside, key=lambda h: start - h[1] if h[1] <= start else h[0] - end)
    return None


def _inside(hit: tuple[int, int], span: Optional[tuple[int, int]]) -> bool:
    return span is not None and hit[0] < span[1] and hit[1] > span[0]
