"""Unit tests for what a share of respondents said in a poll (:mod:`onrecord.statements.cues.polls`).

Every text here is invented for the test.
"""

from __future__ import annotations

from helpers.statement_checks import speaker_of


def test_a_share_of_respondents_in_a_poll_gives_the_polls_finding(run):
    statements, speakers = run("In a June Ledger poll, 75 percent of voters said the mayor should resign.")
    assert speaker_of(statements, speakers, "the mayor should resign") == "June Ledger poll"


def test_a_share_of_respondents_with_the_poll_after_it(run):
    text = "Sixty percent of voters said they disliked the plan in a Ledger poll this month."
    statements, speakers = run(text)
    assert speaker_of(statements, speakers, "they disliked the plan") == "Ledger poll"
