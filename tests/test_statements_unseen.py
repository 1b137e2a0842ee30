"""Unit tests for the error classes seen on unseen news (issue 10, section 2), one group per class.

Every text here is invented for the test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.model import Article
from onrecord.statements import extract_statements
from onrecord.text.chars import parse_text

PUBLISHED = dt.date(2024, 5, 31)


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text: str):
        article = Article(id="t", body=text, published=PUBLISHED)
        speakers, statements = extract_statements(nlp(parse_text(text)), article)
        by_id = {s.id: s for s in speakers}
        for st in statements:  # offsets always index the body
            assert text[st.quote.start:st.quote.end] == st.quote.text
        return statements, by_id

    return _run


def _with(statements, fragment: str):
    return [s for s in statements if fragment in s.quote.text]


def _only(statements, fragment: str):
    hits = _with(statements, fragment)
    assert len(hits) == 1, [s.quote.text for s in statements]
    return hits[0]


# -- 1. a cue and no speaker ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Carl Finn is accused of three counts of fraud.",
        "Three engineers who were identified as experts in bridge design attended the hearing.",
        "Two city officials were named as defendants in the lawsuit.",
        "The firm did not respond to requests for comment on Tuesday.",
        "The old mill was described as unsafe in the survey.",
    ],
)
def test_agentless_set_phrases_are_not_statements(run, text):
    statements, _ = run(text)
    assert statements == []


def test_a_real_report_without_a_source_gets_an_explicit_unnamed_source(run):
    statements, speakers = run("It is believed that the fire started in the kitchen of the bakery.")
    st = _only(statements, "the fire started")
    sp = speakers[st.speaker_id]
    assert sp.anonymous and sp.kind == "unknown" and sp.name == "unnamed source"


def test_an_agentless_passive_reporting_an_act_is_kept(run):
    statements, speakers = run("The guards have long been accused of beating prisoners in the night shift.")
    st = _only(statements, "beating prisoners")
    assert speakers[st.speaker_id].name == "unnamed source"


def test_quoted_as_saying_keeps_its_subject(run):
    text = "Mayor Lina Ortiz spoke on Monday. “The bridge will reopen,” she was quoted as saying in the press release."
    statements, speakers = run(text)
    st = _only(statements, "The bridge will reopen")
    assert speakers[st.speaker_id].name == "Lina Ortiz" and st.cue.text == "saying"


def test_an_invisible_character_after_a_name_keeps_the_speaker(run):
    text = "Mayor Ana Traeger\u200b said the roads would reopen in June."
    statements, speakers = run(text)
    st = _only(statements, "the roads would reopen")
    assert speakers[st.speaker_id].name == "Ana Traeger"
    assert st.speaker_mention.text.startswith("Mayor Ana Traeger")


def test_parse_text_keeps_every_offset():
    text = "Ana\u200bTraeger\ufeff said\u00ad so."
    folded = parse_text(text)
    assert len(folded) == len(text) and "\u200b" not in folded and folded.split() == ["Ana", "Traeger", "said", "so."]
