"""Cue rule of the light-verb family: a light verb whose object is a noun of saying or attitude
("took aim at the plan", "made no secret of her ambitions", "expressed concern that …").

The verb says little and the noun says what kind of attribution it is, so neither is a cue on its
own ("took the train", "the aim of the plan"). The pairs and their complements are data
(``cues.json``: ``light_verb_nouns``, counted on PolNeAR train).
"""

from __future__ import annotations

from typing import Optional

from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.cues.common import _animate, _subject, _token_range
from onrecord.statements.cues.frames import _inverted_parenthetical
from onrecord.statements.cues.registry import token_rule
from onrecord.statements.index import _DocIndex
from onrecord.statements.lexicon import Lexicon


def _complement(verb, noun, wanted: tuple[str, ...]):
    """The content of "<verb> <noun> <prep> X" / "<verb> <noun> that …": the object of a listed
    preposition (the parser hangs it on the noun or on the verb: "took a shot at him"), or the noun's
    that-clause."""
    for c in list(noun.rights) + [c for c in verb.rights if c.i > noun.i]:
        if c.dep_ == "prep" and c.lower_ in wanted:
            obj = next((d for d in c.children if d.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                return obj
        if (
            "that" in wanted
            and c.dep_ in {"acl", "ccomp", "relcl", "advcl"}
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ):
            return c
    return None


@token_rule(
    "light_verb",
    order=48,  # before "quoting_verb" (50), which claims every unlisted verb and does not fall through
    method=Method.dep,
    falls_through=True,
    matches=lambda tok, lex: (
        tok.pos_ == "VERB"
        and (tok.lemma_.lower() in lex.light_verb_nouns or tok.lemma_.lower() in lex.light_verb_adjectives)
    ),
)
def _from_light_verb(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "The senator took aim at the plan": the subject's attribution, cued by the verb and its noun.
    The noun is the cue token: it says what was done (its act), and a light verb inside someone
    else's content is dropped as a weak nested cue. "She made (it) clear that …": the same with an
    adjective, whose that-clause the parser hangs on the verb or on the adjective."""
    lemma = tok.lemma_.lower()
    nouns = lex.light_verb_nouns.get(lemma, {})
    noun = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i and c.lemma_.lower() in nouns), None)
    if noun is None:
        adjectives = lex.light_verb_adjectives.get(lemma, {})
        noun = next(
            (
                c
                for c in tok.children
                if c.dep_ in {"oprd", "ccomp", "acomp", "xcomp"} and c.pos_ == "ADJ" and c.lower_ in adjectives
            ),
            None,
        )
        nouns = {noun.lower_: adjectives[noun.lower_]} if noun is not None else {}
    if noun is None:
        return None
    speaker = _subject(tok)
    if speaker is None or index.tok_quote[speaker.i] >= 0 or not _animate(speaker, lex):
        return None  # "the storm showed signs of weakening": no one attributes anything
    content = _complement(tok, noun, nouns.get(noun.lemma_.lower()) or nouns.get(noun.lower_, ()))
    if content is None:
        return None
    rng = _token_range(tok.doc, content.left_edge.i, content.right_edge.i)
    return Candidate(content=[rng], cue=(tok.idx, noun.idx + len(noun.text)), cue_token=noun, speaker_head=speaker)


@token_rule(
    "saying_idiom",
    order=47,  # before "quoting_verb" (50), which claims every unlisted verb and does not fall through
    method=Method.dep,
    is_cue=True,
    falls_through=True,
    matches=lambda tok, lex: tok.pos_ == "VERB" and tok.lemma_.lower() in lex.saying_idioms,
)
def _from_saying_idiom(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "The bridge is a disgrace, as the mayor put it": a verb that says "said" only with its fixed
    object reports the clause it is set in, as "as the mayor said" does; without that object it is
    no cue ("put the bill on the table")."""
    objects = lex.saying_idioms[tok.lemma_.lower()]
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lower_ not in objects:
        return None
    speaker = _subject(tok)
    if speaker is None or index.tok_quote[speaker.i] >= 0 or not _animate(speaker, lex):
        return None
    ranges = _inverted_parenthetical(tok, index)
    if not ranges:
        return None
    return Candidate(content=ranges, cue=(tok.idx, obj.idx + len(obj.text)), cue_token=tok, speaker_head=speaker)
