"""Naming and characterising verbs ("called the plan “a gift”", "which critics describe as a giveaway"):
their content where the parser folds the object and its predicate together, hangs the predicate
elsewhere, or reads the verb as a participle of the noun before it.
"""

from __future__ import annotations

from typing import Optional

from onrecord.statements.cues.common import _token_range
from onrecord.statements.index import _FINAL, _QUOTE_CHARS, _DocIndex
from onrecord.statements.lexicon import Lexicon


def _named_without_object(tok, lemma: str, lex: Lexicon, children, index: _DocIndex) -> list[tuple[int, int]]:
    """A naming verb ("call", "describe") whose object is not after it: "what aide Mara Quist called
    “the start of a new era”", "one he calls “Confident Harbor”" report the name given; "called the
    firm's chief executive, Jo Park, “incredibly driven”", parsed as two complements, reports both;
    "called the mayor “Little Lou”", parsed as one complement, reports the object with its quoted
    predicate."""
    if lemma not in lex.object_needs_complement:
        return []
    complements = [c for c in children if c.i > tok.i and c.dep_ in {"oprd", "xcomp", "attr", "ccomp"}]
    if not complements:
        return []
    doc = tok.doc
    if len(complements) == 1 and (quoted := quoted_predicate_after_object(tok, complements[0], index)) is not None:
        start, end = _token_range(doc, complements[0].left_edge.i, complements[0].right_edge.i)
        return [(start, max(end, quoted))]
    object_before = any(c.dep_ == "dobj" and c.i < tok.i for c in children) or (
        tok.dep_ in {"relcl", "acl"} and not misread_as_reduced_relative(tok, lex)
    )
    if not object_before and len(complements) < 2:
        return []
    return [_token_range(doc, complements[0].left_edge.i, complements[-1].right_edge.i)]


def relative_object_as(tok, children) -> list[tuple[int, int]]:
    """ "the marchers, whom he described as “peaceful”", "Florida, which he describes as his second
    home": the object is the relative pronoun before the cue, and what it was described as follows."""
    if tok.dep_ != "relcl" or not any(c.dep_ == "dobj" and c.i < tok.i and c.tag_ in {"WDT", "WP"} for c in children):
        return []
    if not any(c.dep_ == "nsubj" and c.i < tok.i for c in children):
        return []
    prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i > tok.i), None)
    if prep is None or prep.right_edge.i == prep.i:
        return []
    return [_token_range(tok.doc, prep.i + 1, prep.right_edge.i)]


def misread_as_reduced_relative(tok, lex: Lexicon) -> bool:
    """ "One senator called the plan “a gift to lobbyists.”", "Jo Park, a council ally, on Monday called
    the budget “reckless.”": the parser reads the naming verb as a participle or a relative clause
    describing the noun before it ("a town called Hope") and leaves the sentence with no verb at all.
    With no verb above it, the participle is the sentence's own verb, and the noun its subject."""
    if tok.dep_ not in {"acl", "relcl"} or tok.tag_ not in {"VBN", "VBD"}:
        return False
    if tok.lemma_.lower() not in lex.object_needs_complement or tok.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} or c.tag_ in {"WDT", "WP"} for c in tok.children if c.i < tok.i):
        return False  # "the plan that she called …", "what he called …": a relative clause after all
    doc = tok.doc
    cur = tok.head
    while True:
        if (
            cur.left_edge.i > 0
            and doc[cur.left_edge.i - 1].text == ";"
            and cur.dep_ in {"appos", "conj", "dep", "npadvmod"}
        ):
            return True  # "… ban Trump; one lawmaker called Trump “…”": a clause of its own after the semicolon
        if cur.pos_ in {"VERB", "AUX"}:
            return False
        if cur.head.i == cur.i:
            return True
        cur = cur.head


def quoted_predicate_after_object(tok, complement, index: _DocIndex) -> Optional[int]:
    """ "called the mayor “Little Lou”", "called the city's schools “strong.”": the parser folds the
    object and its quoted predicate into one complement (or leaves the quotation outside it). When a
    quotation opens inside the complement, or just after it, and an unquoted noun or pronoun stands
    right before its opening mark, the words before are the object and the quotation is what it was
    called. Returns the end char of that quotation; None for any other complement ("a group called the
    “Open Door Fund”": only a determiner before the mark, so the quotation is a name, not a predicate)."""
    doc = tok.doc
    left, right = complement.left_edge.i, complement.right_edge.i
    if left <= tok.i:
        return None
    # the quotation may open right after the complement ("standards “strong.”" with "strong" hung
    # elsewhere), with only its opening mark between, or its own article ("report a “rush to
    # judgment”"): after a full stop it is the next sentence's
    limit = right + 1
    article = limit < len(doc) and doc[limit].lower_ in {"a", "an"} and index.tok_quote[limit] < 0
    limit += article
    while limit + 1 < len(doc) and set(doc[limit].text) <= _QUOTE_CHARS and index.tok_quote[limit] < 0:
        limit += 1
    for i in range(left + 1, min(limit, len(doc) - 1) + 1):
        q = index.tok_quote[i]
        if q < 0:
            continue
        before = i - 1
        while before >= left and doc[before].is_punct and index.tok_quote[before] < 0:
            before -= 1
        if article and before == right + 1:
            before -= 1  # the predicate's article, after the object
        if before < left or index.tok_quote[before] >= 0 or doc[before].pos_ not in {"NOUN", "PROPN", "PRON"}:
            return None
        return index.quotes[q].end
    return None


def _quotation_closing_clause(end: int, index: _DocIndex) -> Optional[int]:
    """The end of a quotation that opens right after char ``end`` (past a comma) and closes its sentence
    ("calling him, among other things, “a failed candidate.”": the predicate the parser hung elsewhere)."""
    body = index.body
    i = end
    while i < len(body) and (body[i].isspace() or body[i] in ",—–"):
        i += 1
    q = index.quote_at(i + 1) if i < len(body) and body[i] in _QUOTE_CHARS else None
    if q is None or q.outer_start != i:
        return None
    after = q.outer_end
    while after < len(body) and body[after] in _QUOTE_CHARS:
        after += 1
    closes = after >= len(body) or body[after] in _FINAL | {"\n"} or body[q.end - 1] in _FINAL
    return q.end if closes else None
