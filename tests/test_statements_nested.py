"""Unit tests for nested attributions (issue 10, class 5): an inner cue inside the content of an outer
cue must not take the outer statement over (:mod:`onrecord.statements.nesting`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import by_cue as _by_cue
from helpers.statement_checks import only


def test_according_to_inside_a_report_keeps_to_the_reported_clause(run):
    # "according to" reads the rest of its sentence on both sides; inside "reported that …" its left
    # side is the outer attribution, which is the Herald's, not the analysts'
    text = "The Herald reported that, according to an analysis of the ledgers, most of the money went to donors."
    statements, speakers = run(text)
    inner = _by_cue(statements, "according to")
    assert inner.quote.text == "most of the money went to donors"
    assert not inner.fragments
    outer = _by_cue(statements, "reported")
    assert speakers[outer.speaker_id].name == "Herald"
    assert outer.quote.text.startswith("according to an analysis")


def test_a_nested_report_as_long_as_the_outer_one_is_not_its_duplicate(run):
    # clipped to the outer content, the inner statement shares most of it: both stay, each with its source
    text = (
        "The Herald reported that, according to Bo Li, the old bridge over the river near the mill had never "
        "been inspected by anyone from the city in the last ten years."
    )
    statements, speakers = run(text)
    inner = _by_cue(statements, "according to")
    assert speakers[inner.speaker_id].name == "Bo Li"
    assert inner.quote.text.startswith("the old bridge")
    outer = _by_cue(statements, "reported")
    assert speakers[outer.speaker_id].name == "Herald"


def test_according_to_hung_on_the_cue_itself_still_reports_the_whole_sentence(run):
    # "…, according to polling …, even as …": a sentence adverbial the parser attached to the verb, not
    # a report nested inside what the voters "favored"
    text = (
        "Older voters favored the mayor by ten points, according to polling by the union, even as younger "
        "voters drifted away."
    )
    statements, _ = run(text)
    according = _by_cue(statements, "according to")
    assert according.quote.text.startswith("Older voters favored the mayor")


# -- speakers the parser hides ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        # "4 in 10" alone is a share of the people polled; the parser takes it for a number on the verb
        ("About 4 in 10 say they want the town to build more housing.", "they want the town", "About 4 in 10"),
    ],
)
def test_a_proportion_standing_alone_is_the_speaker(run, text, fragment, speaker):
    statements, speakers = run(text)
    st = only(statements, fragment)
    assert st.speaker_mention is not None and st.speaker_mention.text == speaker


def test_a_second_verb_of_saying_hung_on_the_first_ones_complement_is_the_same_speakers(run):
    # the parser coordinates the second "says" with "was", inside what was said: it is a second report
    # of the same source, not something "the obvious answer" says, and the first report ends before it
    text = "He says the obvious answer was to close the plant and says he wrote a bill to do that."
    statements, _ = run(text)
    first = only(statements, "the obvious answer")
    assert first.quote.text == "the obvious answer was to close the plant"
    second = only(statements, "he wrote a bill")
    assert second.speaker_mention is not None and second.speaker_mention.text == "He"


def test_a_name_in_apposition_says_which_one_of_a_group_spoke(run):
    text = "One of the men, Jim Elkins, 70, said he was convinced the plan would fail."
    statements, speakers = run(text)
    st = only(statements, "the plan would fail")
    assert speakers[st.speaker_id].name == "Jim Elkins"


def test_an_apposition_after_an_opening_phrase_is_not_that_phrases(run):
    # the parser hangs "her senior adviser" on "the Herald" as its apposition; the source is the adviser
    text = "In a statement to the Herald, her senior adviser, Jake Moss, said: “The plan is essential.”"
    statements, speakers = run(text)
    st = only(statements, "The plan is essential")
    assert speakers[st.speaker_id].name == "Jake Moss"


def test_a_participle_of_saying_hung_on_the_complement_is_the_reporters(run):
    # "saying" hangs on "keep", whose subject is a thing: the one still speaking is the one who argued
    text = "Ana Ruiz argued that a new register would keep fraud down, saying it is all about management."
    statements, speakers = run(text)
    st = only(statements, "all about management")
    assert speakers[st.speaker_id].name == "Ana Ruiz"
