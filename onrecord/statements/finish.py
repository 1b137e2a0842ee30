"""Speakers, outlets and dates (step 7 of :mod:`onrecord.statements.extract`): candidates become
:class:`~onrecord.model.Statement` objects.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional, cast

from onrecord.model import ActKind, Article, Span, Statement, StatementType
from onrecord.statements import confidence as statement_confidence
from onrecord.statements.acts import act_of_candidate
from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.index import _DocIndex
from onrecord.statements.lexicon import Lexicon, lexicon
from onrecord.statements.self_mentions import add_first_person_mentions
from onrecord.statements.sentence_pronouns import add_sentence_pronouns
from onrecord.statements.speakers import SpeakerResolver
from onrecord.time import date_of_cue


def _outlet(cand: Candidate, lex: Lexicon) -> Optional[str]:
    tok = cand.cue_token
    if tok is None:
        return None
    nps = []
    for c in tok.children:
        if c.dep_ in {"dobj", "dative", "iobj"} and c.i not in cand.exclude:
            nps.append(c)
        elif c.dep_ == "prep" and c.lower_ in {"to", "with", "on"}:
            nps += [d for d in c.children if d.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in {"in", "during"}:
            for d in c.children:
                if d.dep_ == "pobj" and d.lemma_.lower() in lex.adjunct_nouns:
                    for p2 in d.children:
                        if p2.dep_ == "prep" and p2.lower_ in {"with", "to", "on"}:
                            nps += [e for e in p2.children if e.dep_ == "pobj"]
    sp = cand.speaker_head
    if sp is not None:
        for rc in sp.children:
            if rc.dep_ in {"relcl", "acl"} and rc.lemma_.lower() in lex.outlet_relative_verbs:
                for c in rc.children:
                    if c.dep_ == "prep" and c.lower_ in {"to", "with"}:
                        nps += [d for d in c.children if d.dep_ == "pobj"]
                    elif c.dep_ in {"dobj", "dative"}:
                        nps.append(c)
    for np in nps:
        name = _media_name(np, lex)
        if name:
            return name
    return None


def _media_name(tok, lex: Lexicon) -> Optional[str]:
    doc = tok.doc
    left = tok.left_edge.i
    words = [t for t in doc[left : tok.i + 1] if t.dep_ != "det" and not t.is_punct]
    if not words:
        return None
    text = doc[words[0].i : tok.i + 1].text
    low = text.lower()
    if low in lex.media:
        return lex.media[low]
    if tok.pos_ == "PROPN" and (tok.ent_type_ in {"ORG", "WORK_OF_ART"} or tok.lower_ in lex.media_words):
        if tok.lower_ in lex.media_words or len(words) == 1 and text.isupper():
            return text
        # a regional edition or a name ending in a place: "HuffPost Canada", "the Ledger Canada"
        if all(w.pos_ == "PROPN" for w in words) and (
            any(w.lower_ in lex.media_words for w in words[:-1])
            or any(" ".join(w.lower_ for w in words[:n]) in lex.media for n in range(1, len(words)))
        ):
            return text
    return None


def _finish(candidates: list[Candidate], doc, article: Article, index: _DocIndex):
    lex = lexicon()
    body = article.body
    resolver = SpeakerResolver(doc, body, index.in_quote)
    para_starts = [p.start for p in article.paragraphs()]
    statements: list[Statement] = []
    resolved: dict[int, tuple] = {}  # id(candidate) -> (speaker, mention, confidence)
    # Resolve in the order the mentions appear so that antecedents come first.
    order = sorted(
        candidates,
        key=lambda c: (
            c.speaker_head.idx if c.speaker_head is not None and c.method != Method.continuation else c.content[0][0]
        ),
    )
    for cand in order:
        if cand.method == Method.continuation and cand.continues is not None and id(cand.continues) in resolved:
            sp, _, conf = resolved[id(cand.continues)]
            resolved[id(cand)] = (sp, None, min(conf, 0.5) if sp else 0.3)
            continue
        if cand.speaker_head is None:
            resolved[id(cand)] = (resolver.unnamed_source() if cand.unnamed else None, None, 0.3)
            continue
        limit = min(cand.content[0][0], cand.speaker_head.idx)
        if cand.speaker_head.pos_ == "PRON" and not index.in_quote(cand.content[0][0]):
            # "Sen. Ana Cole scolded him: “…,” she said": content the parser ran back over the
            # sentence's own subject; "she" may refer to a person named in it, outside quotations
            limit = cand.speaker_head.idx
        stop = cand.cue[0] if cand.method == Method.headline and cand.cue else None
        if cand.antecedent is not None:
            res = resolver.resolve_pronoun_to(cand.speaker_head, cand.antecedent, cand.speaker_head.idx)
        else:
            res = resolver.resolve(
                cand.speaker_head, limit if limit > 0 else cand.speaker_head.idx, stop, tuple(cand.content)
            )
        resolved[id(cand)] = (res.speaker, res.mention, res.confidence)
    for n, cand in enumerate(candidates, 1):
        speaker, mention, conf = resolved[id(cand)]
        pieces = cand.content
        quote = Span.of(body, pieces[0][0], pieces[-1][1])
        fragments = [Span.of(body, s, e) for s, e in pieces] if len(pieces) > 1 else []
        stype: StatementType = "block" if cand.block else _type_of(pieces, index)
        outlet = _outlet(cand, lex) if cand.method != Method.continuation else None
        outlet = outlet or cand.medium
        if speaker is not None:
            outlet = resolver.note_outlet(speaker, outlet)
        when, when_text = (None, None)
        if cand.cue_token is not None and cand.method != Method.continuation:
            when, when_text = date_of_cue(cand.cue_token, article.published, cand.exclude)
        act = cast(ActKind, act_of_candidate(cand, body))  # one of the four: acts.json's schema says so
        statements.append(
            Statement(
                id=f"st{n}",
                type=stype,
                quote=quote,
                fragments=fragments,
                cue=Span.of(body, *cand.cue) if cand.cue else None,
                speaker_id=speaker.id if speaker else None,
                speaker_mention=Span.of(body, mention.start, mention.end) if mention else None,
                outlet=outlet,
                date=when,
                date_text=when_text,
                act=act,
                confidence=statement_confidence.estimate(cand, speaker, mention, conf, stype, act, body),
                paragraph=max(0, bisect.bisect_right(para_starts, quote.start) - 1) if para_starts else None,
            )
        )
    used = {s.speaker_id for s in statements}
    speakers = [s for s in resolver.speakers if s.id in used]
    add_first_person_mentions(statements, speakers, index)
    add_sentence_pronouns(statements, speakers, doc, index, lex, resolver.gender_of)
    return speakers, statements


_WORD_CHARS = re.compile(r"[^\W_]+")


def _count_word_chars(text: str, start: int, end: int) -> int:
    """Letters and digits in ``text[start:end]`` (what ``str.isalnum`` counts, one run at a time)."""
    return sum(m.end() - m.start() for m in _WORD_CHARS.finditer(text, start, end))


def _type_of(pieces, index: _DocIndex) -> StatementType:
    body = index.body
    inside = outside = 0
    for s, e in pieces:
        for q in index.quotes_overlapping(s, e):
            lo, hi = max(s, q.start), min(e, q.end)
            inside += _count_word_chars(body, lo, hi)
        outside += _count_word_chars(body, s, e)
    outside -= inside
    if inside == 0:
        return "indirect"
    return "direct" if outside == 0 else "mixed"
