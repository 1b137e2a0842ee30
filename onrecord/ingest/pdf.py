"""PDF press releases and reports: text lines with their positions (pdfminer.six) → an :class:`Article`.

pdfminer.six was chosen over pypdf by measured text quality on PDFs the tests generate (see
``scripts/pdf_quality.py``): it gives each line's position on the page, which puts columns in reading
order and finds headers and footers by where they are, not only by what they say.

From the lines of each page:

* **page furniture**: a line in the top or bottom margin band that is a page number ("Page 3 of 5"), or
  that recurs (digits aside) on half the pages or more, is a running header or footer. It stays in the raw
  text on a line of its own and is set aside as a :class:`~onrecord.model.RemovedSpan` (reasons
  ``page_header``, ``page_footer``, ``page_number``), blanked in the body as :mod:`onrecord.clean` does;
* **paragraphs**: lines of one text block form a paragraph, split where a line ends a sentence short of
  the right margin; a paragraph cut by a column or page break (its last line full and not ending a
  sentence, the next in the same font) is rejoined;
* **wrapped lines** are joined with a space; a word **hyphenated** at a line end is rejoined without its
  hyphen, unless the document spells it with a hyphen elsewhere ("long-term") or the hyphen follows
  another one ("street-by-street").

The raw text is the reconstructed text (pages in order, paragraphs separated by blank lines), and
:attr:`Article.page_starts` holds the offset where each page begins, from which each statement gets
its page. A PDF with no text layer (a scan) is refused with an :class:`InputError` that says to OCR it.
"""

from __future__ import annotations

import io
import re
import statistics
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from onrecord.errors import InputError
from onrecord.model import Article, RemovedSpan
from onrecord.rulefiles import load_rule_file

__all__ = [
    "PdfLine",
    "PdfText",
    "article_from_pdf",
    "assemble",
    "check_text_layer",
    "looks_like_pdf",
    "pdf_lines",
    "read_pdf",
]


@dataclass
class PdfLine:
    """One line of text on a page, where a reader found it."""

    text: str
    top: Optional[float] = None  # distance from the page top, as a share of the page height; None: unknown
    block: Optional[int] = None  # the text block (pdfminer box) on its page; None: unknown
    width: float = 0.0  # in points (or characters, for a reader without positions)
    height: Optional[float] = None  # the line height in points: the font size, give or take
    page: int = 0  # 0-based, set by assemble
    furniture: Optional[str] = None  # the reason, once it is found to be a header, footer or page number
    rule: Optional[str] = None


@dataclass
class PdfText:
    """The text rebuilt from a PDF, what it set aside, and where each page begins."""

    text: str
    removed: list[RemovedSpan]
    page_starts: list[int]
    paragraphs: int


@dataclass(frozen=True)
class _Rules:
    margin: float
    margin_lines: int
    repeat_share: float
    full_line: float
    same_size: float
    page_number: tuple[re.Pattern, ...]
    paragraph_end: re.Pattern
    max_page_chars: int
    max_pages: int
    max_seconds: float


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_rule_file(Path(__file__).with_name("pdf_rules.json"))
    return _Rules(
        margin=float(data["margin"]),
        margin_lines=int(data["margin_lines"]),
        repeat_share=float(data["repeat_share"]),
        full_line=float(data["full_line"]),
        same_size=float(data["same_size"]),
        page_number=tuple(re.compile(p) for p in data["page_number"]),
        paragraph_end=re.compile(data["paragraph_end"]),
        max_page_chars=int(data["max_page_chars"]),
        max_pages=int(data["max_pages"]),
        max_seconds=float(data["max_seconds"]),
    )


