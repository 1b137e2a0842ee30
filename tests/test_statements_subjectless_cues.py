"""Unit tests for cues the parser leaves without their own subject: the source is the noun phrase that
opens the sentence (:mod:`onrecord.statements.cues.left_clause`), and an active cue coordinated with a
passive verb shares that verb's subject, not its agent (:func:`onrecord.statements.cues.common._subject`).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest


def _speaker_of(run, text: str, cue: str) -> str:
    statements, speakers = run(text)
    hits = [s for s in statements if s.cue is not None and s.cue.text == cue]
    assert len(hits) == 1, [(s.cue.text if s.cue else None, s.quote.text) for s in statements]
    return speakers[hits[0].speaker_id].name


@pytest.mark.parametrize(
    "text, cue, name",
    [
        # the parser reads "Hartley … who sits on the budget panel" as a clause under "said"
        (
            "Hartley, meanwhile, who sits on the budget panel, said the plan would cost far more than promised.",
            "said",
            "Hartley",
        ),
        (
            "Brenda Ortiz, meanwhile, who runs a bakery in the town, said the new tax hurts small shops.",
            "said",
            "Brenda Ortiz",
        ),
    ],
)
def test_the_name_opening_the_sentence_speaks_for_a_cue_without_subject(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name


@pytest.mark.parametrize(
    "text, cue, name",
    [
        (
            "Union members were angered by the ruling and predicted it would hurt wages across the region.",
            "predicted",
            "Union members",
        ),
        ("The residents were surprised by the decision and said they would appeal it in court.", "said", "residents"),
    ],
)
def test_a_cue_coordinated_with_a_passive_shares_its_subject_not_its_agent(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name


@pytest.mark.parametrize(
    "text, cue, name",
    [
        # a clause that quotes a few words still opens with its own subject, outside the quotation
        (
            "Tom Reyes further summed up Lee as “terrible,” denounced her record and said she should not run.",
            "denounced",
            "Tom Reyes",
        ),
        (
            "Pollster Ana Selz is happy to be the state's “silver standard,” says she warned about surprises.",
            "says",
            "Ana Selz",
        ),
        # the second of two coordinated reports shares the source found for the first
        (
            "Tom Reyes further summed up Lee as “terrible,” denounced her record and said she should not run.",
            "said",
            "Tom Reyes",
        ),
        # a personal pronoun opening the sentence is its subject too
        (
            "Tom Lee toured the plant on Monday. He pledged to be “the best mayor the town ever had” and cast doubt"
            " on the jobless rate of 4.9 percent, suggested that the real rate could be as high as 12 percent.",
            "suggested",
            "Tom Lee",
        ),
    ],
)
def test_the_subject_opening_a_clause_with_a_short_quotation_speaks_for_the_cue_after_it(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name


def test_a_quotation_before_the_cue_is_still_not_its_source(run):
    statements, speakers = run("“The vote was rushed and the panel knew it,” Tom Lee, who chairs the panel, said.")
    st = next(s for s in statements if s.cue is not None and s.cue.text == "said")
    assert speakers[st.speaker_id].name == "Tom Lee"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Tom Lee is happy to be the “silver standard,” added the mayor.", "mayor"),
        ("Tom Lee is happy to be the standard, added the mayor.", "mayor"),
        ("He is happy to be the standard, added the mayor.", "mayor"),
        (
            "Tom Lee called the plan “a disaster for the town,” added a South Carolina Democrat.",
            "South Carolina Democrat",
        ),
    ],
)
def test_a_source_inverted_after_the_cue_is_the_speaker_not_the_clause_before(run, text, name):
    assert _speaker_of(run, text, "added") == name


@pytest.mark.parametrize(
    "text, cue, name",
    [
        # the name is an apposition of the date the sentence opened with; its own apposition ends in a
        # place ("… in Kabul,") right before the cue
        (
            "But in a call with reporters on Dec. 2, Col. Mark T. Olsen, a military spokesman in Kabul, said, "
            "''I mean, a patrol is a combat mission. There is no way around that.''",
            "said",
            "Mark T. Olsen",
        ),
        # the parser hangs the subject on the participle set off before the cue
        (
            "So far, Smith has shown little interest. But Sen. Richard K. Dunn (D-Ore.), noting the size of "
            "Smith's following, said, \"Let me tell you, he's got a huge email list.\"",
            "said",
            "Richard K. Dunn",
        ),
        # … or on the participle it made the cue's clausal subject, or the root of the sentence
        (
            "5:15 p.m.\n\nLarge majorities of Democratic voters in five states going to the polls on Tuesday "
            "said they support a plan to raise the wage.",
            "said",
            "Large majorities of Democratic voters in five states",
        ),
        (
            "Mr. Reed, channeling his polite roots, responded by first saying some good things about Mr. Hall.",
            "saying",
            "Reed",
        ),
        # the finite verb after a relative clause taken for a participle describing the name
        (
            "Mayor Tom Reed, who is running for a third term, tweeted on Friday to say he had never backed the tax.",
            "say",
            "Tom Reed",
        ),
        # a name the parser made an apposition of the phrase the sentence opened with
        (
            "At a June rally in Ohio, 62-year-old Brenda Hale also railed against taxes, and explained how much "
            "it upset her to pay them.",
            "explained",
            "Brenda Hale",
        ),
        ('Hall, exasperated, famously responded: "What difference does it make?"', "responded", "Hall"),
        # … also with an apposition of its own, or as a conjunct of the place the phrase ends in
        (
            "In a panel discussion this weekend in Washington, Marc T. Dorsey, the chief executive of the Civic "
            "League, forcefully told a young woman that every vote counts.",
            "told",
            "Marc T. Dorsey",
        ),
        # past a participle set off between the name and the cue
        (
            'Not everyone was happy. "We\'ve had better meetings than this one," Ohio delegate Tom Hale, wearing a '
            "cowboy hat and campaign pins, said matter-of-factly.",
            "said",
            "Tom Hale",
        ),
    ],
)
def test_the_name_set_off_before_a_cue_without_subject_speaks(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name


@pytest.mark.parametrize(
    "text, cue, name",
    [
        # a surname the tagger read as a verb ("Ebeling" as a participle) is still the subject
        (
            "Ann Ebeling joined the campaign in May.\n\nWalking to the next address, Ebeling reminisced about her "
            "days growing up as a scout with Hall, and said their views were both changed by the war.",
            "said",
            "Ebeling",
        ),
        # a participle describing the person the copula's subject is
        (
            "Mayor Jane Ruiz was the first official to weigh in on the vote, tweeting her thanks Friday afternoon.",
            "tweeting",
            "Jane Ruiz",
        ),
    ],
)
def test_the_subject_the_parser_misread_still_speaks(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name


def test_the_subject_of_a_passive_of_holding_a_view_is_its_source(run):
    # "are split on whether …" reports the voters' own view, not something an unnamed source said of them
    assert _speaker_of(
        run, "Voters in the city are split on whether the next mayor should be an outsider.", "split"
    ) == ("Voters in the city")


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "Any clear reading of the mayor's actions, said Ann Lee, an expert on cities at the Civic Institute, "
            "would find the plan flawed.",
            "Ann Lee",
        ),
        (
            "And Reed, said Sunshine, who remains friendly with her former boss, doesn't forgive old slights.",
            "Sunshine",
        ),
    ],
)
def test_an_inverted_cue_after_the_subject_of_what_was_said_names_the_speaker(run, text, name):
    # the parser makes "Any clear reading …" the subject of "said" and the name the subject of "would find"
    statements, speakers = run(text)
    hits = [s for s in statements if s.cue is not None and s.cue.text == "said"]
    assert len(hits) == 1 and speakers[hits[0].speaker_id].name == name
    # what was said runs around the attribution, without it
    assert len(hits[0].fragments) == 2 and all(name not in f.text for f in hits[0].fragments)


@pytest.mark.parametrize(
    "text, cue, name",
    [
        (
            "On Thursday, the panel held Tom Reed in contempt of the council for refusing to show up to a hearing.",
            "refusing",
            "Tom Reed",
        ),
        ("The voters rewarded the party for promising to cut taxes.", "promising", "party"),
    ],
)
def test_the_one_acted_on_for_saying_or_refusing_is_its_source(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name


@pytest.mark.parametrize(
    "text, cue, name",
    [
        (
            "A memorable Ana Ruiz ad in 2008 questioned whether Reed was ready. The new ad uses footage of Ana Ruiz "
            "asking, “Why aren’t I 50 points ahead, you might ask?”",
            "asking",
            "Ana Ruiz",
        ),
    ],
)
def test_the_person_a_recording_shows_speaks_not_the_recording(run, text, cue, name):
    assert _speaker_of(run, text, cue) == name
