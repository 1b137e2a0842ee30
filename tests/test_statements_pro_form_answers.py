"""Unit tests for a word standing for a whole answer or claim after a verb of saying ("75 percent said
yes", "half said so", "said no to the tax"), which the parser never reads as a complement clause.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only


def test_yes_and_no_of_two_shares_of_respondents(run):
    text = "Asked whether the plan works, 75 percent of voters said yes, but 55 percent said no."
    statements, speakers = run(text)
    answers = sorted((s.quote.text, speakers[s.speaker_id].name) for s in statements)
    assert answers == [("no", "55 percent"), ("yes", "75 percent of voters")]


def test_so_is_the_whole_statement_and_does_not_run_on(run):
    statements, speakers = run("In May, 40 percent of voters said so, and the mayor resigned.")
    st = _only(statements, "so")
    assert st.quote.text == "so" and speakers[st.speaker_id].name == "40 percent of voters"


def test_no_with_what_was_refused(run):
    statements, _ = run("The senator said no to the new tax.")
    st = _only(statements, "no to")
    assert st.quote.text == "no to the new tax" and st.cue.text == "said" and st.act == "speech"


@pytest.mark.parametrize("text", ["I say so far so good.", "He said so many times over the years."])
def test_a_longer_phrase_is_no_pro_form(run, text):
    statements, _ = run(text)
    assert not [s for s in statements if s.quote.text.split()[:1] in (["so"], ["no"])]
