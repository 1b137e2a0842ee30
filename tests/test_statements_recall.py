"""Unit tests for the recall classes of issue 10 measured on PolNeAR train (one group per class).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only

# -- an object with its infinitive, parsed as a clause ------------------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The mayor wants residents to know that the bridge is safe.", "residents to know"),
        ("Most farmers in the valley want the dam to be rebuilt before winter.", "the dam to be rebuilt"),
    ],
)
def test_a_wish_for_someone_else_to_act_is_reported(run, text, content):
    statements, _ = run(text)
    st = _only(statements, content)
    assert st.quote.text.startswith(content)


# -- a relative pronoun as the subject of a cue ------------------------------------------------


def test_a_relative_pronoun_speaks_for_its_noun(run):
    statements, _ = run("Residents of the valley formed a group that wants to close the old quarry.")
    st = _only(statements, "to close the old quarry")
    assert st.cue is not None and st.cue.text == "wants"


def test_a_relative_pronoun_of_a_thing_is_no_source(run):
    statements, _ = run("Work started this spring on a bridge that promises to cut the trip to the coast in half.")
    assert statements == []


# -- a quantifier or an indefinite pronoun as the subject of a cue ---------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Some believe the new ferry will never turn a profit.", "the new ferry will never turn a profit"),
        ("Most agreed that the market should stay open on Sundays.", "the market should stay open on Sundays"),
        ("Everyone in the hall expected the vote to fail.", "the vote to fail"),
    ],
)
def test_a_quantifier_subject_is_people(run, text, content):
    statements, _ = run(text)
    assert content in _only(statements, content).quote.text


# -- "see X as Y" ----------------------------------------------------------------------------------


def test_seeing_someone_as_something_is_a_view(run):
    statements, _ = run("Many farmers see the new minister as a friend of the big dairies.")
    assert _only(statements, "the new minister as a friend").cue.text == "see"


def test_seeing_a_thing_is_no_view(run):
    statements, _ = run("The farmers saw the new tractor at the fair in June.")
    assert statements == []


# -- "said" with an object ------------------------------------------------------------------------


def test_said_with_an_object_reports_the_object(run):
    statements, _ = run("Half of the nurses praised the new rota, and a third said the same of the old one.")
    assert "the same of the old one" in _only(statements, "the same of the old one").quote.text


# -- a participle describing its source ---------------------------------------------------------


def test_a_participle_speaks_for_the_noun_it_describes(run):
    statements, _ = run("Last spring the firm gave money to a group backing the harbour plan.")
    assert _only(statements, "the harbour plan").cue.text == "backing"


# -- an attitude adjective after a copula ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker", "act"),
    [
        (
            "The mayor is skeptical of the new dredging contract.",
            "the new dredging contract",
            "skeptical",
            "mayor",
            "belief",
        ),
        (
            "Ms. Okafor was adamant that the ferry would run all winter.",
            "the ferry would run all winter",
            "adamant",
            "Okafor",
            "speech",
        ),
        ("The farmers are eager to see the quota lifted.", "to see the quota lifted", "eager", "farmers", "intention"),
        (
            "The council remained convinced that the tunnel was too costly.",
            "the tunnel was too costly",
            "convinced",
            "council",
            "belief",
        ),
    ],
)
def test_an_attitude_after_a_copula_is_its_subjects(run, text, content, cue, speaker, act):
    statements, speakers = run(text)
    st = _only(statements, content)
    assert st.cue.text == cue
    assert speaker in st.speaker_mention.text
    assert st.act == act


@pytest.mark.parametrize(
    "text",
    [
        "The weather at the old pier was critical of late.",  # no one holds the attitude
        "The harbour master wrote a critical report on the pier.",  # no copula
        "The ferry was sure to arrive late.",  # not a listed adjective-with-complement
    ],
)
def test_an_adjective_without_a_holder_reports_nothing(run, text):
    statements, _ = run(text)
    assert statements == []


# -- a bare or wh-clause after "know" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Most farmers know the new dam will flood their fields.", "the new dam will flood their fields"),
        ("The mayor does not know how the city will pay for the bridge.", "how the city will pay for the bridge"),
    ],
)
def test_what_a_source_knows_without_that_is_reported(run, text, content):
    statements, _ = run(text)
    st = _only(statements, content)
    assert st.cue.text == "know"
    assert st.quote.text == content


# -- the topic a source talks about ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("At the rally, the governor talked about the budget.", "the budget", "governor"),
        ("The senator spoke about taxes.", "taxes", "senator"),
    ],
)
def test_what_a_source_talks_about_is_its_content(run, text, content, speaker):
    statements, _ = run(text)
    st = _only(statements, content)
    assert st.quote.text == content
    assert speaker in st.speaker_mention.text


# -- a light verb with a noun of saying or attitude --------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker", "act"),
    [
        ("The senator took aim at the new harbour tax.", "the new harbour tax", "took aim", "senator", "speech"),
        (
            "The mayor made no secret of her plan to run again.",
            "her plan to run again",
            "made no secret",
            "mayor",
            "speech",
        ),
        (
            "The union expressed concern that the mill would close.",
            "the mill would close",
            "expressed concern",
            "union",
            "belief",
        ),
        ("Two council members took issue with the budget.", "the budget", "took issue", "council members", "speech"),
    ],
)
def test_a_light_verb_with_a_noun_of_saying_reports_its_complement(run, text, content, cue, speaker, act):
    statements, _ = run(text)
    st = _only(statements, content)
    assert st.quote.text == content
    assert st.cue.text == cue
    assert speaker in st.speaker_mention.text
    assert st.act == act
