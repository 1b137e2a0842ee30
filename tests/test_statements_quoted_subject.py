"""Unit tests for two sources the parse points away from: a cue whose parsed subject lies inside the
quotation (:mod:`onrecord.statements.cues.quoted_subject`) and a participle that restricts a noun of
people (:func:`onrecord.statements.cues.participles.described_source`).

Every text here is invented for the test. The quotation cases hang on a parser's mistake, so the parse
is given that misreading (:func:`helpers.statement_checks.misparsed_extraction`).
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import by_cue as _by_cue

# -- a subject inside the quotation --------------------------------------------------------------


def test_the_one_told_is_not_the_source_when_the_parsed_subject_is_quoted(misparsed):
    # parsed as: "told" coordinated with the quotation's "were", whose subject "We" is quoted
    text = "“We were wrong to wait,” Ana Cole, 58, told the Ledger in an interview."
    changes = {2: dict(dep="ROOT", head=2), 13: dict(dep="conj", head=2), 9: dict(dep="npadvmod", head=2)}
    statements, speakers = misparsed(text, changes)
    st = _by_cue(statements, "told")
    assert speakers[st.speaker_id].name == "Ana Cole"


def test_a_name_in_apposition_to_a_quoted_vocative_is_the_source(misparsed):
    # parsed as: the vocative "Madam Mayor" inside the quotation is the subject, the name its apposition
    text = "“That was a fine speech, Madam Mayor,” Councillor Rhys Dunn told Mayor Lena Ford at the dinner."
    statements, speakers = misparsed(text, {8: dict(dep="nsubj", head=14), 13: dict(dep="appos", head=8)})
    st = _by_cue(statements, "told")
    assert speakers[st.speaker_id].name.endswith("Rhys Dunn")


def test_a_quoted_title_taken_for_the_nearer_subject_leaves_the_name_before_it(misparsed):
    # parsed as: the show's title, in quotation marks, is a second subject of "thanked", nearer the verb
    text = "Kim Dale, star of the drama “Harbour,” thanked Ruiz for “keeping all of us safe.”"
    statements, speakers = misparsed(text, {8: dict(dep="nsubj", head=11)})
    st = _by_cue(statements, "thanked")
    assert speakers[st.speaker_id].name == "Kim Dale"


def test_a_participle_hung_inside_the_quotation_is_the_clause_subjects(misparsed):
    # parsed as: "telling" modifies the quoted "got"; it follows "Lena Ford seemed ready to joke …,"
    text = "Lena Ford seemed ready to joke about the flood, telling the crowd, “Some of you got wet, did you notice?”"
    statements, speakers = misparsed(text, {10: dict(dep="advcl", head=18)})
    st = _by_cue(statements, "telling")
    assert speakers[st.speaker_id].name == "Lena Ford"


# -- a participle that restricts a noun of people -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("Two million dollars went to volunteers backing Mayor Ruth Hale in the spring.", "backing", "volunteers"),
        ("Like other mayors defending the tax, Ruth Hale said the city needed the money.", "defending", "other mayors"),
    ],
)
def test_a_participle_right_after_a_noun_of_people_is_theirs(run, text, cue, speaker):
    statements, speakers = run(text)
    assert speakers[_by_cue(statements, cue).speaker_id].name == speaker


def test_the_addressee_of_a_message_is_not_the_source_of_its_participle(run):
    statements, speakers = run("The senator emailed supporters saying the fight goes on.")
    assert speakers[_by_cue(statements, "saying").speaker_id].name == "senator"


def test_papers_filed_by_people_are_theirs_not_a_source(run):
    # "paper" names a newspaper in the singular; the plural here is documents the lawyers filed
    statements, speakers = run("Last week, lawyers for the two families filed legal papers opposing the merger.")
    assert speakers[_by_cue(statements, "opposing").speaker_id].name != "legal papers"
