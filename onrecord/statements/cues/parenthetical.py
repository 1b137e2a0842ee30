"""Attributions set off by commas inside the sentence they report, read from the text where the parser
hung them elsewhere: "Though the move was smooth, he said, replacing her would be harder" and "The
difference now, he told me on Friday, is that …" report both sides of "<speaker> <cue>"; in "To grasp
the case, Judge Roberts said, one should visit …" the parser even made the name an apposition of the
noun before it, and the speaker is the name right before the cue.
"""

from __future__ import annotations

from typing import Optional

from onrecord.statements.cues.common import _animate, _token_range
from onrecord.statements.index import _FINAL, _DocIndex
from onrecord.statements.lexicon import Lexicon

_SET_OFF = {",", "—", "–"}
_DASHES = {"-", "--", "—", "–", "―"}
_LONGEST_ASIDE = 30  # tokens between the dashes of an aside
_ADJUNCTS = {"prep", "npadvmod", "advmod", "dobj", "dative", "pobj", "det", "compound", "amod", "nummod"}


def speaker_before_cue(tok, index: _DocIndex, lex: Lexicon):
    """The source of a finite cue verb the parser gave no subject: the name or pronoun right before it
    ("…, Judge Ana Roberts said, …"), or, past a comma, the head of the apposition that ends there
    ("Tom Molomby, SC, said …"). None when the word there cannot be a source."""
    if tok.tag_ not in {"VBD", "VBZ", "VBP"} or tok.i == 0:
        return None
    doc = tok.doc
    prev = doc[tok.i - 1]
    if prev.text in _DASHES:
        # "Mr. Bush - in a line aimed at his rival - declared …": past an aside set off by dashes, the
        # name before it
        prev = _before_dashed_aside(prev, index)
        if prev is None:
            return None
    if prev.is_punct:
        if prev.text != "," or tok.i < 2:
            return None
        last = doc[tok.i - 2]
        participle = _participle_set_off_before(last)
        if participle is not None:
            last = doc[participle.left_edge.i - 2]  # "…,” delegate Tom Hale, wearing a red hat, said"
        prev = last
        while prev.dep_ in {"pobj", "prep"} and prev.head.i < prev.i:
            prev = prev.head  # "Col. Ed Ames, a spokesman in Kabul, said": from "Kabul" up to "spokesman"
        if prev.dep_ != "appos":
            prev = last
        while (
            prev.dep_ == "appos"
            and prev.head.i < prev.i
            and prev.head.dep_ != "pobj"
            and index.tok_quote[prev.head.i] < 0
        ):
            # (not into a phrase the sentence opened with: "In a statement to the Herald, her adviser,
            # Jo Moss, said" is the adviser's, whatever the parser hung the apposition on; nor into the
            # quotation before the name: "“I back him,” Jo Moss, founder of the group, tells …")
            prev = prev.head
    if index.tok_quote[prev.i] >= 0 or prev.pos_ not in {"PROPN", "PRON", "NOUN"}:
        return None
    if prev.pos_ == "PROPN" and prev.ent_type_ not in {"PERSON", "ORG", "NORP", ""}:
        return None
    return prev if _animate(prev, lex) else None


def _before_dashed_aside(closing, index: _DocIndex):
    """The word before the dash that opens the aside ``closing`` ends, in the same sentence and line and
    outside quotations; None when there is no such dash or the aside is long enough to be a sentence."""
    doc = closing.doc
    line_start = index.lines[index.line_of(closing.idx)][0]
    i = closing.i - 1
    while i > 0 and closing.i - i <= _LONGEST_ASIDE and doc[i].idx >= line_start:
        word = doc[i]
        if word.text in _FINAL or index.tok_quote[i] >= 0:
            return None
        if word.text in _DASHES:
            if i == closing.i - 1 or doc[i - 1].idx < line_start:
                return None
            return doc[i - 1]
        i -= 1
    return None


def _participle_set_off_before(last):
    """The participle heading the phrase that ends at ``last`` when commas set it off ("…, wearing a
    red hat and pins"), else None."""
    phrase = last
    while phrase.tag_ != "VBG" and phrase.head.i < phrase.i:
        phrase = phrase.head  # from "pins" up through "hat" to "wearing"
    start = phrase.left_edge.i
    if phrase.tag_ != "VBG" or start < 2 or phrase.doc[start - 1].text != ",":
        return None
    return phrase


def opens_its_sentence(tok) -> bool:
    """Whether only quotation marks stand between ``tok`` and the start of its sentence or line."""
    doc = tok.doc
    i = tok.i - 1
    while i >= 0 and doc[i].is_quote:
        i -= 1
    return i < 0 or doc[i].text in _FINAL or doc[i].is_space or "\n" in doc[i].text


def _sentence_bounds(tok, index: _DocIndex) -> tuple[int, int]:
    """First and last token of ``tok``'s sentence in its line (by final punctuation, not the parser)."""
    doc = tok.doc
    line_start, line_end = index.lines[index.line_of(tok.idx)]
    first = tok.i
    while first > 0 and doc[first - 1].idx >= line_start and doc[first - 1].text not in _FINAL:
        first -= 1
    last = tok.i
    while last + 1 < len(doc) and doc[last + 1].idx < line_end and doc[last + 1].text not in _FINAL:
        last += 1
    return first, last


