"""Unit tests for "Name: …" lines whose name part holds more than a name: a hearer or venue after a
preposition ("Mayor Ortiz at City Hall: …"), a section label before a dash ("BREAKING – Dana Cole: …"),
or a surname the tagger read as an adjective.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only


def test_a_name_with_the_venue_it_spoke_at(run):
    statements, speakers = run("Mayor Ortiz at City Hall: We Will Fix The Schools.\nShe spoke for an hour.")
    st = _only(statements, "We Will Fix The Schools")
    assert st.cue.text == ":" and speakers[st.speaker_id].name.endswith("Ortiz")


def test_a_section_label_before_the_name(run):
    statements, speakers = run("BREAKING – Dana Cole: The Mill Will Stay Open.\nShe spoke for an hour.")
    st = _only(statements, "The Mill Will Stay Open")
    assert speakers[st.speaker_id].name == "Dana Cole"


def test_a_surname_read_as_an_adjective_named_in_full_later(misparsed):
    text = "Quist: Harbor Deal Is Bad For The Town.\nOn Monday, Senator Mara Quist said the deal was bad."
    statements, speakers = misparsed(text, {0: {"pos": "ADJ", "tag": "JJ", "ent": "B-PERSON"}})
    st = _only(statements, "Harbor Deal Is Bad")
    assert st.cue.text == ":" and speakers[st.speaker_id].name == "Mara Quist"


@pytest.mark.parametrize(
    "text",
    [
        "A Curious Plan to Fight Rising Rents: Buy Houses, Sell Land.\nThe plan is new.",  # an infinitive
        "Oil – Brent: UP 58 cents to $81 a barrel.\nPrices rose.",  # a table row
    ],
)
def test_a_heading_or_a_table_row_is_no_statement(run, text):
    statements, _ = run(text)
    assert not [s for s in statements if s.cue is not None and s.cue.text == ":"]
