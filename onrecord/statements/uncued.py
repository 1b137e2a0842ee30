"""Quotations without a cue of their own (step 5 of :mod:`onrecord.statements.extract`) and blocks
(step 6): the nearest cue of the sentence, a trailing dash, a lead-in, a continuation, a block after a colon.
"""

from __future__ import annotations

import re
from typing import Optional

from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.constructions import (
    coordinated_quote_owner,
)
from onrecord.statements.cues.common import _animate, _looks_like_title, _words
from onrecord.statements.digest_leads import dashed_source
from onrecord.statements.index import _FINAL, _QUOTE_CHARS, _DocIndex
from onrecord.statements.lexicon import Lexicon
from onrecord.statements.quotes import Quote


def _covered(q: Quote, candidates: list[Candidate]) -> bool:
    need = 0.5 * (q.end - q.start)
    for c in candidates:
        got = sum(max(0, min(e, q.end) - max(s, q.start)) for s, e in c.content)
        if got >= need:
            return True
    return False


def _quotes_without_cue(candidates, cues: dict[int, Candidate], index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    body = index.body
    found: list[Candidate] = []
    all_cands = sorted(candidates, key=lambda c: c.content[0][0])
    by_cue = {c.cue_token.i: c for c in candidates if c.cue_token is not None}
    for qi, q in enumerate(index.quotes):
        if _covered(q, candidates) or _covered(q, found):
            continue
        line = index.lines[index.line_of(q.outer_start)]
        cand = (
            dashed_source(q, line, index)
            or _cue_after(q, qi, line, cues, index, lex)
            or _cue_before(q, line, cues, index, lex)
        )
        if cand is None:
            cand = (
                _trailing_attribution(q, line, index, lex)
                or _lead_in(q, line, index)
                or _unlisted_verb_after(q, line, index, lex)
                or _lead_sentence(q, index, lex)
            )
        if cand is not None:
            piece = index.trim(q.start, q.end)
            owner = by_cue.get(cand.cue_token.i) if cand.cue_token is not None else None
            if owner is not None and index.line_of(owner.content[-1][0]) == index.line_of(q.start):
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
        if not _opens_sentence(q, line, index):
            if _after_short_lead(q, line, index):
                # "“A,” said X. Now, “B.”": a quoted sentence after a few words of the writer's
                prev = _previous_statement(q, all_cands + found, index)
                quoted = _quoted_statement_before(q, prev, all_cands + found, index) if prev else None
                if quoted is not None:
                    quoted.content.append(index.trim(q.start, q.end))
            continue  # otherwise a scare quote, a title, a nickname inside a sentence
        prev = _previous_statement(q, all_cands + found, index)
        if prev is None:
            continue
        cont = Candidate(
            content=[index.trim(q.start, q.end)],
            cue=prev.cue,
            cue_token=prev.cue_token,
            speaker_head=prev.speaker_head,
            method=Method.continuation,
            continues=prev,
        )
        quoted = _quoted_statement_before(q, prev, all_cands + found, index)
        if quoted is not None:
            quoted.content.append(cont.content[0])  # "“A,” he said. “B.”": one statement in two pieces
            continue
        if _words(body[q.start : q.end]) < 4:
            continue
        cont.cue = None
        found.append(cont)
    return found


def _sentence_window_after(q: Quote, line, index: _DocIndex, limit: int = 25) -> list:
    doc = index.doc
    out: list = []
    i = index.token_at(q.outer_end)
    if i < len(doc) and doc[i].idx < q.outer_end:
        i += 1
    while i < len(doc) and len(out) < limit:
        t = doc[i]
        if t.idx >= line[1] or index.tok_quote[i] >= 0:
            break
        if t.text in {"“", "«", "„"}:
            break
        out.append(t)
        if t.text in _FINAL:
            break
        i += 1
    return out


def _cue_after(q: Quote, qi: int, line, cues, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "“…,” the official added": the quotation opens its sentence and a speech verb follows it."""
    if not _opens_sentence(q, line, index) or _looks_like_title(index.body[q.start : q.end]):
        return None
    window = _sentence_window_after(q, line, index)
    for n, t in enumerate(window):
        c = cues.get(t.i)
        if c is None or not _speech_cue(t, lex):
            continue
        if n >= 8 and not _long_subject_opens(window, c):
            continue  # far from the quotation, a cue is another clause's unless its subject fills the gap
        speaker = c.speaker_head
        if speaker is None:
            speaker = _nearest_nominal(window, t)
        return Candidate(content=[], cue=c.cue, cue_token=t, speaker_head=speaker, method=Method.adjacent)
    return None


def _long_subject_opens(window, cand: Candidate) -> bool:
    """Whether the subject of ``cand``'s cue is what follows the quotation: "“…,” Mr. Daniloff, now 81 and
    retired in Cambridge, Mass., said by telephone": a name with its appositive may hold the cue far
    from the quotation, and it is still the quotation's attribution."""
    speaker, cue = cand.speaker_head, cand.cue_token
    if speaker is None or cue is None or speaker.head.i != cue.i or not window[0].i <= speaker.i < cue.i:
        return False
    inside = {t.i for t in speaker.subtree}
    return all(t.i in inside or t.is_punct for t in window if t.i < cue.i)


def _unlisted_verb_after(q: Quote, line, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "“France will always be France,” an angry Hollande retaliated.": a quotation opening its sentence and
    ending in a comma, "?" or "!", then only a subject and a finite verb with no object or clause of its
    own before the sentence ends. That is how a quotation is attributed whatever the verb ("retaliated",
    "confessed", "scoffed"), so the verb's subject is the speaker even when the cue lexicon lacks the verb."""
    if not _opens_sentence(q, line, index):
        return None
    inner = index.body[q.start : q.end].rstrip()
    if not inner or inner[-1] not in ",?!":
        return None
    window = _sentence_window_after(q, line, index, limit=16)
    if not window or (window[-1].text not in _FINAL and not _between_quotations(window, index)):
        return None  # the attribution must close the sentence: "“…,” she wrote in a letter that …" has more
    # (an aside after a comma, "…, as if he didn't hear her", is no business of the attribution's)
    aside = {d.i for t in window if _comma_aside(t) for d in t.subtree}
    verbs = [t for t in window if t.pos_ in {"VERB", "AUX"} and t.i not in aside]
    if len(verbs) != 1 or verbs[0].tag_ not in {"VBD", "VBZ", "VBP"} or verbs[0].pos_ != "VERB":
        return None
    verb = verbs[0]
    own = [c for c in verb.children if index.tok_quote[c.i] < 0]  # (the quotation is its complement)
    if any(c.dep_ in {"dobj", "ccomp", "xcomp", "nsubjpass", "auxpass", "attr", "acomp"} for c in own):
        return None  # "“…,” the company announced a plan": the verb has business of its own
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i >= window[0].i), None)
    if subject is None or not _animate(subject, lex):
        return None
    return Candidate(
        content=[],
        cue=(verb.idx, verb.idx + len(verb.text)),
        cue_token=verb,
        speaker_head=subject,
        method=Method.adjacent,
    )


def _comma_aside(tok) -> bool:
    """Whether ``tok`` heads an adverbial clause with its own conjunction after a comma: "as if …",
    "when …", "before …"."""
    doc = tok.doc
    return (
        tok.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.i < tok.i for c in tok.children)
        and tok.left_edge.i > 0
        and doc[tok.left_edge.i - 1].text == ","
    )


