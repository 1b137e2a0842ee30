"""Measured accuracy: gold data in, one score table per system out.

    from onrecord.eval import load_gold, evaluate
    gold = load_gold("../shared/data/polnear/dev.jsonl")
    result = evaluate(gold, systems=["onrecord", "textacy"])
    for sys in result.systems:
        print(sys.name, sys.counts.prf("overlap"))

Each article is parsed **once** by onrecord's spaCy pipeline and the same ``Doc`` is handed to every
system, so scores differ only by extraction rules and timings exclude the shared parse. The match,
speaker and cue rules are in :mod:`onrecord.eval.scoring` and spelled out in ``docs/evaluation.md``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from onrecord.eval.calibration import Reliability
from onrecord.eval.gold import GoldDoc, GoldQuote, GoldSet, LoadProblem, load_gold, load_jsonl, load_seed_gold
from onrecord.eval.scoring import Counts, Prediction, score_document
from onrecord.eval.systems import ALL_NAMES, PEER_NAMES, System, make_systems

__all__ = [
    "ALL_NAMES",
    "Counts",
    "DatasetResult",
    "GoldDoc",
    "GoldQuote",
    "GoldSet",
    "LoadProblem",
    "PEER_NAMES",
    "Prediction",
    "SystemResult",
    "evaluate",
    "load_gold",
    "load_jsonl",
    "load_seed_gold",
    "score_system",
]

TYPES = ("direct", "indirect", "mixed", "block")
EXCERPT = 90


@dataclass
class DocErrors:
    """What one system got wrong in one document (for ``--errors``)."""

    doc_id: str
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_speaker: list[str] = field(default_factory=list)
    boundaries: list[str] = field(default_factory=list)
    """Overlap matches that are not exact matches: gold and predicted text side by side."""
    failure: Optional[str] = None

    def __bool__(self) -> bool:
        return bool(self.missed or self.false_positives or self.wrong_speaker or self.boundaries or self.failure)


@dataclass
class SystemResult:
    """One system's scores on one dataset."""

    name: str
    label: str
    is_peer: bool
    counts: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    """Per quote type T: gold quotes of type T matched against predictions of type T only."""
    by_gold_type: dict[str, Counts] = field(default_factory=dict)
    """Per gold type T: recall and speaker accuracy of the all-types matching (n_pred unused)."""
    failed_docs: int = 0
    seconds: float = 0.0
    errors: list[DocErrors] = field(default_factory=list)
    reliability: Reliability = field(default_factory=Reliability)
    """Each prediction's confidence and whether it is right (span and speaker), for systems giving one."""

    @property
    def direct(self) -> Counts:
        """Gold direct quotes against predictions typed direct: the ground textacy was built for."""
        return self.by_type.get("direct", Counts())

    def as_dict(self) -> dict:
        return {
            "system": self.name,
            "label": self.label,
            "peer": self.is_peer,
            **self.counts.as_dict(),
            "failed_docs": self.failed_docs,
            "seconds_excluding_parse": round(self.seconds, 3),
            "direct_only": self.direct.as_dict(),
            "by_type": {t: c.as_dict() for t, c in self.by_type.items()},
            "by_gold_type": {
                t: {
                    "n_gold": c.n_gold,
                    "recall_exact": c.prf("exact")[1],
                    "recall_overlap": c.prf("overlap")[1],
                    "speaker_accuracy": c.speaker_acc,
                }
                for t, c in self.by_gold_type.items()
            },
            **({"reliability": self.reliability.as_dict()} if self.reliability else {}),
        }


@dataclass
class DatasetResult:
    name: str
    n_docs: int
    n_gold: int
    problems: list[LoadProblem]
    systems: list[SystemResult]
    parse_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "dataset": self.name,
            "documents": self.n_docs,
            "gold_quotes": self.n_gold,
            "load_problems": [str(p) for p in self.problems],
            "parse_seconds": round(self.parse_seconds, 3),
            "notes": self.notes,
            "systems": [s.as_dict() for s in self.systems],
        }


