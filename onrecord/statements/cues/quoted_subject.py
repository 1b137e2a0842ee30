"""The source of a cue verb whose parsed subject lies inside a quotation.

In '“That was a fine speech, Mr. President,” Rep. Ana Cole told Mr. Obama' the parser takes the
vocative "Mr. President", inside the quotation, for the subject of "told"; in '“We were wrong,” Ana
Cole, 58, told the Ledger' the quotation's own "We". A word inside the quotation is the quoted
speaker's, never the source, so the source is looked for outside it, in this order:

1. another subject of the same verb outside the quotation ('Kim Dale, star of “Scandal,” thanked …',
   where the show's title was taken for the nearer subject);
2. a name or noun in apposition to the quoted subject, outside the quotation ('“…, Mr. President,”
   Rep. Ana Cole told …');
3. the noun right after the cue, an inverted subject ('“…,” added a Tory MP') -- but never the one a
   verb of telling addresses ("told Mr. Obama", "telling the crowd"): the hearer is not the source;
4. the name or noun right before the cue ('“…,” Ana Cole, 58, told the Ledger');
5. for a participle after a comma ('Ana Cole seemed ready to joke, telling the crowd, “…”'), the
   subject of the clause the participle follows, outside the quotation.

None when there is none of these.
"""

from __future__ import annotations

from onrecord.statements.cues.common import _animate, _subject
from onrecord.statements.cues.nouns import _nominal_left_of, _nominal_right_of
from onrecord.statements.cues.parenthetical import speaker_before_cue
from onrecord.statements.index import _DocIndex
from onrecord.statements.lexicon import Lexicon

_NOMINAL = {"NOUN", "PROPN"}
_HEARER_DEPS = {"dobj", "dative", "iobj"}


def source_outside_quotation(tok, subject, index: _DocIndex, lex: Lexicon):
    """The source of cue ``tok`` whose parsed ``subject`` is inside a quotation (see the module doc)."""
    outside = index.tok_quote
    siblings = [
        c for c in subject.head.children if c.dep_ == "nsubj" and c.i != subject.i and outside[c.i] < 0 and c.i < tok.i
    ]
    if siblings and _animate(siblings[-1], lex):
        return siblings[-1]
    for child in subject.children:
        if child.dep_ == "appos" and child.pos_ in _NOMINAL and outside[child.i] < 0 and _animate(child, lex):
            return child
    line_start, line_end = index.lines[index.line_of(tok.idx)]
    right = _nominal_right_of(tok, line_end, index)
    if right is not None and tok.lemma_.lower() in lex.hearer_verbs and right.dep_ in _HEARER_DEPS:
        right = None  # the one told
    if right is not None:
        return right
    left = speaker_before_cue(tok, index, lex) or _nominal_left_of(tok, line_start, index)
    if left is not None:
        return left
    return _subject_before_comma(tok, index, lex)


def _subject_before_comma(tok, index: _DocIndex, lex: Lexicon):
    """ "Ana Cole seemed ready to joke, telling the crowd, “…”": the subject of the verb before the
    comma that opens participle ``tok``, when it stands outside quotations and can speak."""
    doc = tok.doc
    if tok.tag_ != "VBG" or tok.i < 2 or doc[tok.i - 1].text != ",":
        return None
    start = tok.sent.start
    for i in range(tok.i - 2, start - 1, -1):
        if index.tok_quote[i] >= 0:
            return None
        verb = doc[i]
        if verb.pos_ in {"VERB", "AUX"}:
            # (the nearest verb with a subject: "seemed ready to joke" has it on "seemed")
            subject = _subject(verb)
            if subject is not None:
                return subject if index.tok_quote[subject.i] < 0 and _animate(subject, lex) else None
    return None
