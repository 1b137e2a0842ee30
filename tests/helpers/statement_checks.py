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


def speaker_of(statements, speakers, fragment: str):
    """The speaker's name of the one statement quoting ``fragment``, or None."""
    st = only(statements, fragment)
    return speakers[st.speaker_id].name if st.speaker_id else None
