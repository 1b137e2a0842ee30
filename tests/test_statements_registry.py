"""The statement pass's extension points: the Method codes and the typed candidate.

Every text here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.model import Article
from onrecord.statements import extract_statements
from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.cues import line_rules, registry, token_rules

PACKAGE = Path(__file__).resolve().parent.parent / "onrecord"


def test_method_codes_are_the_feature_values_of_the_shipped_confidence_model():
    weights = json.loads((PACKAGE / "models" / "confidence.json").read_text(encoding="utf-8"))["weights"]
    fitted = {key.split("=", 1)[1] for key in weights if key.startswith("method=")}
    assert fitted, "the model has no method feature"
    assert fitted <= {m.value for m in Method}


def test_every_method_has_an_act_in_the_act_table():
    constructions = json.loads((PACKAGE / "statements" / "data" / "acts.json").read_text(encoding="utf-8"))[
        "constructions"
    ]
    assert {m.value for m in Method} <= set(constructions)


def test_a_method_formats_as_its_code():
    # the confidence features are f-strings ("method=dep"); an enum printing "Method.dep" would miss every weight
    assert f"method={Method.dep}" == "method=dep"
    assert Method("continuation") is Method.continuation


def test_a_candidate_defaults_to_a_dependency_cue_without_tokens():
    cand = Candidate(content=[(0, 4)], cue=None)
    assert cand.method is Method.dep and cand.cue_token is None and cand.speaker_head is None and cand.exclude == set()


def test_token_rules_keep_the_order_of_the_cue_chain_they_replace():
    assert [r.name for r in token_rules()] == [
        "poll",
        "according_to",
        "records_show",
        "copula_adjective",
        "cue_noun",
        "raising",
        "saying_idiom",
        "light_verb",
        "quoting_verb",
        "cue_verb",
    ]
    assert [r.name for r in line_rules()] == ["colon_line", "headline"]
    assert [r.name for r in token_rules() if r.falls_through] == [
        "copula_adjective",
        "raising",
        "saying_idiom",
        "light_verb",
    ]


def test_a_rule_name_or_order_registered_twice_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "_TOKEN_RULES", dict(registry._TOKEN_RULES))
    with pytest.raises(ValueError, match="registered twice"):
        registry.token_rule("poll", order=999, method=Method.dep, matches=lambda tok, lex: False)(lambda *a: None)
    with pytest.raises(ValueError, match="already taken by 'poll'"):
        registry.token_rule("another", order=10, method=Method.dep, matches=lambda tok, lex: False)(lambda *a: None)


TEXT = "Maria Lopez scribbled that the new budget was far too small for the school."


def _scribbled(tok, index, lex):
    """A test rule: "X scribbled that …" reports the clause after "that" (no such verb is in the lexicon)."""
    that = next(c for c in tok.children if c.dep_ == "ccomp")
    start, end = that.left_edge.idx, that.right_edge.idx + len(that.right_edge.text)
    subject = next(c for c in tok.children if c.dep_ == "nsubj")
    return Candidate(
        content=[index.trim(start, end)], cue=(tok.idx, tok.idx + len(tok.text)), cue_token=tok, speaker_head=subject
    )


def test_a_new_construction_is_one_registered_function(nlp, monkeypatch):
    article = Article(id="t", body=TEXT)
    _, before = extract_statements(nlp(TEXT), article)
    assert not [s for s in before if "budget" in s.quote.text]
    monkeypatch.setattr(registry, "_TOKEN_RULES", dict(registry._TOKEN_RULES))
    # before "quoting_verb" (order 50), which claims every unlisted verb
    registry.token_rule(
        "scribbled", order=45, method=Method.dep, is_cue=True, matches=lambda tok, lex: tok.lemma_.lower() == "scribble"
    )(_scribbled)
    speakers, after = extract_statements(nlp(TEXT), article)
    hit = next(s for s in after if "budget" in s.quote.text)
    assert hit.quote.text.startswith("the new budget") and hit.cue.text == "scribbled"
    assert {sp.id: sp.name for sp in speakers}[hit.speaker_id] == "Maria Lopez"
