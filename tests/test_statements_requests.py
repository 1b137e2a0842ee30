"""Unit tests for a request with its object and infinitive ("urged voters to accept …") when the parser
also hangs a clause before the cue on it as a complement, and the short object of a demand ("called for
calm"), which is what was demanded and not a topic.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only


def test_a_clause_before_the_cue_misread_as_its_complement_gives_way_to_the_request(misparsed):
    text = (
        "Ana Ruiz opposes the levy, but - after a court ruling made it law - she urged voters to accept the decision."
    )
    # the misreading: the "after" clause a complement of "urged", as in an inverted "…, she said"
    statements, speakers = misparsed(text, {8: {"dep": "mark"}, 12: {"dep": "ccomp", "head": 17}})
    st = _only(statements, "voters to accept")
    assert st.cue.text == "urged" and st.quote.text == "voters to accept the decision"
    assert speakers[st.speaker_id].name == "Ana Ruiz"
    assert not [s for s in statements if "court ruling" in s.quote.text]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Union members called for her ouster.", "her ouster", "Union members"),
        ("The mayor pushed for a recount.", "a recount", "mayor"),
        ("The committee called for calm.", "calm", "committee"),
    ],
)
def test_a_short_object_of_a_demand_is_what_was_demanded(run, text, content, speaker):
    statements, speakers = run(text)
    st = _only(statements, content)
    assert st.quote.text == content and st.act == "speech"
    assert speakers[st.speaker_id].name == speaker


def test_a_time_after_push_for_is_no_demand(run):
    statements, _ = run("The union pushed for months.")
    assert statements == []
