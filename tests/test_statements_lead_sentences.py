"""A quotation after a whole sentence that only introduces it belongs to that sentence's subject, not to
whoever spoke before it (:func:`onrecord.statements.uncued._lead_sentence`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only


def _speaker(run, text: str, fragment: str):
    statements, speakers = run(text)
    st = _only(statements, fragment)
    return speakers[st.speaker_id].name if st.speaker_id else None


@pytest.mark.parametrize(
    "text",
    [
        # a cue verb with nothing to report of its own, then the quotation
        "The mayor said the bridge would close in June. Professor Ana Ruiz of Lakeland College agreed. "
        '"The city cannot pay for this without new taxes, and everyone knows it."',
        # the same, the quotation in a paragraph of its own
        "The mayor said the bridge would close in June.\n\nProfessor Ana Ruiz of Lakeland College agreed.\n\n"
        '"The city cannot pay for this without new taxes, and everyone knows it."',
    ],
)
def test_a_quotation_after_a_bare_cue_sentence_is_its_subjects(run, text):
    assert _speaker(run, text, "cannot pay for this") == "Ana Ruiz"


def test_a_quotation_after_a_colon_sentence_is_its_subjects(run):
    text = (
        "The mayor said the bridge would close in June. As Professor Ana Ruiz of Lakeland College put it "
        'on the radio: "The city cannot pay for this without new taxes, and everyone knows it."'
    )
    assert _speaker(run, text, "cannot pay for this") == "Ana Ruiz"


def test_the_tail_of_a_quoted_sentence_still_goes_on_with_its_quotation(run):
    # '“A?” Ruiz asked. “B.”': B is more of Ruiz's quotation, not a new statement led in by "Ruiz asked."
    text = '"Who will pay for the bridge?" Ana Ruiz asked. "Nobody in this room, that is for sure."'
    statements, _ = run(text)
    assert len(statements) == 1, [s.quote.text for s in statements]
    assert "Nobody in this room" in statements[0].quote.text


def test_a_lead_in_whose_subject_is_no_source_leaves_the_quotation_to_the_last_speaker(run):
    # "It was that simple: “…”": "it" is no one here (speakers.json lead_sentence_non_sources), so the
    # quotation after the colon goes on with Ruiz's, and no statement is left without a speaker
    text = (
        '"The city cannot pay for this without new taxes," Ana Ruiz said on Monday. '
        'It was that simple: "Everyone in this room knows it."'
    )
    statements, speakers = run(text)
    assert all(s.speaker_id for s in statements), [s.quote.text for s in statements]
    assert _speaker(run, text, "Everyone in this room") == "Ana Ruiz"
