"""Speaker mentions as noun phrases of the parse: how far a mention and its description reach.

:func:`mention_span` grows the head of a source to the noun phrase a reader would quote ("A senior
American official"), leaving out relative clauses and appositions; :func:`description_span` keeps the
relative clauses ("a homeless man who goes by …"). Used by :mod:`onrecord.statements.speakers` and the
statement pass.
"""

from __future__ import annotations

from onrecord.statements.lexicon import lexicon

_CUT_RIGHT = {"relcl", "acl", "appos", "punct", "advcl", "parataxis", "ccomp", "dep"}
_MENTION_STOPS = {":", "—", "–", "--", "-"}  # a label or a dateline ends before these ("LONDON (Reuters) - …")


def mention_span(head) -> tuple[int, int]:
    """Token range ``[start, end)`` of the noun phrase headed by ``head``, without clauses and appositions."""
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if (
            child.dep_ in _CUT_RIGHT or head.pos_ == "VERB"
        ):  # a name the parser took for a verb: its "object" is not the name's
            break
        end = child.right_edge.i + 1
    doc = head.doc
    # A relative clause is never part of the name, wherever the parser attached it ("a senior
    # official in the finance department, who asked not to be named, …" hangs it on "department").
    for i in range(head.i + 1, end):
        if doc[i].dep_ == "relcl":
            end = doc[i].left_edge.i
            break
    # The parser does not know lines: never let a mention run over a line break, nor back
    # over a label's colon or a dateline's dash ("FED TALK: Governor Lisa Moor said").
    for i in range(head.i - 1, start - 1, -1):
        if "\n" in doc[i].text or (doc[i].text in _MENTION_STOPS and doc[i].whitespace_):  # not "Twenty-seven"
            start = i + 1
            break
    for i in range(head.i + 1, end):
        if "\n" in doc[i].text:
            end = i
            break
    start = _title_before_name(head, start)
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "case"):
        if doc[end - 1].dep_ == "case" and doc[end - 1].head.i < end - 1:
            break
        end -= 1
    return start, end


def description_span(head) -> tuple[int, int]:
    """Like :func:`mention_span` but keeping relative clauses: "a homeless man who goes by …"."""
    start, end = mention_span(head)
    for child in head.rights:
        if child.dep_ in {"relcl", "acl"}:
            end = max(end, child.right_edge.i + 1)
    doc = head.doc
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _title_before_name(head, start: int) -> int:
    """ "Malaysia's Prime Minister, Najib Razak said": the parser made the title a second subject of the
    cue (or hung it on the comma); it is the name's apposition, and the mention starts with it."""
    doc = head.doc
    if head.ent_type_ != "PERSON" or start < 2 or doc[start - 1].text != ",":
        return start
    title = doc[start - 2]
    if title.dep_ in {"pobj", "dobj", "attr", "conj", "appos"} or title.head.i == head.i:
        return start  # "a speech by the president, Ana Ruiz": the title belongs to another phrase
    if title.lower_ not in lexicon().titles and title.lemma_.lower() not in lexicon().person_nouns:
        return start
    if any("\n" in t.text or t.text in _MENTION_STOPS for t in doc[title.left_edge.i : start]):
        return start
    return title.left_edge.i


def name_after_title(head, appos, lex) -> bool:
    """Whether ``appos`` is a run of two or more capitalised proper nouns set right after ``head``, a
    noun naming a person (listed, or with one of ``person_noun_endings``), with no comma between:
    "CNN's chief correspondent Ana Brill" is a person's name whatever the NER made of "Brill"."""
    low, lemma = head.lower_, head.lemma_.lower()
    if low in lex.org_nouns or lemma in lex.org_nouns:
        return False
    if not (low in lex.person_nouns or lemma in lex.person_nouns or low.endswith(lex.person_noun_endings)):
        return False
    words = head.doc[appos.left_edge.i : appos.i + 1]
    return (
        appos.left_edge.i == head.i + 1
        and len(words) >= 2
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words)
    )


def tidy_text(doc, tokens) -> str:
    """Text of consecutive tokens with their original spacing."""
    if not tokens:
        return ""
    return doc[tokens[0].i : tokens[-1].i + 1].text
