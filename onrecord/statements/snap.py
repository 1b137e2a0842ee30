"""Snapping content to quotations (step 3 of :mod:`onrecord.statements.extract`): widening, running on to
the sentence end, trimming connectives and dangling words, dropping weak nested reports and duplicates.
"""

from __future__ import annotations

import bisect

from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.cues.common import _looks_like_title
from onrecord.statements.index import _FINAL, _DocIndex
from onrecord.statements.lexicon import Lexicon, lexicon
from onrecord.statements.mentions import mention_span
from onrecord.statements.nesting import clip_nested
from onrecord.statements.run_on import before_next_attribution


def _through_coordination(end: int, index: _DocIndex, lex: Lexicon) -> int:
    """Extend content ending at char ``end`` over ", and …" / ", but …" to the end of its sentence.

    The parser often hangs a second conjunct on the cue instead of inside the content ("agreed to
    share a single currency and rely on one another …"). A coordinated rest of the sentence is
    taken as part of what was reported unless another attribution starts in it.
    """
    doc = index.doc
    q = index.quote_at(end - 1) if end > 0 else None
    if q is not None and q.end == end and index.body[end - 1] in _FINAL:
        return end  # "called it “a fraud.” But the vote …": a quotation closed by a full stop ends the sentence
    i = index.token_at(end)
    if i < len(doc) and doc[i].idx < end:
        i += 1
    while i < len(doc) and doc[i].text in {",", "”", '"'}:
        i += 1
    if i >= len(doc) or not (doc[i].pos_ == "CCONJ" or doc[i].text in {"—", "–", ";"}):
        return end
    line_end = index.lines[index.line_of(doc[i].idx)][1]
    last = None
    j = i + 1
    while j < len(doc) and doc[j].idx < line_end and doc[j].text not in _FINAL:
        t = doc[j]
        if t.pos_ == "VERB" and lex.is_cue_lemma(t.lemma_.lower()) and index.tok_quote[j] < 0:
            return end  # "…, and Clinton said …", "…, and urged …": a new attribution
        last = t
        j += 1
    return last.idx + len(last.text) if last is not None else end


def _is_quoted_title(start: int, end: int, index: _DocIndex) -> bool:
    """Whether content ``start:end`` is a whole quotation that reads as a title ("showing “Blue Harbor”");
    the last sentence of a longer quotation ("… That’s Hillary Clinton,” said …") is no title."""
    q = index.quote_at(start)
    if q is None or not (q.start <= start and end <= q.end):
        return False
    whole = index.trim(q.start, q.end)
    return whole == (start, end) and _looks_like_title(index.body[start:end])


def _to_sentence_end(end: int, index: _DocIndex, lex: Lexicon) -> int:
    doc = index.doc
    i = index.token_at(end)
    if i < len(doc) and doc[i].idx < end:
        i += 1
    line_end = index.lines[index.line_of(end - 1)][1]
    last = None
    while i < len(doc) and doc[i].idx < line_end and doc[i].text not in _FINAL:
        t = doc[i]
        if index.tok_quote[i] >= 0 or t.text in {"“", '"'}:
            break
        if t.pos_ == "VERB" and lex.is_cue_lemma(t.lemma_.lower()) and not _inside_a_phrase(t):
            break
        opens_aside = t.lower_ in lex.time_clause_marks or t.lower_ in lex.concessive_clause_marks
        if opens_aside and t.dep_ in {"mark", "advmod"}:
            break
        subj = t if t.dep_ == "nsubj" else (t.head if t.head.dep_ == "nsubj" and t.head.i > i else None)
        if (
            subj is not None
            and subj.head.i > i
            and subj.head.pos_ == "VERB"
            and lex.is_cue_lemma(subj.head.lemma_.lower())
        ):
            break  # "…, but the mayor insisted": the next attribution starts at its subject's first word
        last = t
        i += 1
    if last is None or last.text == ",":
        return end
    return last.idx + len(last.text)


