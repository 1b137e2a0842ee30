"""Relative dates normalised against the publication date (onrecord.time)."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.time import date_of_cue, resolve_relative_date

FRIDAY = dt.date(2024, 5, 31)


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("on Friday", dt.date(2024, 5, 31)),  # the publication day itself
        ("Thursday afternoon", dt.date(2024, 5, 30)),
        ("Thursday night", dt.date(2024, 5, 30)),
        ("on Tuesday", dt.date(2024, 5, 28)),
        ("last Friday", dt.date(2024, 5, 24)),
        ("next Monday", dt.date(2024, 6, 3)),
        ("yesterday", dt.date(2024, 5, 30)),
        ("last night", dt.date(2024, 5, 30)),
        ("today", dt.date(2024, 5, 31)),
        ("this morning", dt.date(2024, 5, 31)),
        ("on May 29", dt.date(2024, 5, 29)),
        ("29 May", dt.date(2024, 5, 29)),
        ("Dec. 30", dt.date(2023, 12, 30)),  # no year: the nearest one not far after publication
        ("March 3, 2021", dt.date(2021, 3, 3)),
        ("last week", None),  # too vague for a day
        ("recently", None),
        ("a few hours before", None),
        ("in the sun", None),  # "sun" is not Sunday
    ],
)
def test_resolve_relative_date(phrase, expected):
    assert resolve_relative_date(phrase, FRIDAY) == expected


def test_no_anchor_only_explicit_dates():
    assert resolve_relative_date("on Friday", None) is None
    assert resolve_relative_date("May 31, 2024", None) == dt.date(2024, 5, 31)


def test_tokens_accepted(nlp):
    doc = nlp("Thursday afternoon")
    assert resolve_relative_date(list(doc), FRIDAY) == dt.date(2024, 5, 30)


@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("Officials said on Friday that the bridge was safe.", "said", dt.date(2024, 5, 31)),
        (
            "As recently as Thursday afternoon, the mayor insisted the bridge was safe.",
            "insisted",
            dt.date(2024, 5, 30),
        ),
        ("The mayor on Tuesday warned of delays.", "warned", dt.date(2024, 5, 28)),
        ("The mayor said the bridge, closed on Tuesday, was safe.", "said", None),  # a date inside the content
        ("“It is safe,” said the mayor, a few hours before the vote.", "said", None),
    ],
)
def test_date_of_cue(nlp, text, cue, expected):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == cue)
    content = set()
    for child in tok.children:
        if child.dep_ == "ccomp":
            content |= {t.i for t in child.subtree}
    when, phrase = date_of_cue(tok, FRIDAY, content)
    assert when == expected
    if expected is not None:
        assert phrase
