"""Unit tests for words that are never the source of a statement: a dateline the parser took for the
subject ("RANGOON, Burma - …"), and a headline or label before a line's colon.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import checked_extraction


@pytest.fixture(scope="module")
def run(nlp):
    return checked_extraction(nlp)


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