def looks_like_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF file: it starts with the ``%PDF-`` signature (after blank space). Readers
    allow junk before it, but a text that quotes the signature must stay a text."""
    return data[:1024].lstrip(b" \t\r\n\x00").startswith(b"%PDF-")


def read_pdf(data: bytes, source: str) -> PdfText:
    """The text of the PDF ``data`` (see the module docstring). Raises :class:`InputError` for a PDF that
    cannot be read, is encrypted, or has no text layer."""
    pages = pdf_lines(data, source)
    check_text_layer(pages, source)
    return assemble(pages)


_CID = re.compile(r"\(cid:\d+\)")
MAX_CID_SHARE = 0.2  # more of the text than this in "(cid:N)" glyph codes and it cannot be read


def check_text_layer(pages: list[list[PdfLine]], source: str) -> None:
    """Refuse a PDF whose text cannot be had: no text layer at all (a scan), or text in fonts without a
    Unicode map (pdfminer gives their glyphs as ``(cid:N)``), which would be an article of gibberish."""
    text = "".join(line.text for page in pages for line in page)
    if not text.strip():
        raise InputError(
            source,
            f"PDF with no text layer ({len(pages)} page(s) of images or drawings, a scan?); "
            "run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) and extract the result",
        )
    coded = sum(len(m.group()) for m in _CID.finditer(text))
    if coded > MAX_CID_SHARE * len(text):
        raise InputError(
            source,
            f"PDF text is in fonts without a Unicode map ({coded / len(text):.0%} unreadable glyph codes); "
            "run OCR on it (e.g. `ocrmypdf --force-ocr in.pdf out.pdf`) and extract the result",
        )


def article_from_pdf(
    data: bytes, source: str, *, digest: str, url: Optional[str] = None, meta: Optional[dict] = None
) -> Article:
    """The uncleaned :class:`Article` of a PDF: its rebuilt text, furniture set aside and blanked, pages marked."""
    from onrecord.ingest.text import headline

    pdf = read_pdf(data, source)
    chars = list(pdf.text)
    for span in pdf.removed:
        chars[span.start : span.end] = " " * (span.end - span.start)
    body = "".join(chars)
    extra = {**(meta or {}), "format": "pdf", "pages": str(len(pdf.page_starts))}
    return Article(
        id=digest,
        source=source,
        url=url,
        title=headline(body.lstrip()),
        body=body,
        removed=pdf.removed,
        page_starts=pdf.page_starts,
        content_hash=digest,
        meta=extra,
    )


def pdf_lines(data: bytes, source: str) -> list[list[PdfLine]]:
    """The lines of each page, through pdfminer.six's layout analysis, blocks in reading order."""
    from pdfminer.layout import LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    pages = []
    try:
        for layout in _bounded_layouts(data, source):
            height = layout.height or 1.0
            blocks = [el for el in layout if isinstance(el, (LTTextBox, LTTextLine))]
            lines = []
            for number, block in enumerate(_reading_order(blocks, layout.width)):
                for line in block if isinstance(block, LTTextBox) else [block]:
                    if not isinstance(line, LTTextLine):
                        continue
                    text = line.get_text().strip()
                    if text:
                        lines.append(
                            PdfLine(
                                text=text,
                                top=max(0.0, (height - line.y1) / height),
                                block=number,
                                width=line.x1 - line.x0,
                                height=line.y1 - line.y0,
                            )
                        )
            pages.append(lines)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError(source, f"encrypted PDF ({exc.__class__.__name__}); decrypt it first") from None
    except (PDFException, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        detail = f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
        raise InputError(source, f"not a readable PDF ({detail})") from None
    return pages


class _TooMuch(Exception):
    """A page or a document past the bounds of :func:`_bounded_layouts`."""


def _bounded_layouts(data: bytes, source: str):
    """pdfminer's page layouts (what ``pdfminer.high_level.extract_pages`` yields), refusing a page that
    draws more than ``max_page_chars`` characters before its layout analysis, which costs far more than
    linear time in them (a 2 KB PDF drawing 160,000 tiny characters on one page took minutes), a
    document of more than ``max_pages`` pages, and one still being read after ``max_seconds``. One bad
    upload must not hold a server thread (or a batch) for minutes."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    rules = _rules()
    deadline = time.monotonic() + rules.max_seconds

    def check_time() -> None:
        if time.monotonic() > deadline:
            raise _TooMuch(f"still being read after {rules.max_seconds:.0f} s")

    class BoundedAggregator(PDFPageAggregator):
        chars = 0

        def begin_page(self, page, ctm) -> None:
            self.chars = 0
            super().begin_page(page, ctm)

        def render_char(self, *args, **kwargs) -> float:
            self.chars += 1
            if self.chars > rules.max_page_chars:
                raise _TooMuch(f"a page draws more than {rules.max_page_chars:,} characters")
            if self.chars % 1000 == 0:
                check_time()
            return super().render_char(*args, **kwargs)

    resources_ = PDFResourceManager(caching=True)
    device = BoundedAggregator(resources_, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources_, device)
    try:
        for number, page in enumerate(PDFPage.get_pages(io.BytesIO(data), caching=True), 1):
            if number > rules.max_pages:
                raise _TooMuch(f"more than {rules.max_pages:,} pages")
            check_time()
            interpreter.process_page(page)
            yield device.get_result()
    except _TooMuch as exc:
        raise InputError(source, f"PDF not read: {exc} (split it, or extract its text another way)") from None
    except RecursionError:  # pdfminer's layout grouping recurses per nested box
        raise InputError(source, "PDF not read: its page layout nests too deeply to analyse") from None


def _reading_order(blocks: list, page_width: float) -> list:
    """Blocks column by column, each column top to bottom; a wide block (across the columns: a headline,
    a closing paragraph) is read where it stands, between the column text above and below it.

    Columns are found from the narrow blocks (under 60% of the page width) whose horizontal extents
    overlap. Blocks need ``x0, x1, y0, y1`` (PDF points, y upwards), as pdfminer's have."""

    def wide(b) -> bool:
        return b.x1 - b.x0 >= 0.6 * page_width

    narrow = sorted((b for b in blocks if not wide(b)), key=lambda b: b.x0)
    columns: list[list[float]] = []  # [x0, x1] of each column found
    for b in narrow:
        if columns and b.x0 < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], b.x1)
        else:
            columns.append([b.x0, b.x1])
    wides = sorted((b for b in blocks if wide(b)), key=lambda b: -b.y1)

    def key(b) -> tuple:
        if wide(b):
            return (wides.index(b), 0, 0, 0.0)
        above = sum(1 for w in wides if w.y0 >= b.y1)  # wide blocks wholly above this one
        column = next((i for i, (lo, hi) in enumerate(columns) if lo <= b.x0 < hi), len(columns))
        return (above - 1, 1, column, -b.y1)

    return sorted(blocks, key=key)


