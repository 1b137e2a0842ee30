"""Cue rules over whole lines: "Sanders: Clinton needs …", transcript turns ("WALLACE: …") and
title-cased headlines split at their cue ("X Vows To …").
"""

from __future__ import annotations

import re
from typing import Optional

from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.cues.common import _animate, _words, doc_text
from onrecord.statements.cues.registry import line_rule
from onrecord.statements.index import _DocIndex
from onrecord.statements.lexicon import Lexicon

_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
_COLON_LINE = re.compile(r"^[\"“'‘]?\s*(?P<who>[^:\n]{2,60}?):\s+(?P<what>\S.*)$")


@line_rule("colon_line", order=10, method=Method.lead)
def _colon_lines(candidates, index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    """ "Sanders: Clinton needs to …" (headlines) and "WALLACE: If I may, …" (transcripts).

    A line that opens with a short name, a colon and a clause is that name's statement. The
    name must look like a source (a proper noun, or a noun from the source tables: "Poll"), so
    "Note: …" or "Update: …" are not statements.
    """
    body, doc = index.body, index.doc
    taken = [(c.content[0][0], c.content[-1][1], c.cue[0] if c.cue else -1) for c in candidates]
    out = []
    for ls, le in index.lines:
        m = _COLON_LINE.match(body[ls:le])
        if m is None:
            continue
        who_start, who_end = ls + m.start("who"), ls + m.end("who")
        what_start, what_end = ls + m.start("what"), le
        # a statement nested in the line ("Sanders: Clinton needs to …") does not block it
        if any(s < what_end and e > what_start and not what_start <= cue < what_end for s, e, cue in taken):
            continue
        if body[who_start:who_end].isupper() and any(
            c.speaker_head is not None
            and c.speaker_head.pos_ != "PRON"
            and c.speaker_head.left_edge.idx == what_start
            and what_start <= c.cue[0] < what_end
            for c in candidates
            if c.cue is not None
        ):
            continue  # "MARKET WATCH: Analysts said …": a section label over a statement opening with its source
        tokens = [t for t in doc[index.token_at(who_start) : index.token_at(who_end - 1) + 1] if not t.is_punct]
        label = _label_before_dash(doc[index.token_at(who_start) : index.token_at(who_end - 1) + 1], lex)
        if label is not None:
            # "EXCLUSIVE – Jo Park: …": a section label, then the name
            tokens = [t for t in tokens if t.i > label]
            who_start = doc[label + 1].idx
        all_tokens = tokens
        cut = next(
            (
                k
                for k, t in enumerate(tokens)
                if k
                and t.lower_ in lex.line_speaker_prepositions
                and t.pos_ == "ADP"  # (not "A Plan to Fight …": an infinitive)
                and k + 1 < len(tokens)
                and tokens[k + 1].pos_ == "PROPN"
            ),
            None,
        )
        if cut is not None:
            tokens = tokens[:cut]  # "Park to Senate: …", "Park at Hearing: …": the name before the hearer or venue
        if (
            not tokens
            or len(tokens) > 6
            or any(t.pos_ in {"VERB", "AUX", "PRON", "ADP", "INTJ"} and t.lower_ not in {"of"} for t in tokens)
        ):
            continue  # ("Ah, friends once more: …" is a headline's aside, not a name)
        head = tokens[-1]
        named = _name_read_as_adjective(head)
        if not (head.pos_ == "PROPN" or head.text.isupper() or named or _animate(head, lex)) or head.like_num:
            continue
        if head.pos_ not in {"NOUN", "PROPN"} and not head.text.isupper() and not named:
            continue  # a source is a noun phrase
        if any(t.lower_.rstrip("s'’") in lex.line_labels or t.lower_ in lex.line_labels for t in all_tokens):
            continue  # "Email: …", "EDITOR'S NOTE: …", "BREAKING: …", "Photo: …": a label line, not a speaker
        verb = _clause_verb(tokens)
        if verb is not None and not _names_a_source(tokens[:verb], tokens[verb], lex):
            # "Veto Power Impedes Peace Efforts: Eliminating war is …": a heading over a paragraph
            # ("Warren Hammers Bank Chief: You Should Resign" stays Warren's headline)
            continue
        if label is None and any(
            t.text in lex.dashes and t.whitespace_
            for t in doc[index.token_at(who_start) : index.token_at(who_end - 1) + 1]
        ):
            continue  # "Oil – Brent: UP 58 cents": a table row
        if head.ent_type_ in {"GPE", "LOC", "DATE", "TIME"} and body[who_start:who_end].isupper():
            continue  # "LOS ANGELES: …" is a dateline, not a speaker
        if not body[who_start].isupper():
            continue
        what = index.trim(what_start, what_end)
        if _words(body[what[0] : what[1]]) < 3:
            continue
        what_tokens = doc[index.token_at(what[0]) : index.token_at(what[1] - 1) + 1]
        if any(c.isdigit() for c in body[what[0] : what[1]]) and not any(
            t.pos_ in {"VERB", "AUX"} for t in what_tokens
        ):
            continue  # "Brent: UP 58 cents to $81": a figure, not something said
        colon = who_end
        out.append(
            Candidate(
                content=[what],
                cue=(colon, colon + 1),
                speaker_head=head,
                method=Method.lead,
                exclude=set(range(index.token_at(what[0]), index.token_at(what[1] - 1) + 1)),
            )
        )
    return out


def _clause_verb(tokens) -> Optional[int]:
    """Where the words before a line's colon have a verb in the third person ("Veto Power Impedes Peace
    Efforts", "Signs of momentum shifts and …", "Warren Hammers Bank Chief"): a clause, not a name."""
    for k in range(1, len(tokens) - 1):
        word = tokens[k]
        low = word.lower_
        if not low.isalpha() or not low.endswith("s") or low.endswith(("ss", "us", "is")):
            continue
        if word.ent_type_ in {"GPE", "LOC", "NORP", "PERSON"}:
            continue  # "United States Attorney", "Wells": a name, not a verb
        return k
    return None


def _names_a_source(tokens, verb, lex: Lexicon) -> bool:
    """Whether the subject of a clause before a colon names a source: a name the tagger finds elsewhere
    in the article or here ending before the verb (not "Veto Power Impedes Peace Efforts" read as one
    organisation), a name in capitals, or a source noun ("Poll Finds …"); "Veto Power" is a topic."""
    doc = verb.doc
    line_end = doc_text(doc).find("\n", verb.idx)
    named_elsewhere = {
        t.text
        for ent in doc.ents
        if ent.label_ in _NAME_LABELS and (ent.start_char > line_end >= 0 or ent.end_char <= tokens[0].idx)
        for t in ent
    }
    name_ends_before_verb = verb.ent_iob_ != "I"
    return any(
        t.text in named_elsewhere
        or (name_ends_before_verb and t.ent_type_ in _NAME_LABELS)
        or t.text.isupper()
        or any(
            t.lower_ in vocab or t.lemma_.lower() in vocab
            for vocab in (lex.person_nouns, lex.group_nouns, lex.org_nouns, lex.document_nouns, lex.source_nouns)
        )
        for t in tokens
    )


def _name_read_as_adjective(head) -> bool:
    """ "Issa: Clinton's honesty is in question" with "Rep. Darrell Issa" later: a surname the tagger
    read as an adjective is a name when the article names that person in full elsewhere (a heading
    like "Limited Tools: …" has no such namesake)."""
    if head.pos_ != "ADJ" or head.ent_type_ != "PERSON" or not head.text[:1].isupper():
        return False
    return any(
        ent.label_ == "PERSON"
        and len(ent) > 1
        and not ent.start <= head.i < ent.end
        and head.text in {t.text for t in ent}
        for ent in head.doc.ents
    )


def _label_before_dash(span, lex: Lexicon) -> Optional[int]:
    """Index of the dash after a one-word capitalised label opening ``span`` ("EXCLUSIVE – Jo Park"), or
    None ("Oil – Brent" is a table row: its first word is not all capitals)."""
    words = [t for t in span if not t.is_space]
    if len(words) < 3 or not (words[0].is_alpha and words[0].text.isupper() and len(words[0].text) > 2):
        return None
    if words[1].text not in lex.dashes:
        return None
    return words[1].i


@line_rule("headline", order=20, method=Method.headline)
def _headlines(candidates, index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    """ "Sanders Vows To Eliminate Tax Breaks …": a title-cased line the tagger reads as one long name.

    In a headline (a short line whose longer words are all capitalised) the first word that
    is an inflected cue verb ("Says", "Vows", "Slams", "Calls") splits the line into its source
    and what it reported.
    """
    body, doc = index.body, index.doc
    taken = [(c.content[0][0], c.content[-1][1]) for c in candidates]
    out = []
    for ls, le in index.lines:
        words = re.findall(r"[^\W\d_][\w’'-]*", body[ls:le])
        longer = [w for w in words if len(w) > 3]
        if not longer or len(words) > 25 or sum(w[0].isupper() for w in longer) < 0.8 * len(longer):
            continue
        if any(s < le and e > ls for s, e in taken):
            continue
        first, last = index.token_at(ls), index.token_at(le - 1)
        for i in range(first + 1, last):
            t = doc[i]
            lemma = _inflected_cue(t.lower_, lex)
            if lemma is None or index.tok_quote[i] >= 0:
                continue
            if t.text[:1].islower():
                # "Mara Holt reports for the Daily News.": a title-cased headline capitalises its verb too; a
                # line of capitalised names around a lower-case verb is a sentence (a byline here), which the
                # verb rules read
                break
            before = [x for x in doc[first:i] if not x.is_punct]
            if not before or before[-1].pos_ not in {"PROPN", "NOUN"}:
                break
            content = index.trim(doc[i + 1].idx, le) if i + 1 <= last else None
            if content and _words(body[content[0] : content[1]]) >= 2:
                out.append(
                    Candidate(
                        content=[content],
                        cue=(t.idx, t.idx + len(t.text)),
                        speaker_head=before[-1],
                        method=Method.headline,
                    )
                )
            break
    return out


def _inflected_cue(word: str, lex: Lexicon) -> Optional[str]:
    """ "says" -> "say", "vows" -> "vow", "slams" -> "slam": third-person forms of strong cue verbs."""
    for lemma in (
        word[:-1] if word.endswith("s") else None,
        word[:-2] if word.endswith("es") else None,
        word[:-3] + "y" if word.endswith("ies") else None,
    ):
        if lemma and (lemma in lex.strong or lemma in lex.headline_verbs):
            return lemma
    return None
