"""Unit tests for the statements stage: one test per case that breaks today's tools (issue 3).

Every text here is invented for the test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.model import Article
from onrecord.statements import extract_statements, find_quotes

PUBLISHED = dt.date(2024, 5, 31)  # a Friday


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text: str):
        article = Article(id="t", body=text, published=PUBLISHED)
        speakers, statements = extract_statements(nlp(text), article)
        by_id = {s.id: s for s in speakers}
        for st in statements:  # offsets always index the body
            assert text[st.quote.start : st.quote.end] == st.quote.text
            if st.cue:
                assert text[st.cue.start : st.cue.end] == st.cue.text
        return statements, by_id

    return _run


def _only(statements, fragment: str):
    hits = [s for s in statements if fragment in s.quote.text]
    assert len(hits) == 1, [s.quote.text for s in statements]
    return hits[0]


# -- quotation marks -------------------------------------------------------------------------


def test_quote_over_several_paragraphs(run):
    text = (
        "The mayor spoke for an hour.\n\n"
        "“We will rebuild the bridge before winter. It will cost more than we hoped.\n\n"
        "“But we have no other choice,” said Mayor Ellen Park."
    )
    statements, speakers = run(text)
    st = _only(statements, "rebuild the bridge")
    assert "no other choice" in st.quote.text and st.type == "direct"
    assert speakers[st.speaker_id].name == "Ellen Park"


def test_odd_number_of_quotation_marks_does_not_silence_the_article(run):
    text = (
        "The council met on “budget day and nobody noticed.\n\n"
        "“The numbers do not add up,” said Councillor Omar Haddad.\n\n"
        "Councillor Haddad said the vote would be delayed."
    )
    statements, speakers = run(text)
    assert _only(statements, "numbers do not add up").type == "direct"
    assert _only(statements, "vote would be delayed").type == "indirect"


def test_quote_pairing_low_level():
    text = "He said “one” and “two.\n\nShe left. “Three,” she said.\n\n“Four.\n\n“Five.” Done."
    quotes = find_quotes(text)
    # an unclosed mark ends at its paragraph unless the next paragraph opens with a mark
    assert [text[q.start : q.end] for q in quotes] == ["one", "two.", "Three,", "Four.\n\n“Five."]
    assert quotes[1].closed is False and quotes[3].lines == 2


def test_mixed_straight_and_curly_marks(run):
    statements, speakers = run('"We are ready for the final,” the coach said after training.')
    st = _only(statements, "ready for the final")
    assert st.type == "direct" and st.cue.text == "said"
    assert speakers[st.speaker_id].name == "coach"


def test_quotation_inside_quotation(run):
    statements, speakers = run("“He told me ‘never again,’ and I believed him,” said Nora Lee.")
    st = _only(statements, "never again")
    assert st.quote.text.startswith("He told me") and st.quote.text.endswith("believed him,")
    assert st.type == "direct" and speakers[st.speaker_id].name == "Nora Lee"


def test_scare_quotes_titles_and_nicknames_are_not_statements(run):
    text = "Critics of the “woke” agenda gathered outside the cinema showing “Blue Harbor” on Sunday."
    statements, _ = run(text)
    assert statements == []


# -- cues --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cue",
    [
        ("“That idea is absurd,” scoffed Senator Paul Dunn.", "scoffed"),
        ("“It has been a very long year,” Maria Lopez sighed.", "sighed"),
        ("Governor Ann Marsh vowed that the plant would stay open.", "vowed"),
    ],
)
def test_unusual_cue_verbs(run, text, cue):
    statements, speakers = run(text)
    assert len(statements) == 1 and statements[0].cue.text == cue
    assert statements[0].speaker_id is not None


def test_according_to(run):
    statements, speakers = run("The talks collapsed on Monday, according to the foreign ministry.")
    st = _only(statements, "talks collapsed")
    assert st.cue.text == "according to" and st.type == "indirect"
    assert speakers[st.speaker_id].name == "foreign ministry"


def test_in_a_statement_and_in_an_interview(run):
    statements, speakers = run(
        "In a statement, the company said it would appeal the ruling.\n\n"
        "In an interview with the Riverside Gazette, Tom Reyes said the factory would reopen."
    )
    assert _only(statements, "appeal the ruling").cue.text == "said"
    st = _only(statements, "factory would reopen")
    assert st.outlet == "Riverside Gazette"
    assert speakers[st.speaker_id].name == "Tom Reyes"


def test_trailing_attribution(run):
    statements, speakers = run("“Keep every public park open through the summer.” — Commissioner Jane Roe")
    st = _only(statements, "Keep every public park")
    assert st.cue.text == "—" and speakers[st.speaker_id].name == "Jane Roe"


def test_said_colon_then_block(run):
    text = (
        "The minister Karl Weber said:\n\n"
        "The reform will take three years and every region will be consulted before it begins.\n\n"
        "Parliament will vote in June."
    )
    statements, speakers = run(text)
    st = _only(statements, "reform will take three years")
    assert st.type == "block" and speakers[st.speaker_id].name == "Karl Weber"
    assert not any("Parliament will vote" in s.quote.text for s in statements)


# -- speakers -------------------------------------------------------------------------------------


def test_descriptive_anonymous_speaker_keeps_description(run):
    statements, speakers = run("A homeless man who goes by the name ‘Shorty’ said the shelter was full every night.")
    sp = speakers[_only(statements, "shelter was full").speaker_id]
    assert sp.anonymous and sp.kind == "person"
    assert "Shorty" in sp.description and sp.name == "homeless man"


def test_group_of_unnamed_sources(run):
    statements, speakers = run("Two people familiar with the matter said the merger was nearly done.")
    st = _only(statements, "merger was nearly done")
    sp = speakers[st.speaker_id]
    assert sp.anonymous and sp.kind == "group" and "familiar with the matter" in sp.name
    assert st.speaker_mention.text == "Two people familiar with the matter"


# -- indirect speech ----------------------------------------------------------------------------


def test_indirect_that_clause(run):
    statements, _ = run("The finance minister said on Tuesday that taxes would rise next year.")
    st = _only(statements, "taxes would rise")
    assert st.type == "indirect" and st.quote.text == "taxes would rise next year"
    assert st.date == dt.date(2024, 5, 28)


def test_indirect_inverted(run):
    statements, speakers = run("Taxes will rise next year, the finance minister said.")
    st = _only(statements, "Taxes will rise")
    assert st.type == "indirect" and speakers[st.speaker_id].name == "finance minister"


def test_parenthetical_cue_splits_content(run):
    statements, speakers = run("The museum, Mayor Ellen Park said, will open its doors in the spring.")
    st = _only(statements, "The museum")
    assert [f.text for f in st.fragments] == ["The museum", "will open its doors in the spring"]


def test_mixed_quote_type(run):
    statements, _ = run("Ms. Grant insisted there would be “no change in our policy.”")
    st = _only(statements, "no change")
    assert st.type == "mixed" and st.quote.text == "there would be “no change in our policy."


def test_continuation_in_same_paragraph_is_one_statement(run):
    statements, _ = run("“We won,” the captain said. “Nobody expected it.”")
    assert len(statements) == 1
    assert [f.text for f in statements[0].fragments] == ["We won,", "Nobody expected it."]


def test_outlet_carried_to_later_statements(run):
    text = (
        "A senior diplomat told the Riverside Gazette that talks had stalled.\n\n"
        "“We need more time,” the diplomat added."
    )
    statements, _ = run(text)
    assert _only(statements, "talks had stalled").outlet == "Riverside Gazette"
    later = _only(statements, "need more time")
    assert later.outlet == "Riverside Gazette" and later.speaker_id == statements[0].speaker_id


def test_transcript_speaker_labels(run):
    """A transcript quoted paragraph by paragraph: each '"NAME: …' line is that speaker's turn."""
    text = (
        "The exchange went as follows:\n\n"
        '"HOST: Will the senator attend the debate tomorrow night?\n\n'
        '"KAINE: I will be there, and I will answer every question.\n\n'
        '"HOST: Thank you, senator, for your time.'
    )
    statements, speakers = run(text)
    kaine = _only(statements, "answer every question")
    assert speakers[kaine.speaker_id].name == "KAINE" and kaine.cue.text == ":"
    assert "Will the senator" not in kaine.quote.text


