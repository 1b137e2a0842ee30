"""Where reported content stops inside the clause the parser gave it (part of step 3 of
:mod:`onrecord.statements.extract`).

The parser often hangs a second attribution inside the first one's complement clause: "Republicans
said they are convinced the department erred *and Democrats accused* the GOP of …" (a coordinated
clause with a verb of saying and a subject of its own), or "said he did not believe it, *arguing*
that …" (a participle of saying). Each is a statement of its own; the first content ends before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onrecord.statements.cues.common import second_report_of
from onrecord.statements.cues.frames import _own_attribution

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.statements.index import _DocIndex
    from onrecord.statements.lexicon import Lexicon


def before_next_attribution(start: int, end: int, index: _DocIndex, lex: Lexicon) -> tuple[int, int]:
    """``[start, end)`` cut before the first coordinated attribution or participle of saying in it."""
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
        elif _own_attribution(t, lex) and t.lemma_.lower() in lex.strong:
            cut = t.left_edge.i - 1
            if cut <= lo or doc[cut].text != ",":
                continue
        else:
            continue
        trimmed = index.trim(start, doc[cut].idx)
        if trimmed[1] - trimmed[0] > 1:
            return trimmed
    return start, end
