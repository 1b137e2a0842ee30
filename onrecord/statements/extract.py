"""Statement extraction: quotations and reported speech, with cue, speaker, outlet and date.

The pass over one parsed article, in order:

1. **Quotation marks** are paired on characters (:mod:`onrecord.statements.quotes`).
2. **Cues over the dependency tree.** Every token outside a quotation whose lemma is in the cue
   lexicon is a cue candidate. The lexicon is ``data/cues.json`` (hand-written) plus
   ``data/cue_frames_mined.json`` (verb frames mined from the PolNeAR train split by
   ``scripts/mine_cue_frames.py``). A cue's content comes from its frames: a complement clause
   ("said on Friday *that …*", "“…,” *he* said", "*The museum*, Mr. Bush said, *will …*"), an
   object with its complement ("described *the authorization as …*"), an infinitive ("vowed
   *to …*") or a prepositional object ("warned *of …*"). Cue nouns report their clause ("Trump's
   claim *that …*"); "according to X" and "In the poll, …" are read from the text; an unlisted
   verb whose complement quotes someone is a cue too. Sources must be able to speak (people,
   organisations, documents: ``data/speakers.json`` and the mined ``data/source_nouns.json``),
   except for plain verbs of saying.
3. **Snapping to quotations.** A content span that touches a quotation is widened to the whole
   quotation; the cue and speaker inside a widened span ("“A,” he said, “B.”") split it into
   fragments. Content after its cue runs on to the end of the sentence (over ", and …", a dash,
   or complements the parser hung elsewhere) unless another cue, a quotation or a temporal
   clause ("when asked …") starts first: the parser often attaches the second half of what was
   said to the cue, and a report cut in half is worse than one with a trailing phrase. Inside
   another statement's content only verbs of saying with their own subject report again
   ("Zelensky called the rules “a step forward” in *defending* …" is one statement). The type
   follows from how many of its letters lie inside quotation marks: direct (all), indirect
   (none) or mixed.
4. **Lines.** "Sanders: Clinton needs …" and transcript turns ("WALLACE: …") are statements of
   the name before the colon; a title-cased headline splits at its cue ("X Vows To …").
5. **Quotations without a cue** in their own clause take the nearest cue of their sentence
   ("“…,” the official added when asked …"), a trailing attribution ("— Commissioner Jane Roe"),
   a "Name: “…”" lead-in or a "He said:" closing the previous paragraph, or, when they open a
   sentence, continue the statement just before them (same paragraph: a further fragment; next
   paragraph: a new statement of the same speaker, with lower confidence). Quotations left over
   are scare quotes, titles or nicknames.
6. **Blocks.** A paragraph ending in a cue and a colon ("…, he said, threatening:") introduces
   the next paragraph as a block statement.
7. **Speakers, outlets, dates.** Speaker mentions are resolved in text order by
   :class:`~onrecord.statements.speakers.SpeakerResolver`; the outlet ("told the BBC") is carried
   to later statements of the same speaker; the date comes from the cue's own modifiers
   (:func:`onrecord.time.date_of_cue`).

Everything is linear in the number of tokens up to small per-sentence scans: indexes (token
starts, quotation of each token, paragraph bounds) are built once per document.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

import numpy
from spacy.attrs import IDX, LOWER, POS
from spacy.parts_of_speech import IDS as UNIVERSAL_POS
from spacy.strings import hash_string

from onrecord.model import Article, Span, Speaker, Statement
from onrecord.statements.constructions import (
    advice_to_reader,
    coordinated_quote_owner,
    quoted_name,
    reports_act_or_words,
    subject_of_misread_verb,
)
from onrecord.statements.lexicon import Lexicon, lexicon
from onrecord.statements import confidence as statement_confidence
from onrecord.statements.acts import act_of_candidate
from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.quotes import Quote, find_quotes, paragraph_bounds
from onrecord.statements.speakers import SpeakerResolver, mention_span
from onrecord.time import date_of_cue

_EDGE_PUNCT = set(",.;:!?—–-…()[]\"'“”‘’„«»`") | {"\u2015"}
_FINAL = {".", "!", "?"}
_QUOTE_CHARS = set("\"'“”‘’„«»‹›`")
_SUBJECT_DEPS = {"nsubj"}
_CONTENT_AFTER_OBJECT = {"dobj", "oprd", "xcomp", "ccomp", "attr", "acomp", "prep", "advcl", "npadvmod", "dative", "pobj",
                         "advmod"}
_STOP_ADVCL_MARKS = {"when", "as", "after", "before", "while", "since", "until", "once"}
_ANIMATE_PRONOUNS = {"he", "she", "they", "we", "i", "you", "who", "it"}


class _DocIndex:
    """Per-document lookups built once: token starts, quotations, paragraphs."""

    def __init__(self, doc, body: str):
        self.doc = doc
        self.body = body
        self.paragraphs = paragraph_bounds(body)
        self.para_starts = [p[0] for p in self.paragraphs]
        self.quotes = find_quotes(body, self.paragraphs)
        self.q_starts = [q.start for q in self.quotes]
        # Read as one array: making a Token object per token costs more than the rest of this.
        self.tok_starts = doc.to_array(IDX).tolist() if len(doc) else []
        lowered = body.lower()
        # Where "according to" and the anonymity nouns occur at all: most documents have neither,
        # and the checks for them can then be skipped.
        self.has_according = "according to" in lowered
        self.has_anonymity = any(word in lowered for word in lexicon().anonymity_nouns)
        # Quotation of each token (-1 when outside), by one sweep.
        self.tok_quote = [-1] * len(doc)
        qi = 0
        quotes = self.quotes
        for i, idx in enumerate(self.tok_starts):
            while qi < len(quotes) and quotes[qi].end <= idx:
                qi += 1
            if qi < len(quotes) and quotes[qi].start <= idx < quotes[qi].end:
                self.tok_quote[i] = qi

    def quote_at(self, pos: int) -> Optional[Quote]:
        """The quotation whose content contains char ``pos``."""
        i = bisect.bisect_right(self.q_starts, pos) - 1
        if i >= 0 and self.quotes[i].start <= pos < self.quotes[i].end:
            return self.quotes[i]
        return None

    def in_quote(self, pos: int) -> bool:
        return self.quote_at(pos) is not None

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def token_at(self, pos: int) -> int:
        """Index of the token covering or following char ``pos``."""
        i = bisect.bisect_right(self.tok_starts, pos) - 1
        return max(0, i)

    def quotes_overlapping(self, start: int, end: int) -> list[Quote]:
        i = max(0, bisect.bisect_right(self.q_starts, start) - 1)
        out = []
        while i < len(self.quotes) and self.quotes[i].start < end:
            q = self.quotes[i]
            if q.end > start and q.start < end:
                out.append(q)
            i += 1
        return out

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop spaces, punctuation and quotation marks at the edges, except inside a quotation."""
        body = self.body
        while start < end and (body[start].isspace() or (body[start] in _EDGE_PUNCT and not self.in_quote(start))):
            start += 1
        while end > start and (body[end - 1].isspace() or (body[end - 1] in _EDGE_PUNCT and not self.in_quote(end - 1))):
            end -= 1
        return start, end


_CUE_POS = numpy.array([UNIVERSAL_POS[p] for p in ("VERB", "NOUN", "ADP")], dtype=numpy.uint64)
_ACCORDING = hash_string("according")


def _possible_cues(doc) -> list[int]:
    """Indices of the tokens the cue loop looks at (verbs, nouns, prepositions, "according"), found
    from one array instead of a Token object per word."""
    if not len(doc):
        return []
    rows = doc.to_array([POS, LOWER])
    keep = numpy.isin(rows[:, 0], _CUE_POS) | (rows[:, 1] == _ACCORDING)
    return numpy.flatnonzero(keep).tolist()


