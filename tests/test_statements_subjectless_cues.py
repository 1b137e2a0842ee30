"""Unit tests for cues the parser leaves without their own subject: the source is the noun phrase that
opens the sentence (:mod:`onrecord.statements.cues.left_clause`), and an active cue coordinated with a
passive verb shares that verb's subject, not its agent (:func:`onrecord.statements.cues.common._subject`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import checked_extraction


@pytest.fixture(scope="module")
def run(nlp):
    return checked_extraction(nlp)


def _speaker_of(run, text: str, cue: str) -> str:
    statements, speakers = run(text)
    hits = [s for s in statements if s.cue is not None and s.cue.text == cue]
    assert len(hits) == 1, [(s.cue.text if s.cue else None, s.quote.text) for s in statements]
    return speakers[hits[0].speaker_id].name


@pytest.mark.parametrize(
    "text, cue, name",
    [
        # the parser reads "Hartley … who sits on the budget panel" as a clause under "said"
        (
            "Hartley, meanwhile, who sits on the budget panel, said the plan would cost far more than promised.",
            "said",
            "Hartley",
        ),
        (
            "Brenda Ortiz, meanwhile, who runs a bakery in the town, said the new tax hurts small shops.",
            "said",
            "Brenda Ortiz",
        ),
    ],
)
def test_the_name_opening_the_sentence_speaks_for_a_cue_without_subject(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name


@pytest.mark.parametrize(
    "text, cue, name",
    [
        (
            "Union members were angered by the ruling and predicted it would hurt wages across the region.",
            "predicted",
            "Union members",
        ),
        ("The residents were surprised by the decision and said they would appeal it in court.", "said", "residents"),
    ],
)
def test_a_cue_coordinated_with_a_passive_shares_its_subject_not_its_agent(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name
