"""Matching predicted quotes to gold quotes, and the counts every score is computed from.

The rules here are the ones ``docs/evaluation.md`` states in words; change both together.

* **Trimming.** Before any comparison a span loses, at both ends, whitespace, quotation marks and
  the punctuation in :data:`TRIM_CHARS` (so ``“Now we can finally hit them,”`` and
  ``Now we can finally hit them`` are the same quote). A fragment trimmed to nothing is dropped.
* **Exact match.** The trimmed outer extents (first fragment's start, last fragment's end) are equal.
* **Overlap match.** The characters the two contents share (fragments unioned, each trimmed) are at
  least half of the gold content's characters. Pairs are matched one-to-one, greedily, largest shared
  character count first (ties: the prediction closest in length to the gold span).
* **Speaker.** See :func:`speaker_correct`. **Cue.** See :func:`cue_correct`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from onrecord.eval.gold import GoldQuote
from onrecord.text.names import comparable_name

QUOTE_MARKS = "\"'“”‘’«»„‚‹›`´"
TRIM_CHARS = " \t\n\r\u00a0\u2009\u200a\u202f" + QUOTE_MARKS + ".,;:!?…—–-"

# Words that do not name a speaker: stripped from the front of a speaker text before names are
# compared, and never accepted as a name on their own.
DETERMINERS = frozenset("the a an this that these those another some one".split())
PRONOUNS = frozenset("he she they it we i you him her them his hers their its us me who which that one".split())

Interval = tuple[int, int]


@dataclass
class Prediction:
    """A system's statement in the terms scoring needs: character spans and candidate names.

    ``speaker_names`` are the canonical name and aliases of the predicted speaker (for a peer that
    only returns a mention, the mention's text); ``speaker_mentions`` are the spans of every mention
    of that speaker in the article (the resolved coreference chain, when the system has one).
    """

    start: int
    end: int
    type: str = "direct"
    fragments: tuple[Interval, ...] = ()
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None
    speaker_names: tuple[str, ...] = ()
    speaker_mentions: tuple[Interval, ...] = ()
    cue_start: Optional[int] = None
    cue_end: Optional[int] = None
    cue_text: Optional[str] = None
    text: str = ""
    act: Optional[str] = None  # speech | belief | knowledge | intention; None for systems without acts
    confidence: Optional[float] = None  # the system's estimate that the prediction is right, if it gives one
    # Parts of one statement that each stand as a quote of their own ('“A,” said X. “B.”': the
    # sentence after the attribution goes on with X's words); each part can match a gold quote.
    parts: tuple[tuple[Interval, ...], ...] = ()

    @property
    def pieces(self) -> tuple[Interval, ...]:
        return self.fragments or ((self.start, self.end),)

    @property
    def speaker_label(self) -> str:
        return self.speaker_names[0] if self.speaker_names else "—"


def trim(text: str, start: int, end: int) -> Interval:
    """``[start, end)`` narrowed past whitespace, quotation marks and edge punctuation (see module doc)."""
    while start < end and text[start] in TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in TRIM_CHARS:
        end -= 1
    return start, end


def _trimmed_pieces(text: str, pieces: Iterable[Interval]) -> list[Interval]:
    out = []
    for s, e in pieces:
        s, e = trim(text, s, e)
        if e > s:
            out.append((s, e))
    return _union(out)


def _union(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[list[int]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _size(intervals: Sequence[Interval]) -> int:
    return sum(e - s for s, e in intervals)


def _shared(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Characters in both unions of intervals (both sorted, non-overlapping): a linear merge."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def _overlaps(a_start: Optional[int], a_end: Optional[int], b_start: Optional[int], b_end: Optional[int]) -> bool:
    if None in (a_start, a_end, b_start, b_end):
        return False
    return min(a_end, b_end) > max(a_start, b_start)


def normalise_name(text: Optional[str]) -> str:
    """The comparable form of a speaker name (:func:`onrecord.text.names.comparable_name`): "The
    U.S. Officials’" -> "us officials"."""
    return comparable_name(text)


def speaker_correct(gold: GoldQuote, pred: Prediction) -> bool:
    """Whether ``pred`` names the gold quote's speaker. True when any of:

    1. the predicted speaker mention at this statement overlaps the gold speaker span;
    2. any mention of the predicted speaker in the article overlaps the gold speaker span;
    3. a predicted name or alias, normalised (:func:`normalise_name`), equals the normalised gold
       speaker text or occurs in it as whole words — and is not a bare pronoun or determiner.

    Rule 3 accepts "Sabrina Singh" for the gold mention "Pentagon Press Secretary Sabrina Singh" but not
    "he" for "he": pronouns are correct only through their spans (rules 1 and 2).
    """
    if _overlaps(pred.speaker_start, pred.speaker_end, gold.speaker_start, gold.speaker_end):
        return True
    if gold.has_speaker and any(
        _overlaps(s, e, gold.speaker_start, gold.speaker_end) for s, e in pred.speaker_mentions
    ):
        return True
    gold_name = normalise_name(gold.speaker_text)
    if not gold_name:
        return False
    padded = f" {gold_name} "
    for name in pred.speaker_names:
        norm = normalise_name(name)
        if not norm or norm in PRONOUNS or norm in DETERMINERS:
            continue
        if norm == gold_name or f" {norm} " in padded:
            return True
    return False


def cue_correct(gold: GoldQuote, pred: Prediction) -> bool:
    """The predicted cue span overlaps the gold cue span; where the gold cue has no located span,
    the cue texts are equal ignoring case."""
    if gold.cue_start is not None:
        return _overlaps(pred.cue_start, pred.cue_end, gold.cue_start, gold.cue_end)
    return bool(pred.cue_text) and (pred.cue_text or "").strip().lower() == (gold.cue_text or "").strip().lower()


def has_gold_speaker(gold: GoldQuote) -> bool:
    return gold.has_speaker or bool(gold.speaker_text)


def has_gold_cue(gold: GoldQuote) -> bool:
    return gold.cue_start is not None or bool(gold.cue_text)


@dataclass
class Match:
    gold: int
    pred: int
    shared: int


def match_exact(text: str, golds: Sequence[GoldQuote], preds: Sequence[Prediction]) -> list[Match]:
    """One-to-one pairs whose trimmed outer extents are identical."""
    free: dict[Interval, list[int]] = {}
    for pi, p in enumerate(preds):
        pieces = _trimmed_pieces(text, p.pieces)
        if pieces:
            free.setdefault((pieces[0][0], pieces[-1][1]), []).append(pi)
    matches = []
    for gi, g in enumerate(golds):
        pieces = _trimmed_pieces(text, g.pieces)
        if not pieces:
            continue
        key = (pieces[0][0], pieces[-1][1])
        if free.get(key):
            matches.append(Match(gi, free[key].pop(0), _size(pieces)))
    return matches


def match_overlap(text: str, golds: Sequence[GoldQuote], preds: Sequence[Prediction]) -> list[Match]:
    """One-to-one pairs sharing at least half of the gold content's characters, largest first."""
    gold_pieces = [_trimmed_pieces(text, g.pieces) for g in golds]
    pred_pieces = [_trimmed_pieces(text, p.pieces) for p in preds]
    # Sorting predictions by start lets each gold quote look only at predictions that can reach it,
    # so this is not quadratic in practice on long articles with many quotes.
    order = sorted((pp[0][0], pp[-1][1], pi) for pi, pp in enumerate(pred_pieces) if pp)
    candidates = []
    for gi, gp in enumerate(gold_pieces):
        if not gp:
            continue
        need = _size(gp) / 2
        g_start, g_end = gp[0][0], gp[-1][1]
        for p_start, p_end, pi in order:
            if p_start >= g_end:
                break
            if p_end <= g_start:
                continue
            shared = _shared(gp, pred_pieces[pi])
            if shared and shared >= need:
                length_gap = abs(_size(pred_pieces[pi]) - _size(gp))
                candidates.append((-shared, length_gap, gi, pi, shared))
    candidates.sort()
    used_g, used_p, matches = set(), set(), []
    for _, _, gi, pi, shared in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matches.append(Match(gi, pi, shared))
    matches += _match_parts(text, gold_pieces, preds, used_g, matches)
    return sorted(matches, key=lambda m: m.gold)


def _match_parts(text: str, gold_pieces, preds: Sequence[Prediction], used_g: set, matches: list[Match]) -> list[Match]:
    """Gold quotes left unmatched that one part of a many-part prediction covers by half: each part
    of '“A,” said X. “B.”' matches on its own when the gold has two quotes. A part is used once and
    never the one holding the gold its prediction already matched; every extra part matched counts
    as one more prediction (:func:`score_document`), as if the statement had been given in parts."""
    taken: dict[int, list[list[Interval]]] = {}  # prediction -> the gold content it already matched
    for m in matches:
        taken.setdefault(m.pred, []).append(gold_pieces[m.gold])
    extra = []
    for pi, pred in enumerate(preds):
        if len(pred.parts) < 2:
            continue
        free = [_trimmed_pieces(text, part) for part in pred.parts]
        free = [part for part in free if part and not any(_shared(part, g) for g in taken.get(pi, []))]
        for gi, gp in enumerate(gold_pieces):
            if gi in used_g or not gp or not free:
                continue
            for k, part in enumerate(free):
                shared = _shared(gp, part)
                if shared and shared >= _size(gp) / 2:
                    used_g.add(gi)
                    extra.append(Match(gi, pi, shared))
                    del free[k]
                    break
    return extra


@dataclass
class Counts:
    """Additive counts from which P/R/F1 and accuracies are computed (sum them across documents)."""

    n_gold: int = 0
    n_pred: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_n: int = 0
    speaker_ok: int = 0
    cue_n: int = 0
    cue_ok: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _ratio(a: int, b: int) -> Optional[float]:
        return a / b if b else None

    def prf(self, kind: str) -> tuple[Optional[float], Optional[float], Optional[float]]:
        tp = self.exact if kind == "exact" else self.overlap
        p, r = self._ratio(tp, self.n_pred), self._ratio(tp, self.n_gold)
        if tp == 0:  # nothing right: F1 is 0 even where precision is undefined (no predictions)
            return p, r, (0.0 if self.n_gold or self.n_pred else None)
        if p is None or r is None:
            return p, r, None
        return p, r, 2 * p * r / (p + r)

    @property
    def speaker_acc(self) -> Optional[float]:
        return self._ratio(self.speaker_ok, self.speaker_n)

    @property
    def cue_acc(self) -> Optional[float]:
        return self._ratio(self.cue_ok, self.cue_n)

    def as_dict(self) -> dict:
        pe, re_, fe = self.prf("exact")
        po, ro, fo = self.prf("overlap")
        return {
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "exact": {"tp": self.exact, "precision": pe, "recall": re_, "f1": fe},
            "overlap": {"tp": self.overlap, "precision": po, "recall": ro, "f1": fo},
            "speaker": {"n": self.speaker_n, "correct": self.speaker_ok, "accuracy": self.speaker_acc},
            "cue": {"n": self.cue_n, "correct": self.cue_ok, "accuracy": self.cue_acc},
        }


@dataclass
class DocScore:
    """The matching of one document for one system, kept for ``--errors``."""

    counts: Counts
    overlap: list[Match] = field(default_factory=list)
    exact: list[Match] = field(default_factory=list)
    wrong_speaker: list[Match] = field(default_factory=list)


def score_document(text: str, golds: Sequence[GoldQuote], preds: Sequence[Prediction]) -> DocScore:
    """Match ``preds`` to ``golds`` and count: quote spans, then speakers and cues on overlap matches.

    Speaker accuracy counts matched gold quotes that have a speaker (span or text); cue accuracy
    those that have a cue. Unmatched quotes do not enter either accuracy.
    """
    exact = match_exact(text, golds, preds)
    overlap = match_overlap(text, golds, preds)
    parts_matched = len(overlap) - len({m.pred for m in overlap})  # extra parts of many-part predictions
    counts = Counts(n_gold=len(golds), n_pred=len(preds) + parts_matched, exact=len(exact), overlap=len(overlap))
    wrong = []
    for m in overlap:
        gold, pred = golds[m.gold], preds[m.pred]
        if has_gold_speaker(gold):
            counts.speaker_n += 1
            if speaker_correct(gold, pred):
                counts.speaker_ok += 1
            else:
                wrong.append(m)
        if has_gold_cue(gold):
            counts.cue_n += 1
            counts.cue_ok += cue_correct(gold, pred)
    return DocScore(counts=counts, overlap=overlap, exact=exact, wrong_speaker=wrong)