def extract_statements(doc, article: Article) -> tuple[list[Speaker], list[Statement]]:
    """The speakers and statements of ``article``, given ``doc``, spaCy's parse of ``article.body``."""
    lex = lexicon()
    index = _DocIndex(doc, article.body)
    cues: dict[int, Candidate] = {}  # cue token index -> candidate (with or without content)
    candidates: list[Candidate] = []
    for i in _possible_cues(doc):
        tok = doc[i]
        if index.tok_quote[i] >= 0:
            continue
        if tok.lower_ in {"in", "by"} and tok.pos_ == "ADP":
            cand = _in_a_poll(tok, index, lex)
            if cand is not None:
                candidates.append(cand)
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            cand = _according_to(tok, index)
            if cand is not None:
                candidates.append(cand)
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nouns:
            cand = _from_cue_noun(tok, index, lex)
            if cand is not None:
                candidates.append(cand)
            continue
        if tok.pos_ != "VERB":
            continue
        if tok.tag_ == "VBN" and tok.lemma_.lower() in lex.raising:
            cand = _raising(tok, index, lex)
            if cand is not None:
                cues[tok.i] = cand
                candidates.append(cand)
                continue
        if not lex.is_cue_lemma(tok.lemma_.lower()):
            # An unlisted verb whose complement quotes someone ("pounding Trump as a “con artist”")
            # is a cue: the quotation marks are the evidence.
            cand = _quoting_verb(tok, index, lex)
            if cand is not None:
                cues[tok.i] = cand
                candidates.append(cand)
            continue
        cand = _from_cue(tok, index, lex)
        if cand is None:
            continue
        cues[tok.i] = cand
        if cand.content:
            candidates.append(cand)
    split = _coordinated_participles(candidates, index, lex)
    if split:
        moved = {c.cue_token.i for c in split}
        candidates = [c for c in candidates if c.cue_token is None or c.cue_token.i not in moved] + split
    candidates = _snap_to_quotes(candidates, index, lex)
    candidates += _colon_lines(candidates, index, lex)
    candidates += _headlines(candidates, index, lex)
    candidates += _quotes_without_cue(candidates, cues, index, lex)
    candidates += _blocks(candidates, cues, index)
    candidates = _drop_weak_nested([c for c in candidates if c.content], lex)
    candidates.sort(key=lambda c: c.content[0][0])
    return _finish(candidates, doc, article, index)


# ---------------------------------------------------------------------------------------------
# 2. cues over the dependency tree


def _subject(tok, climb: int = 3):
    """The speaker token of cue ``tok``: its subject, the agent of a passive, or its governor's subject."""
    cur = tok
    for _ in range(climb + 1):
        passive = False
        subjects = [c for c in cur.children if c.dep_ in _SUBJECT_DEPS and not set(c.text) <= _QUOTE_CHARS]
        if subjects:
            # (a guillemet the tagger took for a noun is no subject); of two subjects, the one
            # nearest the verb is its own ("FED TALK: Governor Lisa Moor said …" has a label first)
            before = [c for c in subjects if c.i < cur.i]
            return before[-1] if before else subjects[0]
        for child in cur.children:
            if child.dep_ in {"nsubjpass", "csubjpass"}:
                passive = True
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        if passive:
            if cur is not tok and cur.lemma_.lower() in lexicon().quoted_as:
                # "he was quoted as saying …": the one quoted is the one saying
                return next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
            if cur is not tok and cur.lemma_.lower() in lexicon().raising:
                # "Obama is reported to have called …": the raised subject is the caller
                return next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
            return None
        if cur.dep_ in {"advcl", "conj", "xcomp", "acl", "relcl", "ccomp", "pcomp", "prep"} and cur.head is not cur:
            if cur.dep_ == "relcl":
                return cur.head  # "the official who said …"
            if cur.dep_ == "ccomp":
                return None
            nxt = cur.head
            if nxt.pos_ in {"NOUN", "PROPN"}:  # "a statement calling …": the statement's issuer
                if nxt.dep_ in {"dobj", "pobj"}:
                    nxt = nxt.head
                    if nxt.dep_ == "prep":
                        nxt = nxt.head
                else:
                    return nxt if nxt.dep_ in {"nsubj"} else None
            cur = nxt
            continue
        return None
    return None


def _animate(tok, lex: Lexicon) -> bool:
    """Whether ``tok`` can be a source: a person, organisation, country, group or document."""
    if tok is None:
        return False
    if tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP", "FAC"}:
        return True
    group = lex.partitive_group(tok)
    if group is not None:  # "One of them", "two of the officials": as animate as the group
        return group.pos_ == "PRON" or _animate(group, lex)
    low, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ == "PRON":
        return low in _ANIMATE_PRONOUNS
    if tok.pos_ == "PROPN":
        return True
    if any(x in vocab for x in (low, lemma) for vocab in (lex.person_nouns, lex.group_nouns, lex.org_nouns, lex.document_nouns)):
        return True
    # nouns that head sources in real news (mined from the PolNeAR train split): "environmentalists"
    return low in lex.source_nouns


def _terms_of_anonymity(tok, lex: Lexicon) -> bool:
    """Whether cue ``tok`` states the terms a source spoke on ("asking for anonymity to speak freely",
    "speaking on condition of anonymity to discuss internal plans"): an anonymity noun in its own
    object or prepositional phrase, or in those of the verb it completes."""
    verbs = [tok, tok.head] if tok.dep_ in {"xcomp", "advcl", "ccomp"} and tok.head is not tok else [tok]
    return any(
        c.dep_ in {"prep", "dobj", "advmod", "npadvmod"} and any(t.lower_ in lex.anonymity_nouns for t in c.subtree)
        for verb in verbs
        for c in verb.children
    )


def _from_cue(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    lemma = tok.lemma_.lower()
    children = list(tok.children)
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in children) and (
        any(c.dep_ in {"nsubj", "mark"} for c in children)
        or tok.dep_ not in {"xcomp", "advcl"}
        or any(c.dep_ in {"dobj", "dative"} for c in tok.head.children)  # "permitted Ukraine to attack"
    ):
        return None  # "for the West to believe", "the right to say": nobody reports anything here
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in children)
    if tok.tag_ == "VBN" and not has_subject and not any(c.dep_ in {"aux", "auxpass"} for c in children):
        return None  # "Asked if …", "when asked whether …": the subject is the one asked
    if any(c.dep_ == "mark" and c.lower_ in {"if", "whether"} for c in children):
        return None  # "asked if he was referring to …": a question, not a statement
    if any(c.dep_ == "xcomp" and c.lemma_.lower() in lex.anonymity_requests for c in children):
        return None  # "who asked not to be named": a request for anonymity, not a statement
    if index.has_anonymity and _terms_of_anonymity(tok, lex):
        return None  # "asking for anonymity to speak freely": the terms of the interview
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in children)
    if lemma in lex.giving_verbs and sum(c.dep_ in {"dobj", "dative", "iobj"} for c in children) >= 2:
        return None  # "the keeper denied them chances": withholding something, not denying a claim
    if advice_to_reader(tok, children):
        return None  # "you can suggest that …": the writer advising the reader, not a source speaking
    if passive and lemma in lex.hearer_verbs:
        return None  # "he was told that …": the subject heard it
    if passive and lemma in lex.quoted_as:
        return None  # "he was quoted as saying …": the report is the saying's, and he its source
    speaker = _subject(tok)
    if speaker is not None and speaker.dep_ == "expl":
        speaker = None
    para_start, para_end = index.paragraphs[index.paragraph_of(tok.idx)]
    if speaker is not None and speaker.pos_ in {"VERB", "AUX"}:
        speaker = _nominal_left_of(tok, para_start)  # a misparse: the "subject" is a verb
    if speaker is not None and index.tok_quote[speaker.i] >= 0:
        # "“… We will …,” Chief Jordan said": a subject inside the quotation is the quote's own
        speaker = _nominal_right_of(tok, para_end, index) or _nominal_left_of(tok, para_start, index)
    if speaker is None and not passive and any(c.dep_ in {"ccomp", "parataxis"} and c.i < tok.i for c in children):
        if lemma in lex.hearer_verbs:
            # "… advocate Jo Marlow told HuffPost Canada the laws …": the one told is the hearer,
            # never the source; the source is the name before the cue the parser hung elsewhere
            speaker = _nominal_left_of(tok, para_start, index)
        else:
            # "“…,” added a South Carolina Democrat": an inverted subject the parser took for an object
            speaker = _nominal_right_of(tok, para_end, index)
    cue_span = (tok.idx, tok.idx + len(tok.text))
    speaker, medium = _issuer(speaker, lex)
    cand = Candidate(content=[], cue=cue_span, cue_token=tok, speaker_head=speaker, medium=medium)
    strong = lemma in lex.strong
    if not strong and not passive and not _animate(speaker, lex):
        return cand if speaker is None else None
    ranges: list[tuple[int, int]] = []
    used_frame = None
    for frame in lex.frames(lemma):
        ranges = _content_for_frame(tok, frame, lemma, index, lex, children)
        if ranges:
            used_frame = frame
            break
    if passive and speaker is None:
        # An agentless passive names nobody who said anything: "is accused of three counts", "was
        # described as unsafe", "were named as defendants" are the writer's set phrases. A reported
        # clause ("It is believed that …"), a reported act ("have been accused of hurting civilians")
        # or quoted words ("is described as “a riveting book”") are real reports, of a source left
        # unnamed.
        if used_frame != "clause" and not reports_act_or_words(ranges, index):
            return None
        cand.unnamed = True
    if not ranges:
        ranges = _inverted_parenthetical(tok, index)
    if not ranges and lemma in lex.strong:
        ranges = _inverted_by_text(tok, speaker, index)
    cand.content = ranges
    return cand