def test_content_runs_through_coordination_but_not_into_a_new_attribution(run):
    statements, _ = run(
        "The union agreed to end the strike and return to work on Monday, and the mayor said the buses would run."
    )
    union = _only(statements, "end the strike")
    assert "return to work on Monday" in union.quote.text
    assert "buses" not in union.quote.text
    assert _only(statements, "buses would run").cue.text == "said"


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        ("‘We will win the vote,’ said Keir Starmer.", "We will win the vote,", "Keir Starmer"),  # UK single marks
        ("«Nous allons gagner», said President Emmanuel Macron.", "Nous allons gagner", "Emmanuel Macron"),
        ("''It is over,'' said Mayor Lee Grant.", "It is over,", "Lee Grant"),  # typewriter marks
    ],
)
def test_other_quotation_mark_styles(run, text, quote, speaker):
    statements, speakers = run(text)
    st = _only(statements, quote)
    assert st.quote.text == quote and speakers[st.speaker_id].name == speaker


def test_title_cased_headline(run):
    statements, speakers = run(
        "Mayor Grant Vows To Rebuild Every Bridge Before Winter\n\nThe city council met on Monday."
    )
    st = _only(statements, "Rebuild Every Bridge")
    assert st.cue.text == "Vows" and speakers[st.speaker_id].name == "Grant"


