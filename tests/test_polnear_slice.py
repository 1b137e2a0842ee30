"""Regression guard on a slice of PolNeAR dev (the first 20 articles), scored by onrecord.eval's rules.

Floors sit a little below what was measured when they were set (see the report in the commit
history); the full-dev figures come from ``onrecord eval ../shared/data/polnear/dev.jsonl``.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

N_DOCS = 20
# measured on this slice: overlap F1 0.811, speaker accuracy 0.920; recall direct 0.906, indirect 0.640,
# mixed 0.843 (textacy direct_quotations: F1 0.176)
FLOOR_F1 = 0.80
FLOOR_SPEAKER = 0.90


@pytest.fixture(scope="module")
def slice_scores(polnear_dev_path, extractor):
    from onrecord.eval import SystemResult, load_gold, score_system
    from onrecord.eval.systems import OnrecordSystem

    gold = load_gold(polnear_dev_path, limit=N_DOCS)
    articles = [d.to_article() for d in gold.docs]
    system = OnrecordSystem(extractor)
    result = SystemResult(system.name, system.label, system.is_peer)
    for gdoc, article, doc in zip(gold.docs, articles, extractor.nlp.pipe(a.body for a in articles)):
        score_system(result, gdoc, system.predict(article, doc))
    return result


def test_slice_content_f1(slice_scores):
    p, r, f1 = slice_scores.counts.prf("overlap")
    print(f"overlap P={p:.3f} R={r:.3f} F1={f1:.3f} on {slice_scores.counts.n_gold} gold attributions")
    assert f1 >= FLOOR_F1


def test_slice_speaker_accuracy(slice_scores):
    acc = slice_scores.counts.speaker_acc
    print(f"speaker accuracy {acc:.3f}")
    assert acc >= FLOOR_SPEAKER


def test_slice_every_type_found(slice_scores):
    """Indirect speech is most of news attribution: it must be found, not only quotations."""
    for qtype in ("direct", "indirect", "mixed"):
        c = slice_scores.by_gold_type[qtype]
        assert c.overlap / c.n_gold >= {"direct": 0.89, "indirect": 0.63, "mixed": 0.83}[qtype], qtype
