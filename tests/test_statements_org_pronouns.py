"""Unit tests for "it" whose organisation is named in its own sentence (:mod:`onrecord.statements.org_pronouns`).

Every text here is invented for the test.
"""

from __future__ import annotations

from helpers.statement_checks import speaker_of


def test_it_is_the_organisation_named_before_it_in_its_sentence(run):
    text = (
        "Google said it would sue. About a dozen people protested outside the New York Times after it backed Dana Ruiz."
    )
    statements, speakers = run(text)
    assert speaker_of(statements, speakers, "Dana Ruiz") == "New York Times"
    assert speaker_of(statements, speakers, "it would sue") == "Google"


def test_a_newspaper_the_tagger_labels_an_event_is_still_what_it_stands_for(run):
    # the tagger reads "the Tulsa Morning News" as an event; its last word names a newspaper
    text = (
        "The Hall campaign said the rally was a success. About a dozen people demonstrated outside the Tulsa "
        "Morning News after it backed Dana Reed."
    )
    statements, speakers = run(text)
    assert speaker_of(statements, speakers, "Dana Reed") == "Tulsa Morning News"
