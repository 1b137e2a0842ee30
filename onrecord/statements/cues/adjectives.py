"""Cue rule of the adjective family: an attitude adjective after a copula reporting its complement
("the senator is skeptical of the plan", "she was adamant that …", "they are eager to …").
"""

from __future__ import annotations

from typing import Optional

from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.cues.common import _animate, _subject, _token_range
from onrecord.statements.cues.registry import token_rule
from onrecord.statements.index import _DocIndex
from onrecord.statements.lexicon import Lexicon


def _copula_holder(tok, lex: Lexicon):
    """The one who holds the attitude of ``tok``: the copula's subject ("Smith is wary of …"), or the
    subject of a participle read as a passive ("Smith was convinced that …"); None when ``tok`` completes
    no copula ("a critical report", "made him wary")."""
    if tok.dep_ == "acomp" and tok.head.i != tok.i and tok.head.lemma_.lower() in lex.copula_verbs:
        return _subject(tok.head)
    if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lemma_.lower() == "be" for c in tok.children):
        if any(c.dep_ == "agent" for c in tok.children):
            return None  # "was convinced by the aides that …": the aides did the convincing
        return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    return None


def _complement(tok, wanted: tuple[str, ...]):
    """The complement of ``tok`` in one of the frames it reports: a that or zero clause ("that"), an
    infinitive ("to"), or the object of a listed preposition. The parser often hangs the clause on the
    copula instead ("was adamant [that …]" with the clause under "was"), so its clauses after ``tok`` count too."""
    rights = list(tok.rights)
    if "that" in wanted and tok.dep_ == "acomp":
        rights += [c for c in tok.head.rights if c.i > tok.i and c.dep_ == "ccomp"]
    for c in rights:
        marks = [m for m in c.children if m.dep_ == "mark"]
        if "that" in wanted and (
            (c.dep_ in {"ccomp", "advcl"} and any(m.lower_ == "that" for m in marks))
            or (c.dep_ == "ccomp" and not marks)
        ):
            return c
        if "to" in wanted and c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children):
            return c
        if c.dep_ == "prep" and c.lower_ in wanted and c.lower_ != "to":
            obj = next((d for d in c.children if d.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                return obj
    return None


@token_rule(
    "copula_adjective",
    order=25,
    method=Method.dep,
    falls_through=True,
    matches=lambda tok, lex: tok.pos_ in {"ADJ", "VERB"} and tok.lower_ in lex.copula_adjectives,
)
def _from_copula_adjective(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "X is critical of …", "Y was convinced that …": the attitude's holder is the source, its
    complement the content (adjectives and frames counted on PolNeAR train, ``cues.json``)."""
    speaker = _copula_holder(tok, lex)
    if speaker is None or not _animate(speaker, lex):
        return None  # "the situation is critical", "it is concerned that": no one holds the view
    content = _complement(tok, lex.copula_adjectives[tok.lower_])
    if content is None:
        return None
    rng = _token_range(tok.doc, content.left_edge.i, content.right_edge.i)
    return Candidate(content=[rng], cue=(tok.idx, tok.idx + len(tok.text)), cue_token=tok, speaker_head=speaker)