def test_cueless_quote_continues_previous_speaker_with_lower_confidence(run):
    text = (
        "“We will appeal,” said Ana Ruiz, the company’s lawyer.\n\n“This ruling ignores both the evidence and the law.”"
    )
    statements, speakers = run(text)
    first, second = _only(statements, "We will appeal"), _only(statements, "ignores both")
    assert second.speaker_id == first.speaker_id and speakers[first.speaker_id].name == "Ana Ruiz"
    assert second.cue is None and second.type == "direct"
    assert second.confidence < first.confidence
    assert speakers[first.speaker_id].role == "company’s lawyer"


def test_finding_attributed_to_a_poll(run):
    statements, speakers = run("In the latest poll, the mayor leads her rival by six points among likely voters.")
    st = _only(statements, "leads her rival")
    assert st.cue.text == "In the latest poll" and speakers[st.speaker_id].name == "latest poll"


# -- paragraphs are sentence boundaries (onrecord.nlp's onrecord_paragraphs component) -----------


def test_line_break_starts_a_sentence(nlp):
    doc = nlp(
        "HARBOR TOWN BUDGET CRISIS DEEPENS\n\nCity officials said on Friday that the ferry would stop.\n   \n"
        "Nobody objected."
    )
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["HARBOR", "City", "Nobody"]


def test_all_caps_heading_does_not_swallow_the_next_subject(run):
    statements, speakers = run("BUDGET\nThe minister said taxes would rise next year.")
    st = _only(statements, "taxes would rise")
    assert st.speaker_mention.text == "The minister"


def test_according_to_inside_other_content_and_after_a_double_space(run):
    statements, speakers = run(
        "The mayor told her that the deal was not that simple, according to an account she gave to the paper.\n\n"
        "The museum hosted 40 events, according to  spokesman Ian Blake."
    )
    told = next(s for s in statements if s.cue.text == "told")
    assert told.quote.text == "the deal was not that simple"  # the trailing attribution is not content
    account = _only(statements, "The mayor told her")
    assert account.cue.text == "according to"
    st = _only(statements, "hosted 40 events")
    assert speakers[st.speaker_id].name == "Ian Blake"


def test_passive_raising_reports_the_whole_clause(run):
    statements, speakers = run(
        "The harbour tunnel is widely expected to open before the election.\n\n"
        "The governor is reported to have called the plan “a fantasy for engineers.”"
    )
    st = _only(statements, "open before the election")
    assert st.cue.text == "is widely expected" and speakers[st.speaker_id].name == "unnamed source"
    assert st.quote.start == 0  # the subject is part of what is expected
    called = next(s for s in statements if s.cue.text == "called")
    assert "governor" in speakers[called.speaker_id].name.lower()


