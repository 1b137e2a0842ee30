"""Unit tests for the cues of issue 10 section 2.8 that the lexicon did not know: cue nouns with a
prepositional content ("accusations of …"), light verbs with a noun or an adjective ("made the case
that …", "made it clear that …") and "as X put it".

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only
from helpers.statement_checks import with_fragment

# -- a cue noun whose content is its prepositional object ---------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker", "act"),
    [
        (
            "The senator's accusations of fraud angered the whole board.",
            "fraud",
            "accusations",
            "senator",
            "speech",
        ),
        (
            "The union's warning about job losses went unheeded for months.",
            "job losses",
            "warning",
            "union",
            "speech",
        ),
        (
            "The senator's doubts about the old bridge were well known in town.",
            "the old bridge",
            "doubts",
            "senator",
            "belief",
        ),
        (
            "The farmers' criticism over the new water fees grew louder.",
            "the new water fees",
            "criticism",
            "farmers",
            "speech",
        ),
    ],
)
def test_a_cue_noun_reports_its_prepositional_object(run, text, content, cue, speaker, act):
    statements, _ = run(text)
    st = _only(statements, content)
    assert st.quote.text == content
    assert st.cue.text == cue
    assert speaker in st.speaker_mention.text
    assert st.act == act


def test_the_subject_that_faces_an_accusation_is_not_its_source(run):
    statements, speakers = run("The mayor faced accusations of fraud from the city council.")
    st = _only(statements, "fraud")
    assert st.quote.text == "fraud"  # the source named after the content is not part of it
    assert "council" in speakers[st.speaker_id].name
    assert "mayor" not in st.speaker_mention.text


def test_the_content_of_a_cue_noun_in_a_subject_ends_with_the_subject(run):
    """The rest of the sentence is the writer's predicate about the claim, not more of the claim."""
    statements, _ = run("The senator's claim that the bridge was unsafe alarmed the whole town.")
    st = _only(statements, "the bridge was unsafe")
    assert st.quote.text == "the bridge was unsafe"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Criticism of the toll plan has grown since the spring.", "the toll plan"),
        ("Amid concerns about the economy, shares fell sharply on Tuesday.", "the economy"),
        ("The mayor drew criticism for the closure of the pool.", "the closure of the pool"),
    ],
)
def test_a_noun_naming_a_topic_without_a_source_is_no_statement(run, text, topic):
    statements, _ = run(text)
    assert not with_fragment(statements, topic), [s.quote.text for s in statements]


# -- light verbs: a noun or an adjective of telling ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        (
            "The mayor made the case that the bridge should be rebuilt.",
            "the bridge should be rebuilt",
            "made the case",
            "mayor",
        ),
        (
            "The senator made the point that the team had played well.",
            "the team had played well",
            "made the point",
            "senator",
        ),
        (
            "The mayor made it clear that she would not run again.",
            "she would not run again",
            "made it clear",
            "mayor",
        ),
        (
            "The governor made clear on Monday that taxes would rise.",
            "taxes would rise",
            "made clear",
            "governor",
        ),
    ],
)
def test_a_light_verb_of_telling_reports_its_that_clause(run, text, content, cue, speaker):
    statements, _ = run(text)
    st = _only(statements, content)
    assert st.quote.text == content
    assert st.cue.text == cue
    assert speaker in st.speaker_mention.text
    assert st.act == "speech"


def test_a_thing_that_makes_something_clear_says_nothing(run):
    statements, _ = run("The storm made it clear that the levee would fail.")
    assert not statements


# -- "as X put it" -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "As the senator put it, the party had simply run out of ideas.",
            "the party had simply run out of ideas",
            "senator",
        ),
        ("The new bridge is a disgrace, as the mayor put it.", "The new bridge is a disgrace", "mayor"),
        ("“We ran out of road,” as the mayor put it.", "We ran out of road", "mayor"),
    ],
)
def test_as_someone_put_it_reports_the_clause_it_is_set_in(run, text, content, speaker):
    statements, _ = run(text)
    st = _only(statements, content)
    assert st.cue.text == "put it"
    assert speaker in st.speaker_mention.text
    assert st.act == "speech"


def test_put_without_its_fixed_object_is_no_cue(run):
    statements, _ = run("The mayor put the plan on hold until the spring.")
    assert not statements


# -- a passive whose agent is the source ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        ("The merger was first reported by the Ledger.", "The merger", "reported", "Ledger"),
        ("The bombing was claimed by the rebel group on Sunday.", "The bombing", "claimed", "rebel group"),
        ("The mayor's death was confirmed by her family.", "The mayor's death", "confirmed", "family"),
    ],
)
def test_a_passive_with_its_source_as_agent_reports_its_subject(run, text, content, cue, speaker):
    statements, speakers = run(text)
    st = _only(statements, content)
    assert st.quote.text == content
    assert st.cue.text == cue
    assert speaker in speakers[st.speaker_id].name


@pytest.mark.parametrize(
    "text",
    [
        "The appeal was denied by the court on Friday.",  # refused, not a denial of anything said
        "The student was questioned by police for an hour.",  # an interrogation
        "The plan, which was reported by the Ledger, passed easily.",  # the relative pronoun is no content
    ],
)
def test_other_passives_with_an_agent_report_nothing_of_their_subject(run, text):
    statements, _ = run(text)
    assert not [s for s in statements if s.quote.text in {"The appeal", "The student", "which"}]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("As reported by the Ledger, the mill will close in May.", "the mill will close in May"),
        ("The mill will close in May, as first reported by the Ledger.", "The mill will close in May"),
    ],
)
def test_as_reported_by_a_source_attributes_the_clause_to_it(run, text, content):
    statements, speakers = run(text)
    st = _only(statements, "close in May")
    assert content in st.quote.text
    assert st.cue.text == "reported"
    assert "Ledger" in speakers[st.speaker_id].name


@pytest.mark.parametrize(
    "text",
    [
        "Asked by reporters whether he would run, the mayor smiled.",  # a question put to him, not his words
        "Bo, as he is known by his friends, fixed the roof.",  # a name, not a report
    ],
)
def test_an_as_or_asked_clause_with_an_agent_that_reports_nothing(run, text):
    statements, _ = run(text)
    assert not statements, [s.quote.text for s in statements]


# -- a quotation right after its verb of saying, with no comma ---------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        ("The mayor declared “What a great night!”", "What a great night!", "declared", "mayor"),
        ("The protesters were yelling “Shame on you!”", "Shame on you!", "yelling", "protesters"),
    ],
)
def test_a_quotation_right_after_a_verb_of_saying_is_its_content(run, text, content, cue, speaker):
    statements, _ = run(text)
    st = _only(statements, content)
    assert st.quote.text == content
    assert st.cue.text == cue
    assert speaker in st.speaker_mention.text


@pytest.mark.parametrize(
    "text",
    [
        "She wrote “The Long Road Home” in 1998.",  # a title
        "The mayor called “Harbor Days” a success.",  # not a verb of saying that takes any quotation
    ],
)
def test_a_title_or_name_after_a_verb_is_no_quotation_of_it(run, text):
    statements, _ = run(text)
    # what the mayor called the festival is a statement, as "called the festival a success" is, but
    # the quoted name alone is never the mayor's words
    assert all("a success" in s.quote.text for s in statements), [s.quote.text for s in statements]
