"""Unit tests for quotations the parser splits oddly: a capitalised last sentence of a longer quotation
(not a title), an inverted cue whose host clause the parser rooted on a noun, and a "saying" participle
the parser hung inside a report that is itself dropped.

Every text here is invented for the test.
"""

from __future__ import annotations

from helpers.statement_checks import only as _only


def test_the_capitalised_last_sentence_of_a_quotation_is_no_title(run):
    text = "Residents of the valley “deserve a mayor who listens. That’s Dana Cole,” said the man who ran her campaign."
    statements, speakers = run(text)
    st = _only(statements, "That’s Dana Cole")
    assert st.cue.text == "said" and "deserve a mayor who listens" in st.quote.text
    assert speakers[st.speaker_id].name == "man"


def test_a_whole_quoted_title_is_still_no_statement(run):
    statements, _ = run("The film, showing “Blue Harbor Days”, opened.")
    assert statements == []


def test_an_inverted_cue_on_a_noun_root_reports_both_sides(run):
    text = "“A huge wave” swept over the pier that had been built for the regatta, she said, and “everyone started screaming.”"
    statements, _ = run(text)
    st = _only(statements, "A huge wave")
    assert st.cue.text == "said" and "everyone started screaming" in st.quote.text


def test_a_participle_after_the_cue_stays_out(run):
    statements, _ = run("“Too much noise,” she said, blaming some of it on the mayor.")
    st = _only(statements, "Too much noise")
    assert "blaming" not in st.quote.text


def test_a_saying_participle_nested_only_in_a_dropped_report_stays(misparsed):
    text = "Ana Ruiz also wrote the aides knew to brace for the storms, saying, “They did not come every day, but we learned fast.”"
    # the misreading: "to brace" an infinitive of "knew", so that "knew" reports around "saying"
    changes = {
        7: {"dep": "aux", "pos": "PART", "tag": "TO", "head": 8},
        8: {"dep": "xcomp", "pos": "VERB", "tag": "VB"},
    }
    statements, speakers = misparsed(text, changes)
    st = _only(statements, "They did not come every day")
    assert st.cue.text == "saying" and speakers[st.speaker_id].name == "Ana Ruiz"
