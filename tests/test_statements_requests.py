"""Unit tests for a request with its object and infinitive ("urged voters to accept …") when the parser
also hangs a clause before the cue on it as a complement.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import misparsed_extraction
from helpers.statement_checks import only as _only


@pytest.fixture(scope="module")
def misparsed(nlp):
    return misparsed_extraction(nlp)


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
