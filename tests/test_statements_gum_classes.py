"""Unit tests for the classes of error measured on news of another outlet and annotation scheme (GUM's
Wikinews articles, issue 10): text set one sentence a line, what is not a statement by anyone, and
attributions nested inside another.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import checked_extraction
from helpers.statement_checks import only as _only
from helpers.statement_checks import speaker_of as _speaker_of
from onrecord.statements import find_quotes


@pytest.fixture(scope="module")
def run(nlp):
    return checked_extraction(nlp)


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


def test_according_to_a_name_without_a_comma(run):
    # "According to Rathbun the …": the name read as a verb whose object is the content's subject
    statements, speakers = run(
        "According to Rathbun the missing laptop was sent back by post to the office by Ortega shortly after he left."
    )
    st = _only(statements, "missing laptop was sent back")
    assert not st.quote.text.startswith("Rathbun")
    assert _speaker_of(statements, speakers, "missing laptop") == "Rathbun"


def test_in_the_words_of_names_the_source_of_a_quotation(run):
    text = (
        "The trial heard of months of pain, and in the words of the prosecutor, Lena Ortiz, "
        "“the boy cried every night for a year.” The jury was sent out on Friday."
    )
    statements, speakers = run(text)
    st = _only(statements, "the boy cried every night")
    assert st.type == "direct" and st.cue.text == "in the words of"
    assert _speaker_of(statements, speakers, "the boy cried every night") == "Lena Ortiz"


def test_a_cue_verb_tagged_as_a_noun_after_a_name_still_cues_its_quotation(run):
    text = (
        "The U.S. Department of Agriculture notes, “Ground-level ozone harms crops more than any other "
        "pollutant”, stressing the cost to farmers."
    )
    statements, speakers = run(text)
    assert _only(statements, "Ground-level ozone harms crops").cue.text == "notes"
    assert "Agriculture" in _speaker_of(statements, speakers, "Ground-level ozone harms crops")


def test_a_surname_tagged_as_a_plural_noun_at_a_line_start_can_speak(run):
    # "Wilkins" opening a line is tagged a plural noun with no entity: the person named before speaks
    text = (
        "Full interview with Kristen Wilkins, curator of the show. Audio: Jo.\n"
        "Wilkins observed that the 2007 starting date of the loan program, which is part of the Hale "
        "Foundation for the Performing Arts, coincided with the 30th anniversary of Ana Hale's death in 1977."
    )
    statements, speakers = run(text)
    assert _only(statements, "starting date of the loan program").cue.text == "observed"
    assert "Wilkins" in _speaker_of(statements, speakers, "starting date of the loan program")


def test_that_marks_the_content_when_its_long_subject_is_misparsed_as_the_object(run):
    # the parser makes "date" the object of "observed" and hangs "that" on it: the clause is still content
    text = (
        "Ortiz observed that the 2007 starting date of the donation program, which is part of the Andy Ruiz "
        "Foundation for the Visual Arts, coincided with the 20th anniversary of Andy Ruiz's death in 1987."
    )
    statements, speakers = run(text)
    st = _only(statements, "starting date of the donation program")
    assert st.cue.text == "observed" and "coincided with the 20th anniversary" in st.quote.text


# -- what is not a statement: a cue whose object only names the act ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Senator Ana Cole, Democrat from Ohio, issued a statement regarding the closure of the mill.",
        "Senator Ana Cole, Democrat from Ohio, issued a brief statement regarding the closure of the mill.",
    ],
)
def test_an_object_that_only_names_the_speech_act_is_no_content(run, text):
    statements, _ = run(text)
    assert not statements
