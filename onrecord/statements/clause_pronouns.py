"""The antecedent of "they" that is the subject of a clause the pronoun stands in: "Many members were
dismayed at the loss of what they consider a refuge" — "they" are the members, whoever spoke last.

:meth:`onrecord.statements.speakers.SpeakerResolver._pronoun` takes "they" to be the group or
organisation last seen as a source. A reader takes a "they" (or "them", "their") inside a clause
whose subject is a group of people to be that group: "Liberals got mad because they didn't think …",
"Trump and other Republicans pointed at what they called …", "Some of those surveyed shared their
concerns". The subject must come before the pronoun, outside quotation marks, govern the clause the
pronoun is in (not sit in a clause of its own beside it), and be something several people can be: a
plural noun, a coordination, a group or organisation, a quantifier standing for people ("Some of
them", "Forty percent") — and a possible source at all (:func:`~onrecord.statements.cues.common._animate`).

"He" and "she" are bound the same way by a clause subject that names one person, a name or a noun
for a person ("The director lays out what he believes …"), when the resolver's own choice was
mentioned before that subject; the subject's gender, where known, must agree.
"""

from __future__ import annotations

from typing import Callable, Optional

from spacy.tokens import Token

from onrecord.statements.cues.common import _animate
from onrecord.statements.lexicon import Lexicon

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_GROUP_LABELS = frozenset({"ORG", "NORP"})
_CLIMB = 8  # words walked up from the pronoun (through nouns and prepositions too)


def governing_subject(head, lex: Lexicon, in_quote: Callable[[int], bool], *, several: bool) -> Optional[Token]:
    """The subject of the nearest clause above pronoun ``head`` when it can be what the pronoun
    stands for: a group of sources for "they" (``several``), one person for "he"/"she" (see the
    module docstring); else None."""
    cur = head
    for _ in range(_CLIMB):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        subject = next((c for c in cur.children if c.dep_ in _SUBJECTS and c.i < head.i), None)
        if subject is None or subject.i == head.i:
            continue
        if subject.left_edge.i <= head.i <= subject.right_edge.i:
            return None  # the pronoun is inside the subject ("people who say they …"): not bound by it
        if (subject.pos_ == "PRON" and subject.lower_ not in lex.partitive_heads) or in_quote(subject.idx):
            # a personal pronoun resolves on its own ("Some of them" counts people); words in
            # quotation marks are someone's own voice
            return None
        fits = _several(subject, lex) if several else _one_person(subject, lex)
        return subject if fits and _animate(subject, lex) else None
    return None


def _one_person(tok, lex: Lexicon) -> bool:
    """Whether ``tok`` names one person: a name or a singular noun for a person ("the documentarian")."""
    if tok.tag_ in _PLURAL_TAGS or any(c.dep_ == "conj" for c in tok.children):
        return False
    if tok.ent_type_ == "PERSON" or tok.lower_ in lex.person_nouns or tok.lemma_.lower() in lex.person_nouns:
        return True
    # a name the recogniser left untagged ("Reyes included Peru on a list he …"); not an acronym
    return tok.pos_ == "PROPN" and not tok.ent_type_ and not tok.text.isupper()


def _several(tok, lex: Lexicon) -> bool:
    """Whether ``tok`` can stand for several people: a plural, a coordination, a group or an
    organisation, a quantifier or number of people."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    return (
        tok.tag_ in _PLURAL_TAGS
        or any(c.dep_ == "conj" for c in tok.children)
        or tok.ent_type_ in _GROUP_LABELS
        or low in lex.group_nouns
        or lemma in lex.group_nouns
        or low in lex.org_nouns
        or lemma in lex.org_nouns
        or low in lex.partitive_heads
        or any(c.dep_ == "nummod" for c in tok.children)
    )
