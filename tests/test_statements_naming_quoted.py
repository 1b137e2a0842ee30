"""Unit tests for a naming verb with an object and a quoted predicate ("called the mayor “Little Lou”"),
which the parser folds into one complement or reads as a participle describing the noun before it.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only


def test_an_object_and_its_quoted_nickname_folded_into_one_complement(run):
    statements, _ = run("Later he called Lopez “Sleepy Sam” at a rally.")
    st = _only(statements, "Sleepy Sam")
    assert st.cue.text == "called" and st.act == "speech"
    assert st.quote.text.startswith("Lopez “Sleepy Sam”")


def test_a_naming_verb_read_as_a_participle_of_a_sentence_without_a_verb(run):
    # the parser reads "senator called Hale" as "a senator named Hale", leaving no verb in the sentence
    statements, speakers = run("One senator called Hale “the grey wizard of small-town bookkeeping.”")
    st = _only(statements, "grey wizard")
    assert st.cue.text == "called" and st.act == "speech"
    assert st.quote.text.startswith("Hale “the grey wizard")
    assert speakers[st.speaker_id].name == "senator"


def test_a_naming_verb_read_as_a_relative_clause_of_its_subject(misparsed):
    text = (
        "Governor Alma Reyes, the state's top Democrat, on Monday called the sheriff's comments about a"
        " local pastor “cruel,” a rare rebuke."
    )
    # the misreading: "called" a relative clause of "Reyes", its object a predicate complement
    changes = {
        2: {"dep": "ROOT", "head": 2},
        9: {"head": 2},
        12: {"dep": "relcl", "tag": "VBN", "head": 2},
        16: {"dep": "oprd"},
        28: {"head": 2},
    }
    statements, speakers = misparsed(text, changes)
    st = _only(statements, "cruel")
    assert st.cue.text == "called" and st.quote.text.startswith("the sheriff's comments")
    assert speakers[st.speaker_id].name == "Alma Reyes"


@pytest.mark.parametrize(
    "text",
    [
        "He joined a group called the “Open Door Fund” last year.",  # a name after a determiner
        "Our neighbour, a retired nurse called Ann “Annie” Moss, runs the shop.",  # a nickname inside a name
    ],
)
def test_a_quoted_name_is_no_statement(run, text):
    statements, _ = run(text)
    assert not [s for s in statements if s.cue is not None and s.cue.text == "called"]


def test_a_relative_pronoun_described_as_something_ends_with_its_clause(run):
    statements, speakers = run("The plan, which critics describe as a giveaway, passed.")
    st = _only(statements, "giveaway")
    assert st.quote.text == "a giveaway" and st.cue.text == "describe"
    assert speakers[st.speaker_id].name == "critics"


def test_a_quoted_predicate_after_an_aside_closes_the_naming(run):
    text = "Early in the race, the mayor attacked Dale Pruitt, calling him, among other things, “a failed planner.”"
    statements, speakers = run(text)
    st = _only(statements, "a failed planner")
    assert st.cue.text == "calling" and st.quote.text.startswith("him, among other things")
    assert speakers[st.speaker_id].name == "mayor"


def test_a_quoted_predicate_with_its_article_after_a_folded_object(misparsed):
    text = "Ortiz’ campaign called the Ledger’s story a “rush to judgment,” because the count can change."
    # the misreading (as in "Sanders’ campaign called …"): "called" a participle of "campaign", whose
    # verb is the noun "rush", and the object its only complement
    changes = {
        2: {"head": 10},
        3: {"dep": "acl", "tag": "VBN", "head": 2},
        7: {"dep": "oprd"},
        10: {"dep": "ROOT", "head": 10},
        14: {"head": 10},
        19: {"head": 10},
        20: {"head": 10},
    }
    statements, speakers = misparsed(text, changes)
    st = _only(statements, "rush to judgment")
    assert st.cue.text == "called" and st.quote.text.startswith("the Ledger’s story a “rush to judgment")
    assert speakers[st.speaker_id].name == "Ortiz’ campaign"


def test_a_naming_after_a_semicolon_is_a_clause_of_its_own(run):
    text = (
        "That motion prompted the council to call a vote in May on whether to censure Hale; one member"
        ' called Hale "the grey wizard of small-town bookkeeping." But the motion failed.'
    )
    statements, speakers = run(text)
    st = _only(statements, "grey wizard")
    assert st.cue.text == "called" and speakers[st.speaker_id].name == "member"
    assert st.quote.text.startswith("Hale") and "motion failed" not in st.quote.text