def test_content_does_not_end_in_a_dangling_conjunction_or_determiner(run):
    statements, speakers = run(
        "Officials said there may be as many as three, but the mayor insisted there was only one."
    )
    assert _only(statements, "as many as three").quote.text == "there may be as many as three"
    assert _only(statements, "only one").speaker_mention.text == "the mayor"


def test_called_for_someone_to_act(run):
    statements, speakers = run("Several senators have called for the county to reopen the night clinic.")
    st = _only(statements, "reopen the night clinic")
    assert st.quote.text == "the county to reopen the night clinic" and st.cue.text == "called"


def test_inverted_subject_read_as_object_is_the_speaker(run):
    # (the parser reads "a Vermont Democrat" as the object of "added" here)
    statements, speakers = run("“Look, she needed to split the first two counties,” added a Vermont Democrat.")
    st = _only(statements, "first two counties")
    assert st.speaker_mention is not None and st.speaker_mention.text == "a Vermont Democrat"


def test_according_to_any_noun_source_but_not_a_plan(run):
    statements, speakers = run(
        "According to his longtime physician, the mayor had “remarkably good” results in his latest checkup.\n\n"
        "The bridge opened on Monday, according to plan."
    )
    st = _only(statements, "remarkably good")
    assert st.cue.text == "According to" and st.speaker_mention.text == "his longtime physician"
    assert not [s for s in statements if "bridge opened" in s.quote.text]


def test_leading_connective_is_not_part_of_the_content(run):
    statements, speakers = run("In contrast, the ferry company has kept its prices, the report said.")
    st = _only(statements, "ferry company")
    assert st.quote.text == "the ferry company has kept its prices"


# -- requests for anonymity ------------------------------------------------------------------


def test_a_request_for_anonymity_is_not_a_statement_and_not_part_of_the_name(run):
    text = (
        "A senior engineer at the county water board, who asked not to be named because the audit "
        "is unfinished, said the pumps had failed twice in March."
    )
    statements, speakers = run(text)
    assert [s.quote.text for s in statements] == ["the pumps had failed twice in March"]
    speaker = speakers[statements[0].speaker_id]
    assert speaker.anonymous
    assert "asked" not in speaker.name and speaker.name.startswith("senior engineer")


@pytest.mark.parametrize(
    "aside",
    [
        "asking for anonymity to speak freely",
        "speaking on condition of anonymity to discuss the draft contract",
    ],
)
def test_the_terms_of_anonymity_are_not_a_statement(run, aside):
    text = (
        "The strike vote is set for Monday.\n\n"
        f"“If we lose this vote, the plant closes,” said a senior union official, {aside}. "
        "“Nobody here wants that for the town.”"
    )
    statements, speakers = run(text)
    assert len(statements) == 1, [s.quote.text for s in statements]
    st = statements[0]
    # the quotation after the aside goes on with the same statement, as a second piece
    assert [f.text for f in st.fragments] == [
        "If we lose this vote, the plant closes,",
        "Nobody here wants that for the town.",
    ]
    assert speakers[st.speaker_id].anonymous


def test_a_quotation_after_a_relative_clause_aside_continues_the_speaker(run):
    text = (
        "“We were not happy when the levy was announced,” said Jo Marsh, who runs the harbour traders' "
        "association. Now, “most of our members say the levy has paid for itself.”"
    )
    statements, speakers = run(text)
    st = _only(statements, "We were not happy")
    assert [f.text for f in st.fragments] == [
        "We were not happy when the levy was announced,",
        "most of our members say the levy has paid for itself.",
    ]
    assert speakers[st.speaker_id].name == "Jo Marsh"


def test_an_added_paraphrase_between_two_quotations_keeps_its_own_cue(run):
    text = (
        "“Nobody minds when you spend your own money,” the council member said, adding that small donors "
        "may feel differently. “Most campaigns run on a tighter budget.”"
    )
    statements, _ = run(text)
    quoted = _only(statements, "Nobody minds")
    assert [f.text for f in quoted.fragments][-1] == "Most campaigns run on a tighter budget."
    added = [s for s in statements if s.quote.text == "small donors may feel differently"]
    assert len(added) == 1 and added[0].cue.text == "adding" and added[0].type == "indirect"


