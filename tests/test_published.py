"""Publication dates: given by the user, read from metadata, or inferred from the text."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.ingest import load_article
from onrecord.ingest.published import explicit_dates, infer_published, parse_date
from onrecord.model import Article, DateMethod


def _guess(text: str):
    return infer_published(Article(id="t", body=text))


def test_seed_is_dated_by_its_caption_and_friday(seed_path, seed_gold):
    article = load_article(seed_path)
    assert article.published.isoformat() == seed_gold["published"] == "2024-05-31"
    assert article.published_method == DateMethod.text
    assert article.published_confidence >= 0.7
    assert "May 31, 2024" in article.published_evidence and "Friday" in article.published_evidence


def test_removed_spans_are_searched_too(seed_path):
    # the dated caption is set aside as non-body, yet it is the evidence
    article = load_article(seed_path)
    assert "May 31, 2024" not in article.body
    assert any("May 31, 2024" in r.text for r in article.removed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on May 31, 2024.", dt.date(2024, 5, 31)),
        ("on 31 May 2024,", dt.date(2024, 5, 31)),
        ("the 31st of May, 2024", dt.date(2024, 5, 31)),
        ("Posted 2024-05-31 09:00", dt.date(2024, 5, 31)),
        ("Sept. 26, 2016 at noon", dt.date(2016, 9, 26)),
        ("Dec 3 2019", dt.date(2019, 12, 3)),
    ],
)
def test_explicit_dates(text, expected):
    assert [d for d, _, _ in explicit_dates(text)] == [expected]


def test_impossible_and_partial_dates_are_ignored():
    assert explicit_dates("February 30, 2024 and in March 2022 and on May 31") == []


def test_weekday_agreement_beats_a_later_date():
    text = (
        "The ministry said on Friday that talks would resume.\n\n"
        "A photo taken in Kyiv on May 31, 2024.\n\n"
        "The next round is planned for June 10, 2024."  # a Monday, and nobody mentions Monday
    )
    guess = _guess(text)
    assert guess.date == dt.date(2024, 5, 31)
    assert "Friday" in guess.evidence
    assert guess.confidence > 0.6


def test_latest_date_when_no_weekday_helps():
    guess = _guess("It began on March 3, 2021.\n\nIt ended on April 9, 2021.")
    assert guess.date == dt.date(2021, 4, 9)
    assert guess.confidence < 0.6  # weak evidence is reported as weak


def test_dateline_counts():
    guess = _guess("Updated: Nov. 8, 2016\n\nVoters lined up early. The polls opened on March 1, 2017 in some towns.")
    assert guess.date == dt.date(2016, 11, 8)
    assert "dateline" in guess.evidence


def test_no_date_at_all(tmp_path):
    assert _guess("The council met on Tuesday.\n\nIt adjourned.") is None
    path = tmp_path / "undated.txt"
    path.write_text("Council meets\n\nThe council met on Tuesday and adjourned.\n", encoding="utf-8")
    article = load_article(path)
    assert article.published is None and article.published_method == DateMethod.unknown


def test_metadata_beats_text_and_user_beats_metadata():
    html = (
        b"<html><head><title>Vote</title><meta property='article:published_time' content='2025-03-18T21:40:00-04:00'>"
        b"</head><body><article><p>The council voted on Tuesday, a week after a hearing on March 11, 2025 that ran "
        b"late into the night and drew more than two hundred residents to City Hall.</p></article></body></html>"
    )
    article = load_article(html, source_name="page.html")
    assert article.published == dt.date(2025, 3, 18) and article.published_method == DateMethod.metadata
    article = load_article(html, source_name="page.html", published="2025-03-19")
    assert article.published == dt.date(2025, 3, 19) and article.published_method == DateMethod.user


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-31", dt.date(2024, 5, 31)),
        ("2024-05-31T23:30:00-04:00", dt.date(2024, 5, 31)),  # the outlet's local date, not UTC
        ("Fri, 31 May 2024 14:00:00 GMT", dt.date(2024, 5, 31)),
        (dt.datetime(2024, 5, 31, 8), dt.date(2024, 5, 31)),
        (dt.date(2024, 5, 31), dt.date(2024, 5, 31)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected
