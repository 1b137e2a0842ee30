"""The source of a finite cue the parser gave no subject, found as the subject of a clause it hung before
the cue.

In "Ana Ruiz, meanwhile, who chairs the panel, said the vote was rushed" or "A spokesman for the
firm - a maker of bicycle parts - noted that sales rose" the parser often reads the words before the
cue as a clause of their own ("Ana Ruiz … who chairs" as the subject of "chairs", "a spokesman … a
maker … noted" as a clause under "noted") and leaves the cue with no subject. A reader takes the noun
phrase that opens the sentence, right before the cue's verb, for the one who speaks: the subject that
opens the clause hung before the cue, when nothing in that clause marks it as a subordinate clause
("While Ana Ruiz chairs the panel, …" keeps its own subject) and it stands outside quotation marks
(the words of a quotation before "said" are what was said, not who said it; a clause of the writer's
that quotes a few words, "Ana Ruiz called the plan “a disaster,” said …", is not such a quotation).
The subject may be a personal pronoun ("He pledged …, suggested that …"), and a second report
coordinated with such a cue ("… denounced her record and said …") shares the source found for it.
A cue whose only complement after it is someone who can speak ("…, added the mayor") has its source
there, inverted, and the clause before is what was said.
"""

from __future__ import annotations

from typing import Optional

from onrecord.statements.cues.common import _animate
from onrecord.statements.index import _DocIndex
from onrecord.statements.lexicon import Lexicon

_LEFT_CLAUSES = {"ccomp", "csubj", "advcl", "parataxis"}
_FINITE = {"VBD", "VBZ", "VBP"}
_COMPLEMENTS = {"ccomp", "dobj", "xcomp"}


def subject_of_left_clause(tok, index: _DocIndex, lex: Lexicon):
    """The source of finite cue ``tok`` with no subject of its own, read from the clause the parser hung
    before it (see the module doc), or None."""
    if tok.tag_ not in _FINITE or any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubjpass"} for c in tok.children):
        return None
    if tok.dep_ == "conj" and tok.head.i < tok.i and tok.head.pos_ == "VERB":
        # "Tom Lee summed her up as “terrible,” denounced her record and said …": the second report
        # shares the source of the first, found the same way
        first = subject_of_left_clause(tok.head, index, lex)
        if first is not None:
            return first
    if not any(c.i > tok.i and c.dep_ in _COMPLEMENTS for c in tok.children):
        return None  # what it reports comes after it: "… said the vote was rushed"
    for clause in tok.children:
        if clause.i > tok.i or clause.dep_ not in _LEFT_CLAUSES:
            continue
        subject = _opening_subject(clause, tok, index, lex)
        if subject is not None:
            return subject
    return None


def _opening_subject(clause, tok, index: _DocIndex, lex: Lexicon) -> Optional[object]:
    doc = tok.doc
    lo, hi = clause.left_edge.i, clause.right_edge.i
    if hi >= tok.i or index.tok_quote[clause.i] >= 0 or index.tok_quote[lo] >= 0 or doc[lo].is_quote:
        # "“The vote was rushed,” … said": the words before are the quotation (not "Ana Ruiz called it
        # “a disaster,” denounced …", whose clause only quotes a few words)
        return None
    if all(_inverted_source(c, lex) for c in tok.children if c.i > tok.i and c.dep_ in _COMPLEMENTS):
        return None  # "Tom Lee is the “silver standard,” added the mayor": the mayor, inverted, says it
    if any(c.dep_ in {"mark", "aux"} and c.tag_ in {"IN", "TO"} for c in clause.children):
        return None  # "While Ana Ruiz chairs the panel, …", "To win, …": a subordinate clause
    if any(doc[i].text in {".", "!", "?", ";"} for i in range(lo, tok.i)):
        return None
    subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < clause.i]
    if not subjects:
        return None
    first = subjects[0]
    if (
        first.left_edge.i != lo
        or not (first.pos_ in {"NOUN", "PROPN"} or _personal_pronoun(first, lex))
        or any(index.tok_quote[i] >= 0 for i in range(lo, first.i + 1))
    ):
        return None  # the subject must open the clause: the sentence's own noun phrase
    if doc[lo].pos_ in {"ADP", "SCONJ"}:
        return None
    return first if _animate(first, lex) else None


def _personal_pronoun(tok, lex: Lexicon) -> bool:
    """ "He criticized the plan said …": a pronoun that stands for a person or people (not "it")."""
    entry = lex.pronouns.get(tok.lower_)
    return tok.pos_ == "PRON" and entry is not None and entry[0] in {"person", "self", "any"} and tok.tag_ == "PRP"


def _inverted_source(tok, lex: Lexicon) -> bool:
    """ "…,” added the mayor": an object of the cue that can speak (not a document: "denounced her
    record") is the subject the parser took for its object."""
    return tok.dep_ == "dobj" and _animate(tok, lex) and tok.lemma_.lower() not in lex.document_nouns
