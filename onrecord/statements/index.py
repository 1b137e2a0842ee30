"""The per-document index of the statement pass: token starts, quotations and lines, built once.

A *line* is a non-blank line of the body (:func:`~onrecord.statements.quotes.line_bounds`; news text puts
one paragraph on a line), the unit the cue rules and quotation pairing read within. It is not a paragraph of
:meth:`onrecord.model.Article.paragraphs` (a block between blank lines, which may hold several lines), which
is what :attr:`onrecord.model.Statement.paragraph` counts.

Also the cheap first filter of the cue loop (:func:`_possible_cues`): the tokens that can be cues at all.
"""

from __future__ import annotations

import bisect
from typing import Optional

import numpy
from spacy.attrs import IDX, LOWER, POS
from spacy.parts_of_speech import IDS as UNIVERSAL_POS
from spacy.strings import hash_string  # type: ignore[attr-defined]

from onrecord.statements.lexicon import lexicon
from onrecord.statements.quotes import Quote, find_quotes, line_bounds

_EDGE_PUNCT = set(",.;:!?—–-…()[]\"'“”‘’„«»`") | {"\u2015"}


_FINAL = {".", "!", "?"}


_QUOTE_CHARS = set("\"'“”‘’„«»‹›`")


class _DocIndex:
    """Per-document lookups built once: token starts, quotations, lines."""

    def __init__(self, doc, body: str):
        self.doc = doc
        self.body = body
        self.lines = line_bounds(body)
        self.line_starts = [line[0] for line in self.lines]
        self.quotes = find_quotes(body, self.lines)
        self.q_starts = [q.start for q in self.quotes]
        # Read as one array: making a Token object per token costs more than the rest of this.
        self.tok_starts = doc.to_array(IDX).tolist() if len(doc) else []
        lowered = body.lower()
        # Where "according to" and the anonymity nouns occur at all: most documents have neither,
        # and the checks for them can then be skipped.
        self.has_according = "according to" in lowered
        self.has_anonymity = any(word in lowered for word in lexicon().anonymity_nouns)
        # Quotation of each token (-1 when outside), by one sweep.
        self.tok_quote = [-1] * len(doc)
        qi = 0
        quotes = self.quotes
        for i, idx in enumerate(self.tok_starts):
            while qi < len(quotes) and quotes[qi].end <= idx:
                qi += 1
            if qi < len(quotes) and quotes[qi].start <= idx < quotes[qi].end:
                self.tok_quote[i] = qi

    def quote_at(self, pos: int) -> Optional[Quote]:
        """The quotation whose content contains char ``pos``."""
        i = bisect.bisect_right(self.q_starts, pos) - 1
        if i >= 0 and self.quotes[i].start <= pos < self.quotes[i].end:
            return self.quotes[i]
        return None

    def in_quote(self, pos: int) -> bool:
        return self.quote_at(pos) is not None

    def line_of(self, pos: int) -> int:
        """Index in :attr:`lines` of the line holding char ``pos`` (or the last one before it)."""
        return max(0, bisect.bisect_right(self.line_starts, pos) - 1)

    def token_at(self, pos: int) -> int:
        """Index of the token covering or following char ``pos``."""
        i = bisect.bisect_right(self.tok_starts, pos) - 1
        return max(0, i)

    def quotes_overlapping(self, start: int, end: int) -> list[Quote]:
        i = max(0, bisect.bisect_right(self.q_starts, start) - 1)
        out = []
        while i < len(self.quotes) and self.quotes[i].start < end:
            q = self.quotes[i]
            if q.end > start and q.start < end:
                out.append(q)
            i += 1
        return out

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop spaces, punctuation and quotation marks at the edges, except inside a quotation."""
        body = self.body
        while start < end and (body[start].isspace() or (body[start] in _EDGE_PUNCT and not self.in_quote(start))):
            start += 1
        while end > start and (
            body[end - 1].isspace() or (body[end - 1] in _EDGE_PUNCT and not self.in_quote(end - 1))
        ):
            end -= 1
        return start, end


_CUE_POS = numpy.array([UNIVERSAL_POS[p] for p in ("VERB", "NOUN", "ADP", "ADJ")], dtype=numpy.uint64)


_ACCORDING = hash_string("according")  # (a Cython function: mypy sees no stub, hence the ignore above)


def _possible_cues(doc) -> list[int]:
    """Indices of the tokens the cue loop looks at (verbs, nouns, prepositions, adjectives, "according"), found
    from one array instead of a Token object per word."""
    if not len(doc):
        return []
    rows = doc.to_array([POS, LOWER])
    keep = numpy.isin(rows[:, 0], _CUE_POS) | (rows[:, 1] == _ACCORDING)
    return numpy.flatnonzero(keep).tolist()
