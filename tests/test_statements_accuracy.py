"""Unit tests for the classes of attribution error measured on PolNeAR dev and GUM news: who the speaker
is (possessive sources, passive governors, ...), what is not a statement, and recall gaps.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from helpers.statement_checks import only as _only
from helpers.statement_checks import speaker_of as _speaker_of

# -- speakers: a possessive pronoun is the source of a cue noun --------------------------------------


@pytest.mark.parametrize(
    "text, fragment, name",
    [
        (
            "Tom Reyes toured the plant on Monday. His claim that the reactor was safe drew laughter.",
            "the reactor was safe",
            "Tom Reyes",
        ),
        (
            "Nora Blake spoke to the council. Her promise to cut fares by half won the vote.",
            "to cut fares by half",
            "Nora Blake",
        ),
    ],
)
def test_a_possessive_pronoun_is_the_source_of_a_cue_noun(run, text, fragment, name):
    statements, speakers = run(text)
    assert _speaker_of(statements, speakers, fragment) == name


# -- speakers: the subject of a passive governs the saying below it -------------------------------------


@pytest.mark.parametrize(
    "text, fragment, name",
    [
        (
            "Mara Quinn can be heard shouting to the guards that the gate was locked.",
            "the gate was locked",
            "Mara Quinn",
        ),
        (
            "After saying the talks had failed, Jon Bell was driven away by his aides.",
            "the talks had failed",
            "Jon Bell",
        ),
    ],
)
def test_the_subject_of_a_passive_governor_is_the_speaker(run, text, fragment, name):
    statements, speakers = run(text)
    assert _speaker_of(statements, speakers, fragment) == name


# -- nested: reported content runs on over a gerund or infinitive of its own ----------------------------


def test_content_runs_on_over_a_gerund_inside_a_phrase(run):
    text = (
        "Rep. Ana Cole said that claim smacked of hypocrisy, because rivals have been at the forefront of "
        "questioning the agency's decisions on issuing letters to demand records from banks."
    )
    statements, speakers = run(text)
    said = next(s for s in statements if s.cue.text == "said")
    assert speakers[said.speaker_id].name == "Ana Cole"
    assert said.quote.text.endswith("records from banks")


def test_a_gerund_reporting_its_own_clause_still_stops_the_run_on(run):
    text = "Dr. Lee Park was criticised by senators for his show and for saying that coffee beans cure every illness."
    statements, _ = run(text)
    assert _only(statements, "coffee beans cure every illness").cue.text == "saying"


# -- speakers: "I" in a person's own quotation is that person ---------------------------------------


def test_first_person_in_a_direct_quotation_is_a_mention_of_its_speaker(run):
    text = "“I think we learned a lot today,” said coach Hernan Ruiz after the match."
    statements, speakers = run(text)
    sp = speakers[_only(statements, "learned a lot").speaker_id]
    assert sp.name == "Hernan Ruiz"
    first = text.index("I think")
    assert any(m.start == first and m.end == first + 1 and m.kind == "pronoun" for m in sp.mentions)


@pytest.mark.parametrize(
    "text",
    [
        "“He told me ‘I will go home,’ and then he left,” said Ana Diaz on Sunday.",
        "Ana Diaz said I was right about the vote.",
    ],
)
def test_first_person_in_an_inner_quotation_or_an_indirect_report_is_not_the_speaker(run, text):
    statements, speakers = run(text)
    for st in statements:
        sp = speakers[st.speaker_id]
        assert "Diaz" in sp.name
        assert all(m.text != "I" for m in sp.mentions)


# -- according to X with no comma after X --------------------------------------------------------------


def test_according_to_without_a_comma_ends_the_source_at_its_noun_phrase(run):
    text = "According to the health ministry over 300 pilgrims have been hurt in a crush near the gate, officials say."
    statements, speakers = run(text)
    st = next(s for s in statements if s.cue.text == "According to")
    assert speakers[st.speaker_id].name == "health ministry"
    assert st.quote.text.startswith("over 300 pilgrims have been hurt")


# -- a name the recogniser ran over a line break -----------------------------------------------------


def test_a_line_break_is_never_part_of_a_speakers_name(run):
    text = "“So far the city is winning. But it is a long game.” - Mark Ingle\nWriting in a blog post, Mark Ingle said more."
    statements, speakers = run(text)
    assert statements and all("\n" not in speakers[s.speaker_id].name for s in statements if s.speaker_id)


# -- recall: an attribution set off by commas reports both sides of it ------------------------------


@pytest.mark.parametrize(
    "text, first, second, name",
    [
        (
            "Tom Ruiz spoke on Monday. Though that merger was relatively seamless, he said, replacing the mayor would be much more painful.",
            "Though that merger was relatively seamless",
            "replacing the mayor would be much more painful",
            "Tom Ruiz",
        ),
        (
            "Laura Mendes runs the plant. The difference now, she told me on Friday, is that the plant is closed.",
            "The difference now",
            "is that the plant is closed",
            "Laura Mendes",
        ),
    ],
)
def test_a_parenthetical_attribution_reports_both_sides(run, text, first, second, name):
    statements, speakers = run(text)
    st = _only(statements, first)
    assert [f.text for f in st.fragments] == [first, second]
    assert speakers[st.speaker_id].name == name


@pytest.mark.parametrize(
    "text, fragment, name",
    [
        (
            "To understand the real Dred Scott case, Chief Justice Ana Roberts said, one should visit this museum.",
            "one should visit this museum",
            "Ana Roberts",
        ),
        (
            "Speaking in the parents' defense, Tom Molomby, SC, said that the parents should be declared not guilty.",
            "the parents should be declared not guilty",
            "Tom Molomby",
        ),
    ],
)
def test_a_name_right_before_a_subjectless_cue_is_its_speaker(run, text, fragment, name):
    statements, speakers = run(text)
    assert _speaker_of(statements, speakers, fragment) == name


# -- nested: a verb of saying coordinated with its subject's other verb reports again --------------------


def test_a_conjoined_verb_of_saying_inside_a_report_is_a_nested_statement(run):
    text = "The aide said Tom Reyes visited the plant and told workers that the jobs were safe."
    statements, speakers = run(text)
    by_cue = {s.cue.text: s for s in statements}
    assert speakers[by_cue["told"].speaker_id].name == "Tom Reyes" and by_cue["told"].quote.text == "the jobs were safe"
    assert speakers[by_cue["said"].speaker_id].name == "aide"


# -- speakers the parser did not attach ------------------------------------------------------------


def test_a_verb_of_saying_opening_its_sentence_takes_the_name_after_it(run):
    text = (
        "Ryan Ellis, a tax lobbyist, spoke first. Critics say the plan is weak. "
        "Said Ellis: “I don’t get the sense she’s the least bit interested in reform.”"
    )
    statements, speakers = run(text)
    assert _speaker_of(statements, speakers, "interested in reform") == "Ryan Ellis"


def test_a_name_tagged_as_a_noun_before_a_misread_cue_noun_is_its_source(run):
    text = (
        "Donald Trump spoke in Ohio on Monday. Clinton now says she opposes the deal. "
        "Trump charges that countries that stand to benefit from the deal donated millions to her charity."
    )
    statements, speakers = run(text)
    assert "Trump" in (_speaker_of(statements, speakers, "donated millions") or "")


def test_a_title_set_off_before_a_name_belongs_to_the_mention(run):
    text = "Discussing the crisis in a statement, Malta's Prime Minister, Joseph Vella said the port would reopen on Monday."
    statements, speakers = run(text)
    st = _only(statements, "the port would reopen")
    assert speakers[st.speaker_id].name == "Joseph Vella"
    assert st.speaker_mention.text == "Malta's Prime Minister, Joseph Vella"


def test_one_asked_to_speak_is_not_yet_the_speaker(run):
    statements, speakers = run(
        "Residents were encouraged to submit designs online and suggest what the flag should mean."
    )
    assert all(speakers[s.speaker_id].name != "Residents" for s in statements if s.speaker_id)


def test_a_coordinated_clause_after_an_inverted_attribution_continues_the_report(run):
    text = "The middle fifth paid 8.9 percent, the agency said in a June report, and the bottom fifth paid 0.8 percent."
    statements, _ = run(text)
    st = _only(statements, "The middle fifth paid")
    assert [f.text for f in st.fragments] == [
        "The middle fifth paid 8.9 percent",
        "and the bottom fifth paid 0.8 percent",
    ]


# -- nested: a participle of saying the parser hung inside the content is a statement of its own ------


def test_a_participle_of_saying_inside_the_content_starts_its_own_statement(run):
    text = (
        "Republicans were not worried. Sen. Dan Perry said he did not believe those attacks had hurt the party "
        "in 2012, arguing that it was divisions in the party that were a bigger hurdle."
    )
    statements, speakers = run(text)
    by_cue = {s.cue.text: s for s in statements}
    assert by_cue["said"].quote.text == "he did not believe those attacks had hurt the party in 2012"
    assert by_cue["arguing"].quote.text == "it was divisions in the party that were a bigger hurdle"
    assert speakers[by_cue["arguing"].speaker_id].name == "Dan Perry"


def test_reported_content_stops_at_the_writers_concession(run):
    text = (
        "Bemoaning the system, Trump accused Holt of being a Democrat, though a review of records indicates "
        "he has been a registered Republican since 2003."
    )
    statements, _ = run(text)
    accused = next(s for s in statements if s.cue.text == "accused")
    assert accused.quote.text == "Holt of being a Democrat"


# -- precision: a passive of refusing with an object refuses a thing, not a claim -------------------


def test_being_denied_something_is_not_a_statement(run):
    statements, _ = run("The six-member robotics team had been denied visas to enter the country until last week.")
    assert statements == []


def test_questioning_a_person_is_an_interrogation_not_a_statement(run):
    statements, _ = run("Police arrested and questioned the student on Monday.")
    assert statements == []
    statements, _ = run("Senator Ana Cole questioned the judgment of the board on Monday.")
    assert _only(statements, "the judgment of the board").cue.text == "questioned"


def test_an_aside_before_a_headline_colon_is_not_a_speaker(run):
    statements, speakers = run("Ah, friends once more: Ted Cruz endorses Trump, who says he is honored.")
    assert statements and all(s.cue.text != ":" for s in statements)
    assert all("friends" not in speakers[s.speaker_id].name for s in statements if s.speaker_id)


def test_the_noun_after_a_complementizer_is_never_an_inverted_subject(nlp):
    from onrecord.statements.cues.nouns import _nominal_right_of
    from onrecord.statements.index import _DocIndex

    text = "Officials went on to say that the country has spent years fighting the plan."
    doc = nlp(text)
    index = _DocIndex(doc, text)
    say = next(t for t in doc if t.lower_ == "say")
    assert _nominal_right_of(say, len(text), index) is None
    said = nlp("“It works,” said the mayor.")
    index = _DocIndex(said, said.text)
    assert _nominal_right_of(next(t for t in said if t.lower_ == "said"), len(said.text), index).lower_ == "mayor"


def test_a_pronoun_after_content_run_back_over_its_subject_is_that_subject(run):
    text = (
        "Hillary Clinton spoke at the hearing in the morning. Democratic Sen. Claire Moss (D-Mo.) scolded him: "
        "“The scientific community is almost monolithic against you in terms of the efficacy of the three "
        "products you called ‘miracles,’” she said."
    )
    statements, speakers = run(text)
    assert _speaker_of(statements, speakers, "monolithic against you") == "Claire Moss"


def test_adjective_before_the_cue_hands_it_the_copulas_subject(run):
    statements, speakers = run("Rural voters were slightly more likely to say that the new bridge mattered most.")
    assert _speaker_of(statements, speakers, "new bridge mattered") == "Rural voters"


def test_determined_to_warn_is_said_by_the_subject(run):
    statements, speakers = run("Ana Cole is determined to warn residents that the dam could fail.")
    assert _speaker_of(statements, speakers, "dam could fail") == "Ana Cole"


def test_cue_noun_in_a_with_phrase_belongs_to_the_verbs_subject(run):
    statements, speakers = run("Ana Cole opened the hearing with a blunt argument that the dam must be rebuilt.")
    assert _speaker_of(statements, speakers, "dam must be rebuilt") == "Ana Cole"


def test_cue_noun_met_at_stays_without_the_verbs_subject(run):
    statements, speakers = run("Ana Cole bristled at the suggestion that her office had hidden the report.")
    hits = [s for s in statements if "had hidden the report" in s.quote.text]
    assert all(speakers[s.speaker_id].name != "Ana Cole" for s in hits if s.speaker_id)


def test_quotation_closed_by_subject_and_unlisted_verb_is_that_subjects(run):
    text = (
        "The minister said the port would close in March.\n\n"
        "“The port will never close,” an angry dock worker fumed. “Not while I work here.”"
    )
    statements, speakers = run(text)
    assert _speaker_of(statements, speakers, "port will never close") == "angry dock worker"


def test_verb_with_an_object_after_a_quotation_is_no_attribution(run):
    text = "The minister said the port would close.\n\n“We will rebuild the docks,” the council approved a plan."
    statements, speakers = run(text)
    hits = [s for s in statements if "rebuild the docks" in s.quote.text]
    assert all(speakers[s.speaker_id].name != "council" for s in hits if s.speaker_id)


def test_contracted_has_before_a_cue_keeps_the_subject_as_speaker(run):
    text = "Maria Cole toured the harbour on Monday. She's said she will fight the closure to the end."
    statements, speakers = run(text)
    assert _speaker_of(statements, speakers, "fight the closure") == "Maria Cole"


def test_contracted_is_with_it_stays_an_unnamed_report(run):
    statements, speakers = run("Ana Cole toured the harbour. It's said that the port will close in May.")
    assert _speaker_of(statements, speakers, "port will close") != "Ana Cole"


def test_possessive_on_the_object_is_the_verbs_named_subject(run):
    text = "Maria Khan said the port was safe. Regarding the speech, Dana Woods shared her belief that none of it was true."
    statements, speakers = run(text)
    st = _only(statements, "none of it was true")
    assert speakers[st.speaker_id].name == "Dana Woods"
    assert st.speaker_mention is not None and st.speaker_mention.text == "Dana Woods"


def test_possessive_of_the_other_gender_is_not_the_subject(run):
    text = "Maria Khan spoke on Monday. Tom Lee ignored her claim that the port was safe."
    statements, speakers = run(text)
    hits = [s for s in statements if "port was safe" in s.quote.text]
    assert all(s.speaker_mention is None or s.speaker_mention.text != "Tom Lee" for s in hits)
