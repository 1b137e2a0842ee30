"""The speaker of a participle that describes an owned noun: "Clinton's speech denouncing his plans",
"in her statement condemning the test"; and of a participle that restricts a noun able to speak:
"pastors supporting Mr. Cruz", "an outside group backing Rubio".

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


def described_source(tok, lex: Lexicon):
    """The noun that participle ``tok`` restricts, when that noun names people who can speak; else None.

    "Pastors supporting Mr. Cruz", "an outside group backing Rubio", "like other mayors defending the
    tax": a participle right after its noun (no comma between) tells what the noun's people do, so
    they are its source, not the subject of the clause around them ("Donors gave $2 million to a group
    backing Rubio" is the group's backing). Only people, groups and organisations (the hand-written
    noun lists and the recogniser's names), not the mined source nouns: "a rally blasting X", "signs
    calling him a loser", "had a hard time vetoing" are the clause subject's. Left to :func:`_subject`
    are a participle set off by a comma ("praised the firefighters, saying …"), which belongs to the
    clause, and the addressee of a message ("emailed supporters saying …", "his memo to employees
    explaining …", "making a pitch to voters saying …"): whoever sends the message says what follows.

    Counted on PolNeAR train: 4 speakers right, 2 changed where the annotators took another, outer
    attribution ("no different from Bush calling Reagan's plan voodoo", given to the outer speaker).
    (The unrestricted form, any noun the participle hangs on, lost more than it won: module doc.)"""
    if tok.dep_ != "acl" or tok.tag_ != "VBG":
        return None
    noun = tok.head
    if noun.pos_ not in _NOMINAL or noun.i > tok.i:
        return None
    if any(t.is_punct and not t.is_quote for t in tok.doc[noun.i + 1 : tok.i]):
        return None
    if not _names_people(noun, lex) or _addressee(noun, lex):
        return None
    return noun


def _names_people(noun, lex: Lexicon) -> bool:
    if noun.ent_type_ in {"PERSON", "ORG", "NORP"}:
        return True
    words = (noun.lower_, noun.lemma_.lower())
    if any(w in vocab for w in words for vocab in (lex.person_nouns, lex.group_nouns)):
        return True
    # an organisation noun in the singular only: "the paper" reports, "legal papers opposing the
    # unsealing" are documents whoever filed them speaks through
    return noun.tag_ in {"NN", "NNP"} and any(w in lex.org_nouns for w in words)


def _addressee(noun, lex: Lexicon) -> bool:
    """Whether ``noun`` is the one a message goes to: the object of a verb of saying ("emailed
    supporters") or the object of "to" after a verb or noun of saying or a document ("a memo to
    employees", "a pitch to voters")."""
    if noun.dep_ in {"dobj", "dative"}:
        return lex.is_cue_lemma(noun.head.lemma_.lower())
    if noun.dep_ != "pobj" or noun.head.lower_ != "to":
        return False
    governor = noun.head.head
    # the message may be the governor's object ("making a pitch to voters", "put it in his memo to …")
    message = [governor] + [c for c in governor.children if c.dep_ == "dobj"]
    message += [o for c in governor.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    return any(lex.is_cue_lemma(w.lemma_.lower()) or w.lemma_.lower() in lex.document_nouns for w in message)