def _issuer(speaker, lex: Lexicon):
    """"A release from the nurses' union said …": a document issued by a source is the medium, and
    its issuer the speaker. Returns (speaker token, medium text or None)."""
    if speaker is None:
        return speaker, None
    document = speaker
    if speaker.tag_ in {"WDT", "WP"} and speaker.head.dep_ == "relcl":
        document = speaker.head.head  # "a letter from his doctor that says …"
    if document.lemma_.lower() not in lex.issued_documents:
        return speaker, None
    original, speaker = speaker, document
    for prep in speaker.rights:
        if prep.dep_ == "prep" and prep.lower_ in {"from", "by", "of"}:
            issuer = next((c for c in prep.children if c.dep_ == "pobj"), None)
            indefinite = issuer is not None and any(c.dep_ == "det" and c.lower_ in lex.indefinite for c in issuer.children)
            # ("the post by an unknown author": an unnamed issuer says less than the document)
            if issuer is not None and not indefinite and _animate(issuer, lex) and issuer.lemma_.lower() not in lex.document_nouns:
                words = [t for t in speaker.doc[speaker.left_edge.i:speaker.i + 1] if t.dep_ not in {"det", "poss", "case"}]
                return issuer, " ".join(t.text for t in words)
    return original, None


def _raising(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """"The vote is widely expected to pass", "He is said to favour …": a passive verb of saying or
    expecting with an infinitive reports the whole clause, its subject included. The source is the
    agent when there is one ("is expected by analysts to …"), else nobody in particular."""
    children = list(tok.children)
    subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
    aux = [c for c in children if c.dep_ == "auxpass"]
    xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > tok.i
                  and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)), None)
    if subject is None or not aux or xcomp is None or index.tok_quote[subject.i] >= 0:
        return None
    agent = next((p for c in children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
    cue_start = min([aux[0].idx] + [c.idx for c in children if c.dep_ == "advmod" and aux[0].i < c.i < tok.i])
    content = _token_range(tok.doc, subject.left_edge.i, xcomp.right_edge.i)
    return Candidate(content=[content], cue=(cue_start, tok.idx + len(tok.text)), cue_token=tok, speaker_head=agent,
                      method=Method.raising, unnamed=agent is None)


def _nominal_right_of(tok, para_end: int, index: "_DocIndex"):
    """The head noun just after ``tok`` ("said *Singh*"), outside quotations."""
    doc = tok.doc
    for i in range(tok.i + 1, min(len(doc), tok.i + 8)):
        t = doc[i]
        if t.idx >= para_end or t.is_punct or index.tok_quote[i] >= 0:
            return None
        if t.pos_ in {"NOUN", "PROPN"} and t.dep_ not in {"compound", "amod", "det", "poss", "nmod", "npadvmod"}:
            return t
    return None


def _named_without_object(tok, lemma: str, lex: Lexicon, children) -> list[tuple[int, int]]:
    """A naming verb ("call", "describe") whose object is not after it: "what aide Mara Quist called
    “the start of a new era”", "one he calls “Confident Harbor”" report the name given; "called the
    firm's chief executive, Jo Park, “incredibly driven”", parsed as two complements, reports both."""
    if lemma not in lex.object_needs_complement:
        return []
    complements = [c for c in children if c.i > tok.i and c.dep_ in {"oprd", "xcomp", "attr", "ccomp"}]
    if not complements:
        return []
    object_before = any(c.dep_ == "dobj" and c.i < tok.i for c in children) or tok.dep_ in {"relcl", "acl"}
    if not object_before and len(complements) < 2:
        return []
    return [_token_range(tok.doc, complements[0].left_edge.i, complements[-1].right_edge.i)]


def _quoting_verb(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
        return None
    speaker = _subject(tok)
    if speaker is None or index.tok_quote[speaker.i] >= 0 or not _animate(speaker, lex):
        return None
    for c in tok.rights:
        if c.dep_ not in {"dobj", "prep", "oprd", "xcomp", "attr"}:
            continue
        lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
        quotes = index.quotes_overlapping(lo, hi)
        if quotes and not _looks_like_title(index.body[quotes[0].start:quotes[0].end]) and not quoted_name(quotes[0], index):
            if any(lex.is_cue_lemma(d.lemma_.lower()) and any(e.dep_ == "nsubj" for e in d.children) for d in c.subtree):
                return None  # "led to what Quist called “…”": the quotation has its own cue and speaker
            end = _extend_right(tok, c, lex)
            start = c.left_edge.idx
            if c.dep_ == "prep":
                objs = [d for d in c.children if d.dep_ in {"pobj", "pcomp"}]
                if objs:
                    start = objs[0].left_edge.idx
            return Candidate(content=[(start, end)], cue=(tok.idx, tok.idx + len(tok.text)), cue_token=tok,
                              speaker_head=speaker)
    return None


def _nominal_left_of(tok, para_start: int, index: "_DocIndex" = None):
    """The head noun just before ``tok`` in its paragraph ("U.S. *officials* said")."""
    doc = tok.doc
    for i in range(tok.i - 1, max(-1, tok.i - 8), -1):
        t = doc[i]
        if t.idx < para_start or t.is_punct or (index is not None and index.tok_quote[i] >= 0):
            return None
        if t.pos_ in {"NOUN", "PROPN", "PRON"} and t.dep_ not in {"compound", "amod", "det", "poss", "nmod"}:
            return t
    return None


def _from_cue_noun(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """"Trump's claim that …", "the group's call for …", "a pledge by the mayor to …"."""
    wanted = lex.nouns[tok.lemma_.lower()]
    content = None
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
                break
    if content is None:
        return None
    if content.dep_ == "pobj" and content.lemma_.lower() in lex.requests_to_speak:
        return None  # "requests for comment", "calls for a response": asking someone to speak
    speaker = next((c for c in tok.children if c.dep_ == "poss"), None)
    if speaker is None:
        speaker = subject_of_misread_verb(tok)  # "Trump claims that …" tagged as a noun
    if speaker is None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"by", "from"}:
                speaker = next((d for d in c.children if d.dep_ == "pobj"), None)
    if speaker is not None and not _animate(speaker, lex):
        speaker = None
    if speaker is None and tok.dep_ in {"dobj"} and tok.head.pos_ == "VERB":
        speaker = _subject(tok.head)  # "the senator repeated her claim that …"
        if speaker is not None and not _animate(speaker, lex):
            speaker = None
    rng = _token_range(tok.doc, content.left_edge.i, content.right_edge.i)
    return Candidate(content=[rng], cue=(tok.idx, tok.idx + len(tok.text)), cue_token=tok, speaker_head=speaker)


def _coordinated_participles(candidates: list[Candidate], index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    """"…, insisting the plan was sound and urging critics to wait": a second participle of saying
    coordinated inside the content is a second attribution of the same source. The first content
    ends before its conjunction; the participle's own content is a statement of that source."""
    doc = index.doc
    found = []
    for cand in list(candidates):
        if cand.method != Method.dep or cand.speaker_head is None or len(cand.content) != 1:
            continue
        start, end = cand.content[0]
        lo, hi = index.token_at(start), index.token_at(end - 1)
        for i in range(lo + 2, hi + 1):
            t = doc[i]
            if t.tag_ != "VBG" or t.dep_ != "conj" or index.tok_quote[i] >= 0 or not _own_attribution(t, lex):
                continue
            if (t.lemma_.lower() not in lex.strong and t.lemma_.lower() not in lex.hearer_verbs) or (t.head is not cand.cue_token and any(
                    c.dep_ in {"nsubj", "nsubjpass"} or c.dep_ == "aux" for c in t.head.children)):
                continue  # "Obama is acting unlawfully and showing …": the content's own verbs
            if doc[i - 1].pos_ != "CCONJ" and doc[i - 1].text != ",":
                continue
            children = list(t.children)
            lemma = t.lemma_.lower()
            ranges = next((r for f in lex.frames(lemma) if (r := _content_for_frame(t, f, lemma, index, lex, children))), [])
            if not ranges:
                continue
            cut = index.trim(start, doc[i - 1].idx)
            if cut[1] - cut[0] < 2:
                continue
            cand.content = [cut]
            found.append(Candidate(content=ranges, cue=(t.idx, t.idx + len(t.text)), cue_token=t,
                                    speaker_head=cand.speaker_head))
            break
    return found


def _token_range(doc, left: int, right: int) -> tuple[int, int]:
    """Char range of tokens ``left..right`` inclusive."""
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _content_for_frame(tok, frame: str, lemma: str, index: _DocIndex, lex: Lexicon, children) -> list[tuple[int, int]]:
    doc = tok.doc
    if frame == "clause":
        out = []
        clauses = [c for c in children if c.dep_ in {"ccomp", "advcl"} and not _own_attribution(c, lex)]
        if any(c.dep_ == "ccomp" and c.i > tok.i for c in clauses):
            # "believe the Ukrainians had them": the clause after the cue is its content; a clause
            # before it is the content only in the inverted order ("…, he said").
            clauses = [c for c in clauses if c.i > tok.i]
        if clauses and all(c.i > tok.i for c in clauses):
            # "the mayor said that it was too early …, and there was “no evidence” …": a second
            # clause coordinated to the cue itself, with its own subject, continues the report
            for c in children:
                if (c.dep_ == "conj" and c.i > max(x.i for x in clauses) and c.pos_ in {"VERB", "AUX"}
                        and not lex.is_cue_lemma(c.lemma_.lower())
                        and any(d.dep_ in {"nsubj", "expl", "nsubjpass"} for d in c.children)):
                    clauses.append(c)
        elif clauses and all(c.i < tok.i for c in clauses):
            # "…, the agency said in a report, and those in the bottom fifth paid …": a coordinated
            # clause with its own subject after an inverted cue continues the report.
            for c in children:
                if c.dep_ == "conj" and c.i > tok.i and c.pos_ in {"VERB", "AUX"} and any(d.dep_ == "nsubj" for d in c.children):
                    clauses.append(c)
        for c in clauses:
            if c.dep_ == "ccomp" or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in c.children) and lemma in {"ask", "wonder", "question"}):
                if c.dep_ == "ccomp" and lemma in lex.needs_that_or_quote:
                    marked = any(m.dep_ == "mark" and m.lower_ in {"that", "if", "whether"} for m in c.children)
                    if not marked and not index.quotes_overlapping(*_token_range(doc, c.left_edge.i, c.right_edge.i)):
                        continue
                left, right = c.left_edge.i, c.right_edge.i
                if c.i > tok.i and left > tok.i + 1 and _lost_its_subject(c):
                    # "said about half of the estimate reflected losses": the parser hung the clause's
                    # subject on the cue; the words between the cue and the clause belong to it
                    left = tok.i + 1
                    if doc[left].lower_ == "that" or doc[left].is_punct:
                        left += 1
                # never run the content over the cue itself
                if left < tok.i < right:
                    left = tok.i + 1 if c.i > tok.i else left
                    right = tok.i - 1 if c.i < tok.i else right
                if left <= right:
                    out.append(_token_range(doc, left, right))
        if not out:
            # "tweeted in the early morning hours that …": a that-clause the parser hung on a
            # temporal or locative phrase of the cue still reports what was said.
            for c in children:
                if c.i < tok.i or c.dep_ not in {"prep", "npadvmod", "advmod"}:
                    continue
                for d in c.subtree:
                    if d.dep_ in {"relcl", "acl", "ccomp"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in d.children):
                        out.append(_token_range(doc, d.left_edge.i, d.right_edge.i))
                        break
                if out:
                    break
        return out
    if frame == "object":
        objs = [c for c in children if c.dep_ == "dobj" and c.i > tok.i]
        if not objs:
            return _named_without_object(tok, lemma, lex, children)
        obj = objs[0]
        end = _extend_right(tok, obj, lex)
        if lemma in lex.object_needs_complement:
            # "called the rules “a step forward”" but not "called a meeting"
            has_compl = any(c.dep_ in {"oprd", "xcomp", "ccomp", "dobj", "attr"} or (c.dep_ == "prep" and c.lower_ == "as") for c in children if c.i > obj.i)
            if not has_compl and not index.quotes_overlapping(obj.idx, end):
                if not any(c.dep_ in {"oprd", "attr", "appos", "npadvmod", "dobj"} for c in obj.rights):
                    return []
        return [(obj.left_edge.idx, end)]
    if frame == "xcomp":
        subject = _subject(tok)
        if subject is None or subject.lemma_.lower() in lex.document_nouns:
            return []  # "the new orders threatened to escalate": no one vowed anything
        for c in children:
            if c.dep_ == "xcomp" and c.i > tok.i and c.pos_ in {"VERB", "AUX"}:
                objs = [d for d in children if d.dep_ in {"dobj", "dative"} and tok.i < d.i < c.i]
                left = objs[0].left_edge.i if objs else c.left_edge.i
                return [_token_range(doc, left, c.right_edge.i)]
        return []
    if frame.startswith("prep:"):
        prep = frame[5:]
        for c in children:
            if c.dep_ == "prep" and c.lower_ == prep and c.i > tok.i:
                objs = [d for d in c.children if d.dep_ in {"pobj", "pcomp"}]
                if objs and objs[0].right_edge.i - objs[0].left_edge.i < 3 and _extend_right(tok, c, lex) == c.right_edge.idx + len(c.right_edge.text):
                    if not index.quotes_overlapping(objs[0].left_edge.idx, c.right_edge.idx + 1):
                        return []  # "spoke of nuclear war": a topic, not a report of what was said
                if objs:
                    end = _extend_right(tok, c, lex)
                    return [(objs[0].left_edge.idx, end)]
            # "called for the United States to organize …": the parser makes "for" the marker of
            # an infinitive clause instead of a preposition; the clause after it is the content.
            if c.dep_ == "advcl" and c.i > tok.i and any(m.dep_ == "mark" and m.lower_ == prep and m.i > tok.i for m in c.children):
                mark = next(m for m in c.children if m.dep_ == "mark" and m.lower_ == prep)
                if mark.i + 1 <= c.right_edge.i:
                    return [_token_range(doc, mark.i + 1, c.right_edge.i)]
        return []
    return []


def _extend_right(tok, first, lex: Lexicon) -> int:
    """End char of the content that starts at ``first``: it runs over the cue's later complements."""
    doc = tok.doc
    end_tok = first.right_edge
    for c in tok.rights:
        if c.i <= first.i:
            continue
        if c.dep_ not in _CONTENT_AFTER_OBJECT:
            if c.dep_ == "punct" and c.text in {",", "“", '"', "”"}:
                continue
            if c.dep_ == "cc" or (c.dep_ == "conj" and c.pos_ not in {"VERB", "AUX"}):
                end_tok = c.right_edge if c.dep_ == "conj" else end_tok  # "X, and a need to …": coordinated objects
                continue
            break
        if c.dep_ == "advcl" and any(m.dep_ in {"mark", "advmod"} and m.lower_ in _STOP_ADVCL_MARKS for m in c.children):
            break
        if _own_attribution(c, lex):
            break  # "attacked Clinton for …, saying, “…”": the participle reports on its own
        if c.dep_ == "prep" and _is_adjunct_prep(c, lex):
            continue
        end_tok = c.right_edge
    return end_tok.idx + len(end_tok.text)


def _own_attribution(tok, lex: Lexicon) -> bool:
    """A subjectless participle of saying ("…, saying …", "…, adding that …") is a cue of its own."""
    return (
        tok.tag_ == "VBG"
        and lex.is_cue_lemma(tok.lemma_.lower())
        # ("lawmakers he says are echoing …": a progressive with its auxiliary is a finite clause)
        and not any(c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in tok.children)
    )


def _is_adjunct_prep(prep, lex: Lexicon) -> bool:
    """"on Friday", "in a statement", "to reporters", "during his speech": about the telling, not the told."""
    objs = [d for d in prep.children if d.dep_ == "pobj"]
    if not objs:
        return False
    obj = objs[0]
    if obj.ent_type_ in {"DATE", "TIME"}:
        return True
    if prep.lower_ in {"in", "during", "at"} and obj.lemma_.lower() in lex.adjunct_nouns:
        return True
    if prep.lower_ in {"to", "with"} and (obj.lemma_.lower() in {"reporter", "journalist"} or obj.ent_type_ == "ORG"):
        return True
    return False


def _lost_its_subject(clause) -> bool:
    """A finite clause with no subject of its own ("… reflected losses"): its subject was misparsed."""
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in clause.children):
        return False
    first = clause.doc[clause.left_edge.i]
    finite = {"VBD", "VBZ", "VBP", "MD"}
    if first.i == clause.i:
        return clause.tag_ in finite
    return first.dep_ in {"aux", "auxpass"} and first.tag_ in finite


def _inverted_parenthetical(tok, index: _DocIndex) -> list[tuple[int, int]]:
    """"It was, the president said, a stone …": a cue hanging off the clause it reports."""
    if tok.dep_ not in {"parataxis", "advcl", "ccomp"} or tok.head is tok:
        return []
    if not any(c.dep_ == "nsubj" for c in tok.children):
        return []
    head = tok.head
    if head.pos_ not in {"VERB", "AUX"}:
        return []
    doc = tok.doc
    left, right = head.left_edge.i, head.right_edge.i
    s_left, s_right = tok.left_edge.i, tok.right_edge.i
    while s_left < tok.i and doc[s_left].is_punct:
        s_left += 1
    out = []
    if left < s_left:
        out.append(_token_range(doc, left, s_left - 1))
    if s_right < right:
        out.append(_token_range(doc, s_right + 1, right))
    # A parenthetical cue set off by commas ("The museum, Mr. Bush said, celebrated …") reports its
    # host clause; an adverbial one ("…, he said, adding") only when the clause is quoted.
    before = doc[s_left - 1] if s_left > 0 else None
    set_off = before is not None and before.text in {",", "—", "–"} and s_left > left
    as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)  # "…, as police said"
    if (tok.dep_ == "advcl" and not as_clause) or not (set_off or as_clause):
        if not any(index.quotes_overlapping(s, e) for s, e in out):
            return []
    return out


