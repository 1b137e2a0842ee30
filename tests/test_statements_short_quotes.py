"""Unit tests for short quotations and their cues: not titles ("“It's not new in Ohio,” said Tom Reyes",
:func:`onrecord.statements.cues.common._looks_like_title`), and an unlisted verb between two pieces
("“A,” Ruiz elaborated, “B.”", :mod:`onrecord.statements.uncued`), a cue after a long subject, and three
straight marks closing a nested and the outer quotation (:mod:`onrecord.statements.quotes`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import misparsed_extraction, speaker_of


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # only the first word and a name are long and capitalised: a title would capitalise "Not" and "New"
        ("“It’s not new in Ohio,” said Tom Reyes, adding that “we have elected many.”", "not new in Ohio", "Tom Reyes"),
        (
            '"No. Absolutely not," Dana Ruiz replied, noting that she is "looking for a team".',
            "Absolutely not",
            "Dana Ruiz",
        ),
    ],
)
def test_a_short_quotation_with_a_lowercase_word_takes_its_cue(run, text, fragment, speaker):
    statements, speakers = run(text)
    assert speaker_of(statements, speakers, fragment) == speaker


def test_a_capitalised_title_is_still_no_quotation_of_its_own():
    from onrecord.statements.cues.common import _looks_like_title

    assert _looks_like_title("The Art of the Deal,")
    assert not _looks_like_title("It’s not new in Ohio,")


def test_an_unlisted_verb_between_two_quotations_attributes_both(run):
    # "elaborated" is not in the cue lexicon; between two pieces of one quotation it is the attribution
    text = "Dana Ruiz spoke last. “The way I see it,” Ruiz elaborated, “no one ever doubted the plan.”"
    statements, speakers = run(text)
    assert speaker_of(statements, speakers, "no one ever doubted") == "Dana Ruiz"


def test_a_cue_after_a_long_subject_still_attributes_the_quotation(nlp):
    # the parser hung the quoted clause on the name (token 2 "have" -> 8 "Reyes"), so the quotation
    # looks for its cue after it; "said" is 12 words on, past a subject with its appositive
    run = misparsed_extraction(nlp)
    text = "“We have the money,” Tom Reyes, a veteran strategist who worked for two governors, said on Monday."
    statements, speakers = run(text, {2: {"dep": "dep", "head": 8}})
    assert speaker_of(statements, speakers, "We have the money") == "Tom Reyes"


def test_three_straight_marks_close_a_nested_and_the_outer_quotation(run):
    # typewriter quotes: the inner 'We will win,' and the outer pair end together in three marks
    text = "Others were hopeful. ''I think voters will not settle for 'We will win,''' said Senator Tom Reyes of Ohio."
    statements, speakers = run(text)
    assert speaker_of(statements, speakers, "voters will not settle") == "Tom Reyes"


def test_an_unlisted_verb_with_an_aside_after_it_still_attributes(run):
    # "went on" is no cue; ", as if he did not hear her" is an aside, not business of the verb's own
    text = "Dana Ruiz spoke. “You know, it happens, right?” Tom Reyes went on, as if he did not hear her."
    statements, speakers = run(text)
    assert speaker_of(statements, speakers, "it happens") == "Tom Reyes"
