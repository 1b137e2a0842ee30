"""Unit tests for a finding opened by "In the poll," ("In a Gazette poll last month, Cole had a lead"):
a date the parser hung on the verb between the poll and the comma, a double space before the phrase, and
cue words inside the finding (a participle misparse, a verb coordinated with the finding's own) must not
lose it to a cue verb; a cue verb that is the sentence's own still takes it.

Every text here is invented for the test.
"""

from __future__ import annotations

from helpers.statement_checks import only as _only
from helpers.statement_checks import speaker_of


def test_a_date_between_the_poll_and_its_comma(run):
    text = (
        "In a Gazette poll last month, Ms. Cole had a 10 percentage-point lead, largely because she had twice "
        "as many rural supporters as Mr. Reed. The two are tied elsewhere."
    )
    statements, speakers = run(text)
    st = _only(statements, "had a 10 percentage-point lead")
    assert st.quote.text.startswith("Ms. Cole had") and speakers[st.speaker_id].name == "Gazette poll"


def test_a_double_space_before_the_poll_phrase(run):
    text = (
        "2. Dana Reed.  In the new Gazette-ABC poll, the real estate developer wins about 1 in 3 primary voters "
        "and has a double-digit edge on his closest rival, Cole."
    )
    statements, speakers = run(text)
    assert "Gazette-ABC poll" in speaker_of(statements, speakers, "wins about 1 in 3 primary voters")


def test_a_share_of_respondents_read_as_a_participle_is_the_finding(run):
    text = (
        "In the most recent Gazette/Economist survey, 71 percent of Cole supporters approved of the mayor, "
        "although they were less enthusiastic in their approval."
    )
    statements, speakers = run(text)
    st = _only(statements, "71 percent of Cole supporters approved")
    assert "survey" in speakers[st.speaker_id].name


def test_a_verb_coordinated_with_the_finding_is_part_of_it(run):
    text = "In exit polls, voters in both towns were unhappy with the council and worried about the budget by wide margins."
    statements, speakers = run(text)
    st = _only(statements, "were unhappy with the council and worried about the budget")
    assert speakers[st.speaker_id].name == "exit polls"
    # the sentence's own cue verb still takes what follows the phrase
    statements, speakers = run("In a statement, the company said it would close the plant.")
    st = _only(statements, "it would close the plant")
    assert st.cue.text == "said" and speakers[st.speaker_id].name == "company"


def test_records_show_read_as_one_noun_is_a_trailing_attribution(run):
    text = "A company called Harbor Works gave $5,000 to the fund on June 27, 2014, campaign finance records show."
    statements, speakers = run(text)
    st = _only(statements, "Harbor Works gave $5,000")
    assert st.cue.text == "show" and speakers[st.speaker_id].name == "campaign finance records"
    assert st.act == "knowledge"
    statements, speakers = run(
        "The ferry was insured for $3 million in 2011, records show, and experts say it is worth less."
    )
    assert speaker_of(statements, speakers, "insured for $3 million") == "records"
    # a show that is a programme is no cue
    statements, _ = run("She has appeared on three talk shows and watched the records show on Sunday.")
    assert not statements


def test_shares_of_respondents_after_in_the_poll_are_the_finding(run):
    text = (
        "In a Gazette survey released last Thursday, 79 percent of residents said they were satisfied with the "
        "mayor and 60 percent said they would like the next mayor to continue her policies."
    )
    statements, speakers = run(text)
    (st,) = statements
    assert st.quote.text.startswith("79 percent of residents said") and st.quote.text.endswith("her policies")
    assert speakers[st.speaker_id].name == "Gazette survey" and st.act == "knowledge"