def both_sides_of_parenthetical(tok, speaker, index: _DocIndex) -> Optional[list[tuple[int, int]]]:
    """ "A, <speaker> <cue> [to whom, when, where], B.": the content is A and B. None when the
    attribution is not set off by commas on both sides inside its sentence, or a side is empty."""
    if speaker is None or speaker.i > tok.i or index.tok_quote[speaker.i] >= 0:
        return None
    doc = tok.doc
    first, last = _sentence_bounds(tok, index)
    lo = speaker.left_edge.i
    if lo - 1 <= first or doc[lo - 1].text not in _SET_OFF:
        return None
    # the cue's own words after it ("told me on Friday", "said in a June report"), up to the comma
    hi = tok.i
    while hi + 1 <= last and doc[hi + 1].text not in _SET_OFF:
        nxt = doc[hi + 1]
        if nxt.dep_ not in _ADJUNCTS or not any(a.i == tok.i for a in nxt.ancestors):
            return None
        hi += 1
    if hi + 1 >= last or doc[hi + 1].text not in _SET_OFF:
        return None
    if any(index.tok_quote[i] >= 0 for i in range(first, last + 1)):
        return None  # quotations have their own rules ("…, he said, “…”")
    if doc[first].pos_ in {"ADP", "ADV", "SCONJ"} and not any(t.pos_ in {"VERB", "AUX"} for t in doc[first : lo - 1]):
        if doc[first].lower_ not in {"though", "although"}:
            return None  # "On Friday, he said, the plan …": the words before are the saying's circumstances
    before = _token_range(doc, first, lo - 2)
    after = _token_range(doc, hi + 2, last)
    if before[1] - before[0] < 3 or after[1] - after[0] < 3:
        return None
    return [before, after]


def source_after_inverted_cue(tok, subject, index: _DocIndex, lex: Lexicon):
    """ "The contrast with Reed, said Tom Hale, would be clear …", "And Reed, said Ann Lee, who knows him,
    doesn't forgive …": an inverted cue set off after the subject of what was said. The parser makes that
    subject the cue's and the name after the cue the subject of the clause. Returns (the name, the two
    sides of what was said around "said Ann Lee, …,"), or None."""
    doc = tok.doc
    if subject is None or subject.i >= tok.i or tok.i < 1 or doc[tok.i - 1].text != "," or tok.i + 1 >= len(doc):
        return None
    for clause in tok.children:
        if clause.dep_ != "ccomp" or clause.i <= tok.i:
            continue
        name = next((c for c in clause.children if c.dep_ == "nsubj" and c.left_edge.i == tok.i + 1), None)
        if name is None:
            return None
        comma = name.right_edge.i if name.right_edge.text == "," else name.right_edge.i + 1
        if comma + 1 > clause.right_edge.i or doc[comma].text != "," or index.tok_quote[name.i] >= 0:
            return None
        if name.pos_ not in {"PROPN", "NOUN"} or not _animate(name, lex) or name.ent_type_ in {"GPE", "DATE"}:
            return None
        if name.lemma_.lower() in lex.document_nouns or doc[tok.i + 1].tag_ == "PRP$":
            return None  # "…, said their stump speeches would …": what was said, not who said it
        last = clause.right_edge
        while last.i > comma + 1 and last.is_punct:
            last = doc[last.i - 1]
        left = (subject.left_edge.idx, doc[tok.i - 2].idx + len(doc[tok.i - 2].text))
        right = (doc[comma + 1].idx, last.idx + len(last.text))
        return name, [left, right]
    return None


_APPOSED_DETERMINERS = {"DT", "PRP$", "CD"}


def source_apposed_to_subject(tok, subject, index: _DocIndex, lex: Lexicon):
    """ "Hall, a top aide said, is expected to leave": an attribution set off inside the sentence whose
    speaker the parser took for an apposition of the name the sentence is about. With no comma between
    that apposition and the cue ("a top aide said", not "a top aide, said"), the name is what was
    talked about and the apposition the one talking. Returns the apposition's head, or None."""
    doc = tok.doc
    if subject is None or subject.i >= tok.i or tok.dep_ != "parataxis" or tok.i + 1 >= len(doc):
        return None
    if tok.tag_ not in {"VBD", "VBZ", "VBP"} or not (doc[tok.i + 1].text == "," or doc[tok.i + 1].is_quote):
        return None
    appos = next((c for c in subject.children if c.dep_ == "appos" and c.right_edge.i == tok.i - 1), None)
    if appos is None or index.tok_quote[appos.i] >= 0 or doc[appos.left_edge.i - 1].text != ",":
        return None
    if doc[appos.left_edge.i].tag_ not in _APPOSED_DETERMINERS or not _animate(appos, lex):
        return None  # "a top aide", "his lawyer", "two officials": a source described, not a name
    return appos