def _before_noun_source(cand: Candidate, start: int, end: int) -> tuple[int, int]:
    """ "faced accusations of fraud *from the city council*": the source of a cue noun named after its
    content, with its "from" or "by", ends the content."""
    if cand.cue_token is None or cand.cue_token.pos_ != "NOUN" or cand.speaker_head is None:
        return start, end
    doc = cand.speaker_head.doc
    first = mention_span(cand.speaker_head)[0]
    if not start < doc[first].idx < end:
        return start, end
    if first > 0 and doc[first - 1].lower_ in {"by", "from"}:
        first -= 1
    return start, max(start + 1, doc[first - 1].idx + len(doc[first - 1].text)) if first > 0 else end


def _in_a_subject(tok) -> bool:
    """Whether cue word ``tok`` lies in the subject of its clause ("The senator's accusations of fraud
    angered the board"): its content ends with the subject, and the rest of the sentence is the
    writer's predicate about it, never more of what was said."""
    if tok is None or tok.pos_ != "NOUN":
        return False
    while tok.pos_ not in {"VERB", "AUX"}:
        if tok.dep_ in {"nsubj", "nsubjpass", "csubj"}:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _inside_a_phrase(tok) -> bool:
    """ "at the forefront of *questioning* the FBI's decisions": a gerund object of a preposition
    is part of the content running on, not a new attribution, unless it reports a clause of its own
    ("criticised for *saying* that …")."""
    gerund = tok.tag_ == "VBG" and tok.dep_ in {"pcomp", "pobj"}
    # "letters *to demand* information", "issuing letters *to demand* …": an infinitive of the content
    # governed by a gerund or a noun ("Obama is determined *to warn*" is a new attribution)
    infinitive = (
        tok.tag_ == "VB"
        and tok.dep_ in {"acl", "advcl", "xcomp"}
        and any(c.tag_ == "TO" for c in tok.children)
        and (tok.head.tag_ == "VBG" or tok.head.pos_ in {"NOUN", "PROPN"})
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.head.children)
    )
    return (gerund or infinitive) and not any(c.dep_ in {"nsubj", "ccomp", "parataxis"} for c in tok.children)


