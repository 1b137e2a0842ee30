"""Cue rules of the noun family: a cue noun reporting its clause ("Trump's claim *that …*")."""

from __future__ import annotations

from typing import Optional

from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.constructions import (
    subject_of_misread_verb,
)
from onrecord.statements.cues.common import _animate, _subject, _token_range
from onrecord.statements.cues.registry import token_rule
from onrecord.statements.index import _DocIndex
from onrecord.statements.lexicon import Lexicon


def _nominal_right_of(tok, line_end: int, index: _DocIndex):
    """The head noun just after ``tok`` ("said *Singh*"), outside quotations."""
    doc = tok.doc
    for i in range(tok.i + 1, min(len(doc), tok.i + 8)):
        t = doc[i]
        if t.idx >= line_end or t.is_punct or index.tok_quote[i] >= 0:
            return None
        if t.dep_ == "mark" or t.pos_ == "SCONJ":
            return None  # "to say that the country …": past the complementizer is the content
        if t.pos_ in {"NOUN", "PROPN"} and t.dep_ not in {"compound", "amod", "det", "poss", "nmod", "npadvmod"}:
            return t
    return None


def _nominal_left_of(tok, line_start: int, index: Optional[_DocIndex] = None):
    """The head noun just before ``tok`` in its line ("U.S. *officials* said")."""
    doc = tok.doc
    for i in range(tok.i - 1, max(-1, tok.i - 8), -1):
        t = doc[i]
        if t.idx < line_start or t.is_punct or (index is not None and index.tok_quote[i] >= 0):
            return None
        if t.pos_ in {"NOUN", "PROPN", "PRON"} and t.dep_ not in {"compound", "amod", "det", "poss", "nmod"}:
            return t
    return None


def _possessor_is_subject(tok, pronoun, lex: Lexicon):
    """ "Woods shared her belief that …", "Sanders renewed his criticism of …": a possessive pronoun on the
    object of a verb is that verb's subject when the subject is a name or noun that can be meant by it
    (a person for "his"/"her", several or an organisation for "their"). The subject, not the pronoun,
    is then the mention: it names the source even when someone else was named last."""
    if tok.dep_ == "dobj":
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        verb = tok.head.head
    else:
        return None
    if verb.pos_ != "VERB":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON" or not _animate(subject, lex):
        return None
    entry = lex.pronouns.get(pronoun.lower_)
    if entry is None:
        return None
    plural = subject.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subject.children)
    if pronoun.lower_ in {"his", "her"}:
        person = subject.ent_type_ == "PERSON" or subject.lemma_.lower() in lex.person_nouns
        if plural or not person:
            return None
        first = subject.doc[subject.left_edge.i : subject.i + 1]
        genders = {lex.first_name_gender(t.text) or lex.gendered_titles.get(t.lower_) for t in first} - {None}
        if genders and genders != {entry[1]}:
            return None  # "Tom Lee criticised her claim": someone else's
        return subject
    if pronoun.lower_ == "their" and (plural or subject.ent_type_ in {"ORG", "NORP"}):
        return subject
    return None


@token_rule(
    "cue_noun",
    order=30,
    method=Method.dep,
    matches=lambda tok, lex: tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nouns,
)
def _from_cue_noun(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "Trump's claim that …", "the group's call for …", "a pledge by the mayor to …"."""
    wanted = lex.nouns[tok.lemma_.lower()]
    content = None
    by_preposition = False
    for c in tok.rights:
        if c.dep_ in {"acl", "ccomp", "relcl"} and "that" in wanted:
            if any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                content = c
                break
        if c.dep_ == "acl" and "to" in wanted and any(m.dep_ == "aux" and m.tag_ == "TO" for m in c.children):
            content = c
            break
        if c.dep_ == "prep" and c.lower_ in wanted and c.lower_ != "to":
            objs = [d for d in c.children if d.dep_ in {"pobj", "pcomp"}]
            if objs:
                content = objs[0]
                by_preposition = c.lower_ in lex.noun_prepositions_need_source
                break
    if content is None:
        return None
    if content.dep_ == "pobj" and content.lemma_.lower() in lex.requests_to_speak:
        return None  # "requests for comment", "calls for a response": asking someone to speak
    speaker = next((c for c in tok.children if c.dep_ == "poss"), None)
    if speaker is not None and speaker.pos_ == "PRON":
        speaker = _possessor_is_subject(tok, speaker, lex) or speaker
    misread = source_prep = None
    if speaker is None:
        speaker = misread = subject_of_misread_verb(tok)  # "Trump claims that …" tagged as a noun
    if speaker is None:
        # "a pledge by the mayor to …"; "accusations of fraud from the council", where the parser hangs
        # the source on the content's noun
        hosts = [tok] + ([content] if by_preposition else [])
        for c in (c for host in hosts for c in host.children):
            if c.dep_ == "prep" and c.lower_ in {"by", "from"}:
                speaker = next((d for d in c.children if d.dep_ == "pobj"), None)
                source_prep = c if c.head.i == content.i and c.i > content.i else None
    # (a misread verb's subject is a name even where the tagger made it a common noun: "Trump charges")
    if speaker is not None and speaker is not misread and not _animate(speaker, lex):
        speaker = None
    if speaker is None and tok.dep_ in {"dobj"} and tok.head.pos_ == "VERB":
        # "the senator repeated her claim that …"; not "the mayor faced accusations of …", where the
        # subject is the one accused
        speaker = None if tok.head.lemma_.lower() in lex.noun_receiving_verbs else _subject(tok.head)
        if speaker is not None and not _animate(speaker, lex):
            speaker = None
    if speaker is None and tok.dep_ == "pobj" and tok.head.lower_ in lex.own_words_prepositions:
        verb = tok.head.head
        if verb.pos_ == "VERB" and tok.head.dep_ == "prep":
            # "Cruz entered the debate with an argument that …", "campaigned on pledges to …", "protested
            # in the hope that …": the verb's subject makes the argument; not "bristled at the suggestion"
            speaker = _subject(verb)
            if speaker is not None and not _animate(speaker, lex):
                speaker = None
    if speaker is None and by_preposition:
        return None  # "amid concerns about the economy", "accusations of fraud": a topic, no one's statement
    last = source_prep.i - 1 if source_prep is not None and speaker is not None else content.right_edge.i
    rng = _token_range(tok.doc, content.left_edge.i, last)
    return Candidate(content=[rng], cue=(tok.idx, tok.idx + len(tok.text)), cue_token=tok, speaker_head=speaker)