def _inverted_by_text(tok, speaker, index: _DocIndex) -> list[tuple[int, int]]:
    """"Language unclear on whether mothers are covered, experts say.": the parser found no clause,
    but "<words>, <speaker> <cue>." closing a sentence reports the words before the comma."""
    doc = tok.doc
    attribution = [tok.i] + ([speaker.i] if speaker is not None else [])
    lo = min(attribution)
    if speaker is not None:
        lo = min(lo, speaker.left_edge.i)
    hi = max(attribution)
    if speaker is not None and speaker.i > tok.i:
        # "…, said the company's chief executive, Dana Cole.": the inverted subject with its apposition
        hi = max(hi, speaker.right_edge.i)
    after = doc[hi + 1] if hi + 1 < len(doc) else None
    if after is not None and not (after.text in _FINAL or "\n" in after.text or after.is_space):
        return []
    comma = doc[lo - 1] if lo > 0 else None
    if comma is None or comma.text not in {",", "—", "–"}:
        return []
    para_start = index.paragraphs[index.paragraph_of(tok.idx)][0]
    start = lo - 1
    while start > 0 and doc[start - 1].idx >= para_start and doc[start - 1].text not in _FINAL:
        start -= 1
    if start >= lo - 1:
        return []
    return [_token_range(doc, start, lo - 2)]




