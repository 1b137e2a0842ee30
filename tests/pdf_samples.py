"""PDFs written by the tests themselves (reportlab), with the text that went into them.

Every word here is ours. Each sample is laid out line by line on a canvas, so we know exactly what the
reader must give back: the paragraphs (the body), and the header, footer and page-number lines it must set
aside. Long words that do not fit at the end of a line are hyphenated, a paragraph runs over a page break,
and one sample has two columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TITLE = "Riverside Water Authority to replace lead pipes by 2027"
PARAGRAPHS = [
    "The Riverside Water Authority announced on Monday a programme to replace every remaining lead "
    "service pipe in the city within three years, at an estimated cost of 48 million dollars.",
    "“No family in Riverside should have to wonder whether the water from their kitchen tap is safe,” "
    "said Maria Okonkwo, the authority's chief executive. “This programme removes that worry for good.”",
    "Okonkwo said the replacement work would begin in the northern neighbourhoods, where the oldest "
    "infrastructure is concentrated, and move south street by street. Residents will receive a letter "
    "at least four weeks before crews arrive, and the authority will cover the full cost of the work on "
    "private property.",
    "The long-term financing comes from a combination of federal grants and a low-interest loan approved "
    "by the city council last month. Council member Daniel Reyes, who chairs the infrastructure committee, "
    "said the council had unanimously supported the long-term plan because it protects children first.",
    "According to the authority, roughly 6,200 homes are still connected to the mains through lead pipes. "
    "Independent engineers who reviewed the programme said the timetable was ambitious but achievable, "
    "provided that contractors can be recruited quickly enough.",
    "Environmental groups welcomed the announcement. “We have campaigned for this for a decade,” said "
    "Priya Natarajan of the Clean Rivers Coalition. She added that the coalition would monitor the "
    "progress of the replacements and publish its own quarterly assessments.",
    "The authority said households that want to check their own connection can request a free "
    "inspection through its customer service centre, and that temporary filters will be distributed to "
    "every affected address before the construction begins.",
    "Okonkwo told reporters that the authority expected to publish a detailed street-by-street schedule "
    "in the autumn. “We will be transparent about every delay and every dollar,” she said.",
]
HEADER = "Riverside Water Authority · Press Office"
FOOTER = "For media enquiries: press@riverside-water.example"


@dataclass
class Sample:
    """A generated PDF and what should come back out of it."""

    path: Path
    title: str
    paragraphs: list[str]
    furniture: list[str] = field(default_factory=list)  # every header/footer/page-number line, in order
    pages: int = 0

    @property
    def body(self) -> str:
        return "\n\n".join([self.title, *self.paragraphs])


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    """Greedy wrap to ``width`` points; a long word that does not fit is hyphenated (or split at its own
    hyphen), as a typesetter does."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    words = text.split(" ")
    i = 0
    while i < len(words):
        word = words[i]
        trial = f"{line} {word}" if line else word
        if stringWidth(trial, font, size) <= width:
            line, i = trial, i + 1
            continue
        room = width - stringWidth(f"{line} " if line else "", font, size)
        head = None
        if "-" in word.strip("-"):
            first = word[: word.index("-") + 1]
            if stringWidth(first, font, size) <= room:
                head, rest = first, word[len(first) :]
        elif len(word) >= 8 and word.isalpha():
            for cut in range(len(word) - 3, 2, -1):
                if stringWidth(word[:cut] + "-", font, size) <= room:
                    head, rest = word[:cut] + "-", word[cut:]
                    break
        if head is not None:
            lines.append(f"{line} {head}" if line else head)
            words[i] = rest
        else:
            lines.append(line)
        line = ""
    if line:
        lines.append(line)
    return lines


def _wrap_indented(text: str, width: float, first_indent: float, font: str, size: float) -> list[str]:
    """As :func:`_wrap`, the first line ``first_indent`` points narrower."""
    if not first_indent:
        return _wrap(text, width, font, size)
    first = _wrap(text, width - first_indent, font, size)[0]
    rest = text[len(first) :].lstrip() if not first.endswith("-") else text[len(first) - 1 :]
    return [first, *(_wrap(rest, width, font, size) if rest else [])]


def write_release(path: Path, *, columns: int = 1, indent: bool = False, paragraphs: list[str] = PARAGRAPHS) -> Sample:
    """A press release: title, paragraphs flowing over pages (and columns), header, footer, page numbers.

    One column is set on A5 pages, two columns on landscape A5 pages. With ``indent``, paragraphs are
    told apart by a first-line indent only, with no space between them, as in many reports."""
    from reportlab.lib.pagesizes import A5, landscape
    from reportlab.pdfgen import canvas

    page_w, page_h = A5 if columns == 1 else landscape(A5)
    margin, gutter = 50.0, 24.0
    font, size, leading = "Helvetica", 12.0 if columns == 1 else 10.0, 16.0 if columns == 1 else 13.0
    col_w = (page_w - 2 * margin - gutter * (columns - 1)) / columns
    top, bottom = page_h - 90.0, 80.0

    # Lay every line out first, to know how many pages there are.
    placed: list[tuple[int, float, float, str, str, float]] = []  # page, x, y, text, font, size
    page, col, y = 0, 0, top - 30.0
    placed.append((0, margin, top, TITLE, "Helvetica-Bold", 15.0))
    first_indent = 18.0 if indent else 0.0
    for para in paragraphs:
        for n, line in enumerate(_wrap_indented(para, col_w, first_indent, font, size)):
            if y < bottom:
                col += 1
                if col == columns:
                    page, col = page + 1, 0
                y = top - 30.0 if page == 0 else top  # below the title on the first page
            placed.append(
                (page, margin + col * (col_w + gutter) + (first_indent if n == 0 else 0), y, line, font, size)
            )
            y -= leading
        y -= 0 if indent else leading * 0.8  # the gap between paragraphs
    pages = page + 1

    c = canvas.Canvas(str(path), pagesize=(page_w, page_h))
    furniture = []
    for p in range(pages):
        # Drawn row by row across the columns, and the page furniture last: the order in the file is not
        # the reading order, as with many layout programs, so a reader has to use the positions.
        for pg, x, yy, text, f, s in sorted(placed, key=lambda item: (-item[2], item[1])):
            if pg == p:
                c.setFont(f, s)
                c.drawString(x, yy, text)
        c.setFont("Helvetica", 9)
        c.drawString(margin, page_h - 45, HEADER)
        c.drawString(margin, 40, FOOTER)
        number = f"Page {p + 1} of {pages}"
        c.drawRightString(page_w - margin, 40, number)
        furniture += [HEADER, FOOTER, number]
        c.showPage()
    c.save()
    return Sample(path=path, title=TITLE, paragraphs=list(paragraphs), furniture=furniture, pages=pages)


def write_scan(path: Path) -> Path:
    """A PDF with a page of drawings and no text layer, as a scanner without OCR makes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for row in range(40):
        c.rect(60, 780 - row * 18, 300 + (row * 37) % 170, 9, fill=1, stroke=0)  # "lines of print"
    c.showPage()
    c.save()
    return path
