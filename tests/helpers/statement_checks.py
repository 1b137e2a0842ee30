"""What the statement unit tests share: :func:`checked_extraction` (extract a text of the test's own writing,
with every offset checked against the body; a module's ``run`` fixture returns it) and small finders over
the statements it gives.
"""

from __future__ import annotations

import datetime as dt

from onrecord.model import Article
from onrecord.statements import extract_statements
from onrecord.text.chars import parse_text

PUBLISHED = dt.date(2024, 5, 31)


def checked_extraction(nlp):
    """``run(text) -> (statements, speakers by id)`` over ``nlp``, asserting that every quote's offsets
    index the body."""

    def _run(text: str):
        article = Article(id="t", body=text, published=PUBLISHED)
        speakers, statements = extract_statements(nlp(parse_text(text)), article)
        by_id = {s.id: s for s in speakers}
        for st in statements:  # offsets always index the body
            assert text[st.quote.start : st.quote.end] == st.quote.text
        return statements, by_id

    return _run


def with_fragment(statements, fragment: str):
    """The statements whose quote contains ``fragment``."""
    return [s for s in statements if fragment in s.quote.text]


def only(statements, fragment: str):
    """The one statement whose quote contains ``fragment`` (fails, listing the quotes, if not exactly one)."""
    hits = with_fragment(statements, fragment)
    assert len(hits) == 1, [s.quote.text for s in statements]
    return hits[0]


def by_cue(statements, cue: str):
    """The one statement whose cue is ``cue`` (fails, listing cues and quotes, if not exactly one)."""
    hits = [s for s in statements if s.cue is not None and s.cue.text == cue]
    assert len(hits) == 1, [(s.cue.text if s.cue else None, s.quote.text) for s in statements]
    return hits[0]


def speaker_of(statements, speakers, fragment: str):
    """The speaker's name of the one statement quoting ``fragment``, or None."""
    st = only(statements, fragment)
    return speakers[st.speaker_id].name if st.speaker_id else None


def misparsed_extraction(nlp):
    """``run(text, changes) -> (statements, speakers by id)`` like :func:`checked_extraction`, but the parse
    is first given a misreading of the test's choosing: ``changes`` maps a token index to the attributes
    it gets (``pos``, ``tag``, ``dep``, ``head``: a token index; ``ent``: an IOB entity tag). The tests of
    rules for a parser's mistakes then do not hang on whether this model makes that mistake here."""
    from spacy.tokens import Doc

    def _run(text: str, changes: dict[int, dict]):
        parsed = nlp(parse_text(text))
        rows = []
        for t in parsed:
            ent = f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O"
            row = dict(pos=t.pos_, tag=t.tag_, dep=t.dep_, head=t.head.i, lemma=t.lemma_, ent=ent)
            row.update(changes.get(t.i, {}))
            rows.append(row)
        doc = Doc(
            nlp.vocab,
            words=[t.text for t in parsed],
            spaces=[bool(t.whitespace_) for t in parsed],
            pos=[r["pos"] for r in rows],
            tags=[r["tag"] for r in rows],
            deps=[r["dep"] for r in rows],
            heads=[r["head"] for r in rows],
            lemmas=[r["lemma"] for r in rows],
            ents=[r["ent"] for r in rows],
        )
        article = Article(id="t", body=text, published=PUBLISHED)
        speakers, statements = extract_statements(doc, article)
        for st in statements:
            assert text[st.quote.start : st.quote.end] == st.quote.text
        return statements, {s.id: s for s in speakers}

    return _run
