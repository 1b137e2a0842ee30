"""Unit tests for a source named after a dash before its quotation (:mod:`onrecord.statements.digest_leads`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import speaker_of


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Voters are restless - Dana Ruiz: “The polls missed the late deciders in three states.”",
            "late deciders",
            "Dana Ruiz",
        ),
        (
            "Dana Ruiz wrote first. What that means for the race - More from Tom Reyes: “The late deciders broke "
            "for the challenger by ten points.”",
            "broke for the challenger",
            "Tom Reyes",
        ),
    ],
)
def test_the_name_after_the_dash_is_the_source(run, text, fragment, speaker):
    statements, speakers = run(text)
    assert speaker_of(statements, speakers, fragment) == speaker
