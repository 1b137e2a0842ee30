"""A source named after a dash just before its quotation: "Pollsters agree - Carl Bialik: “…”",
"What that means for the race - More from Jones: “…”".

News digests set each item as a label of the writer's, a spaced dash, the source's name and a colon,
then the quotation. The words before the dash are a headline (its verb, "agree", is the writer's
summary, and its subject no source); the name after the dash is the quotation's source.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.lexicon import lexicon

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.statements.index import _DocIndex
    from onrecord.statements.quotes import Quote


@lru_cache(maxsize=1)
def _dashed_name() -> re.Pattern:
    """ " - Name:" (or " – More from Name:", the words of ``digest_lead_words`` in ``data/cues.json``)
    closing the words before the quotation: a spaced dash, a short name, a colon."""
    lead = "|".join(re.escape(w).replace(r"\ ", r"\s+") + r"\s+" for w in lexicon().digest_lead_words)
    return re.compile(rf"\s[-–—]\s+(?:{lead})?(?P<name>[^\s:\-–—][^:\-–—]{{0,60}}?):\s*$")


def dashed_source(q: Quote, line, index: _DocIndex) -> Optional[Candidate]:
    """The statement for ``q`` when a dashed name and a colon lead into it (see the module doc)."""
    body, doc = index.body, index.doc
    before = body[line[0] : q.outer_start]
    m = _dashed_name().search(before)
    if m is None or len(m.group("name").split()) > 6:
        return None
    start, end = line[0] + m.start("name"), line[0] + m.end("name")
    tokens = [t for t in doc[index.token_at(start) : index.token_at(end - 1) + 1] if not t.is_punct]
    if not tokens or not tokens[-1].text[:1].isupper() or tokens[-1].pos_ not in {"PROPN", "NOUN"}:
        return None  # a name or a named source ("the report") heads the words after the dash
    # the phrase's own head ("Blumenthal" of "Mark Blumenthal and Jon Cohen"), else its last word
    head = next((t for t in tokens if not tokens[0].i <= t.head.i <= tokens[-1].i), tokens[-1])
    colon = line[0] + m.end() - 1
    while colon > start and body[colon] != ":":
        colon -= 1
    return Candidate(content=[], cue=(colon, colon + 1), speaker_head=head, method=Method.lead)