# --- from lines to text: shared by every reader (scripts/pdf_quality.py feeds pypdf's lines in too) -------


def assemble(pages: list[list[PdfLine]]) -> PdfText:
    """Rebuild the text of ``pages`` (each a list of lines in reading order), setting furniture aside."""
    rules = _rules()
    for page in pages:
        for ln in page:
            ln.text = _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), ln.text)
    _mark_furniture(pages, rules)
    compounds = _hyphenated_words(pages)
    paragraphs = _paragraphs(pages, rules)

    text_parts: list[str] = []
    removed: list[RemovedSpan] = []
    page_firsts: dict[int, int] = {}
    pos = 0

    def emit(piece: str) -> int:
        nonlocal pos
        if text_parts:
            text_parts.append("\n\n")
            pos += 2
        start = pos
        text_parts.append(piece)
        pos += len(piece)
        return start

    for item in paragraphs:
        if isinstance(item, PdfLine):  # a furniture line, on a line of its own
            start = emit(item.text)
            page_firsts.setdefault(item.page, start)
            removed.append(
                RemovedSpan(
                    start=start, end=start + len(item.text), text=item.text, reason=item.furniture, rule=item.rule
                )
            )
            continue
        joined, line_starts = _join_lines([ln.text for ln in item], compounds)
        start = emit(joined)
        for ln, offset in zip(item, line_starts):
            page_firsts.setdefault(ln.page, start + offset)
    page_starts, last = [], 0
    for number in range(len(pages)):
        last = max(last, page_firsts.get(number, last))
        page_starts.append(last)
    return PdfText(
        text="".join(text_parts),
        removed=removed,
        page_starts=page_starts,
        paragraphs=sum(1 for item in paragraphs if not isinstance(item, PdfLine)),
    )


# Typographic ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) come out of many PDFs as one character; words need letters.
_LIGATURE = re.compile("[\ufb00-\ufb06]")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _margin_lines(page: list[PdfLine], rules: _Rules) -> list[tuple[PdfLine, str]]:
    """The lines of ``page`` that could be furniture, each with ``"top"`` or ``"bottom"``."""
    if page and all(ln.top is not None for ln in page):
        return [
            (ln, "top" if ln.top < rules.margin else "bottom")
            for ln in page
            if ln.top < rules.margin or ln.top > 1 - rules.margin
        ]
    n = rules.margin_lines
    head = [(ln, "top") for ln in page[:n]]
    return head + [(ln, "bottom") for ln in page[max(n, len(page) - n) :]]


