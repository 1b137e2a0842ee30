"""The ``onrecord`` spaCy component: same statements as Extractor, plain data on the doc, spaCy-style errors."""

from __future__ import annotations

import pickle
from types import SimpleNamespace

import pytest
import spacy

from onrecord.nlp import MODEL_NAME, PARAGRAPHS
from onrecord.nlp.component import OnrecordComponent

TEXT = (
    "Bridge to reopen in May\n\n"
    "The city engineer, Jane Smith, said on Tuesday that the bridge would reopen in May.\n\n"
    "“We are ready for the traffic,” Smith told the Daily Courier. Residents said they were relieved."
)


@pytest.fixture(scope="module")
def component_nlp():
    """The pipeline a spaCy user builds: the stock model from spacy.load, onrecord found by its entry point
    (which adds the paragraph-sentence component it needs)."""
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("onrecord")
    assert nlp.pipe_names[0] == PARAGRAPHS and nlp.pipe_names[-1] == "onrecord"
    return nlp


def _dump(items):
    return [item.model_dump(mode="json") for item in items]


def test_doc_gets_statements_speakers_and_span_attributes(component_nlp):
    doc = component_nlp(TEXT)
    spans = doc._.statements
    assert spans, "no statements found"
    by_text = {span.text: span for span in spans}
    quote = by_text["We are ready for the traffic,"]
    assert quote._.speaker.name == "Jane Smith"
    assert quote._.cue.text == "told"
    assert quote._.statement.outlet == "Daily Courier"
    assert "Jane Smith" in {sp.name for sp in doc._.speakers}
    # The spans are the statements' offsets into doc.text.
    for span, st in zip(spans, [span._.statement for span in spans]):
        assert doc.text[st.quote.start : st.quote.end].strip() in span.text


def test_published_dates_statements(component_nlp):
    doc = component_nlp.make_doc(TEXT)
    doc._.published = "2024-05-02"  # a Thursday: "on Tuesday" is 30 April
    doc = component_nlp(doc)
    dated = [span._.statement for span in doc._.statements if span._.statement.date_text]
    assert dated and dated[0].date.isoformat() == "2024-04-30"
    bad = component_nlp.make_doc(TEXT)
    bad._.published = "last spring"
    with pytest.raises(ValueError, match="doc._.published"):
        component_nlp(bad)


def test_doc_data_pickles_and_serialises(component_nlp):
    doc = component_nlp(TEXT)
    again = pickle.loads(pickle.dumps(doc))
    assert [s.text for s in again._.statements] == [s.text for s in doc._.statements]
    from spacy.tokens import DocBin

    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(component_nlp.vocab))[0]
    assert _dump(restored._.speakers) == _dump(doc._.speakers)


def test_min_confidence_filters(component_nlp):
    everything = component_nlp(TEXT)
    confidences = sorted(span._.statement.confidence for span in everything._.statements)
    assert len(set(confidences)) > 1, "the text should give statements of different confidence"
    strict = OnrecordComponent(min_confidence=confidences[-1])
    doc = strict(component_nlp(TEXT))
    assert [span._.statement.confidence for span in doc._.statements] == [confidences[-1]] * confidences.count(
        confidences[-1]
    )
    kept_speakers = {span._.statement.speaker_id for span in doc._.statements}
    assert {sp.id for sp in doc._.speakers} == kept_speakers - {None}


def test_acts_filter_reads_statement_act():
    component = OnrecordComponent(acts=["speech"])
    assert component.keeps(SimpleNamespace(confidence=0.9, act="speech"))
    assert not component.keeps(SimpleNamespace(confidence=0.9, act="belief"))
    with pytest.raises(ValueError, match="unknown act"):
        OnrecordComponent(acts=["gossip"])


@pytest.mark.filterwarnings("ignore:.*onrecord_paragraphs")
def test_config_is_validated():
    nlp = spacy.load(MODEL_NAME)
    with pytest.raises(ValueError, match="min_confidence"):
        nlp.add_pipe("onrecord", config={"min_confidence": 2.0})
    with pytest.raises(Exception, match="min_confidence"):
        nlp.add_pipe("onrecord", config={"min_confidence": "high"})


def test_warns_without_paragraph_sentences_and_saves_and_loads(component_nlp, tmp_path):
    bare = spacy.load(MODEL_NAME)
    with pytest.warns(UserWarning, match="onrecord_paragraphs"):
        bare.add_pipe("onrecord", config={"add_paragraphs": False})
    assert PARAGRAPHS not in bare.pipe_names
    placed = spacy.load(MODEL_NAME)
    placed.add_pipe("onrecord", after="ner")  # the paragraph component goes first, onrecord where asked
    assert placed.pipe_names[0] == PARAGRAPHS and placed.pipe_names[placed.pipe_names.index("ner") + 1] == "onrecord"
    component_nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names[-1] == "onrecord" and PARAGRAPHS in reloaded.pipe_names
    assert [s.text for s in reloaded(TEXT)._.statements] == [s.text for s in component_nlp(TEXT)._.statements]


@pytest.mark.filterwarnings("ignore:.*onrecord_paragraphs")
def test_clear_errors_without_a_parser():
    with pytest.raises(ValueError, match="no parser"):
        spacy.blank("en").add_pipe("onrecord")
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("onrecord", first=True)  # before the parser: the doc has no parse when it runs
    with pytest.raises(ValueError, match="found no DEP annotation"):
        nlp(TEXT)
    assert OnrecordComponent()(spacy.blank("en")("")) is not None  # an empty doc is no error


def test_n_process_2_gives_the_same_statements(component_nlp):
    texts = [TEXT, "“It works,” the spokesman said.", "No one said anything here."] * 2
    alone = [_dump(s._.statement for s in d._.statements) for d in component_nlp.pipe(texts)]
    together = [
        _dump(s._.statement for s in d._.statements) for d in component_nlp.pipe(texts, n_process=2, batch_size=2)
    ]
    assert together == alone
    assert any(alone)


@pytest.mark.slow
def test_component_and_extractor_agree_on_polnear_dev(component_nlp, extractor, polnear_dev_path):
    """One implementation, two faces: the same statements and speakers on real articles.

    Every fourth dev article (21 of 84, all seven outlets), so that the suite stays fast: the whole split
    is compared by ``scripts/spacy_component_agreement.py``.
    """
    from onrecord.ingest import iter_items

    articles = [item.article for item in iter_items([polnear_dev_path]) if item.ok]
    assert len(articles) == 84
    articles = articles[::4]
    docs = []
    for article in articles:
        doc = component_nlp.make_doc(article.body)
        doc._.published = article.published.isoformat() if article.published else None
        docs.append(doc)
    total = 0
    for article, record, doc in zip(articles, extractor.pipe(articles), component_nlp.pipe(docs)):
        statements = [span._.statement for span in doc._.statements]
        assert _dump(statements) == _dump(record.statements), article.id
        assert _dump(doc._.speakers) == _dump(record.speakers), article.id
        total += len(statements)
    assert total > 100


def test_text_for_parser_gives_the_component_extractors_speaker(component_nlp, extractor):
    from onrecord.ingest import load_article
    from onrecord.pipeline import text_for_parser

    text = "Bridge to reopen\n\n“We are ready,” said Mayor Ana\u200bLund on Tuesday."
    expected = [
        extractor.process(load_article(text)).speaker(st.speaker_id).name
        for st in extractor.process(load_article(text)).statements
    ]
    doc = component_nlp(text_for_parser(text))
    assert [span._.speaker.name for span in doc._.statements] == expected
    assert len(doc.text) == len(text)  # same offsets as the caller's text
