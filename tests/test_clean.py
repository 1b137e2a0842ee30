"""Body cleaning: non-body lines are set aside with a reason, nothing else is touched, nothing is lost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from onrecord.clean import clean_article, find_non_body, load_rules
from onrecord.ingest import load_article
from onrecord.model import Article

EXAMPLES = Path(__file__).parent.parent / "examples"
PATTERNS = Path(__file__).parent.parent / "onrecord" / "clean" / "patterns.json"


def test_seed_removes_exactly_the_gold_non_body_lines(seed_path, seed_gold):
    article = load_article(seed_path)
    raw = seed_path.read_text(encoding="utf-8")
    assert [r.text for r in article.removed] == seed_gold["not_body_text"]
    for span in article.removed:
        assert span.reason and span.rule
        assert raw[span.start : span.end] == span.text  # offsets into the raw file
        assert article.body[span.start : span.end].strip() == ""  # blanked in the body
    # everything else is untouched, character for character
    kept = list(raw)
    for span in article.removed:
        kept[span.start : span.end] = " " * (span.end - span.start)
    assert article.body == "".join(kept)
    assert article.raw_text() == raw


def test_seed_gold_quotes_are_intact(seed_path, seed_gold):
    article = load_article(seed_path)
    for st in seed_gold["statements"]:
        assert article.body[st["quote_start"] : st["quote_end"]] == st["quote"], st["id"]


def test_seed_reasons(seed_path):
    reasons = [r.reason for r in load_article(seed_path).removed]
    assert reasons == [
        "photo_caption",
        "photo_credit",
        "photo_caption",
        "tag_line",
        "photo_caption",
        "comments_footer",
        "share_prompt",
    ]


def test_keep_all_removes_nothing(seed_path):
    article = load_article(seed_path, keep_all=True)
    assert article.removed == []
    assert article.body == seed_path.read_text(encoding="utf-8")


def test_example_article():
    article = load_article(EXAMPLES / "article.txt")
    assert {r.text: r.reason for r in article.removed} == {
        "Residents of the Eastside district hold up signs before the council vote at City Hall in Harbor City, "
        "on March 18, 2025. (Lena Okafor/The Harbor Ledger)": "photo_caption",
        "floodwall harbor city": "tag_line",
        "Volunteers stack sandbags outside a pharmacy on Pier Street during the storm of Jan": "photo_caption",
        "Photo: Sam Riordan/The Harbor Ledger": "photo_credit",
        "COMMENTS": "comments_footer",
        "Please let us know if you're having issues with commenting.": "share_prompt",
    }
    assert "In a statement released after the vote, the Eastside Neighbors Association said:" in article.body


BODY = "The mayor said the plan would cost $212 million and take three years to finish."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("AP Photo/Evan Vucci", "photo_credit"),
        ("Reuters/Jane Roe", "photo_credit"),
        ("AFP/Getty Images", "photo_credit"),
        ("(Jane Roe/Anadolu via Getty Images)", "photo_credit"),
        ("Photo: Sam Riordan/The Harbor Ledger", "photo_credit"),
        ("Credit: Courtesy of the family", "photo_credit"),
        ("Photo by Jane Roe", "photo_credit"),
        ("A firefighter at the scene on Monday. (Jane Roe/AP Photo)", "photo_caption"),
        ("harbor city floodwall", "tag_line"),
        ("Sign up for our newsletter", "share_prompt"),
        ("Share this article", "share_prompt"),
        ("Click here to subscribe to our daily briefing", "share_prompt"),
        ("Read more: Water taxi fares to double on weekends", "read_more"),
        ("RELATED: Council delays vote again", "read_more"),
        ("(AP Photo/Jane Roe, File)", "photo_credit"),
        ("Image caption, Rescue workers search the rubble on Tuesday", "photo_caption"),
        ("The ferry leaves the harbour at dawn. Image: Jo Park.", "photo_caption"),
        ("Rescue crews at the bridge on Monday Image: City of Harbor / Flickr.", "photo_caption"),
        ("Categories: May 2, 2024 Politics and conflicts Harbor City", "tag_line"),
        ("Copyright 2024 The Associated Press. All rights reserved.", "copyright"),
        ("Follow Jane Roe on Twitter @janeroe.", "share_prompt"),
        ("Most Read", "read_more"),
        ("Advertisement", "advert"),
        ("Story continues below advertisement", "advert"),
    ],
)
def test_line_rules(line, reason):
    text = f"{BODY}\n\n{line}\n\n{BODY}\n"
    (span,) = find_non_body(text)
    assert (span.text, span.reason) == (line, reason)


@pytest.mark.parametrize(
    "line",
    [
        "The photograph, distributed by Getty Images, shows the two leaders shaking hands.",
        "Photo editors at the paper said they had not seen the image before it was published.",
        "“Read more books,” the governor told the graduates.",
        "He said the credit line was wrong: the photo was taken by a staff photographer.",
        "Reuters reported that the talks had stalled.",
        "Share prices fell 3 percent on Friday.",
        "Comments from the public will be accepted until June 1.",
        "Washington (AP) — The Senate voted on Tuesday to extend the program.",
        "I don't know.",
        "Yes.",
        "a",
        "WASHINGTON",
        "“Follow the money,” he said.",
        "Related coverage of the trial has been limited by a gag order, the judge said.",
        "This article has been updated to include a statement from the governor.",
        "Editor’s note: The mayor’s office said on Friday that the figures were preliminary.",
        "Correction: An earlier version of this article misstated the cost of the wall.",
        "The exhibit is named “Image: A City” after the book, the curator said.",
        "The council listed two categories: housing and transport.",
    ],
)
def test_body_lines_are_kept(line):
    assert find_non_body(f"{BODY}\n\n{line}\n\n{BODY}\n") == []


def test_caption_directly_above_its_credit_and_truncated_caption_one_blank_line_above():
    text = (
        f"{BODY}\n\nThe governor speaks at the state fair\nAP Photo/Jane Roe\n\n{BODY}\n\n"
        f"Workers clear debris from the road after the storm on Fri\n\nReuters/John Doe\n\n{BODY}\n"
    )
    assert [(s.text, s.reason) for s in find_non_body(text)] == [
        ("The governor speaks at the state fair", "photo_caption"),
        ("AP Photo/Jane Roe", "photo_credit"),
        ("Workers clear debris from the road after the storm on Fri", "photo_caption"),
        ("Reuters/John Doe", "photo_credit"),
    ]


def test_a_complete_sentence_above_a_credit_after_a_blank_line_stays():
    text = f"{BODY}\n\nThe council will vote again in June.\n\nAP Photo/Jane Roe\n\n{BODY}\n"
    assert [s.text for s in find_non_body(text)] == ["AP Photo/Jane Roe"]


def test_comments_footer_takes_everything_after_it_but_only_in_the_second_half():
    footer = "Comments\n\ntidewatcher: About time.\n\nLoad more comments"
    text = f"{BODY}\n\n{BODY}\n\n{BODY}\n\n{footer}\n"
    assert [s.reason for s in find_non_body(text)] == ["comments_footer"] * 3
    early = f"Comments\n\n{BODY}\n\n{BODY}\n\n{BODY}\n"
    assert find_non_body(early) == []


def test_one_paragraph_text_is_never_cleaned():
    assert find_non_body("ukraine zelensky") == []


def test_clean_article_is_idempotent_and_keeps_offsets():
    text = f"{BODY}\n\nAP Photo/Jane Roe\n\n{BODY}\n"
    article = Article(id="x", body=text)
    once = clean_article(article)
    twice = clean_article(once)
    assert once.body == twice.body and once.removed == twice.removed
    assert len(once.body) == len(text)
    assert once.body.index(BODY, 5) == text.index(BODY, 5)
    assert once.raw_text() == text


def test_patterns_file_is_documented_and_compiles():
    data = json.loads(PATTERNS.read_text(encoding="utf-8"))
    for kind in ("line", "neighbour", "footer"):
        assert data[kind], kind
        for rule in data[kind]:
            assert rule["reason"] and rule["comment"], rule
            re.compile(rule["pattern"])
    rules = load_rules()
    assert load_rules() is rules  # loaded once


def test_polnear_dev_loses_no_body_text(polnear_dev_path):
    """Cleaning the PolNeAR dev texts (real, already clean news) removes only credits and chart notes.

    No removed line may overlap an annotated attribution (content, source or cue), and removed lines
    are rare. The lines seen when this test was written: 7 'Getty/Instagram.' credits in one HuffPost
    photo essay and one 'Source: NATO.' chart credit, in 84 articles.
    """
    articles = removed_lines = lines = 0
    removed_texts = []
    with polnear_dev_path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            articles += 1
            text = doc["text"]
            lines += sum(1 for ln in text.split("\n") if ln.strip())
            for span in find_non_body(text):
                removed_lines += 1
                removed_texts.append(span.text)
                for q in doc["quotes"]:
                    for s, e in (
                        (q["quote_start"], q["quote_end"]),
                        (q["speaker_start"], q["speaker_end"]),
                        (q["cue_start"], q["cue_end"]),
                    ):
                        if s is not None and e is not None:
                            assert not (s < span.end and e > span.start), (doc["id"], span.text, text[s:e])
                assert span.reason in {"photo_credit", "photo_caption"}, (doc["id"], span.reason, span.text)
    assert articles == 84
    assert removed_lines <= lines * 0.005, removed_texts
    assert all(len(t) < 40 for t in removed_texts), removed_texts
