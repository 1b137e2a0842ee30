"""Unit tests for a sentence attributed twice, by a cue before a quotation and by one closing it ("Jones
said the plan failed because “…,” she said"): the closing cue reports the quotation only
(:func:`onrecord.statements.nesting.clip_double_attribution`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest


def _by_cue(run, text: str, cue: str):
    statements, speakers = run(text)
    return [(s.quote.text, speakers[s.speaker_id].name) for s in statements if s.cue is not None and s.cue.text == cue]


@pytest.mark.parametrize(
    "text, quoted, name",
    [
        (
            "Jones told reporters the plan would fail because “nobody has paid for it yet,” she said.",
            "nobody has paid for it yet,",
            "Jones",
        ),
        (
            "The mayor said the vote was delayed because “the council needs more time,” he said on Monday.",
            "the council needs more time,",
            "mayor",
        ),
    ],
)
def test_the_closing_cue_of_a_double_attribution_reports_the_quotation(run, text, quoted, name):
    closing = _by_cue(run, text, "said")[-1]
    assert closing[0] == quoted and name in closing[1]


def test_a_closing_cue_of_another_source_reports_the_whole_sentence(run):
    text = "On Saturday, Ruiz made clear that “the deal is off,” Reuters reported."
    assert _by_cue(run, text, "reported") == [("On Saturday, Ruiz made clear that “the deal is off,", "Reuters")]


def test_the_pronoun_closing_a_quotation_is_the_name_heading_its_sentence(run):
    # "he" is who the sentence opens with, not the last man named before the quotation
    text = "Tyler said the campaign will show voters that Cruz has “clear principles for the job,” he said."
    statements, speakers = run(text)
    assert [speakers[s.speaker_id].name for s in statements if s.cue is not None and s.cue.text == "said"] == ["Tyler"]
    (statement,) = [s for s in statements if s.cue is not None and s.cue.text == "said"]
    assert statement.speaker_mention is not None and statement.speaker_mention.text == "he"
