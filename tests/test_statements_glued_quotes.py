"""Unit tests for quotation marks glued to the words around them ("said,“Look", "…trade,"Jane Roe said")
and for bidirectional-text marks pasted in with a name: the tokenizer must see the cue as a word, the
quotation pairing must close a passage at a glued straight mark, and the speaker's name must come out clean.

Every text here is invented for the test.
"""

from __future__ import annotations

import spacy

from helpers.statement_checks import only as _only
from onrecord.nlp.glued import split_glued_quotes
from onrecord.nlp.parse_cache import cache_key
from onrecord.statements.quotes import find_quotes
from onrecord.text.chars import parse_text


def test_a_cue_glued_to_the_quotation_it_opens_is_a_cue(run):
    text = "The coach said,“Look, nobody on this team gives up in the last minute.”"
    statements, speakers = run(text)
    st = _only(statements, "nobody on this team gives up")
    assert st.cue.text == "said" and speakers[st.speaker_id].name == "coach"


def test_a_speaker_glued_to_the_closing_straight_mark_is_the_source(run):
    text = '"The new bus lanes will cut the commute by half,"Dana Cole, who runs the transit board, said on Monday.'
    statements, speakers = run(text)
    st = _only(statements, "cut the commute by half")
    assert st.cue.text == "said" and speakers[st.speaker_id].name == "Dana Cole"


def test_a_glued_straight_mark_closes_the_open_passage():
    text = '"We will rebuild the pier,"Dana Cole said.'
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "We will rebuild the pier,"


def test_glued_marks_are_split_and_apostrophes_are_not(nlp):
    tokens = [t.text for t in nlp.tokenizer("He said,“Go!”Then O’Malley’s rock’n’roll band played.")]
    assert tokens[:8] == ["He", "said", ",", "“", "Go", "!", "”", "Then"]
    assert "O’Malley’s" in tokens or "O’Malley" in tokens
    assert "rock’n’roll" in tokens
    # spaced text is tokenised as by the stock tokenizer
    spaced = "She said, “Go.” Then 5,000 people left the U.S. “A” team."
    assert [t.text for t in nlp.tokenizer(spaced)] == [t.text for t in spacy.blank("en").tokenizer(spaced)]


def test_splitting_glued_quotes_twice_changes_nothing_and_changes_the_cache_key():
    nlp = spacy.blank("en")
    before = cache_key(nlp, ["x"])
    split_glued_quotes(nlp)
    pattern = nlp.tokenizer.infix_finditer.__self__.pattern
    split_glued_quotes(nlp)
    assert nlp.tokenizer.infix_finditer.__self__.pattern == pattern
    assert cache_key(nlp, ["x"]) != before  # a parse made with the stock tokenizer is not reused


def test_bidirectional_marks_read_as_spaces_and_leave_the_name_clean(run):
    text = "\u202aDana Cole\u202c said the roads would reopen in June."
    folded = parse_text(text)
    assert len(folded) == len(text) and folded.split()[:2] == ["Dana", "Cole"]
    statements, speakers = run(text)
    st = _only(statements, "the roads would reopen")
    assert speakers[st.speaker_id].name == "Dana Cole"


def test_a_quotation_opening_its_line_behind_a_bidirectional_mark_is_whole(run):
    text = (
        "The mayor spoke.\n\u202a”This is why the bridge matters. It is old. Children cross it daily,” said Dana Cole."
    )
    statements, speakers = run(text)
    st = _only(statements, "Children cross it daily")
    assert st.quote.text.startswith("This is why the bridge matters.")
    assert speakers[st.speaker_id].name == "Dana Cole"
