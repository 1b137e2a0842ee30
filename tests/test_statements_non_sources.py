"""Unit tests for words that are never the source of a statement: a dateline the parser took for the
subject ("RANGOON, Burma - …"), and a headline or label before a line's colon.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest


def _speakers_by_cue(run, text: str) -> dict[str, str | None]:
    statements, speakers = run(text)
    return {
        s.cue.text: (speakers[s.speaker_id].name if s.speaker_id else None) for s in statements if s.cue is not None
    }


@pytest.mark.parametrize(
    "text, cue, name",
    [
        (
            "Rebels appear to win.\n\nRANGOON, Burma - The rebel leader's political allies on Monday predicted an "
            "overwhelming victory in the elections.",
            "predicted",
            "rebel leader's political allies",
        ),
        (
            "Strike ends.\n\nPORT TALBOT, Wales - The union's negotiators on Friday predicted a quick return to work.",
            "predicted",
            "union's negotiators",
        ),
    ],
)
def test_a_dateline_is_never_the_speaker(run, text, cue, name):
    found = _speakers_by_cue(run, text)
    assert found.get(cue) is not None and found[cue].startswith(name), found


@pytest.mark.parametrize(
    "text",
    [
        "BREAKING: Court Blocks New Voting Law In Ohio Days Before Election.",
        "Bombshell: The Mayor Just Gave Voters A Whole New Reason To Worry.",
        "EXCLUSIVE: In letter to council, the builders insist the tower is safe.",
        # a title-cased clause with a verb, whose subject names no source, heads the paragraph after it
        "Budget Fights.\n\nVeto Power Impedes Peace Efforts: Ending wars is one of the founding goals of the "
        "council, and its members hold the tools to do it.",
        "Rising Rents Squeeze Young Families: Housing costs have climbed faster than wages in every district "
        "of the city.",
    ],
)
def test_a_label_or_heading_before_a_colon_is_not_a_speaker(run, text):
    found = _speakers_by_cue(run, text)
    assert ":" not in found, found


@pytest.mark.parametrize(
    "text, name",
    [
        ("Poll: Voters Sour On Both Candidates As Election Nears.", "Poll"),
        (
            "Mayor Jane Ruiz spoke on Monday.\n\nJane Ruiz Slams Bank Chief: You Should Resign Today.",
            "Jane Ruiz",
        ),
    ],
)
def test_a_source_before_a_colon_stays_the_speaker(run, text, name):
    found = _speakers_by_cue(run, text)
    assert found.get(":") is not None and name in found[":"], found


@pytest.mark.parametrize(
    "text",
    [
        "The fees were large. That said, young voters say they believe success will come.",
        "Having said that, the mayor insisted the budget was sound.",
        "That being said, the mayor insisted the budget was sound.",
    ],
)
def test_that_said_is_the_writer_turning_not_a_statement(run, text):
    found = _speakers_by_cue(run, text)
    assert "said" not in found, found