def _mark_furniture(pages: list[list[PdfLine]], rules: _Rules) -> None:
    for number, page in enumerate(pages):
        for ln in page:
            ln.page = number
    margins = [_margin_lines(page, rules) for page in pages]
    counts: dict[str, int] = {}
    for lines in margins:
        for key in {_key(ln.text) for ln, _ in lines}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, rules.repeat_share * len(pages))
    for lines in margins:
        for ln, where in lines:
            if any(p.fullmatch(ln.text) for p in rules.page_number):
                ln.furniture, ln.rule = "page_number", "page_number: a page number alone in the margin"
            elif counts[_key(ln.text)] >= needed:
                ln.furniture = f"page_{'header' if where == 'top' else 'footer'}"
                ln.rule = f"{ln.furniture}: on {counts[_key(ln.text)]} of {len(pages)} pages, in the {where} margin"


def _is_full(line: PdfLine, full_width: float, rules: _Rules) -> bool:
    return full_width > 0 and line.width >= rules.full_line * full_width


def _same_font(a: PdfLine, b: PdfLine, rules: _Rules) -> bool:
    if a.height is None or b.height is None:
        return True
    return abs(a.height - b.height) <= rules.same_size * max(a.height, b.height)


def _full_width(page: list[PdfLine]) -> float:
    """A page's full line width (per column): the median width of lines that another line follows in
    their block, which are wrapped at the right margin, or of all lines when there are no such lines."""
    wrapped = [a.width for a, b in zip(page, page[1:]) if a.block is not None and a.block == b.block]
    widths = wrapped or [ln.width for ln in page]
    return statistics.median(widths) if widths else 0.0


def _paragraphs(pages: list[list[PdfLine]], rules: _Rules) -> list:
    """Body paragraphs (lists of lines) and furniture lines (alone), in reading order. Furniture that
    falls inside a paragraph cut by a page break goes right after that paragraph."""
    out: list = []
    current: list[PdfLine] = []
    held: list[PdfLine] = []  # furniture met while a paragraph is open
    prev_full = False  # the open paragraph's last line reached the right margin of its page

    def close() -> None:
        nonlocal current
        if current:
            out.append(current)
            current = []
        out.extend(held)
        held.clear()

    for page in pages:
        body = [ln for ln in page if ln.furniture is None]
        full_width = _full_width(body)
        for ln in page:
            if ln.furniture is not None:
                (held if current else out).append(ln)
                continue
            if current:
                last = current[-1]
                ends = bool(rules.paragraph_end.search(last.text))
                if last.block is not None and ln.block == last.block and last.page == ln.page:
                    go_on = not (ends and not prev_full) and _same_font(last, ln, rules)
                else:  # a new block, column or page: a cut paragraph only
                    go_on = prev_full and not ends and _same_font(last, ln, rules)
                    if last.block is None and ln.page == last.page:
                        go_on = not (ends and not prev_full)  # no blocks known: short lines end paragraphs
                if not go_on:
                    close()
            current.append(ln)
            prev_full = _is_full(ln, full_width, rules)
    close()
    return out


_WORD_HYPHEN = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")
_LINE_END_HYPHEN = re.compile(r"(?:(-)?([^\W\d_]+))[-\u00ad]$")
_LEADING_WORD = re.compile(r"[^\W\d_]+")


def _hyphenated_words(pages: list[list[PdfLine]]) -> set[str]:
    """Words the document spells with a hyphen inside a line ("long-term"), lower-cased."""
    return {m.group(0).lower() for page in pages for ln in page for m in _WORD_HYPHEN.finditer(ln.text)}


def _join_lines(lines: list[str], compounds: set[str]) -> tuple[str, list[int]]:
    """The lines of one paragraph as one line, and the offset in it where each line starts."""
    out, starts = "", []
    for line in lines:
        if not out:
            starts.append(0)
            out = line
            continue
        end = _LINE_END_HYPHEN.search(out)
        lead = _LEADING_WORD.match(line)
        if out.endswith("\u00ad"):
            out = out[:-1]  # a soft hyphen only ever marks a break
        elif end and lead and line[0].islower():
            compound = f"{end.group(2)}-{lead.group(0)}".lower()
            if end.group(1) is None and compound not in compounds:
                out = out[:-1]  # a word broken at the margin: "infra-" + "structure"
        elif not (end and lead):
            out += " "
        starts.append(len(out))
        out += line
    return out, starts
