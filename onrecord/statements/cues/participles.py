"""The speaker of a participle that describes an owned noun: "Clinton's speech denouncing his plans",
"in her statement condemning the test".

:func:`onrecord.statements.cues.common._subject` climbs from such a participle past the noun to the
clause it sits in ("Trump will follow Clinton's speech denouncing …" -> "Trump"). When the noun has
a possessor that can speak, the speech, statement or letter is the possessor's, and so is what it
says. Counted on PolNeAR train: 3 speakers right, none lost. Taking the noun itself as the speaker
where it has no possessor ("a group backing Rubio", "released a statement saying …") was tried and
lost more than it won (15 right, 30 wrong): the annotators give the issuer of a document handed over
("X released a statement saying") and the document read in ("in a statement defending …") alike.
"""

from __future__ import annotations

from onrecord.statements.cues.common import _animate
from onrecord.statements.lexicon import Lexicon

_NOMINAL = {"NOUN", "PROPN"}


def owner_of_described_noun(tok, lex: Lexicon):
    """The possessor of the noun that participle ``tok`` describes, when it can speak; else None.

    Only a present participle hung on an object or a preposition's object ("his speech praising …"):
    a subject noun is handled by :func:`_subject` itself."""
    if tok.dep_ != "acl" or tok.tag_ != "VBG":
        return None
    noun = tok.head
    if noun.pos_ not in _NOMINAL or noun.dep_ not in {"dobj", "pobj"} or noun.i > tok.i:
        return None
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    if possessor is None or possessor.ent_type_ in {"DATE", "TIME"} or not _animate(possessor, lex):
        return None  # ("Thursday's meeting calling for …": a day owns nothing it could say)
    return possessor
