"""The memoised attribute ruler and lemmatizer must annotate exactly as spaCy's own components do."""

from __future__ import annotations

import json

import pytest
import spacy
from conftest import EXAMPLE_ARTICLE, POLNEAR_DEV, SEED_ARTICLE
from spacy.tokens import Doc

from onrecord.nlp import PARAGRAPHS, load_stock_nlp
from onrecord.nlp.memo import MemoAttributeRuler, MemoLemmatizer, memoise_pipeline


def _annotations(doc):
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.norm_) for t in doc]


def _first_difference(left, right):
    for i, (a, b) in enumerate(zip(_annotations(left), _annotations(right))):
        if a != b:
            return f"token {i}: stock {a} != memoised {b}"
    return None


@pytest.fixture(scope="module")
def pipelines():
    stock = load_stock_nlp()
    stock.add_pipe(PARAGRAPHS, first=True)
    memo = load_stock_nlp()
    memo.add_pipe(PARAGRAPHS, first=True)
    swapped = memoise_pipeline(memo)
    return stock, memo, swapped


def _real_texts() -> list[str]:
    texts = [EXAMPLE_ARTICLE.read_text(encoding="utf-8")]
    if SEED_ARTICLE.exists():
        texts.append(SEED_ARTICLE.read_text(encoding="utf-8"))
    if POLNEAR_DEV.exists():
        with POLNEAR_DEV.open(encoding="utf-8") as lines:
            for _, line in zip(range(12), lines):
                texts.append(json.loads(line)["text"])
    return texts


def test_swap_keeps_names_and_order(pipelines):
    stock, memo, swapped = pipelines
    assert swapped == ["attribute_ruler", "lemmatizer"]
    assert memo.pipe_names == stock.pipe_names
    assert isinstance(memo.get_pipe("attribute_ruler"), MemoAttributeRuler)
    assert isinstance(memo.get_pipe("lemmatizer"), MemoLemmatizer)


def test_real_articles_annotated_identically(pipelines):
    stock, memo, _ = pipelines
    texts = _real_texts()
    tokens = 0
    for _text, left, right in zip(texts, stock.pipe(texts, batch_size=8), memo.pipe(texts, batch_size=8)):
        assert len(left) == len(right)
        assert _first_difference(left, right) is None, _first_difference(left, right)
        tokens += len(left)
    assert tokens > 1000


def _ruler_pair(rules):
    """A stock attribute ruler with ``rules`` and its memoised form, on one blank vocabulary."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for patterns, attrs, index in rules:
        ruler.add(patterns=patterns, attrs=attrs, index=index)
    return nlp, ruler, MemoAttributeRuler(ruler)


def _doc(nlp):
    words = ["There", "is", "a", "gon", "na", "be", "trouble", ",", "y'", "all", "said", "SHE", " "]
    tags = ["EX", "VBZ", "DT", "VBG", "TO", "VB", "NN", ",", "PRP", "DT", "VBD", "PRP", "_SP"]
    heads = [1, 1, 6, 5, 5, 1, 5, 10, 10, 8, 10, 10, 11]
    deps = ["expl", "ccomp", "det", "aux", "aux", "xcomp", "attr", "punct", "nsubj", "det", "ROOT", "nsubj", "dep"]
    spaces = [True] * 11 + [False, False]
    return Doc(nlp.vocab, words=words, spaces=spaces, tags=tags, heads=heads, deps=deps)


RULES = [
    ([[{"TAG": "NN"}]], {"POS": "NOUN", "MORPH": "Number=Sing"}, 0),
    ([[{"TAG": {"IN": ["VBZ", "VBD"]}}]], {"POS": "VERB"}, 0),
    ([[{"TAG": "VBZ"}]], {"POS": "AUX", "MORPH": "Tense=Pres"}, 0),  # later rule wins on the same token
    ([[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], {"POS": "VERB"}, 1),  # multi-token, index 1
    ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, 0),
    ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, -1),
    ([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"}, 0),
    ([[{"LOWER": "she", "TAG": "PRP"}]], {"NORM": "she-norm", "POS": "PRON"}, 0),  # not array-writable
    ([[{"TAG": "DT"}, {"TAG": "NN", "OP": "?"}]], {"MORPH": "PronType=Art"}, 0),  # only the Matcher runs OP
    ([[{"IS_SPACE": True}]], {"POS": "SPACE"}, 0),
    ([[{"TAG": "DT", "LOWER": {"NOT_IN": ["a"]}}]], {"POS": "DET"}, 0),
]


def test_rule_semantics_match_stock_ruler():
    nlp, ruler, memo = _ruler_pair(RULES)
    expected, got = ruler(_doc(nlp)), memo(_doc(nlp))
    assert _first_difference(expected, got) is None, _first_difference(expected, got)
    # and the rules did fire: the test would pass vacuously otherwise
    assert [t.pos_ for t in got][:2] == ["", "VERB"]
    assert got[1].morph.get("Tense") == ["Pres"]
    assert (got[3].lemma_, got[4].lemma_, got[8].lemma_) == ("go", "to", "you")
    assert got[11].norm_ == "she-norm" and got[12].pos_ == "SPACE"
    assert len(memo.matcher) == 1  # only the OP rule needed spaCy's Matcher


def test_repeat_calls_reuse_the_cache_and_stay_identical():
    nlp, ruler, memo = _ruler_pair(RULES)
    first = memo(_doc(nlp))
    cached = len(memo._cache)
    second = memo(_doc(nlp))
    assert len(memo._cache) == cached
    assert _annotations(first) == _annotations(second)


def test_empty_doc_passes_through():
    nlp, _, memo = _ruler_pair(RULES)
    assert len(memo(nlp.make_doc(""))) == 0


def test_lemmatizer_keeps_lemmas_already_set(pipelines):
    _, memo, _ = pipelines
    doc = memo("The officials said they were meeting.", disable=["lemmatizer"])
    doc[2].lemma_ = "PRESET"
    memo.get_pipe("lemmatizer")(doc)
    assert doc[2].lemma_ == "PRESET"
    assert [t.lemma_ for t in doc][1:6] == ["official", "PRESET", "they", "be", "meet"]


def test_lookup_lemmatizer_is_left_alone():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert memoise_pipeline(nlp) == []
