"""The statement pass's extension points: the Method codes and the typed candidate.

Every text here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path

from onrecord.statements.candidate import Candidate, Method

PACKAGE = Path(__file__).resolve().parent.parent / "onrecord"


def test_method_codes_are_the_feature_values_of_the_shipped_confidence_model():
    weights = json.loads((PACKAGE / "models" / "confidence.json").read_text(encoding="utf-8"))["weights"]
    fitted = {key.split("=", 1)[1] for key in weights if key.startswith("method=")}
    assert fitted, "the model has no method feature"
    assert fitted <= {m.value for m in Method}


def test_every_method_has_an_act_in_the_act_table():
    constructions = json.loads((PACKAGE / "statements" / "data" / "acts.json").read_text(encoding="utf-8"))["constructions"]
    assert {m.value for m in Method} <= set(constructions)


def test_a_method_formats_as_its_code():
    # the confidence features are f-strings ("method=dep"); an enum printing "Method.dep" would miss every weight
    assert f"method={Method.dep}" == "method=dep"
    assert Method("continuation") is Method.continuation


def test_a_candidate_defaults_to_a_dependency_cue_without_tokens():
    cand = Candidate(content=[(0, 4)], cue=None)
    assert cand.method is Method.dep and cand.cue_token is None and cand.speaker_head is None and cand.exclude == set()
