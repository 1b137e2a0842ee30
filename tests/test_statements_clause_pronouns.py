"""Unit tests for "they" (and "he"/"she") bound by the subject of the clause they stand in
(:mod:`onrecord.statements.clause_pronouns`).

Every text here is invented for the test.
"""

from __future__ import annotations

from helpers.statement_checks import only


def _speaker(run, text, fragment):
    statements, speakers = run(text)
    st = only(statements, fragment)
    return speakers[st.speaker_id] if st.speaker_id else None


def test_they_is_the_plural_subject_of_its_clause_not_the_last_group_quoted(run):
    text = "The union said the deal was fair. Many nurses were angry at what they called a dangerous plan."
    assert _speaker(run, text, "dangerous plan").name == "Many nurses"


def test_they_in_a_clause_below_the_subject_through_a_conjunction(run):
    text = "Local farmers said prices fell. Residents got angry because they thought the mayor had lied about the dam."
    assert _speaker(run, text, "mayor had lied").name == "Residents"


def test_they_after_a_coordinated_subject_is_that_coordination(run):
    text = "Parents said the school was cold. Ana Ruiz and other teachers pointed at what they called a failed heating policy."
    speaker = _speaker(run, text, "failed heating policy")
    assert speaker is not None and speaker.name != "Parents"
    assert any(m.text.startswith("Ana Ruiz and other teachers") for m in speaker.mentions)


def test_their_after_a_quantifier_of_people_is_that_quantifier(run):
    text = "Farmers said the river was low. Some of those polled shared their worry that the dam would fail."
    speaker = _speaker(run, text, "dam would fail")
    assert speaker is not None and speaker.name != "Farmers"
    assert speaker.name.lower().startswith("some of")


def test_a_singular_subject_does_not_take_they(run):
    text = "Teachers said pay was low. The mayor rejected what they called a fair demand."
    assert _speaker(run, text, "fair demand").name == "Teachers"


def test_he_is_the_person_subject_of_its_clause(run):
    text = "Tom Lee said the plan works. The director lays out what he believes are the flaws of the plan."
    assert _speaker(run, text, "flaws of the plan").name == "director"


def test_he_is_the_subject_name_the_recogniser_left_untagged(misparsed):
    text = "“We will win,” Tom Ortiz told reporters. At a rally, Reyes included Peru on a list of countries he said had sent spies."
    statements, speakers = misparsed(text, {15: {"ent": "O", "pos": "PROPN", "tag": "NNP"}})  # "Reyes"
    st = only(statements, "had sent spies")
    assert st.speaker_id and speakers[st.speaker_id].name == "Reyes"