def test_a_scare_quote_after_a_short_lead_is_not_a_continuation(run):
    text = "“We will appeal,” said Mayor Ellen Park. Critics, however, called it “a stunt.”"
    statements, _ = run(text)
    st = _only(statements, "We will appeal")
    assert st.fragments == []


def test_requested_not_to_be_identified_reports_nothing(run):
    text = "The inspector, who requested not to be identified, visited the site on Tuesday."
    statements, _ = run(text)
    assert statements == []


@pytest.mark.parametrize("outlet", ["the Harbor Ledger", "the Ledger", "the Daily Chronicle"])
def test_a_local_paper_the_statement_was_given_to_is_its_outlet(run, outlet):
    text = f"“We will reopen the bridge by June,” Commissioner Ana Ruiz told {outlet}."
    statements, _ = run(text)
    st = _only(statements, "reopen the bridge")
    assert st.outlet == outlet.removeprefix("the ")


def test_a_name_the_recogniser_runs_over_a_headline_cue_stops_before_the_verb(nlp):
    # spaCy's NER reads "Harbor City Council Approves" as one organisation: the verb is not part of it
    from onrecord.statements.speakers import SpeakerResolver

    text = "Harbor City Council Approves Floodwall After Two Years of Delay"
    doc = nlp(text)
    council = next(t for t in doc if t.text == "Council")
    resolver = SpeakerResolver(doc, text, lambda *_: False)
    entity = resolver._entity_of(council)
    assert entity is not None and entity.text == "Harbor City Council"


def test_one_of_them_is_an_unnamed_member_of_the_group_before(run):
    text = (
        "Two people familiar with the talks said the deciding votes came late. "
        "One of them described the deal as “the price of getting it done.”"
    )
    statements, speakers = run(text)
    member = _only(statements, "the price of getting it done")
    assert member.speaker_mention.text == "One of them"
    speaker = speakers[member.speaker_id]
    assert speaker.anonymous and speaker.name == "one of two people familiar with the talks"
    group = speakers[_only(statements, "deciding votes").speaker_id]
    assert group.id != speaker.id


def test_a_partitive_of_a_described_group_keeps_the_description(run):
    statements, speakers = run("Three of the company’s lawyers said the filing was late.")
    speaker = speakers[_only(statements, "the filing was late").speaker_id]
    assert speaker.anonymous and speaker.kind == "group"
    assert speaker.name == "three of the company’s lawyers"


def test_unquoted_report_closed_by_an_inverted_cue_with_an_apposition(run):
    text = "The mill is holding on, but it is under heavy pressure from imports, said its chief executive, Dana Cole."
    statements, speakers = run(text)
    st = _only(statements, "The mill is holding on")
    assert st.quote.text == "The mill is holding on, but it is under heavy pressure from imports"
    assert speakers[st.speaker_id].name == "Dana Cole"


def test_a_clause_whose_subject_the_parser_hung_on_the_cue_keeps_it(run):
    text = "The budget office said about half of the higher estimate reflected losses from the tax cuts."
    statements, _ = run(text)
    assert [s.quote.text for s in statements] == [
        "about half of the higher estimate reflected losses from the tax cuts"
    ]


def test_what_someone_called_something(run):
    text = "The harbour plan led to what aide Mara Quist called “the start of a new era” in her memoir."
    statements, speakers = run(text)
    assert len(statements) == 1, [s.quote.text for s in statements]
    st = statements[0]
    assert st.quote.text.startswith("the start of a new era") and st.cue.text == "called"
    assert speakers[st.speaker_id].name == "Mara Quist"


def test_a_naming_verb_with_object_and_complement_then_a_second_cue(run):
    text = "On Monday, Mr. Ubben called the firm’s chief executive, Jo Park, “incredibly driven” and said the plan would work."
    statements, _ = run(text)
    called = _only(statements, "incredibly driven")
    assert called.cue.text == "called" and not called.quote.text.endswith("and")
    said = _only(statements, "the plan would work")
    assert said.cue.text == "said"
