"""Calibrated confidence: the fitted model, the reliability table and ECE of ``onrecord eval``, eval --act.

Every text here is invented for the test.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from test_eval import TEXT, gold, span

from onrecord.eval import GoldDoc, GoldSet, Prediction, SystemResult, evaluate, score_system
from onrecord.eval.calibration import Reliability
from onrecord.eval.report import print_result
from onrecord.eval.systems import System
from onrecord.model import Article, Record
from onrecord.statements import confidence, extract_statements

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "fit_confidence.py"


def test_reliability_bins_ece_and_the_high_confidence_point():
    rel = Reliability(n_gold=10)
    for conf, right in [(0.95, True), (0.95, True), (0.92, False), (0.15, False), (0.15, True)]:
        rel.add(conf, right, matched=right or conf > 0.9)
    rel.add(None, True, True)  # a system without confidence adds nothing
    bins = {b.lo: b for b in rel.bins() if b.n}
    assert {lo: (b.n, b.right) for lo, b in bins.items()} == {0.9: (3, 2), 0.1: (2, 1)}
    # (3 * |0.94 - 2/3| + 2 * |0.15 - 0.5|) / 5
    assert rel.ece() == pytest.approx((3 * abs(0.94 - 2 / 3) + 2 * abs(0.15 - 0.5)) / 5)
    high = rel.at_least(0.9)
    assert high["n"] == 3 and high["precision_right"] == pytest.approx(2 / 3)
    assert high["precision_span"] == 1.0 and high["gold_coverage"] == pytest.approx(0.3)
    assert Reliability().ece() is None and not Reliability()


def test_score_system_counts_a_prediction_right_only_with_span_and_speaker():
    g1 = gold("We will not accept further delays,", speaker="Maria Olsen")
    g2 = gold("have been wrong before.", speaker="she")
    s1, e1 = span(TEXT, "We will not accept further delays,")
    s2, e2 = span(TEXT, "have been wrong before.")
    preds = [
        Prediction(start=s1, end=e1, speaker_names=("Maria Olsen",), confidence=0.9),
        Prediction(start=s2, end=e2, speaker_names=("The mayor",), confidence=0.8),  # wrong speaker
        Prediction(start=0, end=10, confidence=0.3),  # matches nothing
    ]
    result = SystemResult("x", "x", False)
    score_system(result, GoldDoc(id="d", text=TEXT, quotes=[g1, g2]), preds)
    assert sorted(result.reliability.pairs) == [(0.3, False, False), (0.8, False, True), (0.9, True, True)]
    assert result.reliability.n_gold == 2
    assert "reliability" in result.as_dict()


class _TwoActs(System):
    name = "acts"
    label = "acts"
    is_peer = False

    def predict(self, article, doc):
        s1, e1 = span(article.body, "the bridge would reopen in June")
        s2, e2 = span(article.body, "We will not accept further delays,")
        return [
            Prediction(start=s1, end=e1, act="belief", confidence=0.6),
            Prediction(start=s2, end=e2, act="speech", confidence=0.9, speaker_names=("Maria Olsen",)),
        ]


def test_eval_act_scores_only_predictions_of_that_act(extractor):
    gold_set = GoldSet(
        "mem",
        [
            GoldDoc(
                id="d",
                text=TEXT,
                quotes=[
                    gold("the bridge would reopen in June", qtype="indirect"),
                    gold("We will not accept further delays,", speaker="Maria Olsen"),
                ],
            )
        ],
    )
    (every,) = evaluate(gold_set, [_TwoActs()], extractor=extractor).systems
    speech = evaluate(gold_set, [_TwoActs()], extractor=extractor, act="speech")
    assert every.counts.n_pred == 2 and every.counts.overlap == 2
    (only,) = speech.systems
    assert only.counts.n_pred == 1 and only.counts.overlap == 1 and only.counts.n_gold == 2
    assert any("speech" in note for note in speech.notes)
    out = io.StringIO()
    print_result(Console(file=out, width=140), speech)
    text = out.getvalue()
    assert "reliability" in text and "ECE" in text and "covering" in text


def test_eval_command_rejects_an_unknown_act(tmp_path, capsys):
    from onrecord.cli import main

    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"id": "d", "text": TEXT, "quotes": []}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", str(path), "--act", "rumour"])
    assert exit_info.value.code != 0
    assert "--act" in capsys.readouterr().err


def test_the_shipped_model_reads_the_features_the_extractor_gives():
    fitted = confidence.model()
    assert fitted["train_articles"] >= 100 and 0.0 < fitted["train_precision"] < 1.0
    prefixes = {
        "method",
        "type",
        "act",
        "cue",
        "resolver",
        "speaker",
        "mention",
        "anonymous",
        "distance",
        "words",
        "fragments",
        "method*type",
        "mention*speaker",
        "lemma",
        "mentions",
        "after_that",
        "ends_sentence",
        "cue_before",
        "lemma*type",
        "mention*distance",
        "act*type",
        "lemma*mention",
        "type*distance",
        "words*type",
        "subject",
        "lemma*link",
        "cue_dep",
        "cue_tag",
        "link",
        "negated",
        "cues_in_sentence",
        "link*cue_dep",
        "sent_tokens",
        "cue_at",
        "content_share",
        "speaker_ent",
        "quote_outside",
        "speaker_in_sentence",
    }
    assert fitted["weights"] and {name.split("=")[0] for name in fitted["weights"]} <= prefixes
    assert confidence.probability([]) == pytest.approx(1 / (1 + 2.718281828459045 ** -fitted["bias"]))


def _statements(nlp, text):
    article = Article(id="t", body=text, published=dt.date(2024, 5, 31))
    with confidence.capture_features() as captured:
        _, statements = extract_statements(nlp(text), article)
    return statements, captured


def test_a_named_speaker_is_more_likely_right_than_none(nlp):
    named, captured = _statements(nlp, "Mayor Lena Park said on Monday that the bridge would close in June.")
    agentless, _ = _statements(nlp, "The bridge is widely expected to close in June, despite the protests.")
    assert len(named) == len(agentless) == 1
    assert named[0].confidence > agentless[0].confidence
    assert 0.0 <= agentless[0].confidence <= 1.0
    ((start, end, feats),) = captured
    assert (start, end) == (named[0].quote.start, named[0].quote.end)
    assert "method=dep" in feats and "mention=name" in feats and "act=speech" in feats
    assert named[0].confidence == round(confidence.probability(feats), 3)


def test_the_parse_tells_how_the_cue_holds_its_speaker_and_content(nlp):
    main, captured = _statements(nlp, "Mayor Lena Park said the bridge would close in June.")
    ((_, _, feats),) = captured
    assert {"cue_dep=ROOT", "subject=nsubj", "negated=False", "cues_in_sentence=0"} <= set(feats)
    assert "link=ccomp/AUX" in feats or "link=ccomp/VERB" in feats
    nested, captured = _statements(
        nlp, "The mayor, who never said the bridge would close, denied that the works would run late."
    )
    by_cue = {next(f for f in feats if f.startswith("lemma=")): feats for _, _, feats in captured}
    assert "cue_dep=relcl" in by_cue["lemma=say"] and "negated=True" in by_cue["lemma=say"]
    assert "cues_in_sentence=1" in by_cue["lemma=deny"]


def test_the_sentence_tells_where_the_attribution_sits(nlp):
    _, captured = _statements(nlp, "Mayor Lena Park said the bridge would close in June.")
    ((_, _, feats),) = captured
    expected = {"sent_tokens=<12", "cue_at=start", "speaker_ent=PERSON", "speaker_in_sentence=True"}
    assert expected | {"content_share=3+", "quote_outside=False"} <= set(feats)  # content: 30 of 52 chars
    _, captured = _statements(
        nlp,
        "The bridge would close in June for repairs to its deck and to the old stone piers that hold it up, "
        "she told the reporters who had waited outside.",
    )
    ((_, _, feats),) = captured
    assert {"sent_tokens=25+", "cue_at=end", "content_share=6+", "speaker_ent=PRON"} <= set(feats)


def _fit_module():
    spec = importlib.util.spec_from_file_location("fit_confidence", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_fit_learns_which_features_predict_right_statements():
    fit = _fit_module()
    rows = (
        [(["cue=strong", "mention=name"], True)] * 40
        + [(["cue=strong", "mention=none"], False)] * 30
        + [(["cue=strong", "mention=none"], True)] * 10
        + [(["rare=1"], True)] * 2
    )
    bias, weights = fit.fit_logistic(rows, min_count=5, l2=0.01)
    assert "rare=1" not in weights  # seen fewer than min_count times: no weight
    assert weights["mention=name"] > 0 > weights["mention=none"]
    p_none = 1 / (1 + 2.718281828459045 ** -(bias + weights["cue=strong"] + weights["mention=none"]))
    assert p_none == pytest.approx(0.25, abs=0.05)


def test_the_report_marks_uncertain_statements():
    from onrecord.model import UNCERTAIN_BELOW
    from onrecord.report import render_record

    body = "Lena Park said the bridge would close. Ray Cole believes the works will run late."

    def statement(sid, needle, cue, act, conf):
        s = body.index(needle)
        c = body.index(cue)
        return {
            "id": sid,
            "type": "indirect",
            "quote": {"start": s, "end": s + len(needle), "text": needle},
            "cue": {"start": c, "end": c + len(cue), "text": cue},
            "act": act,
            "confidence": conf,
        }

    def shown(conf):
        record = Record.model_validate(
            {
                "article": {"id": "a", "body": body},
                "statements": [statement("st1", "the works will run late", "believes", "belief", conf)],
            }
        )
        out = io.StringIO()
        render_record(record, Console(file=out, width=120))
        return out.getvalue()

    assert "uncertain" in shown(UNCERTAIN_BELOW - 0.1) and "belief" in shown(UNCERTAIN_BELOW - 0.1)
    assert "uncertain" not in shown(UNCERTAIN_BELOW + 0.1)
