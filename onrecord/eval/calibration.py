"""Whether ``confidence`` means what it says: reliability bins and expected calibration error (ECE).

A prediction is *right* when its quote overlap-matches a gold quote and, where the gold quote has a
speaker, the speaker is right (:func:`onrecord.eval.scoring.speaker_correct`): what
``Statement.confidence`` estimates. Predictions are put in :data:`BINS` equal-width confidence bins;
a bin's precision is the share of its predictions that are right, and the ECE is the mean gap
between a bin's mean confidence and its precision, weighted by the bin's share of predictions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

BINS = 10
HIGH_CONFIDENCE = 0.9  # the operating point reported beside the table ("at confidence >= 0.9")


@dataclass
class Bin:
    lo: float
    hi: float
    n: int = 0
    right: int = 0
    confidence_sum: float = 0.0

    @property
    def precision(self) -> Optional[float]:
        return self.right / self.n if self.n else None

    @property
    def mean_confidence(self) -> Optional[float]:
        return self.confidence_sum / self.n if self.n else None


@dataclass
class Reliability:
    """Additive counts of (confidence, right) pairs for one system on one dataset."""

    pairs: list[tuple[float, bool, bool]] = field(default_factory=list)  # (confidence, right, span matched)
    n_gold: int = 0

    def add(self, confidence: Optional[float], right: bool, matched: bool) -> None:
        if confidence is not None:
            self.pairs.append((float(confidence), bool(right), bool(matched)))

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def bins(self, n_bins: int = BINS) -> list[Bin]:
        out = [Bin(i / n_bins, (i + 1) / n_bins) for i in range(n_bins)]
        for conf, right, _ in self.pairs:
            b = out[min(int(conf * n_bins), n_bins - 1)]
            b.n += 1
            b.right += right
            b.confidence_sum += conf
        return out

    def ece(self, n_bins: int = BINS) -> Optional[float]:
        total = len(self.pairs)
        if not total:
            return None
        return sum(b.n * abs(b.mean_confidence - b.precision) for b in self.bins(n_bins) if b.n) / total

    def at_least(self, threshold: float = HIGH_CONFIDENCE) -> dict:
        """Predictions with confidence >= ``threshold``: how many, the share right (span and speaker),
        the share whose span matches, and the share of all gold quotes they match (coverage)."""
        kept = [(right, matched) for conf, right, matched in self.pairs if conf >= threshold]
        n = len(kept)
        right = sum(r for r, _ in kept)
        matched = sum(m for _, m in kept)
        return {
            "threshold": threshold,
            "n": n,
            "precision_right": right / n if n else None,
            "precision_span": matched / n if n else None,
            "gold_coverage": matched / self.n_gold if self.n_gold else None,
        }

    def as_dict(self) -> dict:
        return {
            "ece": self.ece(),
            "bins": [
                {"lo": b.lo, "hi": b.hi, "n": b.n, "mean_confidence": b.mean_confidence, "precision": b.precision}
                for b in self.bins()
            ],
            "at_high_confidence": self.at_least(),
        }
