"""Unit tests for the classes of error measured on news of another outlet and annotation scheme (GUM's
Wikinews articles, issue 10): text set one sentence a line, what is not a statement by anyone, and
attributions nested inside another.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only
from helpers.statement_checks import speaker_of as _speaker_of
from onrecord.statements import find_quotes

# -- a quotation over several sentence lines is one quotation -------------------------------------------


def _quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # one sentence a line: the closing mark comes on the next line
        (
            "The coach said, “We played well today.\nWe will win the next one.” Then he left.",
            ["We played well today.\nWe will win the next one."],
        ),
        # lines with no mark between are passed over
        (
            "She said, “The bridge is shut.\nThe ferry is full.\nNobody can cross.” The town waited.",
            ["The bridge is shut.\nThe ferry is full.\nNobody can cross."],
        ),
        # the next quotation opening first: the one left open ends at its line
        (
            "He said, “The bridge is shut.\nThe mayor called it “a disgrace” on Monday.",
            ["The bridge is shut.", "a disgrace"],
        ),
        # a pull quote's source tag inside the marks is not more of the quotation
        (
            "“Prices will fall before the winter.\nLena Ortiz, chief economist.”\nThe bank disagreed.",
            ["Prices will fall before the winter."],
        ),
    ],
)
def test_a_quotation_closed_lines_later_is_one_quotation(text, expected):
    assert _quoted(text) == expected


def test_a_quotation_over_sentence_lines_is_one_statement(run):
    text = (
        "After the final, the coach Mia Roth said, “We were tired in the first half.\n"
        "We kept the ball and waited for our chances.” Her team plays again on Sunday."
    )
    statements, speakers = run(text)
    st = _only(statements, "We were tired in the first half")
    assert "waited for our chances" in st.quote.text and st.type == "direct"
    assert _speaker_of(statements, speakers, "waited for our chances") == "Mia Roth"


# -- what is not a statement by anyone -----------------------------------------------------------------


def test_the_subject_of_a_passive_coordinated_with_told_heard_it(run):
    statements, _ = run("I was called into the office and told that my brother had left the town for good.")
    assert not [s for s in statements if "brother had left" in s.quote.text]


def test_told_with_its_own_hearer_after_a_passive_is_still_a_statement(run):
    statements, _ = run("The driver was stopped at the border and told the officers that he had lost his papers.")
    assert _only(statements, "he had lost his papers").cue.text == "told"


def test_a_subordinate_clause_is_not_an_aside_reporting_the_main_one(run):
    text = "While the safety checks will continue, officials will scrap the interview step to “streamline” the process."
    statements, _ = run(text)
    assert not [s for s in statements if "interview step" in s.quote.text]


def test_an_as_clause_still_reports_the_main_one(run):
    statements, speakers = run("The blast, as police said on Monday, was caused by a gas leak in the basement.")
    assert _speaker_of(statements, speakers, "gas leak") == "police"


# -- recall: cues of reasoning and theorising --------------------------------------------------------


@pytest.mark.parametrize(
    "text, fragment, cue",
    [
        (
            "The judge reasoned that the law applied only to buildings finished after 2010.",
            "the law applied",
            "reasoned",
        ),
        ("Scientists at the museum theorized that the valley was cut by a glacier.", "the valley was cut", "theorized"),
        ("The authors hypothesized that the drug slows the loss of memory.", "the drug slows", "hypothesized"),
    ],
)
def test_verbs_of_reasoning_and_theorising_report_their_clause(run, text, fragment, cue):
    statements, _ = run(text)
    assert _only(statements, fragment).cue.text == cue


# -- recall: sources the parser misread ---------------------------------------------------------------


def test_an_inverted_cue_inside_its_sentence_reports_both_sides(run):
    # the parser hangs "Most residents" on "said" as a second subject: the speaker is the mayor
    statements, speakers = run("Most residents, said the mayor, have already left the flooded valley.")
    st = _only(statements, "have already left")
    assert "Most residents" in st.quote.text and len(st.fragments) == 2
    assert _speaker_of(statements, speakers, "have already left") == "mayor"


def test_according_to_a_name_without_a_comma(misparsed):
    # the parser reads "Okafor" as a verb whose object is the content's subject
    text = "According to Okafor the stolen bicycle was returned by post soon after he moved."
    statements, speakers = misparsed(text, {2: dict(pos="VERB", tag="VB", dep="pcomp", ent="O"), 5: dict(dep="dobj")})
    st = _only(statements, "stolen bicycle was returned")
    assert st.quote.text.startswith("the stolen bicycle")
    assert _speaker_of(statements, speakers, "stolen bicycle") == "Okafor"


def test_in_the_words_of_names_the_source_of_a_quotation(run):
    text = (
        "The trial heard of months of pain, and in the words of the prosecutor, Lena Ortiz, "
        "“the boy cried every night for a year.” The jury was sent out on Friday."
    )
    statements, speakers = run(text)
    st = _only(statements, "the boy cried every night")
    assert st.type == "direct" and st.cue.text == "in the words of"
    assert _speaker_of(statements, speakers, "the boy cried every night") == "Lena Ortiz"


def test_a_cue_verb_tagged_as_a_noun_after_a_name_still_cues_its_quotation(misparsed):
    # "Fisheries notes" read as a plural noun, yet with a subject and a complement clause
    text = 'The Bureau of Fisheries notes, "Warm water harms cod more than any other threat", stressing the cost.'
    statements, speakers = misparsed(text, {4: dict(pos="NOUN", tag="NNS")})
    assert _only(statements, "Warm water harms cod").cue.text == "notes"
    assert "Fisheries" in _speaker_of(statements, speakers, "Warm water harms cod")


def test_a_surname_tagged_as_a_plural_noun_at_a_line_start_can_speak(misparsed):
    # "Jenkins" opening a line tagged a plural noun with no entity: the person named before speaks
    text = "Full interview with Rosa Jenkins, director of the fair.\nJenkins observed that the fair's opening date coincided with her birthday."
    statements, speakers = misparsed(text, {12: dict(pos="NOUN", tag="NNS", ent="O")})
    assert _only(statements, "opening date coincided").cue.text == "observed"
    assert "Jenkins" in _speaker_of(statements, speakers, "opening date coincided")


def test_that_marks_the_content_when_its_long_subject_is_misparsed_as_the_object(misparsed):
    # the parser makes "date" the object of "observed", hangs "that" on it and the clause's verb on "fair"
    text = "Omar observed that the opening date of the fair coincided with his birthday."
    statements, _ = misparsed(text, {5: dict(dep="dobj", head=1), 2: dict(head=5), 9: dict(dep="acl", head=8)})
    st = _only(statements, "opening date of the fair")
    assert st.cue.text == "observed" and "coincided with his birthday" in st.quote.text


# -- what is not a statement: a cue whose object only names the act ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ana Cole, the harbour master, issued a statement regarding the closure of the mill.",
        "Ana Cole, the harbour master, issued a brief statement regarding the closure of the mill.",
    ],
)
def test_an_object_that_only_names_the_speech_act_is_no_content(run, text):
    statements, _ = run(text)
    assert not statements


def test_a_verb_of_saying_with_its_subject_before_the_comma_introduces_the_quotation(run):
    # the lexicon does not know a "juggler" can speak; the verb and the quotation marks are the evidence,
    # and the quotation is not a further piece of the statement before it
    text = (
        'The Daily Star noted that the letters had grown into a "protest wave". A local juggler '
        'commented, "Hoping that the wave turns into a national debate on schools."'
    )
    statements, speakers = run(text)
    assert "juggler" in _speaker_of(statements, speakers, "Hoping that the wave")
    assert "Hoping" not in _only(statements, "protest wave").quote.text


def test_according_to_after_that_reports_only_what_follows_it(run):
    # "has learned that" is the writer's (or another source's) frame, not part of what the posting said
    text = (
        "The Ledger has learned that according to a posting made on Friday, the club's website was attacked by vandals."
    )
    statements, speakers = run(text)
    by_posting = [s for s in statements if s.cue and s.cue.text == "according to"]
    assert len(by_posting) == 1 and by_posting[0].quote.text.startswith("the club's website")
    assert _speaker_of(statements, speakers, "according to a posting") == "Ledger"
