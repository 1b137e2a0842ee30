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

from onrecord.statements.lexicon import lexicon

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


# How many words may stand between a quotation's closing mark and the cue that closes the attribution
# ("…,” she said", "…,” the mayor of the town said")
_TRAILING_SPEAKER_WORDS = 6


def clip_double_attribution(candidates: list[Candidate], index: _DocIndex) -> None:
    """ "Jones said the plan failed because “nobody paid for it,” she said": a sentence attributed twice,
    by a cue before a quotation and by one closing it. The closing cue reports the quotation; the
    parser hangs the whole sentence on it, outer cue and speaker included, so its content is clipped
    to the quotation (and whatever follows the cue)."""
    body = index.body
    introducers = [
        (c.cue[0], c.cue_token, c.speaker_head)
        for c in candidates
        if c.cue is not None and c.cue_token is not None and c.speaker_head is not None
    ]
    for cand in candidates:
        if cand.cue is None or cand.cue_token is None or not cand.content or cand.speaker_head is None:
            continue
        before = [q for q in index.quotes_overlapping(cand.content[0][0], cand.cue[0]) if q.outer_end <= cand.cue[0]]
        if not before:
            continue
        q = before[-1]
        between = body[q.outer_end : cand.cue[0]]
        if len(between.split()) > _TRAILING_SPEAKER_WORDS or any(ch in between for ch in '.,!?;\n“”"'):
            continue
        named = _introducing_subject(cand.cue_token, cand.speaker_head, q, index)
        if named is not None:
            cand.antecedent = named  # "Tyler said … Cruz has “…,” he said": he is Tyler, not Cruz
        start = cand.content[0][0]
        if start >= q.outer_start or any(ch in body[start : q.outer_start] for ch in ".!?\n"):
            continue
        if not any(
            start <= at < q.outer_start
            and _introduces(verb, cand.cue_token)
            and _same_source(subject, cand.speaker_head)
            for at, verb, subject in introducers
        ):
            # no other cue of the same source introduces the quotation: the sentence is this cue's alone
            # ("On Saturday, Ruiz made clear that “…,” Reuters reported" reports all of it)
            continue
        after = [(s, e) for s, e in cand.content if s >= cand.cue[1]]
        cand.content = [index.trim(q.start, q.end), *after]


_SAME_PERSON_PRONOUNS = {"he", "she", "they"}


def _same_source(first, second) -> bool:
    """Whether the subject ``second`` of a cue closing a quotation repeats ``first``, the subject of the
    cue that introduced it: the same word ("Ruiz said … “…,” Ruiz said") or a pronoun after a name."""
    if first.i == second.i or first.lower_ == second.lower_:
        return True
    return second.lower_ in _SAME_PERSON_PRONOUNS and first.pos_ in {"PROPN", "NOUN"}


def _introduces(verb, closing) -> bool:
    """Whether cue ``verb`` heads the sentence that cue ``closing`` closes: the sentence's root, or the
    clause the parser hung on the closing cue ("Ruiz said …, “…,” he said"), not a verb inside what
    was said ("Tyler said the campaign will highlight …, “…,” he said")."""
    return verb.dep_ == "ROOT" or verb.head.i == closing.i


def _introducing_subject(closing, pronoun, q, index: _DocIndex):
    """ "Tyler said the campaign will show that Cruz has “…,” he said": the name heading the sentence a
    pronoun's cue closes. The parser hangs the sentence's own cue on the closing one; its subject, not
    the last name before the pronoun, is who "he" is. None when the subject is no pronoun or no cue of
    the sentence has a named subject of its own."""
    if pronoun.lower_ not in _SAME_PERSON_PRONOUNS:
        return None
    lex = lexicon()
    for verb in closing.children:
        if verb.dep_ != "ccomp" or verb.idx >= q.outer_start or not lex.is_cue_lemma(verb.lemma_.lower()):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is not None and subject.pos_ == "PROPN" and index.tok_quote[subject.i] < 0:
            return subject
    return None
