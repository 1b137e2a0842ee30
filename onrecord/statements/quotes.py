"""Quotation-mark pairing: where the quoted passages of a text are.

Works on characters, before and independently of the parse, so that a stray or unbalanced
mark can never make a whole article yield nothing (textacy's ``direct_quotations`` gives up on
an odd number of marks). A *line* is a non-blank line of the text (:func:`line_bounds`), not a blank-line
paragraph of :meth:`onrecord.model.Article.paragraphs`. Rules, in the order they apply:

* double marks are the quotation marks: curly “ ”, low „, straight ", guillemets « », and the
  typewriter pairs `` '' and '' '' (three straight marks are a double and a nested single mark at
  once: "…with 'We will win,''' said" closes both); single marks (‘ ’ ') are treated as nested quotations or
  scare quotes, except in a text with no double marks at all, where they are the quotation marks;
* a straight mark's direction comes from its neighbours (after a space or an opening bracket it
  opens, before a space or punctuation it closes);
* a quotation normally ends in its own line; an opening mark left open at the end of a line
  continues when the next line starts with an opening mark (the convention for quotations running
  over several paragraphs, which news text puts one a line), or when the first mark of the lines
  after it closes (text set one sentence a line: '“A.\nB.”' is one quotation; lines with no mark
  between are passed over, up to :data:`RUN_ON_LINES`), and otherwise ends at the end of its line;
* an opening mark met while a quotation is open closes it when it looks like a closing mark
  (a typo such as “…“ or a straight mark facing the wrong way); a closing mark with nothing open
  is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onrecord.text.chars import INVISIBLE

__all__ = ["Quote", "find_quotes", "line_bounds"]

_OPENERS = {"“": "double", "„": "double", "«": "double", "‟": "double", "``": "double"}
_CLOSERS = {"”": "double", "»": "double", "''": "double"}
_AMBIGUOUS = {'"': "double"}
_SINGLE_OPEN = {"‘": "single", "‚": "single", "‹": "single"}
_SINGLE_CLOSE = {"’": "single", "›": "single"}

_MARK = re.compile(r"``|'''|''|[“”„‟«»\"]")
_SINGLE_MARK = re.compile(r"[‘’‚‹›']")
_LINE = re.compile(r"[^\n]+")
# What a line is stripped of at both ends: white space and the invisible characters the parser reads as spaces.
_LINE_TEXT = re.compile(rf"[^\s{INVISIBLE}](?:.*[^\s{INVISIBLE}])?")
# "WALLACE:", "Sen. Kaine:" opening a line of a transcript
_SPEAKER_LABEL = re.compile(r"\s*(?:[A-Z][A-Za-z.'’-]*\s){0,3}[A-Z][A-Za-z.'’-]*:\s")
# How many lines ahead an open quotation may find its closing mark ('“A.\nB.\nC.”', one sentence a
# line); a paragraph-per-line text that leaves a mark open that long has lost its closing mark.
RUN_ON_LINES = 4


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``start``/``end`` bound its content, ``outer_*`` include the marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool = True  # False when the passage ran to the end of a line without a closing mark
    lines: int = 1  # how many lines it runs over

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end


def line_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line of ``text``, stripped (news text puts one paragraph a line)."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group()
        # invisible marks pasted with the text ("\u202a”Sorry …") are no part of the line: the opening
        # mark after one still opens the line
        visible = _LINE_TEXT.search(line)
        if visible is not None:
            out.append((m.start() + visible.start(), m.start() + visible.end()))
    return out


def _direction(text: str, pos: int, length: int) -> str:
    """'open' or 'close' for a straight mark at ``pos`` from the characters around it."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    if before.isspace() or before in "([{—–-/:" or pos == 0:
        return "open" if not after.isspace() else "close"
    if after.isspace() or after in ".,;:!?)]}—–-" or pos + length >= len(text):
        return "close"
    return "open" if not before.isalnum() else "close"


def _marks(text: str, start: int, end: int, single: bool) -> list[tuple[int, int, str]]:
    """``(pos, length, 'open'|'close')`` for each quotation mark in ``text[start:end]``."""
    out = []
    pattern = _SINGLE_MARK if single else _MARK
    for m in pattern.finditer(text, start, end):
        mark, pos = m.group(), m.start()
        if single:
            if mark in _SINGLE_OPEN:
                out.append((pos, 1, "open"))
            elif mark in ("’", "'", "›"):
                before = text[pos - 1] if pos > 0 else " "
                after = text[pos + 1] if pos + 1 < len(text) else " "
                if before.isalnum() and after.isalnum():
                    continue  # an apostrophe: don't, Kharkiv’s
                out.append((pos, 1, _direction(text, pos, 1)))
            continue
        if mark == "'''":
            # a nested quotation ending (or opening) with the outer one: "with 'We will win,''' said"
            # closes the inner single mark, then the double pair; the other way round it opens both
            if _direction(text, pos, 3) == "close":
                out.append((pos + 1, 2, "close"))
            else:
                out.append((pos, 2, "open"))
        elif mark in _OPENERS:
            out.append((pos, len(mark), "open"))
        elif mark in _CLOSERS:
            if mark == "''" and _direction(text, pos, 2) == "open":
                out.append((pos, 2, "open"))
            else:
                out.append((pos, len(mark), "close"))
        else:
            out.append((pos, 1, _direction(text, pos, 1)))
    return out


def find_quotes(text: str, lines: list[tuple[int, int]] | None = None) -> list[Quote]:
    """The quoted passages of ``text`` in order, outermost only (nested quotations stay inside)."""
    if lines is None:
        lines = line_bounds(text)
    single = _MARK.search(text) is None
    quotes: list[Quote] = []
    open_at: int | None = None  # position of the opening mark of the passage being read
    open_len = 0
    open_lines = 1
    closes_on = -1  # the line where a quotation running on over sentence lines finds its closing mark
    for index, (l_start, l_end) in enumerate(lines):
        marks = _marks(text, l_start, l_end, single)
        if open_at is not None:
            # Continuing from the previous line: this one must open with a mark, or lie on the way
            # to the line that closes the quotation.
            if index <= closes_on:
                open_lines += 1
            elif marks and marks[0][0] == l_start and marks[0][2] == "open":
                marks = marks[1:]
                open_lines += 1
            else:
                prev_end = lines[index - 1][1]
                quotes.append(_make(open_at, open_len, prev_end, prev_end, False, open_lines))
                open_at = None
        nested = 0  # curly quotations open inside the passage being read
        for pos, length, kind in marks:
            if open_at is None:
                if kind == "open" or (pos == l_start):
                    open_at, open_len, open_lines = pos, length, 1
                continue
            # A passage is open: any mark that can close it does (mismatched styles included),
            # unless it is glued to the following word, when it is a nested or repeated opener.
            after = text[pos + length] if pos + length < len(text) else " "
            if nested and text[pos] == "”":
                nested -= 1  # “… the “new” span …”: the nested quotation closes, the passage goes on
                continue
            if (
                text[pos] == "“"
                and after.isalnum()
                and pos > 0
                and text[pos - 1].isspace()
                and not _looks_like_fresh_start(text, open_at, pos)
                and _closers_for_nested(text, pos, l_end, nested)
            ):
                nested += 1
                continue
            if kind == "close" or not (after.isalnum() or after in "‘'") or _glued_close(text, pos):
                quotes.append(_make(open_at, open_len, pos, pos + length, True, open_lines))
                open_at = None
            elif (
                pos - (open_at + open_len) > 0
                and text[pos - 1].isspace()
                and _looks_like_fresh_start(text, open_at, pos)
            ):
                # “A … “B — the first passage lost its closing mark; start again here.
                quotes.append(_make(open_at, open_len, _rstrip(text, pos), _rstrip(text, pos), False, open_lines))
                open_at, open_len, open_lines = pos, length, 1
        if open_at is not None:
            following = lines[index + 1] if index + 1 < len(lines) else None
            if following is not None:
                nxt = _marks(text, following[0], min(following[1], following[0] + 3), single)
                if nxt and nxt[0][0] == following[0] and nxt[0][2] == "open":
                    if not _SPEAKER_LABEL.match(text, following[0] + nxt[0][1]):
                        continue  # the quotation runs on into the next line
                    # '"WALLACE: …' opens a new speaker's turn in a transcript: this one ends here
                else:
                    closes_on = _closing_line(text, lines, index, single)
                    if closes_on > index:
                        continue  # '“A.\nB.”': one sentence a line, the closing mark comes lines later
            quotes.append(_make(open_at, open_len, l_end, l_end, False, open_lines))
            open_at = None
    return [q for q in quotes if q.end > q.start]


def _closing_line(text: str, lines: list[tuple[int, int]], index: int, single: bool) -> int:
    """The line after ``index`` whose first quotation mark closes (passing over lines with no mark,
    at most :data:`RUN_ON_LINES` ahead), or -1 when the first mark met opens a new quotation."""
    for ahead in range(index + 1, min(index + 1 + RUN_ON_LINES, len(lines))):
        marks = _marks(text, lines[ahead][0], lines[ahead][1], single)
        if marks:
            if marks[0][2] != "close" or _source_tag(text[lines[ahead][0] : marks[0][0]]):
                return -1
            return ahead
    return -1


_TAG_WORD = re.compile(r"[^\W\d_][\w.’'-]*")


def _source_tag(words: str) -> bool:
    """A pull quote's source line inside its marks ('"Everybody …\nDonald Trump."', 'Amy Pope, deputy
    advisor."'): a few words whose part before the first comma ends in a capitalised name. The
    quotation ends at the line before; the tag names its source."""
    found = _TAG_WORD.findall(words.split(",")[0])
    return len(_TAG_WORD.findall(words)) <= 10 and len(found) >= 2 and all(w[0].isupper() for w in found[-2:])


def _glued_close(text: str, pos: int) -> bool:
    """'…on trade,"Jane Roe said': a straight mark after the sentence mark that ends a passage, the space
    after it lost. Read while a passage is open, it closes it (news puts that comma inside the marks);
    a nested quotation inside double marks takes single ones."""
    return text[pos] == '"' and pos > 0 and text[pos - 1] in ",.!?"


def _closers_for_nested(text: str, pos: int, l_end: int, nested: int) -> bool:
    """Whether the rest of the line holds closing marks for a curly quotation opened at ``pos`` inside
    another (with ``nested`` already open) and for the outer one too: “A “B” C” has two after “B, while
    “A “B” ends with the passage's own mark missing, and the inner mark is the outer's typo."""
    rest = text[pos + 1 : l_end]
    return rest.count("”") >= nested + 2 + rest.count("“")


def _looks_like_fresh_start(text: str, open_at: int, pos: int) -> bool:
    """Whether a second opener probably begins a new passage (the one before ended a sentence)."""
    before = text[open_at:pos].rstrip()
    return before[-1:] in ".!?,:;" if before else False


def _rstrip(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def _make(open_at: int, open_len: int, close_at: int, close_end: int, closed: bool, lines: int) -> Quote:
    return Quote(
        start=open_at + open_len,
        end=close_at,
        outer_start=open_at,
        outer_end=close_end,
        closed=closed,
        lines=lines,
    )
