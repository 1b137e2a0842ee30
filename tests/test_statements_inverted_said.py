"""Unit tests for attributions around a clause the parser did not hang on the cue: "<clause>, said X"
with the clause's subject read as a second subject of the cue, and "<phrase>, X said, <clause>" with the
attribution parsed as an aside that opens the sentence, and "<clause>, X told Y." with the cue
coordinated with the clause's verb.

Every text here is invented for the test.
"""

from __future__ import annotations

from helpers.statement_checks import only as _only


def test_an_inverted_cue_whose_clause_subject_was_read_as_its_own(run):
    text = (
        'The closure of the mill signals "the end of an era" for the valley, said Dana Cole, head of the local union.'
    )
    statements, speakers = run(text)
    st = _only(statements, "the end of an era")
    assert st.quote.text == 'The closure of the mill signals "the end of an era" for the valley'
    assert st.cue.text == "said" and speakers[st.speaker_id].name == "Dana Cole"


def test_an_attribution_set_off_by_a_comma_after_an_opening_phrase(run):
    text = "At times last winter, friends of the coach said, the mere mention of the trade could make him shout."
    statements, speakers = run(text)
    st = _only(statements, "the mere mention of the trade")
    assert st.cue.text == "said" and st.quote.text.endswith("could make him shout")
    assert speakers[st.speaker_id].name == "friends of the coach"


def test_a_discourse_you_know_is_no_statement(run):
    statements, _ = run("You know, I got lost on the way.")
    assert statements == []


def test_a_closing_told_the_parser_coordinated_with_the_clause(misparsed):
    text = "The mill will stay open through the winter, its owner, Dana Cole, told the Ledger."
    # the misreading: "told" a conjunct of "stay" instead of the root over it
    statements, speakers = misparsed(text, {3: {"dep": "ROOT", "head": 3}, 15: {"dep": "conj", "head": 3}})
    st = _only(statements, "The mill will stay open")
    assert st.quote.text == "The mill will stay open through the winter"
    assert st.cue.text == "told" and speakers[st.speaker_id].name == "Dana Cole"


def test_a_coordinated_told_after_and_is_a_clause_of_its_own(run):
    statements, _ = run("The mill closed early, and its owner told the Ledger.")
    assert not [s for s in statements if s.quote.text.startswith("The mill closed")]


def test_according_to_an_object_pronoun(run):
    statements, _ = run("The mill closed early, according to him, because the owners wanted out.")
    st = _only(statements, "The mill closed early")
    assert st.cue.text == "according to" and st.quote.text.endswith("because the owners wanted out")
    assert st.speaker_mention is not None and st.speaker_mention.text == "him"
