"""Two attributions inside one content span (issue 10, class 8): "said X and questioned Y", "…, while
Cruz said …", "…, which she said …", "“…,” adding, “…”". Each is a statement of its own, and the first
content ends where the second attribution starts.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only


def test_a_second_finite_verb_of_speech_is_a_second_statement(run):
    statements, speakers = run(
        "Dana Holt, a local farmer, said she earns little from the harvest and questioned how the new tax "
        "would help her."
    )
    first, second = _only(statements, "she earns little"), _only(statements, "how the new tax")
    assert first.quote.text == "she earns little from the harvest"
    assert (first.cue.text, second.cue.text) == ("said", "questioned")
    assert first.speaker_id == second.speaker_id and speakers[first.speaker_id].name == "Dana Holt"


def test_a_second_verb_in_another_tense_stays_in_the_content(run):
    # "questions" is not in the tense of "said": it goes on the content's own clause
    statements, _ = run("The mayor said the plan works and questions remain about the cost.")
    assert not any(st.cue is not None and st.cue.text == "questions" for st in statements)


def test_a_person_named_in_the_content_may_be_the_one_telling(run):
    statements, _ = run("The manager said Tom Reyes visited the plant and told workers the line would close.")
    assert "told workers" in _only(statements, "visited the plant").quote.text


def test_an_adverbial_clause_with_its_own_speaker_ends_the_content(run):
    statements, speakers = run(
        "The senator suggested that the budget was too small, while the governor said that the schools "
        "needed more money."
    )
    first, second = _only(statements, "the budget was too small"), _only(statements, "the schools needed")
    assert first.quote.text == "the budget was too small"
    assert speakers[second.speaker_id].name == "governor"


def test_a_relative_clause_with_its_own_report_ends_the_content(run):
    statements, speakers = run("Mayor Ann Cole criticized the new parking rules, which she said had hurt local shops.")
    first, second = _only(statements, "parking rules"), _only(statements, "had hurt local shops")
    assert first.quote.text == "the new parking rules"
    assert second.cue.text == "said" and second.speaker_id == first.speaker_id


@pytest.mark.parametrize("closing", ["“had a foolish plan,”", "'had a foolish plan,'"])
def test_a_participle_after_a_quotation_closing_on_a_comma_is_the_cues_second_report(run, closing):
    statements, speakers = run(f"Senator Ada Ruiz said Mayor Bo Lind {closing} adding, “He lost every district.”")
    first, second = _only(statements, "foolish plan"), _only(statements, "every district")
    assert "every district" not in first.quote.text
    assert second.cue.text == "adding"
    # the parser hangs "adding" on "had", whose subject is the mayor: the senator is the one adding
    assert speakers[second.speaker_id].name == speakers[first.speaker_id].name == "Ada Ruiz"
