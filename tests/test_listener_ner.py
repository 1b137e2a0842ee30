"""The listener NER (onrecord/models/ner_listener): loads into onrecord's pipeline, finds entities,
agrees with the stock NER, and leaves every other component's output as it was."""

from __future__ import annotations

import pytest
import spacy
from conftest import EXAMPLE_ARTICLE

from onrecord.nlp import load_nlp
from onrecord.nlp.listener_ner import (
    MODEL_DIR,
    entity_agreement,
    read_meta,
    use_listener_ner,
)

# Entity-level F1 (exact span and label) of the listener NER against the stock NER on
# examples/article.txt, measured at 0.494 (21 of 45 stock entities, 40 predicted) when the component
# was trained. Inference is deterministic, so the floor only leaves room for float noise; a retrained
# component must reset it from its own measurement.
EXAMPLE_F1_FLOOR = 0.47

SENTENCE = (
    "Mayor Dana Whitfield told the Harbor City Council on Tuesday that the Quillbrook Ferry Company "
    "would add two boats to the Lake Morrow route by March, according to a statement from her office."
)


@pytest.fixture(scope="module")
def listener_nlp():
    """A separate load_nlp() pipeline (not the cached one other tests share) with the swap applied."""
    nlp = load_nlp.__wrapped__()
    assert use_listener_ner(nlp), f"use_listener_ner refused {MODEL_DIR}"
    return nlp


def _ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


def _label_of(doc, name: str):
    """Label of the entity that is ``name``, with or without a leading "the"."""
    return {e.text.removeprefix("the "): e.label_ for e in doc.ents}.get(name)


def test_swap_keeps_name_and_position_and_listens_to_tok2vec(nlp, listener_nlp):
    assert listener_nlp.pipe_names == nlp.pipe_names
    assert "ner" in listener_nlp.get_pipe("tok2vec").listening_components
    assert listener_nlp.get_pipe("ner") is not nlp.get_pipe("ner")
    assert read_meta()["tok2vec_width"] == listener_nlp.get_pipe("tok2vec").model.get_dim("nO")
    # A second call sees the listener already in place and changes nothing.
    ner = listener_nlp.get_pipe("ner")
    assert use_listener_ner(listener_nlp)
    assert listener_nlp.get_pipe("ner") is ner


def test_refuses_without_model_files_and_changes_nothing(tmp_path):
    nlp = load_nlp.__wrapped__()
    stock_ner = nlp.get_pipe("ner")
    assert not use_listener_ner(nlp, tmp_path)
    assert nlp.get_pipe("ner") is stock_ner
    assert "ner" not in nlp.get_pipe("tok2vec").listening_components


def test_refuses_a_pipeline_without_tok2vec():
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    stock_ner = nlp.get_pipe("ner")
    assert not use_listener_ner(nlp)
    assert nlp.get_pipe("ner") is stock_ner


def test_finds_entities_in_an_original_sentence(listener_nlp):
    doc = listener_nlp(SENTENCE)
    assert _label_of(doc, "Dana Whitfield") == "PERSON"
    assert _label_of(doc, "Harbor City Council") == "ORG"
    assert _label_of(doc, "Quillbrook Ferry Company") == "ORG"
    assert _label_of(doc, "Tuesday") == "DATE"
    assert _label_of(doc, "March") == "DATE"


def test_listener_reads_the_shared_tok2vec_output(listener_nlp):
    """With tok2vec's tensor withheld the listener sees zeros: its entities must change, which shows
    that the ones it finds come from the shared tok2vec."""
    doc = listener_nlp(SENTENCE)
    blind = listener_nlp.make_doc(SENTENCE)
    for name, proc in listener_nlp.pipeline:
        if name != "tok2vec":
            blind = proc(blind)
    assert _ents(doc) != _ents(blind)


def test_agrees_with_the_stock_ner_on_the_example_article(nlp, listener_nlp):
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    stock, listener = nlp(text), listener_nlp(text)
    agreement = entity_agreement([stock], [listener])["overall"]
    assert agreement["n_ref"] > 20
    assert agreement["f"] >= EXAMPLE_F1_FLOOR, agreement


def test_other_components_are_untouched(nlp, listener_nlp):
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8") + "\n\n" + SENTENCE

    def annotations(doc):
        return [
            (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start)
            for t in doc
        ]

    assert annotations(listener_nlp(text)) == annotations(nlp(text))
