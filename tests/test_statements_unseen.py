"""Unit tests for the error classes seen on unseen news (issue 10, section 2), one group per class.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only
from onrecord.statements.lexicon import lexicon
from onrecord.statements.roles import affiliation_of
from onrecord.text.chars import parse_text

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


@pytest.mark.parametrize(
    "text",
    [
        # the parser reads "that …" as a relative clause of the document ("a release that …")
        "Tom Reyes runs the mill. He was quoted as saying in the press release that the mill would grow.",
        "Tom Reyes runs the mill. He said in a press release that the mill would grow.",
    ],
)
def test_a_that_clause_after_the_document_it_was_said_in_is_the_content(run, text):
    statements, speakers = run(text)
    st = _only(statements, "the mill would grow")
    assert st.quote.text == "the mill would grow" and speakers[st.speaker_id].name == "Tom Reyes"


@pytest.mark.parametrize(
    "text",
    [
        "Tom Reyes runs the mill. He said in a statement that he issued on Monday.",
        "She cited the letter that she wrote.",
    ],
)
def test_a_relative_clause_of_making_the_document_is_not_content(nlp, text):
    from onrecord.statements.cues.frames import _that_clause_read_as_relative

    doc = nlp(text)
    clauses = [t for t in doc if t.dep_ == "relcl"]
    assert clauses, "the parse this test is about"
    assert not _that_clause_read_as_relative(clauses[0], lexicon())


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


# -- 2. labels and outlets taken as speakers ------------------------------------------------------


def test_a_section_label_over_a_statement_is_not_its_speaker(run):
    statements, speakers = run("MARKET WATCH: Analysts said the index would fall further next week.")
    assert [speakers[s.speaker_id].name for s in statements] == ["Analysts"]
    assert statements[0].quote.text == "the index would fall further next week"


def test_a_label_before_a_named_speaker_is_cut_from_the_mention(run):
    statements, speakers = run("FED TALK: Governor Lisa Moor said rates would stay high for the rest of the year.")
    st = _only(statements, "rates would stay high")
    assert speakers[st.speaker_id].name == "Lisa Moor" and st.speaker_mention.text == "Governor Lisa Moor"
    assert len(statements) == 1


def test_a_transcript_turn_is_still_a_statement_of_its_speaker(run):
    statements, speakers = run("WALLACE: If I may, the question was about the budget and not the war.")
    st = _only(statements, "the question was about the budget")
    assert speakers[st.speaker_id].name.upper() == "WALLACE"


def test_a_dateline_is_not_part_of_the_speaker(run):
    statements, speakers = run(
        "LONDON (Reuters) - Prime Minister Ada Crane warned on Tuesday that the deal would collapse."
    )
    st = _only(statements, "the deal would collapse")
    sp = speakers[st.speaker_id]
    assert sp.name == "Ada Crane" and sp.role == "Prime Minister"
    assert st.speaker_mention.text == "Prime Minister Ada Crane"


def test_a_hyphenated_number_stays_in_the_mention(run):
    statements, speakers = run("Twenty-seven states argue that the agency overstepped its authority.")
    st = _only(statements, "the agency overstepped")
    assert st.speaker_mention.text == "Twenty-seven states"


def test_the_outlet_told_is_the_hearer_not_the_speaker(run):
    text = "City councillor and tenants advocate Jo Marlow told HuffPost Canada the laws around renovating a unit favour the owner."
    statements, speakers = run(text)
    st = _only(statements, "the laws around renovating")
    assert speakers[st.speaker_id].name == "Jo Marlow" and st.outlet == "HuffPost Canada"


def test_a_regional_edition_of_a_newspaper_is_an_outlet(run):
    statements, speakers = run("The landlord, Sam Reyes, told the Ledger Canada the rules were unfair to small owners.")
    st = _only(statements, "the rules were unfair")
    assert speakers[st.speaker_id].name == "Sam Reyes" and st.outlet == "Ledger Canada"


# -- 4. a description kept when a name is given right after it ----------------------------------


def test_the_mention_runs_over_the_apposed_name(run):
    statements, speakers = run("His father, Ernie Vale, says the farm has been in the family for a century.")
    st = _only(statements, "the farm has been")
    assert speakers[st.speaker_id].name == "Ernie Vale" and speakers[st.speaker_id].role == "His father"
    assert st.speaker_mention.text == "His father, Ernie Vale"


def test_a_name_right_after_a_title_is_the_speaker_whatever_the_ner_says(run):
    # the sm NER takes "Brill" for an organisation here; the name after the title is still the person's
    statements, speakers = run("CNN's chief correspondent Ana Brill said the talks had stalled.")
    st = _only(statements, "the talks had stalled")
    assert speakers[st.speaker_id].name == "Ana Brill" and speakers[st.speaker_id].kind == "person"


def test_an_organisation_named_after_its_kind_keeps_the_description(run):
    statements, speakers = run("The advocacy group Human Rights Watch said the law was vague.")
    st = _only(statements, "the law was vague")
    assert speakers[st.speaker_id].kind != "person"


def test_a_document_is_the_medium_and_its_issuer_the_speaker(run):
    statements, speakers = run("A release from the nurses' union said the strike would start on Monday.")
    st = _only(statements, "the strike would start")
    assert speakers[st.speaker_id].name == "nurses' union" and st.outlet == "release"


def test_a_study_is_still_its_own_source(run):
    statements, speakers = run("A study from the city university found that most commuters cycle in summer.")
    st = _only(statements, "most commuters cycle")
    assert speakers[st.speaker_id].name.startswith("study")


def test_an_unnamed_issuer_leaves_the_document_as_the_source(run):
    statements, speakers = run("“It is a tool,” said the post by an unknown author on the forum.")
    st = _only(statements, "It is a tool")
    assert speakers[st.speaker_id].name.startswith("post")


# -- 3. label lines taken as statements -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Email: desk@example.org",
        "EDITOR'S NOTE: This story has been amended to correct the name of the school.",
        "Oil – Brent: UP 58 cents to $81.20 a barrel.",
        "Gold: DOWN 2 dollars to 1,300 an ounce",
        "Photo: The mayor cuts the ribbon at the new school.",
    ],
)
def test_a_label_line_is_not_a_statement(run, line):
    statements, _ = run("The council will meet again in June.\n\n" + line + "\n\nThe school opens in September.")
    assert statements == []


def test_a_name_and_a_colon_still_open_a_statement(run):
    statements, speakers = run(
        "The council met.\n\nSen. Ana Ruiz: The budget is a disgrace and we will vote against it."
    )
    st = _only(statements, "The budget is a disgrace")
    assert speakers[st.speaker_id].name == "Ana Ruiz"


# -- 7. communication verbs without reported content ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The keeper denied them chances all afternoon.",
        "If the plan fails, you can suggest that the council try again next year.",
        "Reporting by Ana Ruiz; editing by Tom Hale.",
        "Ana Ruiz reports for the Daily News from the capital.",
    ],
)
def test_no_reported_content_no_statement(run, text):
    statements, _ = run(text)
    assert statements == []


def test_a_byline_line_with_a_tagged_name_is_not_a_headline_statement(run):
    # the name is capitalised, the verb is not: a sentence, not a title-cased headline split at its verb
    statements, _ = run("The council met on Monday.\n\nMara Holt reports for the Daily News.")
    assert statements == []


def test_a_title_cased_headline_still_splits_at_its_verb(run):
    statements, speakers = run("Holt Vows To Cut Taxes For Small Firms\n\nThe council met on Monday.")
    st = _only(statements, "Cut Taxes")
    assert speakers[st.speaker_id].name == "Holt" and st.cue.text == "Vows"


def test_a_denial_of_a_claim_is_still_a_statement(run):
    statements, speakers = run("The senator denied that she had met the lobbyist.")
    assert _only(statements, "she had met the lobbyist").cue.text == "denied"


# -- 10. cue words that do not report speech here ----------------------------------------------


def test_a_quoted_show_name_is_not_quoted_words(run):
    text = "Dana Holt, who sat for an interview this month on Mr. Reed's show, “Crossfire,” was not asked about it."
    statements, _ = run(text)
    assert statements == []


# -- 11. quotations that continue after "said X." ----------------------------------------------


def test_the_quotation_after_said_x_is_a_second_part_of_x(run):
    statements, speakers = run("“The harbour is full,” said Ada Moss. “We will turn ships away until May.”")
    st = _only(statements, "The harbour is full")
    assert speakers[st.speaker_id].name == "Ada Moss"
    assert [f.text for f in st.fragments] == ["The harbour is full,", "We will turn ships away until May."]


# -- 5. nested speech and pronouns ----------------------------------------------------------------


def test_an_attribution_nested_in_another_keeps_both_and_its_he_is_the_outer_speaker(run):
    text = "Mark Cole spoke first. Jack Reed said he is “surprised and troubled” by lawmakers he says are echoing the nominee."
    statements, speakers = run(text)
    outer = _only(statements, "surprised and troubled")
    assert speakers[outer.speaker_id].name == "Jack Reed" and outer.cue.text == "said"
    inner = next(s for s in statements if s.cue.text == "says")
    assert speakers[inner.speaker_id].name == "Jack Reed" and inner.speaker_mention.text == "he"
    assert outer.quote.start <= inner.quote.start and inner.quote.end <= outer.quote.end


# -- 9. roles and descriptions ------------------------------------------------------------------


def test_a_party_state_tag_is_an_affiliation_not_a_role(run):
    statements, speakers = run("Sen. Lindsey Moor, R-S.C., said the bill would pass.")
    sp = speakers[_only(statements, "the bill would pass").speaker_id]
    assert sp.name == "Lindsey Moor" and sp.role != "R-S.C." and sp.affiliation in {None, "Republican"}


def test_party_state_tags_are_read_as_affiliations():
    from onrecord.statements.lexicon import lexicon
    from onrecord.statements.roles import party_state_tag

    lex = lexicon()
    assert party_state_tag("R-S.C.", lex) == "Republican" and party_state_tag("(D-Wis.)", lex) == "Democrat"
    assert party_state_tag("R", lex) == "Republican" and party_state_tag("Vt", lex) == ""
    assert party_state_tag("CEO", lex) is None and party_state_tag("Senator", lex) is None


def test_a_dateline_or_a_predicate_is_not_a_role(run):
    statements, speakers = run(
        "Museum Opens.\n\nWASHINGTON -- President Obama, opening the new museum on Saturday, said it would tell a long story."
    )
    assert speakers[_only(statements, "tell a long story").speaker_id].role != "WASHINGTON"
    statements, speakers = run("Everything Dana Holt says is a lie unless proven otherwise.")
    assert speakers[_only(statements, "is a lie").speaker_id].role is None


def test_what_was_said_is_not_the_speakers_role(run):
    # the parser reads "the plan reeks …" as the name's apposition; it is the content of "according to"
    statements, speakers = run("According to Dana Pike, the plan reeks of desperation.")
    assert speakers[_only(statements, "reeks of desperation").speaker_id].role is None
    statements, speakers = run("According to veteran radio host Mel Rourke, the move reeks of “fear” and panic.")
    assert speakers[_only(statements, "reeks of").speaker_id].role == "veteran radio host"


def test_an_outlet_that_owns_the_name_is_an_affiliation_not_a_role(run):
    statements, speakers = run("The numbers are soft, noted Channel Nine's Dana Holt.")
    speaker = speakers[_only(statements, "numbers are soft").speaker_id]
    assert (speaker.name, speaker.role, speaker.affiliation) == ("Dana Holt", None, "Channel Nine")
    statements, speakers = run("The debates will not alter the race, noted NBC’s Dana Holt.")  # a curly ’s
    speaker = speakers[_only(statements, "not alter the race").speaker_id]
    assert (speaker.name, speaker.role, speaker.affiliation) == ("Dana Holt", None, "NBC")


# -- 8. recall gaps -----------------------------------------------------------------------------


def test_the_second_of_two_coordinated_quotations_is_kept(run):
    statements, speakers = run("The crowd shouted “Lock the gates!” and “Send them home!” as the mayor left.")
    st = _only(statements, "Lock the gates")
    assert [f.text for f in st.fragments] == ["Lock the gates!", "Send them home!"]


def test_two_participles_of_saying_are_two_statements(run):
    statements, speakers = run(
        "The minister spoke for an hour, insisting the plan was sound and urging critics to wait for the results."
    )
    first, second = _only(statements, "the plan was sound"), _only(statements, "critics to wait")
    assert first.quote.text == "the plan was sound" and (first.cue.text, second.cue.text) == ("insisting", "urging")
    assert first.speaker_id == second.speaker_id and speakers[first.speaker_id].name == "minister"


def test_content_with_a_colon_runs_on(run):
    statements, _ = run("The chief said the rule was simple: nobody enters the site without a helmet.")
    assert _only(statements, "the rule was simple").quote.text.endswith("without a helmet")


def test_told_an_outlet_without_that(run):
    statements, speakers = run("The mayor told the Ledger the budget would pass next week.")
    st = _only(statements, "the budget would pass")
    assert speakers[st.speaker_id].name == "mayor" and st.outlet == "Ledger"


def test_a_headline_carries_an_attribution(run):
    statements, speakers = run("Critics Say Budget Will Hurt Schools\n\nThe budget was published on Monday.")
    st = _only(statements, "Budget Will Hurt Schools")
    assert speakers[st.speaker_id].name == "Critics"


def test_a_verb_the_tagger_read_as_a_noun_keeps_its_subject(nlp):
    # The tagger reads "claims" in "But Holt claims that …" as a plural noun when the name is also a
    # common word; the parse is built here as it comes out for such a name.
    from spacy.tokens import Doc

    from onrecord.statements.constructions import subject_of_misread_verb

    words = ["But", "Holt", "claims", "that", "he", "should", "be", "the", "exception", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        pos=["CCONJ", "PROPN", "NOUN", "SCONJ", "PRON", "AUX", "AUX", "DET", "NOUN", "PUNCT"],
        tags=["CC", "NNP", "NNS", "IN", "PRP", "MD", "VB", "DT", "NN", "."],
        deps=["cc", "compound", "ROOT", "mark", "nsubj", "aux", "ccomp", "det", "attr", "punct"],
        heads=[2, 2, 2, 6, 6, 6, 2, 8, 6, 2],
    )
    assert subject_of_misread_verb(doc[2]).text == "Holt"
    noun = Doc(
        nlp.vocab,
        words=["The", "senator", "'s", "claims", "were", "false"],
        pos=["DET", "NOUN", "PART", "NOUN", "AUX", "ADJ"],
        tags=["DT", "NN", "POS", "NNS", "VBD", "JJ"],
        deps=["det", "poss", "case", "nsubj", "ROOT", "acomp"],
        heads=[1, 3, 1, 4, 4, 4],
    )
    assert subject_of_misread_verb(noun[3]) is None  # a real noun: "the senator's claims"


def test_a_document_that_says_is_its_issuers_medium(run):
    text = "Dana Holt climbed the peaks. He released a letter from his doctor on Friday that says he is in good health."
    statements, speakers = run(text)
    st = _only(statements, "in good health")
    assert speakers[st.speaker_id].name == "his doctor" and st.outlet == "letter"


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        ("associate professor of botany at the Lakeland Institute of Science", "Lakeland Institute of Science"),
        ("spokesman for the Guild of River Pilots", "Guild of River Pilots"),
        ("fellow at the Harbour Forum and a former envoy to Chile", "Harbour Forum"),
        ("head of the Lakeland Fund", "Lakeland Fund"),
        ("Harbour Board spokesman", "Harbour Board"),
        ("Former Lakeland Gov.", "Lakeland"),
        ("Acting Harbour Board Press Secretary", "Harbour Board"),
    ],
)
def test_the_organisation_a_role_names_is_its_affiliation(role, organisation, nlp):
    assert affiliation_of(role, list(nlp(role)), lexicon()) == organisation


@pytest.mark.parametrize("role", ["Holt’s opponent", "Holt's longtime rival", "the mayor's wife"])
def test_a_person_a_speaker_is_related_to_is_not_an_affiliation(role, nlp):
    assert affiliation_of(role, list(nlp(role)), lexicon()) is None


@pytest.mark.parametrize(
    ("text", "fragment", "name", "medium"),
    [
        (
            "Senator Ana Ruiz is releasing a new 30-second ad that urges voters in Ohio to “send a message” to the banks.",
            "send a message",
            "Ana Ruiz",
            "new 30-second ad",
        ),
        (
            "The Harbor Alliance launched a short film and ad campaign that attacked the mayor's record on housing.",
            "record on housing",
            "Harbor Alliance",
            None,
        ),
        (
            "Ana Ruiz, a pollster, released data on Monday that suggest moderate voters are being ignored.",
            "moderate voters",
            "Ana Ruiz",
            "data",
        ),
    ],
)
def test_a_document_a_source_put_out_speaks_for_that_source(run, text, fragment, name, medium):
    statements, speakers = run(text)
    st = _only(statements, fragment)
    assert speakers[st.speaker_id].name == name
    if medium is not None:
        assert st.outlet == medium


def test_a_document_passed_on_is_not_the_words_of_who_passed_it_on(run):
    statements, speakers = run("The city clerk reprinted an editorial that accuses the mayor of lying.")
    st = _only(statements, "the mayor of lying")
    assert st.speaker_id is None or speakers[st.speaker_id].name != "city clerk"
