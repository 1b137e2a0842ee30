"""Nested attributions (issue 10, class 5): an inner cue inside the content of an outer one.

"The Herald reported that, according to an analysis of the ledgers, most of the money went to donors",
"The aides cast the win as a sign that her plan — what her team calls her “open doors” agenda — was
working": the inner cue ("according to", "calls") sits in the outer cue's complement, and the rules that
read an inner cue from the text on both of its sides ("according to X" takes the rest of the sentence;
a parenthetical takes what stands before and after it) run back over the outer attribution itself. The
inner statement then holds the outer cue and its speaker, and, being as long as the outer statement, the
outer one is dropped as its duplicate: the sentence is given to the inner speaker.

The parse says which is which: the outer cue governs the inner one (the inner cue is in its subtree),
never the other way round. What an inner statement reports lies inside what the outer one reports, so
its content is clipped to the outer content; the outer statement keeps its own span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.statements.candidate import Candidate
    from onrecord.statements.index import _DocIndex


def clip_nested(candidates: list[Candidate], index: _DocIndex) -> list[Candidate]:
    """``candidates`` with every inner statement that swallowed its outer cue clipped to the outer
    content (see the module doc); an inner statement with nothing left inside goes."""
    with_cue = [c for c in candidates if c.cue_token is not None and c.content and c.cue is not None]
    dropped: set[int] = set()
    for inner in with_cue:
        for outer in with_cue:
            if outer is inner or not _swallows(inner, outer):
                continue
            clipped = _clip(inner.content, outer.content, index)
            if not clipped:
                dropped.add(id(inner))
                break
            inner.content = clipped
            inner.inside = outer
            t0, t1 = index.token_at(clipped[0][0]), index.token_at(clipped[-1][1] - 1)
            inner.exclude = set(range(t0, t1 + 1))
    return [c for c in candidates if id(c) not in dropped]


def _swallows(inner: Candidate, outer: Candidate) -> bool:
    """Whether ``inner``'s content holds ``outer``'s cue while ``outer``'s cue governs ``inner``'s."""
    assert inner.cue_token is not None and outer.cue_token is not None
    assert inner.cue is not None and outer.cue is not None
    # the character test first: it rules out almost every pair of a document without walking the tree
    lo, hi = outer.cue
    if not any(s <= lo and hi <= e for s, e in inner.content):
        return False
    if inner.cue_token.head.i == outer.cue_token.i or not outer.cue_token.is_ancestor(inner.cue_token):
        # (a cue hung on the outer verb itself is a sentence adverbial or an aside the parser attached
        # there: "X favored Y by 20 points, according to polling, even as …" reports the whole sentence)
        return False
    # the outer content must hold the inner cue and what the inner cue reports after it: "…, according
    # to three polls" closing the sentence reports the whole of it, whatever the parser hung it on
    at = inner.cue[1]
    if not any(s <= inner.cue[0] < e for s, e in outer.content):
        return False
    return any(s >= at and any(os_ <= s < oe for os_, oe in outer.content) for s, _ in inner.content)


def _clip(pieces: list[tuple[int, int]], within: list[tuple[int, int]], index: _DocIndex) -> list[tuple[int, int]]:
    """The parts of ``pieces`` inside ``within``, trimmed, each longer than one character."""
    out = []
    for s, e in pieces:
        for ws, we in within:
            lo, hi = max(s, ws), min(e, we)
            if hi > lo:
                lo, hi = index.trim(lo, hi)
                if hi - lo > 1:
                    out.append((lo, hi))
    return out
