"""The eval parse cache: a hit gives the same docs as a parse, and any change of text or pipeline misses."""

import spacy

from onrecord.nlp.parse_cache import cache_key, cached_pipe

TEXTS = ["The mayor said the bridge would reopen.", "“Not yet,” she told reporters on Monday."]


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_a_second_run_reads_the_stored_parses(tmp_path):
    nlp = _nlp()
    first = list(cached_pipe(nlp, TEXTS, folder=tmp_path))
    stored = list(tmp_path.glob("parses-*.spacy"))
    assert len(stored) == 1 and not list(tmp_path.glob("*.part"))
    again = list(cached_pipe(_nlp(), TEXTS, folder=tmp_path))
    assert [d.text for d in again] == TEXTS
    assert [[t.is_sent_start for t in d] for d in again] == [[t.is_sent_start for t in d] for d in first]


def test_other_texts_or_another_pipeline_are_another_file(tmp_path):
    nlp = _nlp()
    key = cache_key(nlp, TEXTS)
    assert cache_key(nlp, TEXTS[:1]) != key
    assert cache_key(nlp, [TEXTS[0], TEXTS[1] + " "]) != key
    other = spacy.blank("en")
    assert cache_key(other, TEXTS) != key
    configured = spacy.blank("en")
    configured.add_pipe("sentencizer", config={"punct_chars": ["!"]})
    assert cache_key(configured, TEXTS) != key
    list(cached_pipe(nlp, TEXTS, folder=tmp_path))
    list(cached_pipe(other, TEXTS, folder=tmp_path))
    assert len(list(tmp_path.glob("parses-*.spacy"))) == 2


def test_without_a_folder_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = list(cached_pipe(_nlp(), TEXTS, folder=None))
    assert [d.text for d in docs] == TEXTS and not list(tmp_path.iterdir())
