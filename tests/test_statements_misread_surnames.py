"""Unit tests for surnames that are also modals or adverbs ("Will", "Early"): the tagger makes them a
modifier of the cue right after them, and the cue is left with no subject
(:func:`onrecord.statements.cues.verbs._name_read_as_modifier`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest


def _speakers(run, text: str, cue: str) -> list:
    statements, speakers = run(text)
    hits = [s for s in statements if s.cue is not None and s.cue.text == cue]
    assert hits, [(s.cue.text if s.cue else None, s.quote.text) for s in statements]
    return [speakers[s.speaker_id].name if s.speaker_id in speakers else None for s in hits]


@pytest.mark.parametrize(
    "text, cue, surname",
    [
        (
            "Columnist George Will criticized the governor on Sunday. "
            "“This should hasten the end of his campaign,” Will wrote.",
            "wrote",
            "Will",
        ),
        (
            "Former mayor Tom Early spoke at the rally. “It will work,” Early said.",
            "said",
            "Early",
        ),
    ],
)
def test_a_surname_read_as_a_modal_or_adverb_is_the_source(run, text, cue, surname):
    names = _speakers(run, text, cue)
    assert names[-1] is not None and surname in names[-1]


def test_a_sentence_opening_adverb_of_nobody_named_so_is_no_source(run):
    names = _speakers(run, "Early said the plan was sound.", "said")
    assert names == [None]


def test_a_surname_tagged_as_a_noun_right_after_a_quotation_is_the_source(run):
    names = _speakers(run, "“Would the new tax be negotiable?” Hannity pressed.", "pressed")
    assert names == ["Hannity"]


def test_a_lowercase_noun_after_a_quotation_needs_the_lexicon(run):
    statements, _ = run("“Would the new tax be negotiable?” the dog barked.")
    assert not [s for s in statements if s.cue is not None and s.cue.text == "barked"]