def _snap_to_quotes(candidates: list[Candidate], index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    doc = index.doc
    out = []
    second_reports: dict[int, Candidate] = {}  # participle token -> the candidate whose content it ended
    for cand in candidates:
        cand.content = [_drop_complementizer(s, e, index) for s, e in cand.content]
        if len(cand.content) == 1 and _is_quoted_title(*index.trim(*cand.content[0]), index):
            continue  # "showing “Blue Harbor”": a quoted title is not what anyone said
        if cand.cue is not None and cand.content[-1][0] >= cand.cue[1] and not cand.whole:
            if cand.method == Method.dep and len(cand.content) == 1:
                span, participle = before_next_attribution(*cand.content[0], index, lex)
                cand.content = [span]
                if participle is not None and cand.speaker_head is not None:
                    second_reports[participle.i] = cand
            cand.content[-1] = (cand.content[-1][0], _through_coordination(cand.content[-1][1], index, lex))
            if cand.method == Method.dep and not _in_a_subject(cand.cue_token):
                cand.content[-1] = (cand.content[-1][0], _to_sentence_end(cand.content[-1][1], index, lex))
            cand.content[-1] = _before_noun_source(cand, *cand.content[-1])
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
            if cand.attribution is not None:
                lo, hi = min(lo, cand.attribution[0]), max(hi, cand.attribution[1])
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
    for cand in out:
        outer = second_reports.get(cand.cue_token.i) if cand.cue_token is not None else None
        if outer is not None and outer is not cand:
            # "Trump said Romney “had a crazy policy,” adding, “…”": the participle is the cue's
            # second report, whatever the parser hung it on (its "subject" would be Romney)
            cand.speaker_head, cand.medium = outer.speaker_head, outer.medium
    return _dedupe(clip_nested(out, index))


def _before_trailing_according(start: int, end: int, index: _DocIndex) -> tuple[int, int]:
    """ "said it was simple, according to an account she gave": a trailing "according to X" is an
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
    """ "In contrast, Clinton has kept her lead": a connective and its comma opening reported
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
        new_clause = (
            conj is not None
            and conj.pos_ in {"VERB", "AUX"}
            and (any(c.dep_ == "nsubj" for c in conj.children) or lexicon().is_cue_lemma(conj.lemma_.lower()))
        )  # "… and said the plan would work": a second attribution, not more content
        if conj is not None and not new_clause:
            return start, end  # the content was cut inside a coordination of its own: leave it
    while (
        i > index.token_at(start)
        and index.tok_quote[i] < 0
        and doc[i].idx + len(doc[i].text) == end
        and (
            doc[i].pos_ == "CCONJ"
            or doc[i].tag_ in {"WDT", "WP"}
            or (doc[i].lower_ == "that" and doc[i].dep_ == "nsubj")
        )
    ):
        start, end = index.trim(start, doc[i].idx)
        i = index.token_at(end - 1)
    return start, end


def _drop_complementizer(start: int, end: int, index: _DocIndex) -> tuple[int, int]:
    """ "said that X" reports X: the complementizer is not part of the content. The parser sometimes
    reads it as the clause's object ("said in the release that the firm would grow", "that" a WDT
    object of "grow"); it is still the complementizer when the clause has a subject of its own after it."""
    tok = index.doc[index.token_at(start)]
    if tok.idx != start or tok.lower_ != "that" or tok.i + 1 >= len(index.doc):
        return start, end
    misread = (
        tok.tag_ == "WDT"
        and tok.dep_ == "dobj"
        and tok.head.i > tok.i
        and any(c.dep_ in {"nsubj", "nsubjpass", "expl"} and c.i > tok.i for c in tok.head.children)
    )
    if tok.dep_ == "mark" or misread:
        return index.doc[tok.i + 1].idx, end
    return start, end


def _drop_weak_nested(candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Inside reported content, only verbs of saying report again.

    "Zelensky called the rules “a step forward” in defending “our people …”": *defending* is part
    of what Zelensky said, not a second attribution; "Clinton said Trump claimed that …" keeps
    its nested *claimed*. Duplicates (a block and a cue inside it) go too.
    """
    # A verb of saying nested only in reports that are dropped themselves ("wrote the agents knew …,
    # saying, “…”": *knew* goes, inside what was written) is nested in nothing: a second pass weighs it again.
    nested = _nested_weak(candidates, candidates, lex)
    if nested:
        outer = [c for c in candidates if id(c) not in nested]
        again = _nested_weak(candidates, outer, lex)
        nested = {
            id(c)
            for c in candidates
            if id(c) in again
            or (id(c) in nested and (c.cue_token is None or c.cue_token.lemma_.lower() not in lex.strong))
        }
    return _dedupe([c for c in candidates if id(c) not in nested])


def _nested_weak(candidates: list[Candidate], outer: list[Candidate], lex: Lexicon) -> set[int]:
    """The ids of the candidates whose cue lies in the content of one of ``outer`` and that do not report again."""
    # Each piece on its own: what stands between the pieces of "“A,” said X, adding that … “B.”"
    # is the writer's framing, where a cue of its own may report something else.
    spans = sorted((s, e, id(c)) for c in outer if c.method != Method.raising for s, e in c.content)
    starts = [s for s, _, _ in spans]
    dropped: set[int] = set()
    for cand in candidates:
        tok = cand.cue_token
        own_subject = tok is not None and (
            any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
            # "Merrill says Machado promised to … and said she would …": the subject of its conjunct
            or (tok.dep_ == "conj" and any(c.dep_ == "nsubj" for c in tok.head.children))
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
                dropped.add(id(cand))
    return dropped


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """Two cues claiming the same content ("said, adding"): keep the first, the clause's own cue."""
    candidates.sort(key=lambda c: (c.content[0][0], -(c.content[-1][1])))
    kept: list[Candidate] = []
    for cand in candidates:
        s, e = cand.content[0][0], cand.content[-1][1]
        dup = False
        for other in kept[-4:]:
            if cand.inside is other or other.inside is cand:
                continue  # a nested attribution and the one it is nested in are two statements
            os_, oe = other.content[0][0], other.content[-1][1]
            inter = min(e, oe) - max(s, os_)
            if inter > 0.8 * (e - s) and inter > 0.8 * (oe - os_):
                dup = True
                break
        if not dup:
            kept.append(cand)
    return kept