def _between_quotations(window, index: _DocIndex) -> bool:
    """Whether ``window`` (the words after a quotation) ends at a comma right before the next quotation
    of its sentence: "“The way I see it,” she elaborated, “no one …”" is attributed in between."""
    last = window[-1]
    nxt = last.i + 1
    doc = index.doc
    while nxt < len(doc) and doc[nxt].is_space:
        nxt += 1
    return last.text == "," and nxt < len(doc) and (index.tok_quote[nxt] >= 0 or doc[nxt].text in {"“", '"', "«", "„"})


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


def _cue_before(q: Quote, line, cues, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "He said, “…”", "She continued: “…”"."""
    body, doc = index.body, index.doc
    lead = body[line[0] : q.outer_start].rstrip()
    start_tok = index.token_at(line[0])
    end_tok = index.token_at(q.outer_start) - 1
    if not lead:
        # "He said:" closing the previous line introduces a quotation opening this one.
        li = index.line_of(line[0])
        if li == 0:
            return None
        prev = index.lines[li - 1]
        if body[prev[1] - 1] != ":":
            return None
        start_tok, end_tok = index.token_at(prev[0]), index.token_at(prev[1] - 1)
    elif lead[-1] not in ",:—–" and lead.split()[-1].lower() not in {"said", "says", "added", "told"}:
        # "The mayor declared “What a night!”", "the crowd yelled “Shame!”": a verb of saying (one that
        # may take any subject, or is a cue only beside a quotation) right before the quotation opens it
        verb = doc[end_tok]
        lemma = verb.lemma_.lower()
        if (
            verb.pos_ != "VERB"
            or end_tok not in cues
            or (lemma not in lex.strong and lemma not in lex.quote_only)
            or _looks_like_title(body[q.start : q.end])
            or not any(ch.isalpha() for ch in body[q.start : q.end])  # a quoted number or id, no words
        ):
            return None
    for i in range(end_tok, max(start_tok - 1, end_tok - 20), -1):
        t = doc[i]
        if t.text in _FINAL or index.tok_quote[i] >= 0:
            break
        c = cues.get(i)
        if c is not None and _speech_cue(t, lex):
            return Candidate(content=[], cue=c.cue, cue_token=t, speaker_head=c.speaker_head, method=Method.adjacent)
    # "American academic and professor Jo Hale commented, “…”": a verb of saying with its subject right
    # before the quotation's comma or colon introduces it, whether or not the lexicon knows the subject
    # can speak (the cue rule asks that of a bare verb; the quotation marks are the evidence here)
    verb = doc[end_tok - 1] if end_tok > start_tok and doc[end_tok].text in {",", ":"} else None
    if verb is not None and verb.pos_ == "VERB" and index.tok_quote[verb.i] < 0 and _speech_cue(verb, lex):
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is not None and index.tok_quote[subject.i] < 0 and subject.pos_ in {"NOUN", "PROPN"}:
            cue = (verb.idx, verb.idx + len(verb.text))
            return Candidate(content=[], cue=cue, cue_token=verb, speaker_head=subject, method=Method.adjacent)
    return None


def _trailing_attribution(q: Quote, line, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "“…” — Commissioner Jane Roe": a dash and a name closing the line, or making the next line when
    the quotation is its line's whole text (a quotation set as a block, signed below)."""
    body, doc = index.body, index.doc
    rest = body[q.outer_end : line[1]]
    if not rest.strip(" .") and not body[line[0] : q.outer_start].strip():
        signed = _signature_line_after(line, index)
        if signed is not None:
            line = signed
            rest = body[line[0] : line[1]]
    stripped = rest.lstrip()
    dash = next((d for d in sorted(lex.dashes, key=len, reverse=True) if stripped.startswith(d)), None)
    if dash is None:
        return None
    dash_at = line[1] - len(rest) + (len(rest) - len(stripped))
    name = stripped[len(dash) :].strip()
    if not name or not name[0].isupper() or _words(name) > 12:
        return None
    first = index.token_at(dash_at + len(dash))
    while first < len(doc) and doc[first].is_space or first < len(doc) and doc[first].text in lex.dashes:
        first += 1
    tokens = [t for t in doc[first : index.token_at(line[1] - 1) + 1] if not t.is_punct]
    if not tokens:
        return None
    head = next((t for t in tokens if t.head.i < tokens[0].i or t.head.i > tokens[-1].i or t.head.i == t.i), tokens[-1])
    return Candidate(content=[], cue=(dash_at, dash_at + len(dash)), speaker_head=head, method=Method.trailing)


def _signature_line_after(line, index: _DocIndex):
    """The next line with text after ``line`` (blank lines between), when it is short enough to be a
    signature ("― Mayor Carla Diaz", "- Sanders."); else None."""
    li = index.line_of(line[0]) + 1
    while li < len(index.lines) and not index.body[index.lines[li][0] : index.lines[li][1]].strip():
        li += 1
    if li >= len(index.lines):
        return None
    nxt = index.lines[li]
    text = index.body[nxt[0] : nxt[1]].strip(" .")
    if text[-1:] in "-–—―":
        return None  # "– Ready to quiz Trump –": a subheading set between dashes, not a signature
    return nxt if _words(text) <= 13 else None


def _lead_in(q: Quote, line, index: _DocIndex) -> Optional[Candidate]:
    """ "Commissioner Jane Roe: “…”": a short name and a colon opening the line."""
    body, doc = index.body, index.doc
    lead = body[line[0] : q.outer_start].rstrip()
    if not lead.endswith(":") or _words(lead) > 8 or not lead[:1].isupper():
        return None
    colon = line[0] + len(lead) - 1
    tokens = [t for t in doc[index.token_at(line[0]) : index.token_at(colon)] if not t.is_punct]
    if not tokens or not any(t.pos_ in {"PROPN", "NOUN"} for t in tokens):
        return None
    head = next((t for t in tokens if t.head.i < tokens[0].i or t.head.i > tokens[-1].i or t.head.i == t.i), tokens[-1])
    return Candidate(content=[], cue=(colon, colon + 1), speaker_head=head, method=Method.lead)


# What a cue verb may hold besides its subject in a sentence that only introduces a quotation
# ("Iowa's Dana Bryce agreed.", "The mayor said in a statement."): anything else is content of its own.
_INTRO_ONLY_DEPS = frozenset({"nsubj", "advmod", "prep", "npadvmod", "punct", "aux", "neg", "cc", "compound", "prt"})


def _lead_sentence(q: Quote, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """A quotation right after a whole sentence of the writer's that introduces it: one ending in a colon
    ("Senator Roe had a blunt message for donors: “…”", "As the chief put it: “…”"), or a cue verb with
    nothing to report of its own ("Iowa's Dana Bryce agreed. “…”", "The mayor said in a statement. “…”").
    The quotation is that sentence's subject's, not a continuation of whoever spoke before it."""
    doc = index.doc
    i = index.token_at(q.outer_start) - 1
    while i >= 0 and (doc[i].is_space or doc[i].idx >= q.outer_start):
        i -= 1
    if i < 0 or doc[i].text not in {":", "."}:
        return None
    # the lead runs from its sentence's start to the colon or full stop; the parser often keeps a
    # quotation after a colon in the same sentence, so only the words before it are read
    lead = doc[doc[i].sent.start : i + 1]
    if len(lead) > 40 or any(index.tok_quote[t.i] >= 0 or t.text in _QUOTE_CHARS for t in lead):
        return None
    j = lead.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j >= 0 and (index.tok_quote[j] >= 0 or doc[j].text in _QUOTE_CHARS):
        return None  # "“A?” Trump asked. “B.”": the tail of a quoted sentence, which B goes on with
    root = next((t for t in lead if not lead.start <= t.head.i < lead.end or t.head.i == t.i), lead[0])
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if root.pos_ not in {"VERB", "AUX"} or subject is None or subject.lower_ in lex.lead_sentence_non_sources:
        return None
    if not _animate(subject, lex):
        return None
    if doc[i].text == ".":
        if not _speech_cue(root, lex):
            return None
        if any(c.dep_ not in _INTRO_ONLY_DEPS for c in root.children):
            return None
    # the verb is the cue of "X agreed."; the colon, of a sentence that only leads in; the act is the
    # quotation's own (speech), whatever the verb reports elsewhere ("agreed", "had a message")
    cue = (root.idx, root.idx + len(root.text)) if doc[i].text == "." else (doc[i].idx, doc[i].idx + 1)
    return Candidate(content=[], cue=cue, speaker_head=subject, method=Method.lead)


def _after_short_lead(q: Quote, line, index: _DocIndex, max_words: int = 8) -> bool:
    """A whole quoted sentence of four words or more after a short lead-in that opens the sentence
    ("Now, “…”", "Unless rivals quit, “…”"): not a scare quote or a title inside the writer's words."""
    body = index.body
    before = body[line[0] : q.outer_start]
    lead = re.split(r"[.!?][”\"'’]?\s", before)[-1]
    inner = body[q.start : q.end].rstrip()
    after = body[q.outer_end : line[1]].lstrip()[:1]
    ends_sentence = inner[-1:] in _FINAL or after in _FINAL or not after
    return ends_sentence and _words(lead) <= max_words and _words(inner) >= 4 and lead.rstrip().endswith(",")


def _opens_sentence(q: Quote, line, index: _DocIndex) -> bool:
    before = index.body[line[0] : q.outer_start].rstrip()
    return not before or before[-1] in ".!?”\"'’:"


def _quoted_statement_before(
    q: Quote, prev: Candidate, cands: list[Candidate], index: _DocIndex
) -> Optional[Candidate]:
    """The quotation that a cue-less quotation ``q`` further in the same line goes on with.

    That is ``prev`` (the statement just before) when it ends inside a quotation; or else the last
    quoted statement of the line by the same speaker, when all ``prev`` adds is an aside of
    that speaker ("“A,” said X, adding that … “B.”", "… X, who supports the deal. “B.”").
    """
    li = index.line_of(q.start)
    if prev.method == Method.block or index.line_of(prev.content[-1][1] - 1) != li:
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
            and index.line_of(c.content[0][0]) == li
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
    a, b = (
        t.head.head
        if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "relcl" and t.tag_ in {"WP", "WDT", "WP$"}
        else t
        for t in (a, b)
    )
    return a.i == b.i


def _previous_statement(q: Quote, cands: list[Candidate], index: _DocIndex) -> Optional[Candidate]:
    """The statement a cue-less quotation continues: the last one ending in this or the previous line."""
    p = index.line_of(q.start)
    best = None
    for c in cands:
        end = c.content[-1][1]
        if end <= q.start and index.line_of(end - 1) >= p - 1 and c.speaker_head is not None:
            if best is None or end > best.content[-1][1]:
                best = c
    return best


def _blocks(candidates, cues: dict[int, Candidate], index: _DocIndex) -> list[Candidate]:
    body = index.body
    out = []
    for li, (ls, le) in enumerate(index.lines[:-1]):
        if body[le - 1] != ":":
            continue
        # the cue nearest the colon, outside quotations
        cue = None
        for ti in range(index.token_at(le - 1), index.token_at(ls) - 1, -1):
            if ti in cues:
                cue = cues[ti]
                break
            if index.doc[ti].text in _FINAL and index.doc[ti].idx < le - 1:
                break
        if cue is None:
            continue
        ns, ne = index.lines[li + 1]
        if body[ns] in "“\"«„'‘`":
            continue  # a quotation: handled as a direct quote next to its cue
        speaker = cue.speaker_head
        out.append(
            Candidate(
                content=[(ns, ne)],
                cue=cue.cue,
                cue_token=cue.cue_token,
                speaker_head=speaker,
                method=Method.block,
                block=True,
                exclude=set(range(index.token_at(ns), index.token_at(ne - 1) + 1)),
            )
        )
    return out
