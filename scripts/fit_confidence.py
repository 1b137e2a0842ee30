"""Rebuild onrecord/models/confidence.json: the model behind ``Statement.confidence``, from PolNeAR *train*.

Each train article is extracted by the current onrecord; each of its statements is labelled right
(its quote overlap-matches a gold quote and its speaker is the gold speaker, as ``onrecord eval``
scores them) or wrong, with the features :func:`onrecord.statements.confidence.features` gives it.
An L2-regularised logistic regression over those features (Newton's method, numpy) is written out
as a bias and one weight per feature seen at least ``--min-count`` times. Only the train split is
read; measure the result with ``onrecord eval`` on dev and GUM (the reliability table and ECE).

The spaCy parse of train is cached (:mod:`onrecord.nlp.parse_cache`: under ``$ONRECORD_PARSE_CACHE`` when set,
else ``var/confidence``, git-ignored) keyed on the texts and the pipeline, so a re-fit after a rules change
only re-runs extraction (about a minute on 2 cores):

    .venv/bin/python scripts/fit_confidence.py ../shared/data/polnear/train.jsonl
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "confidence"


def _parsed(nlp, gold, processes: int) -> list:
    """The parsed docs of the train articles, through the parse cache ``onrecord eval`` uses.

    The folder is the ``parse_cache`` setting (``$ONRECORD_PARSE_CACHE``) when set, else ``var/confidence``;
    the texts are the ones the extractor parses, so an eval of train and a fit share one cached parse.
    """
    from onrecord import settings
    from onrecord.nlp.parse_cache import cached_pipe
    from onrecord.pipeline import text_for_parser

    folder = Path(settings.value("parse_cache") or CACHE)
    t0 = time.perf_counter()
    bodies = [text_for_parser(d.to_article().body) for d in gold.docs]  # what Extractor parses
    docs = list(cached_pipe(nlp, bodies, folder=folder, n_process=processes))
    print(
        f"{len(docs)} train articles parsed or read from {folder} in {time.perf_counter() - t0:.0f} s", file=sys.stderr
    )
    return docs


def labelled_statements(gold, docs, extractor) -> list[tuple[list[str], bool]]:
    """``(features, right)`` for every statement onrecord extracts from the gold articles."""
    return [(feats, right) for feats, right, _, _ in _labelled(gold, docs, extractor)]


def _labelled(gold, docs, extractor) -> list[tuple[list[str], bool, bool, int]]:
    """``(features, right, span matched, article index)`` of every statement of the gold articles."""
    from onrecord.eval.scoring import has_gold_speaker, score_document, speaker_correct
    from onrecord.eval.systems import predictions_from_record
    from onrecord.statements.confidence import capture_features

    out = []
    for n, (gdoc, doc) in enumerate(zip(gold.docs, docs)):
        article = gdoc.to_article()
        with capture_features() as captured:
            record = extractor.record_from_doc(article, doc)
        by_span = {(start, end): feats for start, end, feats in captured}
        preds = predictions_from_record(record)
        score = score_document(gdoc.text, gdoc.quotes, preds)
        matched, right = {m.pred for m in score.overlap}, set()
        for m in score.overlap:
            g = gdoc.quotes[m.gold]
            if not has_gold_speaker(g) or speaker_correct(g, preds[m.pred]):
                right.add(m.pred)
        for i, st in enumerate(record.statements):
            feats = by_span.get((st.quote.start, st.quote.end))
            if feats is not None:
                out.append((feats, i in right, i in matched, n))
    return out


def cross_validate(rows, n_gold: int, folds: int, min_count: int, l2: float, threshold: float = 0.9) -> dict:
    """Held-out ECE and the operating point at ``threshold``, by article folds of train (no dev needed)."""
    probs, labels, matched = [], [], []
    for k in range(folds):
        train = [(f, ok) for f, ok, _, doc in rows if doc % folds != k]
        bias, weights = fit_logistic(train, min_count, l2)
        for f, ok, m, doc in rows:
            if doc % folds == k:
                probs.append(1 / (1 + math.exp(-(bias + sum(weights.get(x, 0.0) for x in f)))))
                labels.append(ok)
                matched.append(m)
    high = [(ok, m) for p, ok, m in zip(probs, labels, matched) if p >= threshold]
    return {
        "ece": round(_ece(probs, labels), 4),
        "n_at_threshold": len(high),
        "precision_at_threshold": round(sum(ok for ok, _ in high) / len(high), 4) if high else None,
        "gold_coverage_at_threshold": round(sum(m for _, m in high) / n_gold, 4) if n_gold else None,
    }


def fit_logistic(rows: list[tuple[list[str], bool]], min_count: int, l2: float) -> tuple[float, dict[str, float]]:
    """Bias and weights of an L2-regularised logistic regression over binary features (Newton steps)."""
    counts = collections.Counter(f for feats, _ in rows for f in set(feats))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    col = {f: j for j, f in enumerate(names)}
    X = np.zeros((len(rows), len(names) + 1))
    X[:, -1] = 1.0  # bias, not penalised
    y = np.array([1.0 if ok else 0.0 for _, ok in rows])
    for i, (feats, _) in enumerate(rows):
        for f in feats:
            if f in col:
                X[i, col[f]] = 1.0
    w = np.zeros(X.shape[1])
    penalty = np.full(X.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        grad = X.T @ (p - y) + penalty * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return float(w[-1]), {f: round(float(w[col[f]]), 4) for f in names if abs(w[col[f]]) >= 1e-4}


def _ece(probs: list[float], labels: list[bool], bins: int = 10) -> float:
    total, err = len(probs), 0.0
    for b in range(bins):
        members = [(p, y) for p, y in zip(probs, labels) if min(int(p * bins), bins - 1) == b]
        if members:
            err += abs(sum(p for p, _ in members) / len(members) - sum(y for _, y in members) / len(members)) * len(
                members
            )
    return err / total if total else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path, help="PolNeAR train split (common-format JSONL)")
    ap.add_argument("--min-count", type=int, default=20, help="features seen fewer times get no weight")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights (not the bias)")
    ap.add_argument("--processes", type=int, default=1, help="processes for the (cached) spaCy parse")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N train articles")
    ap.add_argument("--output", type=Path, default=None, help="where to write (default: the shipped model)")
    ap.add_argument("--folds", type=int, default=5, help="article folds of train for the held-out report (0: none)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from onrecord.eval import load_gold
    from onrecord.pipeline import Extractor
    from onrecord.statements import confidence

    with args.train.open(encoding="utf-8") as fh:
        splits = {json.loads(line).get("split") for line in fh if line.strip()}
    if splits - {None, "train"}:
        raise SystemExit(f"{args.train}: holds the {sorted(map(str, splits))} splits; fit on the train split only")
    gold = load_gold(args.train, limit=args.limit)
    extractor = Extractor()
    docs = _parsed(extractor.nlp, gold, args.processes)
    labelled = _labelled(gold, docs, extractor)
    rows = [(feats, right) for feats, right, _, _ in labelled]
    held_out = cross_validate(labelled, gold.n_quotes, args.folds, args.min_count, args.l2) if args.folds > 1 else None
    bias, weights = fit_logistic(rows, args.min_count, args.l2)
    labels = [ok for _, ok in rows]
    z = [bias + sum(weights.get(f, 0.0) for f in feats) for feats, _ in rows]
    probs = [1 / (1 + math.exp(-v)) for v in z]
    fitted = {
        "_doc": "Logistic model of Statement.confidence (probability that quote and speaker are right), fitted on "
        f"PolNeAR train ({len(gold.docs)} articles, {len(rows)} statements, {sum(labels)} right) by "
        "scripts/fit_confidence.py; do not edit by hand. p = 1 / (1 + exp(-(bias + sum of the weights of "
        "the statement's features))). Features: onrecord.statements.confidence.features.",
        "train_articles": len(gold.docs),
        "train_statements": len(rows),
        "train_precision": round(sum(labels) / len(labels), 4) if labels else None,
        "train_ece": round(_ece(probs, labels), 4),
        "train_held_out": held_out,
        "min_count": args.min_count,
        "l2": args.l2,
        "bias": round(bias, 4),
        "weights": dict(sorted(weights.items())),
    }
    out = args.output or confidence.MODEL
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(rows)} statements ({sum(labels)} right), {len(weights)} weights, train ECE {fitted['train_ece']:.3f}, "
        f"held out ({args.folds} article folds of train): {held_out} -> {out}"
    )


if __name__ == "__main__":
    main()
