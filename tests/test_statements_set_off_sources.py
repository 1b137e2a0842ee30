"""Unit tests for sources set off inside the sentence they report: "Hall, a top aide said, is …" (the
apposition the parser made is the source, :func:`onrecord.statements.cues.parenthetical.source_apposed_to_subject`)
and "Ms. Tate - in a remark aimed at … - declared …" (the name before an aside set off by dashes,
:func:`onrecord.statements.cues.parenthetical.speaker_before_cue`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest


def _only(run, text: str, cue: str):
    statements, speakers = run(text)
    hits = [s for s in statements if s.cue is not None and s.cue.text == cue]
    assert len(hits) == 1, [(s.cue.text if s.cue else None, s.quote.text) for s in statements]
    return hits[0], speakers[hits[0].speaker_id].name


@pytest.mark.parametrize(
    "text, name",
    [
        ("Hall, a top aide said, is expected to leave the firm in June.", "top aide"),
        ("Clinton, a senior adviser said, “is very sure of the outcome” of the vote.", "senior adviser"),
    ],
)
def test_the_apposition_before_a_set_off_cue_is_the_source(run, text, name):
    _, speaker = _only(run, text, "said")
    assert speaker == name


def test_the_name_the_apposed_source_talks_of_is_part_of_what_was_said(run):
    statement, _ = _only(run, "Hall, a top aide said, is expected to leave the firm in June.", "said")
    assert statement.quote.text.startswith("Hall")


def test_an_apposition_closed_by_its_own_comma_describes_the_speaker(run):
    _, speaker = _only(run, "Ana Lee, a lawyer for the city, said the deal was fair.", "said")
    assert "Lee" in speaker and "lawyer" not in speaker


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "On his way out of the contest, Mr. Voss - in a line that seemed squarely aimed at Mr. Hale's angry "
            "brand of politics - declared that a governor must listen to all parts of the state and all kinds of voters.",
            "Voss",
        ),
        (
            "Leaving the stage, Mr. Ford - in a jab that seemed clearly aimed at Mr. Kerr's harsh brand of "
            "campaigning - declared that a senator must serve all corners of the state and all kinds of people.",
            "Ford",
        ),
    ],
)
def test_the_name_before_an_aside_set_off_by_dashes_is_the_source(run, text, name):
    _, speaker = _only(run, text, "declared")
    assert speaker == name


@pytest.mark.parametrize(
    "text, thing",
    [
        (
            'Marsh said Reed\'s defeat reminds him of the 1974 book titled "The Fall of Tom Hale," explaining, '
            '"because what might have been was lost and there are sad sides to it, which we all regret."',
            "defeat",
        ),
        (
            'Marsh said the city\'s budget reminds him of the 1988 film called "The Long Winter," explaining, '
            '"because what could have been and so there are painful parts of it, which we all feel."',
            "budget",
        ),
    ],
)
def test_a_participle_after_a_comma_inside_quotation_marks_goes_on_the_first_report(run, text, thing):
    # the parser hangs "explaining" on the reported clause, whose subject is a thing: the second report
    # is the first cue's, with the comma before the closing mark of the title
    _, speaker = _only(run, text, "explaining")
    assert speaker == "Marsh", speaker
