"""Unit tests for reports whose source owns the noun that reports them: a participle on an owned noun
(:mod:`onrecord.statements.cues.participles`) and an owned claim under a verb that is no cue
(:func:`onrecord.statements.constructions.owned_report_in`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import by_cue as _by_cue


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # the speech is the governor's, not the subject's of the clause it sits in
        (
            "Councillor Dana Whitfield will answer Governor Tomas Ruiz's Monday speech denouncing her budget "
            "with a speech of her own.",
            "denouncing",
            "Tomas Ruiz",
        ),
        (
            "Mayor Lena Ford answered questions about Councillor Rhys Dunn's memo demanding an audit of the fund.",
            "demanding",
            "Councillor Rhys Dunn",
        ),
    ],
)
def test_a_participle_on_an_owned_noun_is_the_owners(run, text, cue, speaker):
    statements, speakers = run(text)
    st = _by_cue(statements, cue)
    assert speakers[st.speaker_id].name == speaker


def test_a_quotation_in_an_owned_claim_is_the_owners_not_the_verbs(run):
    # "seized on" is no cue: the quotation it holds is reported by the mayor's claim
    text = "The Ledger seized on Mayor Ruth Hale's claim that there were “thousands of robberies” in the city."
    statements, speakers = run(text)
    st = _by_cue(statements, "claim")
    assert speakers[st.speaker_id].name == "Ruth Hale"
    assert not [s for s in statements if s.cue is not None and s.cue.text == "seized"]
