"""Constructions that look like attributions and are not, or hide one (issue 10, section 2).

Small predicates over the parse that the statement pass in :mod:`onrecord.statements.extract`
asks at a cue: the writer advising the reader ("you can suggest that …"), a bare noun phrase
after an agentless passive ("is accused of three counts"), a quoted name of a show, a verb the
tagger read as a noun ("Trump claims that …"), and a quotation joined to the one before by "and".
They read the parse and the document index only; they keep no state.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.statements.candidate import Candidate
    from onrecord.statements.index import _DocIndex
    from onrecord.statements.lexicon import Lexicon
    from onrecord.statements.quotes import Quote


def advice_to_reader(tok, children, lex: Lexicon) -> bool:
    """ "You can suggest that …", "you might ask …": a generic "you" with a modal, outside quotations."""
    return any(c.dep_ == "nsubj" and c.lower_ == "you" for c in children) and any(
        c.dep_ == "aux" and c.lower_ in lex.advice_modals for c in children
    )


def names_only_the_act(ranges: list[tuple[int, int]], index: _DocIndex, lex: Lexicon) -> bool:
    """Whether content ``ranges`` are only a noun naming a speech act, with its determiner or adjectives
    ("issued *a statement* regarding …", "asked *a question*"): what was said is elsewhere, if anywhere.
    (With more words the content often is a report: train annotates "answered questions about …".)"""
    if len(ranges) != 1 or index.quotes_overlapping(*ranges[0]):
        return False
    doc = index.doc
    lo, hi = index.token_at(ranges[0][0]), index.token_at(ranges[0][1] - 1)
    words = [t for t in doc[lo : hi + 1] if not (t.is_punct or t.is_space)]
    if not words or words[-1].pos_ != "NOUN" or words[-1].lemma_.lower() not in lex.speech_act_objects:
        return False
    return all(t.pos_ in {"DET", "ADJ", "PRON", "NUM"} for t in words[:-1])


def reports_act_or_words(ranges: list[tuple[int, int]], index: _DocIndex) -> bool:
    """Whether content ``ranges`` are a verb phrase ("hurting the civilians") or hold a quotation,
    rather than a bare noun phrase ("three counts of fraud", "defendants in the lawsuit")."""
    doc = index.doc
    for start, end in ranges:
        if index.quotes_overlapping(start, end):
            return True
        lo, hi = index.token_at(start), index.token_at(end - 1)
        heads = [t for t in doc[lo : hi + 1] if not lo <= t.head.i <= hi or t.head.i == t.i]
        if any(t.pos_ in {"VERB", "AUX"} for t in heads):
            return True
    return False


def shares_passive(tok) -> bool:
    """ "I was hauled in and told that …": a verb coordinated with a passive, with no subject or
    auxiliary of its own, is passive too (the tagger often reads such a "told" as a past tense)."""
    if tok.dep_ != "conj" or tok.tag_ not in {"VBN", "VBD"} or tok.head.pos_ not in {"VERB", "AUX"}:
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "aux", "auxpass", "dobj", "dative", "iobj"} for c in tok.children):
        return False  # "was stopped and told the officers that …": the one told is named, the subject told
    return any(c.dep_ == "auxpass" for c in tok.head.children)


def quoted_name(q: Quote, index: _DocIndex) -> bool:
    """A quotation that names something rather than quoting words: one to three capitalised words
    after a comma and a noun ("on Mr. King's show, “Politicking.”")."""
    words = re.findall(r"[^\W\d_][\w’'-]*", index.body[q.start : q.end])
    if not words or len(words) > 3 or not all(w[0].isupper() for w in words):
        return False
    i = index.token_at(q.outer_start) - 1
    doc = index.doc
    if i < 1 or doc[i].text not in {",", ":"}:
        return False
    return doc[i - 1].pos_ in {"NOUN", "PROPN"}  # "show, “…”" names the show; "titled, “…”" quotes


def subject_of_misread_verb(tok):
    """ "Trump claims that …", "Trump charges that …": a third-person verb the tagger read as a
    plural cue noun. Without a determiner or modifier of its own and right after a name or a
    pronoun, it is that name's verb; returns the name (or the noun's own subject), else None."""
    if tok.tag_ != "NNS" or any(
        c.dep_ in {"det", "poss", "amod", "nummod"} or (c.dep_ == "compound" and c.i != tok.i - 1) for c in tok.children
    ):
        return None
    own = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if own is not None:
        return own
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and (prev.pos_ == "PROPN" or prev.tag_ == "PRP") and prev.lower_ not in {"it", "its", "they"}:
        return prev if prev.dep_ != "compound" or prev.head.i == tok.i else None
    if prev is not None and prev.pos_ == "NOUN" and prev.text[:1].isupper() and prev.head.i == tok.i:
        # "Trump charges that …" with the name tagged as a common noun: a name the article gives a person
        if any(e.label_ == "PERSON" and e[-1].text == prev.text for e in tok.doc.ents):
            return prev
    return None


_QUOTE_JOINERS = {"and", "or", ",", ", and", ", or", "and then", "then"}


def coordinated_quote_owner(q: Quote, qi: int, cands: list[Candidate], index: _DocIndex) -> Optional[Candidate]:
    """The statement whose content ends in the quotation just before ``q`` when only a conjunction
    stands between them ('shouted “Lock the gates!” and “Send them home!”'): ``q`` is more of it."""
    prev = index.quotes[qi - 1]
    between = " ".join(index.body[prev.outer_end : q.outer_start].split()).lower()
    if between not in _QUOTE_JOINERS or index.line_of(prev.start) != index.line_of(q.start):
        return None
    for c in cands:
        s, e = c.content[-1]
        if s < prev.end and e > prev.start and not c.block:
            return c
    return None


def owned_report_in(phrase, lex: Lexicon) -> bool:
    """Whether ``phrase`` (a token) holds a cue noun with a possessor and a clause: "on Trump's claim
    that there were “thousands of shootings”", "a fact-check of the mayor's pledge to …". A verb that
    is no cue of its own ("seized on", "did a fact-check on") holding a quotation there is not its
    quoter: the quotation is the possessor's, reported by the noun (PolNeAR train annotates the noun's
    statement, with the possessor as source)."""
    for d in phrase.subtree:
        if d.pos_ != "NOUN" or d.lemma_.lower() not in lex.nouns:
            continue
        if any(c.dep_ == "poss" for c in d.children) and any(
            c.dep_ in {"acl", "ccomp", "relcl"} and any(m.dep_ == "mark" for m in c.children) for c in d.rights
        ):
            return True
    return False