def score_system(result: SystemResult, doc: GoldDoc, preds: Sequence[Prediction], *, keep_errors: bool = False) -> None:
    """Add one document's predictions to ``result``: overall, per type, per gold type, errors."""
    text = doc.text
    score = score_document(text, doc.quotes, preds)
    result.counts.add(score.counts)

    matched_gold = {m.gold: m for m in score.overlap}
    wrong = {m.gold for m in score.wrong_speaker}
    result.reliability.n_gold += len(doc.quotes)
    matched_by_pred = {m.pred: m.gold for m in score.overlap}
    for pi, pred in enumerate(preds):
        matched = pi in matched_by_pred
        result.reliability.add(pred.confidence, matched and matched_by_pred[pi] not in wrong, matched)
    for gi, gold in enumerate(doc.quotes):
        c = result.by_gold_type.setdefault(gold.type, Counts())
        c.n_gold += 1
        if gi in matched_gold:
            c.overlap += 1
            if gold.speaker_text or gold.has_speaker:
                c.speaker_n += 1
                c.speaker_ok += gi not in wrong
    for m in score.exact:
        result.by_gold_type[doc.quotes[m.gold].type].exact += 1

    for qtype in TYPES:
        golds = [g for g in doc.quotes if g.type == qtype]
        typed = [p for p in preds if p.type == qtype]
        if golds or typed:
            result.by_type.setdefault(qtype, Counts()).add(score_document(text, golds, typed).counts)

    if keep_errors:
        errors = DocErrors(doc.id)
        for gi, gold in enumerate(doc.quotes):
            if gi not in matched_gold:
                errors.missed.append(f"[{gold.type}] {gold.speaker_text or '—'}: {_excerpt(gold.text)}")
        matched_pred = {m.pred for m in score.overlap}
        for pi, pred in enumerate(preds):
            if pi not in matched_pred:
                errors.false_positives.append(
                    f"[{pred.type}] {pred.speaker_label}: {_excerpt(text[pred.start : pred.end])}"
                )
        exact_gold = {m.gold for m in score.exact}
        for m in score.overlap:
            if m.gold not in exact_gold:
                gold, pred = doc.quotes[m.gold], preds[m.pred]
                errors.boundaries.append(
                    f"gold {_excerpt(gold.text, 60)!r} vs predicted {_excerpt(text[pred.start : pred.end], 60)!r}"
                )
        for m in score.wrong_speaker:
            gold, pred = doc.quotes[m.gold], preds[m.pred]
            errors.wrong_speaker.append(
                f"gold {gold.speaker_text!r}, predicted {pred.speaker_label!r}: {_excerpt(gold.text)}"
            )
        if errors:
            result.errors.append(errors)


def _excerpt(text: str, size: int = EXCERPT) -> str:
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    half = size // 2 - 1  # keep both ends: boundary errors are at the ends
    return text[:half] + " … " + text[-half:]


def _describe(exc: BaseException) -> str:
    """``Type: message (at file:line)`` of the innermost frame, for the error listing."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {'/'.join(frames[-1].filename.split('/')[-2:])}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def evaluate(
    gold: GoldSet,
    systems: Iterable[str] | Sequence[System] = ("onrecord",),
    *,
    extractor=None,
    keep_errors: bool = False,
    on_document: Optional[Callable[[int, int], None]] = None,
    act: Optional[str] = None,
) -> DatasetResult:
    """Run ``systems`` over every document of ``gold`` and score them.

    ``systems`` are names (see :data:`ALL_NAMES`) or :class:`System` objects. Articles are built with
    :meth:`GoldDoc.to_article` and parsed once through the extractor's pipeline in batches. A system
    that raises on a document gets no predictions for it; the document counts in ``failed_docs``.
    ``on_document(done, total)`` is called after each document (for progress bars). With ``act``
    (speech, belief, knowledge, intention) only predictions of that act are scored; a system that
    gives no act (the peers) keeps all its predictions, and a note says so.
    """
    from onrecord import settings
    from onrecord.nlp.parse_cache import cached_pipe
    from onrecord.pipeline import Extractor, text_for_parser

    extractor = extractor or Extractor()
    names = list(systems)
    notes: list[str] = []
    if names and isinstance(names[0], str):
        objs, notes = make_systems(names, extractor)
    else:
        objs = sorted(names, key=lambda s: s.name == "onrecord")
    results = [SystemResult(s.name, s.label, s.is_peer) for s in objs]
    actless: set[str] = set()

    articles = [d.to_article() for d in gold.docs]
    parse_seconds = 0.0
    cache = settings.value("parse_cache")
    docs_iter = cached_pipe(
        extractor.nlp,
        [text_for_parser(a.body) for a in articles],
        folder=Path(cache) if cache else None,
        batch_size=extractor.batch_size,
    )
    for i, (gdoc, article) in enumerate(zip(gold.docs, articles)):
        t0 = time.perf_counter()
        doc = next(docs_iter)
        parse_seconds += time.perf_counter() - t0
        for system, result in zip(objs, results):
            t0 = time.perf_counter()
            try:
                preds = system.predict(article, doc)
            except Exception as exc:  # a peer failing on one article must not stop the run
                preds = []
                result.failed_docs += 1
                if keep_errors:
                    result.errors.append(DocErrors(gdoc.id, failure=_describe(exc)))
            result.seconds += time.perf_counter() - t0
            if act is not None:
                if any(p.act is None for p in preds):
                    actless.add(system.name)
                preds = [p for p in preds if p.act is None or p.act == act]
            score_system(result, gdoc, preds, keep_errors=keep_errors)
        if on_document:
            on_document(i + 1, len(gold.docs))
    if act is not None:
        notes.append(f"scoring only predictions whose act is {act!r}; gold quotes of every act are kept")
        notes += [f"{name} gives no act: all its predictions are scored" for name in sorted(actless)]
    return DatasetResult(
        name=gold.name,
        n_docs=len(gold.docs),
        n_gold=gold.n_quotes,
        problems=list(gold.problems),
        systems=results,
        parse_seconds=parse_seconds,
        notes=notes,
    )
