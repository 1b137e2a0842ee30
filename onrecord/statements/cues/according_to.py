"""Cue rules of the "according to" family: "according to X", "In the poll, …" / "by the survey", and
"…, records show." read as one noun."""

from __future__ import annotations

from typing import Optional

from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.cues.common import _animate, _token_range
from onrecord.statements.cues.polls import opens_with_poll_of_share
from onrecord.statements.cues.registry import token_rule
from onrecord.statements.index import _FINAL, _DocIndex
from onrecord.statements.lexicon import Lexicon, lexicon


@token_rule(
    "poll",
    order=10,
    method=Method.according,
    matches=lambda tok, lex: tok.lower_ in {"in", "by"} and tok.pos_ == "ADP" and _phrase_end(tok) is None,
)
def _in_a_poll(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "In the poll, Trump led by two points": a sentence-initial finding attributed to its study."""
    doc = tok.doc
    line_start = index.lines[index.line_of(tok.idx)][0]
    before = tok.i - 1
    while before >= 0 and doc[before].is_space:
        before -= 1  # "… Trump.  In the poll, …": the double space after a sentence is a token
    if before >= 0 and doc[before].idx >= line_start and doc[before].text not in _FINAL:
        return None
    obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lemma_.lower() not in lex.finding_nouns:
        return None
    comma = obj.right_edge.i + 1
    while comma < len(doc) and doc[comma].ent_type_ in {"DATE", "TIME"} and doc[comma].dep_ != "nsubj":
        comma += 1  # "In a Ledger poll last month, …": the date the parser hung on the verb, not the poll
    if comma >= len(doc) or doc[comma].text != ",":
        return None
    line_end = index.lines[index.line_of(tok.idx)][1]
    last = comma
    while last + 1 < len(doc) and doc[last + 1].idx < line_end and doc[last + 1].text not in _FINAL:
        last += 1
        t = doc[last]
        if (
            t.pos_ == "VERB"
            and lex.is_cue_lemma(t.lemma_.lower())
            and index.tok_quote[last] < 0
            and not _inside_the_finding(t, tok)
            and not any(opens_with_poll_of_share(v, lex) for v in (t, *t.ancestors) if v.pos_ == "VERB")
        ):
            return None  # "In a statement, the company said …": the verb is the cue
    if last <= comma:
        return None
    content = index.trim(*_token_range(doc, comma + 1, last))
    return Candidate(
        content=[content],
        cue=(tok.idx, obj.idx + len(obj.text)),
        cue_token=None,
        speaker_head=obj,
        method=Method.according,
    )


def _inside_the_finding(verb, prep) -> bool:
    """Whether cue verb ``verb`` after "In the poll," is part of the finding rather than its cue: "71 percent
    of voters approved of the plan" read as a participle of the noun, or "voters were unhappy and worried
    about …", a verb coordinated with the one the phrase hangs on ("In a study, economists raised doubts
    that firms believe …" keeps "believe" as a cue: the study is not what said it)."""
    return verb.dep_ == "acl" or (verb.dep_ == "conj" and verb.head == prep.head and verb.head != verb)


def _phrase_end(tok) -> Optional[int]:
    """The index of the last word of a source phrase that starts at ``tok`` ("according to", "in the
    words of": ``source_phrases`` in ``data/cues.json``), else None."""
    lex = lexicon()
    if tok.lower_ not in lex.source_phrase_firsts:  # the cue loop asks this of every candidate word
        return None
    doc = tok.doc
    for phrase in lex.source_phrases:
        if tok.i + len(phrase) <= len(doc) and all(doc[tok.i + k].lower_ == w for k, w in enumerate(phrase)):
            return tok.i + len(phrase) - 1
    return None


@token_rule(
    "according_to",
    order=20,
    method=Method.according,
    matches=lambda tok, lex: _phrase_end(tok) is not None,
)
def _according_to(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "According to X, …" / "…, according to X." / "…, according to X, …".

    Read from the text rather than the tree: the parser often makes "According" the root of the
    sentence. The content is the rest of the sentence on either side of "according to X".
    """
    doc = tok.doc
    to = doc[_phrase_end(tok) or tok.i + 1]
    line_start, line_end = index.lines[index.line_of(tok.idx)]
    first = tok.i
    while first > 0 and doc[first - 1].idx >= line_start and doc[first - 1].text not in _FINAL:
        first -= 1
    last = to.i
    while last + 1 < len(doc) and doc[last + 1].idx < line_end and doc[last + 1].text not in _FINAL:
        last += 1
    src_end = to.i + 1
    while src_end <= last and doc[src_end].text not in {",", ";", "—", "–"}:
        src_end += 1
    if src_end <= last and doc[src_end].text == ",":
        # "according to the prosecutor, Mark Tedeschi, …": a name set off by commas after the source
        # is its apposition, not the start of the content
        nxt = src_end + 1
        while nxt <= last and nxt - src_end <= 5 and (doc[nxt].pos_ == "PROPN" or doc[nxt].text == "."):
            nxt += 1
        if src_end + 1 < nxt <= last and doc[nxt].text == ",":
            src_end = nxt
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    name_run = False
    if pobj is None and src_end > last:
        # "According to Rathbun the property was returned …": no comma, and the parser took the
        # name for a verb whose object is the content's subject. The source is the run of
        # capitalised words after "to"; the content starts at the first word after it.
        run = to.i + 1
        while run <= last and doc[run].text[:1].isupper() and not doc[run].is_punct:
            run += 1
        if to.i + 1 < run <= last and any(t.pos_ in {"VERB", "AUX"} for t in doc[run : last + 1]):
            src_end, name_run = run, True
    if pobj is not None and pobj.right_edge.i + 1 < src_end:
        between = doc[pobj.right_edge.i + 1 : src_end]
        if any(t.pos_ in {"VERB", "AUX"} for t in between):
            # "According to the ministry over 300 pilgrims died …, Mecca": no comma closes the source;
            # its noun phrase does, and the clause after it is the content
            src_end = pobj.right_edge.i + 1
    source_tokens = [t for t in doc[to.i + 1 : src_end] if not (t.is_punct or t.is_space)]
    if not source_tokens:
        return None
    span_lo, span_hi = source_tokens[0].i, source_tokens[-1].i
    source = next(
        (t for t in source_tokens if not span_lo <= t.head.i <= span_hi or t.head.i == t.i), source_tokens[-1]
    )
    # a run of capitalised words after the phrase is a name, whatever the tagger made of it
    name_run = name_run or all(t.text[:1].isupper() for t in source_tokens)
    # "according to him": a pronoun in the object case stands for its source as well as "he" does
    object_pronoun = source.tag_ == "PRP" and lex.pronouns.get(source.lower_, ("thing",))[0] in {"person", "any"}
    if (
        not (name_run or object_pronoun or _animate(source, lex) or source.pos_ in {"NOUN", "PROPN"})
        or source.lemma_.lower() in lex.not_sources
    ):
        return None  # "according to the worst possible scenario", "according to plan" name no source
    out = []
    after = src_end + 1 if src_end <= last and doc[src_end].is_punct else src_end
    joined = tok.i > first and (doc[tok.i - 1].dep_ == "cc" or doc[tok.i - 1].lower_ == "that") and after <= last
    if first < tok.i and not joined:
        # (not "…, and according to X, …" nor "The paper has learned that according to X, …": the words
        # before the conjunction or complementizer are the writer's own, or another attribution's)
        out.append(_token_range(doc, first, tok.i - 1))
    if after <= last:
        out.append(_token_range(doc, after, last))
    out = [r for r in (index.trim(*r) for r in out) if r[1] - r[0] > 1]
    if not out:
        return None
    cue = (tok.idx, to.idx + len(to.text))
    return Candidate(content=out, cue=cue, cue_token=tok, speaker_head=source, method=Method.according)


def _records_show(tok, lex: Lexicon) -> bool:
    """ "…, campaign finance records show.": "show" the tagger read as a noun compounded with the plural
    document noun before it (``finding_verbs_read_as_nouns``), ending its clause."""
    if tok.pos_ != "NOUN" or tok.lower_ not in lex.finding_verbs_read_as_nouns or tok.i == 0:
        return False
    doc = tok.doc
    source = doc[tok.i - 1]
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return (
        source.tag_ in {"NNS", "NNPS"}
        and (source.lower_ in lex.document_nouns or source.lemma_.lower() in lex.document_nouns)
        and (after is None or after.text in {".", ",", ";"} or after.is_space)
    )


@token_rule("records_show", order=22, method=Method.according, matches=_records_show)
def _trailing_records_show(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "He sold the plane in 2010, records show." with "records show" read as one noun ("a records
    show"): the clause before the comma is what the records show, as in "…, according to records"."""
    doc = tok.doc
    line_start = index.lines[index.line_of(tok.idx)][0]
    comma = tok.i - 1
    while comma > 0 and tok.i - comma <= 8 and doc[comma].text != "," and not doc[comma].is_punct:
        comma -= 1  # back over the noun phrase: "campaign and corporate records", "F.A.A. records"
    if comma <= 0 or doc[comma].text != "," or doc[comma].idx < line_start:
        return None
    first = comma
    while first > 0 and doc[first - 1].idx >= line_start and doc[first - 1].text not in _FINAL:
        first -= 1
    if first >= comma or index.tok_quote[first] >= 0:
        return None
    content = index.trim(*_token_range(doc, first, comma - 1))
    if content[1] - content[0] < 2:
        return None
    return Candidate(
        content=[content],
        cue=(tok.idx, tok.idx + len(tok.text)),
        cue_token=tok,
        speaker_head=doc[tok.i - 1],
        method=Method.according,
    )
