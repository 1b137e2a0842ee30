"""Where reported content stops inside the clause the parser gave it (part of step 3 of
:mod:`onrecord.statements.extract`).

The parser often hangs a second attribution inside the first one's complement clause: "Republicans
said they are convinced the department erred *and Democrats accused* the GOP of …" (a coordinated
clause with a verb of saying and a subject of its own), or "said he did not believe it, *arguing*
that …" (a participle of saying). Each is a statement of its own; the first content ends before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from onrecord.statements.acts import SPEECH, act_table
from onrecord.statements.cues.common import second_report_of
from onrecord.statements.cues.frames import _own_attribution

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from onrecord.statements.index import _DocIndex
    from onrecord.statements.lexicon import Lexicon


def before_next_attribution(
    start: int, end: int, index: _DocIndex, lex: Lexicon
) -> tuple[tuple[int, int], Optional[Token]]:
    """``[start, end)`` cut before the first coordinated attribution or participle of saying in it, and
    the participle it was cut at, if that was one ("…, adding that …": a report of the same source)."""
    doc = index.doc
    lo, hi = index.token_at(start), index.token_at(end - 1)
    for i in range(lo + 2, hi + 1):
        t = doc[i]
        if index.tok_quote[i] >= 0 or t.pos_ != "VERB" or not lex.is_cue_lemma(t.lemma_.lower()):
            continue
        if t.dep_ == "conj" and t.lemma_.lower() in lex.strong:
            subject = next((c for c in t.children if c.dep_ == "nsubj" and c.i < t.i), None)
            if subject is None and doc[t.i - 1].pos_ == "CCONJ" and second_report_of(t, lex) is not None:
                cut = t.i - 1  # "says the answer was … and says he …": the first cue's second report
            elif subject is None or index.tok_quote[subject.i] >= 0:
                continue
            else:
                cut = subject.left_edge.i - 1
            if cut <= lo or doc[cut].pos_ != "CCONJ":
                continue
        elif (_own_attribution(t, lex) and t.lemma_.lower() in lex.strong) or _clause_of_its_own(t, index, lex):
            cut = t.left_edge.i - 1
            if cut <= lo or not _sets_off(doc[cut], lex):
                continue
        else:
            continue
        trimmed = index.trim(start, doc[cut].idx)
        if trimmed[1] - trimmed[0] > 1:
            return trimmed, (t if _own_attribution(t, lex) else None)
    return (start, end), None


def _clause_of_its_own(t, index: _DocIndex, lex: Lexicon) -> bool:
    """ "…, while Cruz said that …", "policies, which he said had harmed the economy": a verb of speech
    with a subject of its own heading a clause set off by a comma (an adverbial clause or a relative
    clause) is another attribution; the content before it is not part of it."""
    if t.dep_ not in {"advcl", "relcl"} or act_table().of_verb(t.lemma_.lower()) != SPEECH:
        return False
    subject = next((c for c in t.children if c.dep_ == "nsubj" and c.i < t.i), None)
    if subject is None or index.tok_quote[subject.i] >= 0 or subject.tag_ in {"WDT", "WP"}:
        return False  # ("an aide who said …": the relative pronoun is the speaker, the noun its antecedent)
    first = t.doc[t.left_edge.i]
    if t.dep_ == "relcl":
        return first.tag_ in {"WDT", "WP", "WP$"}  # "…, which he said …"
    return first.dep_ == "mark"  # "…, while Cruz said …"


def _sets_off(tok, lex: Lexicon) -> bool:
    """A comma, a dash, or a quotation closing on a comma (' “…,” adding …'): a clause after it is set off."""
    if tok.text == "," or tok.text in lex.dashes:
        return True
    return tok.text in {"”", "’", '"', "'", "''"} and tok.i > 0 and tok.doc[tok.i - 1].text == ","
