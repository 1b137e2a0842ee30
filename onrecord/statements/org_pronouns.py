"""The antecedent of "it" named in its own sentence: "People protested outside the Dayton Ledger after
it backed Ruiz" — "it" is the Ledger, not the organisation that spoke last.

:meth:`onrecord.statements.speakers.SpeakerResolver._pronoun` takes "it" to be the organisation or
country last seen as a source. A reader takes it to be the organisation named earlier in the same
sentence when one stands between that source and the pronoun (as the resolver already does for a
person named nearer than the last speaker). Only names outside quotation marks count.
"""

from __future__ import annotations

from typing import Callable

from onrecord.statements.lexicon import lexicon

# Organisations, countries and institutions "it" can stand for.
_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
# Where the name stands: a subject, an object, a preposition's object ("outside the Ledger"), a name
# in apposition; not a possessor or a modifier ("the Ledger's editor", "a Ledger poll").
_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "ROOT", "conj"})


def nearer_organisation(head, ents, after: int, in_quote: Callable[[int], bool]):
    """The last organisation entity of ``head``'s sentence before ``head`` that starts after char
    ``after`` (where the resolver's candidate was last mentioned), outside quotations; else None."""
    sent = head.sent
    best = None
    for ent in ents:
        if ent.start < sent.start or ent.end > head.i:
            continue
        if ent.start_char <= after or in_quote(ent.start_char):
            continue
        if ent.label_ not in _LABELS and not _named_outlet(ent):
            continue
        if ent.root.dep_ not in _DEPS:
            continue
        best = ent
    return best


def _named_outlet(ent) -> bool:
    """ "the Dallas Morning News" tagged as an event: a capitalised name ending in a newspaper's word
    ("News", "Times", "Herald"; speakers.json media_name_words) is an organisation whatever its label."""
    last = ent[-1]
    return (
        ent.label_ not in {"PERSON", "DATE", "TIME"}
        and last.text[:1].isupper()
        and last.lower_ in lexicon().media_words
    )