def _in_a_poll(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """"In the poll, Trump led by two points": a sentence-initial finding attributed to its study."""
    doc = tok.doc
    para_start = index.paragraphs[index.paragraph_of(tok.idx)][0]
    if tok.i > 0 and doc[tok.i - 1].idx >= para_start and doc[tok.i - 1].text not in _FINAL:
        return None
    obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lemma_.lower() not in lex.finding_nouns:
        return None
    comma = obj.right_edge.i + 1
    if comma >= len(doc) or doc[comma].text != ",":
        return None
    para_end = index.paragraphs[index.paragraph_of(tok.idx)][1]
    last = comma
    while last + 1 < len(doc) and doc[last + 1].idx < para_end and doc[last + 1].text not in _FINAL:
        last += 1
        t = doc[last]
        if t.pos_ == "VERB" and lex.is_cue_lemma(t.lemma_.lower()) and index.tok_quote[last] < 0:
            return None  # "In a statement, the company said …": the verb is the cue
    if last <= comma:
        return None
    content = index.trim(*_token_range(doc, comma + 1, last))
    return Candidate(content=[content], cue=(tok.idx, obj.idx + len(obj.text)), cue_token=None, speaker_head=obj,
                      method=Method.according)


def _according_to(tok, index: _DocIndex) -> Optional[Candidate]:
    """"According to X, …" / "…, according to X." / "…, according to X, …".

    Read from the text rather than the tree: the parser often makes "According" the root of the
    sentence. The content is the rest of the sentence on either side of "according to X".
    """
    doc = tok.doc
    to = doc[tok.i + 1]
    para_start, para_end = index.paragraphs[index.paragraph_of(tok.idx)]
    first = tok.i
    while first > 0 and doc[first - 1].idx >= para_start and doc[first - 1].text not in _FINAL:
        first -= 1
    last = to.i
    while last + 1 < len(doc) and doc[last + 1].idx < para_end and doc[last + 1].text not in _FINAL:
        last += 1
    src_end = to.i + 1
    while src_end <= last and doc[src_end].text not in {",", ";", "—", "–"}:
        src_end += 1
    source_tokens = [t for t in doc[to.i + 1:src_end] if not (t.is_punct or t.is_space)]
    if not source_tokens:
        return None
    span_lo, span_hi = source_tokens[0].i, source_tokens[-1].i
    source = next((t for t in source_tokens if not span_lo <= t.head.i <= span_hi or t.head is t), source_tokens[-1])
    lex = lexicon()
    if not (_animate(source, lex) or source.pos_ in {"NOUN", "PROPN"}) or source.lemma_.lower() in lex.not_sources:
        return None  # "according to the worst possible scenario", "according to plan" name no source
    out = []
    if first < tok.i:
        out.append(_token_range(doc, first, tok.i - 1))
    if src_end < last:
        out.append(_token_range(doc, src_end + 1, last))
    out = [r for r in (index.trim(*r) for r in out) if r[1] - r[0] > 1]
    if not out:
        return None
    cue = (tok.idx, to.idx + len(to.text))
    return Candidate(content=out, cue=cue, cue_token=tok, speaker_head=source, method=Method.according)


# ---------------------------------------------------------------------------------------------
# 3. snapping to quotations


def _through_coordination(end: int, index: _DocIndex, lex: Lexicon) -> int:
    """Extend content ending at char ``end`` over ", and …" / ", but …" to the end of its sentence.

    The parser often hangs a second conjunct on the cue instead of inside the content ("agreed to
    share a single currency and rely on one another …"). A coordinated rest of the sentence is
    taken as part of what was reported unless another attribution starts in it.
    """
    doc = index.doc
    i = index.token_at(end)
    if i < len(doc) and doc[i].idx < end:
        i += 1
    while i < len(doc) and doc[i].text in {",", "”", '"'}:
        i += 1
    if i >= len(doc) or not (doc[i].pos_ == "CCONJ" or doc[i].text in {"—", "–", ";"}):
        return end
    para_end = index.paragraphs[index.paragraph_of(doc[i].idx)][1]
    last = None
    j = i + 1
    while j < len(doc) and doc[j].idx < para_end and doc[j].text not in _FINAL:
        t = doc[j]
        if t.pos_ == "VERB" and lex.is_cue_lemma(t.lemma_.lower()) and index.tok_quote[j] < 0:
            return end  # "…, and Clinton said …", "…, and urged …": a new attribution
        last = t
        j += 1
    return last.idx + len(last.text) if last is not None else end


def _is_quoted_title(start: int, end: int, index: _DocIndex) -> bool:
    q = index.quote_at(start)
    return q is not None and q.start <= start and end <= q.end and _looks_like_title(index.body[start:end])


def _to_sentence_end(end: int, index: _DocIndex, lex: Lexicon) -> int:
    doc = index.doc
    i = index.token_at(end)
    if i < len(doc) and doc[i].idx < end:
        i += 1
    para_end = index.paragraphs[index.paragraph_of(end - 1)][1]
    last = None
    while i < len(doc) and doc[i].idx < para_end and doc[i].text not in _FINAL:
        t = doc[i]
        if index.tok_quote[i] >= 0 or t.text in {"“", '"'}:
            break
        if t.pos_ == "VERB" and lex.is_cue_lemma(t.lemma_.lower()):
            break
        if t.lower_ in _STOP_ADVCL_MARKS and t.dep_ in {"mark", "advmod"}:
            break
        subj = t if t.dep_ == "nsubj" else (t.head if t.head.dep_ == "nsubj" and t.head.i > i else None)
        if subj is not None and subj.head.i > i and subj.head.pos_ == "VERB" and lex.is_cue_lemma(subj.head.lemma_.lower()):
            break  # "…, but the mayor insisted": the next attribution starts at its subject's first word
        last = t
        i += 1
    if last is None or last.text == ",":
        return end
    return last.idx + len(last.text)


def _snap_to_quotes(candidates: list[Candidate], index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    doc = index.doc
    out = []
    for cand in candidates:
        cand.content = [_drop_complementizer(s, e, index) for s, e in cand.content]
        if len(cand.content) == 1 and _is_quoted_title(*index.trim(*cand.content[0]), index):
            continue  # "showing “Blue Harbor”": a quoted title is not what anyone said
        if cand.cue is not None and cand.content[-1][0] >= cand.cue[1]:
            cand.content[-1] = (cand.content[-1][0], _through_coordination(cand.content[-1][1], index, lex))
            if cand.method == Method.dep:
                cand.content[-1] = (cand.content[-1][0], _to_sentence_end(cand.content[-1][1], index, lex))
        if cand.method != Method.according:
            cand.content = [_before_trailing_according(s, e, index) for s, e in cand.content]
        start = min(s for s, _ in cand.content)
        end = max(e for _, e in cand.content)
        for q in index.quotes_overlapping(start, end):
            start, end = min(start, q.start), max(end, q.end)
        # the attribution itself (cue and speaker) never belongs to the content
        holes = []
        if cand.cue is not None and start < cand.cue[0] < end:
            lo, hi = cand.cue
            if cand.speaker_head is not None and cand.speaker_head.pos_ != "VERB":
                s, e = mention_span(cand.speaker_head)
                lo, hi = min(lo, doc[s].idx), max(hi, doc[e - 1].idx + len(doc[e - 1].text))
            holes.append((lo, hi))
        pieces = [(start, end)]
        for lo, hi in holes:
            nxt = []
            for s, e in pieces:
                if s < lo < e or s < hi < e:
                    nxt += [(s, lo), (hi, e)]
                else:
                    nxt.append((s, e))
            pieces = nxt
        pieces = [p for p in (_drop_dangling(*index.trim(s, e), index) for s, e in pieces) if p[1] - p[0] > 1]
        if pieces:
            pieces[0] = _drop_connective(*pieces[0], index, lex)
        if not pieces:
            continue
        if len(pieces) == 1 and _is_quoted_title(*pieces[0], index):
            continue
        cand.content = pieces
        t0, t1 = index.token_at(pieces[0][0]), index.token_at(pieces[-1][1] - 1)
        cand.exclude = set(range(t0, t1 + 1))
        out.append(cand)
    return _dedupe(out)


def _before_trailing_according(start: int, end: int, index: _DocIndex) -> tuple[int, int]:
    """"said it was simple, according to an account she gave": a trailing "according to X" is an
    attribution of its own (its source vouches for the report), never part of the content."""
    if not index.has_according:
        return start, end
    doc = index.doc
    i = index.token_at(start) + 1
    while i < len(doc) - 1 and doc[i].idx < end:
        t = doc[i]
        if t.lower_ == "according" and doc[i + 1].lower_ == "to" and index.tok_quote[i] < 0:
            j = i + 2
            while j < len(doc) and doc[j].idx < end and doc[j].text not in {",", ";", "—", "–"} | _FINAL:
                j += 1
            if j >= len(doc) or doc[j].idx >= end or doc[j].text in _FINAL:  # the phrase closes the content
                cut = index.trim(start, t.idx)
                return (start, cut[1]) if cut[1] > start else (start, end)
            return start, end
        i += 1
    return start, end


def _drop_connective(start: int, end: int, index: _DocIndex, lex: Lexicon) -> tuple[int, int]:
    """"In contrast, Clinton has kept her lead": a connective and its comma opening reported
    content link the writer's sentences; they are not part of what the source said."""
    if index.in_quote(start):
        return start, end
    comma = index.body.find(",", start, min(end, start + 40))
    if comma < 0 or index.in_quote(comma):
        return start, end
    if " ".join(index.body[start:comma].lower().split()) not in lex.connectives:
        return start, end
    rest = index.trim(comma + 1, end)
    return rest if rest[1] - rest[0] > 1 else (start, end)


def _drop_dangling(start: int, end: int, index: _DocIndex) -> tuple[int, int]:
    """Content that ends in a conjunction or a relative word ("…, but", "- moves that").

    When the word opens a clause of its own ("there may be as many as three, but …", "moves that
    …") the clause was left out on purpose (a new attribution starts there), and the dangling word
    goes with the comma or dash before it. A conjunction inside a coordination of the content's own
    ("gamed the tax code and looked down …") means the content was cut short instead: it is left
    as it is (running it on merges it with neighbouring statements more often than it helps)."""
    doc = index.doc
    i = index.token_at(end - 1)
    if doc[i].pos_ == "CCONJ" and index.tok_quote[i] < 0 and doc[i].idx + len(doc[i].text) == end:
        conj = next((c for c in doc[i].head.children if c.dep_ == "conj" and c.i > i), None)
        new_clause = conj is not None and conj.pos_ in {"VERB", "AUX"} and (
            any(c.dep_ == "nsubj" for c in conj.children) or lexicon().is_cue_lemma(conj.lemma_.lower())
        )  # "… and said the plan would work": a second attribution, not more content
        if conj is not None and not new_clause:
            return start, end  # the content was cut inside a coordination of its own: leave it
    while i > index.token_at(start) and index.tok_quote[i] < 0 and doc[i].idx + len(doc[i].text) == end and (
        doc[i].pos_ == "CCONJ" or doc[i].tag_ in {"WDT", "WP"} or (doc[i].lower_ == "that" and doc[i].dep_ == "nsubj")
    ):
        start, end = index.trim(start, doc[i].idx)
        i = index.token_at(end - 1)
    return start, end


def _drop_complementizer(start: int, end: int, index: _DocIndex) -> tuple[int, int]:
    """"said that X" reports X: the complementizer is not part of the content."""
    tok = index.doc[index.token_at(start)]
    if tok.idx == start and tok.dep_ == "mark" and tok.lower_ == "that" and tok.i + 1 < len(index.doc):
        return index.doc[tok.i + 1].idx, end
    return start, end


def _drop_weak_nested(candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Inside reported content, only verbs of saying report again.

    "Zelensky called the rules “a step forward” in defending “our people …”": *defending* is part
    of what Zelensky said, not a second attribution; "Clinton said Trump claimed that …" keeps
    its nested *claimed*. Duplicates (a block and a cue inside it) go too.
    """
    # Each piece on its own: what stands between the pieces of "“A,” said X, adding that … “B.”"
    # is the writer's framing, where a cue of its own may report something else.
    spans = sorted((s, e, id(c)) for c in candidates if c.method != Method.raising for s, e in c.content)
    starts = [s for s, _, _ in spans]
    kept = []
    for cand in candidates:
        tok = cand.cue_token
        own_subject = tok is not None and any(
            c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children
        )
        if cand.method == Method.according:
            pass  # "according to X" names its own source wherever it stands
        elif tok is not None and (tok.lemma_.lower() not in lex.strong or not own_subject):
            at = tok.idx
            i = bisect.bisect_right(starts, at) - 1
            nested = False
            while i >= 0:  # spans starting before the cue, nearest first
                s, e, cid = spans[i]
                if cid != id(cand) and s <= at < e:
                    nested = True
                    break
                if at - s > 5000:
                    break
                i -= 1
            if nested:
                continue
        kept.append(cand)
    return _dedupe(kept)


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """Two cues claiming the same content ("said, adding"): keep the first, the clause's own cue."""
    candidates.sort(key=lambda c: (c.content[0][0], -(c.content[-1][1])))
    kept: list[Candidate] = []
    for cand in candidates:
        s, e = cand.content[0][0], cand.content[-1][1]
        dup = False
        for other in kept[-4:]:
            os_, oe = other.content[0][0], other.content[-1][1]
            inter = min(e, oe) - max(s, os_)
            if inter > 0.8 * (e - s) and inter > 0.8 * (oe - os_):
                dup = True
                break
        if not dup:
            kept.append(cand)
    return kept


# ---------------------------------------------------------------------------------------------
# 4. quotations without a cue of their own


def _covered(q: Quote, candidates: list[Candidate]) -> bool:
    need = 0.5 * (q.end - q.start)
    for c in candidates:
        got = sum(max(0, min(e, q.end) - max(s, q.start)) for s, e in c.content)
        if got >= need:
            return True
    return False


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _quotes_without_cue(candidates, cues: dict[int, Candidate], index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    doc, body = index.doc, index.body
    found: list[Candidate] = []
    used_cues: set[int] = {c.cue_token.i for c in candidates if c.cue_token is not None}
    all_cands = sorted(candidates, key=lambda c: c.content[0][0])
    by_cue = {c.cue_token.i: c for c in candidates if c.cue_token is not None}
    for qi, q in enumerate(index.quotes):
        if _covered(q, candidates) or _covered(q, found):
            continue
        para = index.paragraphs[index.paragraph_of(q.outer_start)]
        cand = _cue_after(q, qi, para, cues, index, lex) or _cue_before(q, para, cues, index, lex)
        if cand is None:
            cand = _trailing_attribution(q, para, index, lex) or _lead_in(q, para, index)
        if cand is not None:
            piece = index.trim(q.start, q.end)
            owner = by_cue.get(cand.cue_token.i) if cand.cue_token is not None else None
            if owner is not None and index.paragraph_of(owner.content[-1][0]) == index.paragraph_of(q.start):
                # "“A,” he said, “B.”": the second quotation is a further piece of the same statement
                owner.content = sorted(owner.content + [piece])
                continue
            cand.content = [piece]
            found.append(cand)
            if cand.cue_token is not None:
                by_cue[cand.cue_token.i] = cand
            continue
        owner = coordinated_quote_owner(q, qi, all_cands + found, index) if qi > 0 else None
        if owner is not None:
            owner.content = sorted(owner.content + [index.trim(q.start, q.end)])  # shouted “A!” and “B!”
            continue
        if not _opens_sentence(q, para, index):
            if _after_short_lead(q, para, index):
                # "“A,” said X. Now, “B.”": a quoted sentence after a few words of the writer's
                prev = _previous_statement(q, all_cands + found, index)
                quoted = _quoted_statement_before(q, prev, all_cands + found, index) if prev else None
                if quoted is not None:
                    quoted.content.append(index.trim(q.start, q.end))
            continue  # otherwise a scare quote, a title, a nickname inside a sentence
        prev = _previous_statement(q, all_cands + found, index)
        if prev is None:
            continue
        cont = Candidate(content=[index.trim(q.start, q.end)], cue=prev.cue, cue_token=prev.cue_token,
                          speaker_head=prev.speaker_head, method=Method.continuation, continues=prev)
        quoted = _quoted_statement_before(q, prev, all_cands + found, index)
        if quoted is not None:
            quoted.content.append(cont.content[0])  # "“A,” he said. “B.”": one statement in two pieces
            continue
        if _words(body[q.start:q.end]) < 4:
            continue
        cont.cue = None
        found.append(cont)
    return found


def _sentence_window_after(q: Quote, para, index: _DocIndex, limit: int = 25) -> list:
    doc = index.doc
    out = []
    i = index.token_at(q.outer_end)
    if i < len(doc) and doc[i].idx < q.outer_end:
        i += 1
    while i < len(doc) and len(out) < limit:
        t = doc[i]
        if t.idx >= para[1] or index.tok_quote[i] >= 0:
            break
        if t.text in {"“", "«", "„"}:
            break
        out.append(t)
        if t.text in _FINAL:
            break
        i += 1
    return out


def _cue_after(q: Quote, qi: int, para, cues, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """"“…,” the official added": the quotation opens its sentence and a speech verb follows it."""
    if not _opens_sentence(q, para, index) or _looks_like_title(index.body[q.start:q.end]):
        return None
    window = _sentence_window_after(q, para, index)
    for t in window[:8]:
        c = cues.get(t.i)
        if c is None or not _speech_cue(t, lex):
            continue
        speaker = c.speaker_head
        if speaker is None:
            speaker = _nearest_nominal(window, t)
        return Candidate(content=[], cue=c.cue, cue_token=t, speaker_head=speaker, method=Method.adjacent)
    return None


def _speech_cue(tok, lex: Lexicon) -> bool:
    """Whether ``tok`` can introduce a quotation next to it: a verb of saying, not "defending"."""
    lemma = tok.lemma_.lower()
    return lemma in lex.strong or lemma in lex.quote_only or "clause" in lex.frames(lemma)


def _nearest_nominal(window, cue_tok):
    """Fallback speaker next to a cue the parser did not give a subject: the first noun phrase head."""
    for t in window:
        if t.i == cue_tok.i:
            continue
        if t.pos_ in {"PROPN", "NOUN", "PRON"} and t.dep_ not in {"compound", "amod", "det", "poss"}:
            return t
    return None


def _cue_before(q: Quote, para, cues, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """"He said, “…”", "She continued: “…”"."""
    body, doc = index.body, index.doc
    lead = body[para[0]:q.outer_start].rstrip()
    start_tok = index.token_at(para[0])
    end_tok = index.token_at(q.outer_start) - 1
    if not lead:
        # "He said:" closing the previous paragraph introduces a quotation opening this one.
        pi = index.paragraph_of(para[0])
        if pi == 0:
            return None
        prev = index.paragraphs[pi - 1]
        if body[prev[1] - 1] != ":":
            return None
        start_tok, end_tok = index.token_at(prev[0]), index.token_at(prev[1] - 1)
    elif lead[-1] not in ",:—–" and not (lead.split()[-1].lower() in {"said", "says", "added", "told"}):
        return None
    for i in range(end_tok, max(start_tok - 1, end_tok - 20), -1):
        t = doc[i]
        if t.text in _FINAL or index.tok_quote[i] >= 0:
            break
        c = cues.get(i)
        if c is not None and _speech_cue(t, lex):
            return Candidate(content=[], cue=c.cue, cue_token=t, speaker_head=c.speaker_head, method=Method.adjacent)
    return None


def _trailing_attribution(q: Quote, para, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """"“…” — Commissioner Jane Roe": a dash and a name closing the paragraph."""
    body, doc = index.body, index.doc
    rest = body[q.outer_end:para[1]]
    stripped = rest.lstrip()
    dash = next((d for d in sorted(lex.dashes, key=len, reverse=True) if stripped.startswith(d)), None)
    if dash is None:
        return None
    dash_at = q.outer_end + (len(rest) - len(stripped))
    name = stripped[len(dash):].strip()
    if not name or not name[0].isupper() or _words(name) > 12:
        return None
    first = index.token_at(dash_at + len(dash))
    while first < len(doc) and doc[first].is_space or first < len(doc) and doc[first].text in lex.dashes:
        first += 1
    tokens = [t for t in doc[first:index.token_at(para[1] - 1) + 1] if not t.is_punct]
    if not tokens:
        return None
    head = next((t for t in tokens if t.head.i < tokens[0].i or t.head.i > tokens[-1].i or t.head is t), tokens[-1])
    return Candidate(content=[], cue=(dash_at, dash_at + len(dash)), speaker_head=head, method=Method.trailing)


def _lead_in(q: Quote, para, index: _DocIndex) -> Optional[Candidate]:
    """"Commissioner Jane Roe: “…”": a short name and a colon opening the paragraph."""
    body, doc = index.body, index.doc
    lead = body[para[0]:q.outer_start].rstrip()
    if not lead.endswith(":") or _words(lead) > 8 or not lead[:1].isupper():
        return None
    colon = para[0] + len(lead) - 1
    tokens = [t for t in doc[index.token_at(para[0]):index.token_at(colon)] if not t.is_punct]
    if not tokens or not any(t.pos_ in {"PROPN", "NOUN"} for t in tokens):
        return None
    head = next((t for t in tokens if t.head.i < tokens[0].i or t.head.i > tokens[-1].i or t.head is t), tokens[-1])
    return Candidate(content=[], cue=(colon, colon + 1), speaker_head=head, method=Method.lead)


def _looks_like_title(text: str) -> bool:
    """"The Apprentice," or "Collapse: How Societies Choose": a short run of capitalised words."""
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    if not words or len(words) > 8:
        return False
    caps = sum(w[0].isupper() for w in words if len(w) > 3 or w == words[0])
    longish = sum(1 for w in words if len(w) > 3 or w == words[0])
    return longish >= 2 and caps == longish and not text.rstrip().endswith(("?", "!"))


def _after_short_lead(q: Quote, para, index: _DocIndex, max_words: int = 8) -> bool:
    """A whole quoted sentence of four words or more after a short lead-in that opens the sentence
    ("Now, “…”", "Unless rivals quit, “…”"): not a scare quote or a title inside the writer's words."""
    body = index.body
    before = body[para[0]:q.outer_start]
    lead = re.split(r"[.!?][”\"'’]?\s", before)[-1]
    inner = body[q.start:q.end].rstrip()
    after = body[q.outer_end:para[1]].lstrip()[:1]
    ends_sentence = inner[-1:] in _FINAL or after in _FINAL or not after
    return ends_sentence and _words(lead) <= max_words and _words(inner) >= 4 and lead.rstrip().endswith(",")


def _opens_sentence(q: Quote, para, index: _DocIndex) -> bool:
    before = index.body[para[0]:q.outer_start].rstrip()
    return not before or before[-1] in ".!?”\"'’:"


def _quoted_statement_before(q: Quote, prev: Candidate, cands: list[Candidate], index: _DocIndex) -> Optional[Candidate]:
    """The quotation that a cue-less quotation ``q`` further in the same paragraph goes on with.

    That is ``prev`` (the statement just before) when it ends inside a quotation; or else the last
    quoted statement of the paragraph by the same speaker, when all ``prev`` adds is an aside of
    that speaker ("“A,” said X, adding that … “B.”", "… X, who supports the deal. “B.”").
    """
    para = index.paragraph_of(q.start)
    if prev.method == Method.block or index.paragraph_of(prev.content[-1][1] - 1) != para:
        return None
    if index.in_quote(prev.content[-1][1] - 1):
        return prev
    best = None
    for c in cands:
        end = c.content[-1][1]
        if (
            _same_source(c.speaker_head, prev.speaker_head)
            and c.method != Method.block
            and end <= q.start
            and index.paragraph_of(c.content[0][0]) == para
            and index.in_quote(end - 1)
            and (best is None or end > best.content[-1][1])
        ):
            best = c
    return best


def _same_source(a, b) -> bool:
    """Whether two subject tokens name the same source, a relative pronoun standing for the noun it
    attaches to ("an official who supports the deal": *who* is *official*)."""
    if a is None or b is None:
        return False
    a, b = (t.head.head if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "relcl" and t.tag_ in {"WP", "WDT", "WP$"} else t
            for t in (a, b))
    return a.i == b.i


def _previous_statement(q: Quote, cands: list[Candidate], index: _DocIndex) -> Optional[Candidate]:
    """The statement a cue-less quotation continues: the last one ending in this or the previous paragraph."""
    p = index.paragraph_of(q.start)
    best = None
    for c in cands:
        end = c.content[-1][1]
        if end <= q.start and index.paragraph_of(end - 1) >= p - 1 and c.speaker_head is not None:
            if best is None or end > best.content[-1][1]:
                best = c
    return best


# ---------------------------------------------------------------------------------------------
# 5. blocks


def _blocks(candidates, cues: dict[int, Candidate], index: _DocIndex) -> list[Candidate]:
    body = index.body
    out = []
    for pi, (ps, pe) in enumerate(index.paragraphs[:-1]):
        if body[pe - 1] != ":":
            continue
        # the cue nearest the colon, outside quotations
        cue = None
        for ti in range(index.token_at(pe - 1), index.token_at(ps) - 1, -1):
            if ti in cues:
                cue = cues[ti]
                break
            if index.doc[ti].text in _FINAL and index.doc[ti].idx < pe - 1:
                break
        if cue is None:
            continue
        ns, ne = index.paragraphs[pi + 1]
        if body[ns] in "“\"«„'‘`":
            continue  # a quotation: handled as a direct quote next to its cue
        speaker = cue.speaker_head
        out.append(Candidate(content=[(ns, ne)], cue=cue.cue, cue_token=cue.cue_token, speaker_head=speaker,
                              method=Method.block, block=True, exclude=set(range(index.token_at(ns), index.token_at(ne - 1) + 1))))
    return out


_COLON_LINE = re.compile(r"^[\"“'‘]?\s*(?P<who>[^:\n]{2,60}?):\s+(?P<what>\S.*)$")


def _colon_lines(candidates, index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    """"Sanders: Clinton needs to …" (headlines) and "WALLACE: If I may, …" (transcripts).

    A paragraph that opens with a short name, a colon and a clause is that name's statement. The
    name must look like a source (a proper noun, or a noun from the source tables: "Poll"), so
    "Note: …" or "Update: …" are not statements.
    """
    body, doc = index.body, index.doc
    taken = [(c.content[0][0], c.content[-1][1], c.cue[0] if c.cue else -1) for c in candidates]
    out = []
    for ps, pe in index.paragraphs:
        m = _COLON_LINE.match(body[ps:pe])
        if m is None:
            continue
        who_start, who_end = ps + m.start("who"), ps + m.end("who")
        what_start, what_end = ps + m.start("what"), pe
        # a statement nested in the line ("Sanders: Clinton needs to …") does not block it
        if any(s < what_end and e > what_start and not what_start <= cue < what_end for s, e, cue in taken):
            continue
        if body[who_start:who_end].isupper() and any(
            c.speaker_head is not None and c.speaker_head.pos_ != "PRON" and c.speaker_head.left_edge.idx == what_start
            and what_start <= c.cue[0] < what_end
            for c in candidates if c.cue is not None
        ):
            continue  # "MARKET WATCH: Analysts said …": a section label over a statement opening with its source
        tokens = [t for t in doc[index.token_at(who_start):index.token_at(who_end - 1) + 1] if not t.is_punct]
        if not tokens or len(tokens) > 6 or any(t.pos_ in {"VERB", "AUX", "PRON", "ADP"} and t.lower_ not in {"of"} for t in tokens):
            continue
        head = tokens[-1]
        if not (head.pos_ == "PROPN" or head.text.isupper() or _animate(head, lex)) or head.like_num:
            continue
        if any(t.lower_.rstrip("s'’") in lex.line_labels or t.lower_ in lex.line_labels for t in tokens):
            continue  # "Email: …", "EDITOR'S NOTE: …", "Photo: …": a label line, not a speaker
        if any(t.text in lex.dashes and t.whitespace_ for t in doc[index.token_at(who_start):index.token_at(who_end - 1) + 1]):
            continue  # "Oil – Brent: UP 58 cents": a table row
        if head.ent_type_ in {"GPE", "LOC", "DATE", "TIME"} and body[who_start:who_end].isupper():
            continue  # "LOS ANGELES: …" is a dateline, not a speaker
        if not body[who_start].isupper():
            continue
        what = index.trim(what_start, what_end)
        if _words(body[what[0]:what[1]]) < 3:
            continue
        what_tokens = doc[index.token_at(what[0]):index.token_at(what[1] - 1) + 1]
        if any(c.isdigit() for c in body[what[0]:what[1]]) and not any(t.pos_ in {"VERB", "AUX"} for t in what_tokens):
            continue  # "Brent: UP 58 cents to $81": a figure, not something said
        colon = who_end
        out.append(Candidate(content=[what], cue=(colon, colon + 1), speaker_head=head, method=Method.lead,
                              exclude=set(range(index.token_at(what[0]), index.token_at(what[1] - 1) + 1))))
    return out


def _headlines(candidates, index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    """"Sanders Vows To Eliminate Tax Breaks …": a title-cased line the tagger reads as one long name.

    In a headline (a short paragraph whose longer words are all capitalised) the first word that
    is an inflected cue verb ("Says", "Vows", "Slams", "Calls") splits the line into its source
    and what it reported.
    """
    body, doc = index.body, index.doc
    taken = [(c.content[0][0], c.content[-1][1]) for c in candidates]
    out = []
    for ps, pe in index.paragraphs:
        words = re.findall(r"[^\W\d_][\w’'-]*", body[ps:pe])
        longer = [w for w in words if len(w) > 3]
        if not longer or len(words) > 25 or sum(w[0].isupper() for w in longer) < 0.8 * len(longer):
            continue
        if any(s < pe and e > ps for s, e in taken):
            continue
        first, last = index.token_at(ps), index.token_at(pe - 1)
        for i in range(first + 1, last):
            t = doc[i]
            lemma = _inflected_cue(t.lower_, lex)
            if lemma is None or index.tok_quote[i] >= 0:
                continue
            before = [x for x in doc[first:i] if not x.is_punct]
            if not before or before[-1].pos_ not in {"PROPN", "NOUN"}:
                break
            content = index.trim(doc[i + 1].idx, pe) if i + 1 <= last else None
            if content and _words(body[content[0]:content[1]]) >= 2:
                out.append(Candidate(content=[content], cue=(t.idx, t.idx + len(t.text)), speaker_head=before[-1],
                                      method=Method.headline))
            break
    return out


def _inflected_cue(word: str, lex: Lexicon) -> Optional[str]:
    """"says" -> "say", "vows" -> "vow", "slams" -> "slam": third-person forms of strong cue verbs."""
    for lemma in (word[:-1] if word.endswith("s") else None, word[:-2] if word.endswith("es") else None,
                  word[:-3] + "y" if word.endswith("ies") else None):
        if lemma and (lemma in lex.strong or lemma in lex.headline_verbs):
            return lemma
    return None


# ---------------------------------------------------------------------------------------------
# 6. speakers, outlets, dates


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
    words = [t for t in doc[left:tok.i + 1] if t.dep_ != "det" and not t.is_punct]
    if not words:
        return None
    text = doc[words[0].i:tok.i + 1].text
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
    order = sorted(candidates, key=lambda c: (c.speaker_head.idx if c.speaker_head is not None and c.method != Method.continuation else c.content[0][0]))
    for cand in order:
        if cand.method == Method.continuation and cand.continues is not None and id(cand.continues) in resolved:
            sp, _, conf = resolved[id(cand.continues)]
            resolved[id(cand)] = (sp, None, min(conf, 0.5) if sp else 0.3)
            continue
        if cand.speaker_head is None:
            resolved[id(cand)] = (resolver.unnamed_source() if cand.unnamed else None, None, 0.3)
            continue
        limit = min(cand.content[0][0], cand.speaker_head.idx)
        if cand.speaker_head.pos_ == "PRON":
            limit = min(limit, cand.speaker_head.idx)
        stop = cand.cue[0] if cand.method == Method.headline else None
        res = resolver.resolve(cand.speaker_head, limit if limit > 0 else cand.speaker_head.idx, stop)
        resolved[id(cand)] = (res.speaker, res.mention, res.confidence)
    for n, cand in enumerate(candidates, 1):
        speaker, mention, conf = resolved[id(cand)]
        pieces = cand.content
        quote = Span.of(body, pieces[0][0], pieces[-1][1])
        fragments = [Span.of(body, s, e) for s, e in pieces] if len(pieces) > 1 else []
        stype = "block" if cand.block else _type_of(pieces, index)
        outlet = _outlet(cand, lex) if cand.method != Method.continuation else None
        outlet = outlet or cand.medium
        if speaker is not None:
            outlet = resolver.note_outlet(speaker, outlet)
        when, when_text = (None, None)
        if cand.cue_token is not None and cand.method != Method.continuation:
            when, when_text = date_of_cue(cand.cue_token, article.published, cand.exclude)
        act = act_of_candidate(cand, body)
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
    return speakers, statements


_WORD_CHARS = re.compile(r"[^\W_]+")


def _count_word_chars(text: str, start: int, end: int) -> int:
    """Letters and digits in ``text[start:end]`` (what ``str.isalnum`` counts, one run at a time)."""
    return sum(m.end() - m.start() for m in _WORD_CHARS.finditer(text, start, end))


def _type_of(pieces, index: _DocIndex) -> str:
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
