"""Statement.act: what kind of act a statement reports (speech, belief, knowledge, intention).

Every text here is invented for the test.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from onrecord.model import ACT_KINDS, SCHEMA_VERSION, Article, Record
from onrecord.statements import extract_statements
from onrecord.statements.acts import act_of_cue_text, act_table
from onrecord.statements.lexicon import DATA, MINED_MIN_COUNT, MINED_MIN_PRECISION, lexicon


def test_every_cue_of_the_lexicon_has_an_act():
    """A cue verb or noun cannot go into the lexicon without its act in acts.json."""
    lex, table = lexicon(), act_table()
    cues = json.loads((DATA / "cues.json").read_text(encoding="utf-8"))
    verbs = (
        set(lex.verbs)
        | set(lex.quote_only)
        | set(lex.strong)
        | set(lex.raising)
        | set(lex.headline_verbs)
        | set(cues["clause_needs_that_or_quote"])
    )
    assert not sorted(v for v in verbs if table.of_verb(v) is None)
    assert not sorted(n for n in lex.nouns if n not in table.nouns)
    light = {n for nouns in lex.light_verb_nouns.values() for n in nouns}  # "took aim at": the noun's act
    assert not sorted(n for n in light if n not in table.nouns)
    adjectives = {a for adjs in lex.light_verb_adjectives.values() for a in adjs}  # "made clear that"
    assert not sorted(a for a in adjectives if a not in table.adjectives)
    assert not sorted(v for v in lex.saying_idioms if table.of_verb(v) is None)  # "as she put it"
    assert not sorted(n for n in lex.finding_nouns if n not in table.finding_nouns)
    assert set(table.acts) == set(ACT_KINDS)
    for mapping in (table.verbs, table.nouns, table.finding_nouns, table.constructions):
        assert set(mapping.values()) <= set(ACT_KINDS)


def test_every_mined_verb_carries_its_act():
    mined = json.loads((DATA / "cue_frames_mined.json").read_text(encoding="utf-8"))
    table = act_table()
    assert set(mined["acts"]) == set(mined["frames"])
    assert {lemma: table.of_verb(lemma) for lemma in mined["frames"]} == mined["acts"]
    used = [
        lemma
        for lemma, frames in mined["frames"].items()
        if any(h >= MINED_MIN_COUNT and h / n >= MINED_MIN_PRECISION for h, n in frames.values())
    ]
    assert used and all(table.of_verb(lemma) for lemma in used)


def test_the_four_acts_of_the_issue():
    table = act_table()
    expected = {
        "speech": "say tell write announce vow urge warn deny",
        "belief": "think believe expect fear hope doubt",
        "knowledge": "find show reveal know learn see",
        "intention": "want plan decide intend seek try",
    }
    for act, words in expected.items():
        assert {w: table.of_verb(w) for w in words.split()} == {w: act for w in words.split()}
    assert table.finding_nouns["poll"] == table.finding_nouns["report"] == "knowledge"


@pytest.mark.parametrize(
    "text, act",
    [
        ("said", "speech"),
        ("told", "speech"),
        ("believes", "belief"),
        ("hoped", "belief"),
        ("hopes", "belief"),
        ("planned", "intention"),
        ("found", "knowledge"),
        ("according to the poll", "knowledge"),
        ("according to", "speech"),
        ("—", "speech"),
        (None, "speech"),
    ],
)
def test_act_from_a_cue_text(text, act):
    assert act_of_cue_text(text) == act


@pytest.fixture(scope="module")
def acts_of(nlp):
    def _acts(text: str) -> list[tuple[str, str]]:
        article = Article(id="t", body=text, published=dt.date(2024, 5, 31))
        _, statements = extract_statements(nlp(text), article)
        return [(s.quote.text, s.act) for s in statements]

    return _acts


@pytest.mark.parametrize(
    "text, act",
    [
        ("The mayor said the bridge would close in June.", "speech"),
        ("Senator Ana Ruiz believes taxes will rise next year.", "belief"),
        ("Ray Cole hopes that voters will turn out.", "belief"),  # the tagger's lemma is "hop"
        ("A new poll found that most voters back the plan.", "knowledge"),
        ("According to the survey, most residents oppose the new road.", "knowledge"),
        ("According to the mayor, the road will open in May.", "speech"),
        ("Governor Tim Hale wants to cut the sales tax by half.", "intention"),
        ("Mayor Lena Park decided to close the old library.", "intention"),
        ("“We will not give up on this town,” Lena Park said.", "speech"),
    ],
)
def test_extracted_statements_carry_the_act_of_their_cue(acts_of, text, act):
    found = acts_of(text)
    assert found and {a for _, a in found} == {act}, found


def test_a_continued_quotation_has_the_act_of_its_statement(acts_of):
    found = acts_of(
        "“The plant will close,” union leader Mary Stone fears.\n\n"
        "“Hundreds of jobs will go with it. The town will suffer for years.”"
    )
    assert [a for _, a in found] == ["belief", "belief"], found


def _record_1_0(cue_text):
    body = "Lena Park believes the road will open."
    statement = {
        "id": "st1",
        "type": "indirect",
        "quote": {"start": 19, "end": 38, "text": body[19:38]},
        "confidence": 0.8,
    }
    if cue_text:
        statement["cue"] = {"start": 10, "end": 18, "text": cue_text}
    return {"schema_version": "1.0", "article": {"id": "a", "body": body}, "statements": [statement]}


def test_a_1_0_record_loads_with_acts_read_from_its_cues():
    record = Record.model_validate(_record_1_0("believes"))
    assert record.schema_version == SCHEMA_VERSION == "1.1"
    assert record.statements[0].act == "belief"
    again = Record.model_validate_json(json.dumps(_record_1_0(None)))
    assert again.statements[0].act == "speech"


def test_a_current_record_without_an_act_is_invalid_only_in_its_value():
    data = _record_1_0("believes")
    data["schema_version"] = SCHEMA_VERSION
    data["statements"][0]["act"] = "rumour"
    with pytest.raises(ValueError):
        Record.model_validate(data)


def test_statement_rows_carry_the_act():
    rows = Record.model_validate(_record_1_0("believes")).statement_rows()
    assert rows[0]["act"] == "belief"


@pytest.mark.parametrize(
    "text, act",
    [
        ("Senator Ray Cole sees the bill as a threat to farmers.", "belief"),  # a view, not a finding
        ("Ray Cole saw that the bridge was closed.", "knowledge"),
        ("The governor looks to shore up support among young voters.", "intention"),
        ("The town grew by 4 percent, according to federal statistics.", "knowledge"),
        ("Poll: Most voters back the new bridge plan.\n\nThe town will vote in May.", "knowledge"),
    ],
)
def test_the_complement_and_the_source_can_decide_the_act(acts_of, text, act):
    found = acts_of(text)
    assert found and found[0][1] == act, found
