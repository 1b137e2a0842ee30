"""Quotation text as the matcher sees it: quoted fragments, normalised words, ellipsis pieces.

Two reports of one quotation differ in typography before anything else: curly or straight quotation
marks, case, spacing, "..." or "…" or "[...]". :func:`normalize_quote` removes those differences
and keeps an ellipsis as a piece boundary, so "we will win … the vote" becomes two pieces that
must both be found, in order, in a fuller form.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from onrecord.rulefiles import load_rule_file

ELLIPSIS = "\u2026"
_DATA = Path(__file__).with_name("data") / "provenance.json"


@lru_cache(maxsize=1)
def rules() -> dict:
    """The clustering rules and thresholds (``data/provenance.json``)."""
    return load_rule_file(_DATA)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, str]:
    r = rules()
    ellipsis = re.compile("|".join(f"(?:{p})" for p in r["ellipsis_patterns"]))
    doubles = "".join(re.escape(c) for c in r["quote_marks"]["double"])
    singles = "".join(re.escape(c) for c in r["quote_marks"]["single"])
    word = re.compile(rf"{ELLIPSIS}|\w+(?:'\w+)*")
    return ellipsis, re.compile(f"[{doubles}]"), re.compile(f"[{singles}]"), word


def normalize_quote(text: str, *, keep_case: bool = False) -> str:
    """Lower-cased words joined by one space, every ellipsis one ``…`` token (none at either end).

    ``keep_case`` keeps the writer's capitals: the same tokens one for one, for showing a diff."""
    ellipsis, doubles, singles, word = _patterns()
    r = rules()
    text = ellipsis.sub(f" {ELLIPSIS} ", text or "")
    text = re.sub(r["editorial_brackets"], " ", text)  # "he [Trump] said": the brackets are the reporter's
    text = singles.sub("'", doubles.sub('"', text))
    text = text if keep_case else text.casefold()
    tokens: list[str] = []
    for tok in word.findall(_expand_contractions(text)):
        if tok == ELLIPSIS and (not tokens or tokens[-1] == ELLIPSIS):
            continue
        tokens.append(tok)
    while tokens and tokens[-1] == ELLIPSIS:
        tokens.pop()
    return " ".join(tokens)


def _expand_contractions(text: str) -> str:
    """ "We're" and "we are" are one wording: contractions are spelled out before comparing."""
    r = rules()
    for short, full in r["contraction_exceptions"].items():
        text = re.sub(rf"\b{re.escape(short)}\b", full, text)
    for suffix, full in r["contractions"].items():
        text = re.sub(rf"(?<=\w){re.escape(suffix)}\b", full, text)
    return text


def is_title(fragment: str) -> bool:
    """A fragment in title case (every word capitalised but the small ones): a name in quotation marks."""
    words = re.findall(r"[^\W\d_][\w'’]*", fragment)
    small = set(rules()["title_small_words"])
    return len(words) >= 2 and all(w[0].isupper() or w.casefold() in small for w in words) and words[0][0].isupper()


def pieces(norm: str) -> list[str]:
    """The parts of a normalised quotation between ellipses."""
    return [p.strip() for p in norm.split(ELLIPSIS) if p.strip()]


def n_words(norm: str) -> int:
    """Words of a normalised quotation, ellipses not counted."""
    return sum(1 for t in norm.split() if t != ELLIPSIS)


def plain(norm: str) -> str:
    """The words without ellipsis marks (what exact matching compares)."""
    return " ".join(t for t in norm.split() if t != ELLIPSIS)


def _is_cue_gap(text: str, close: int, reopen: int) -> bool:
    """Whether marks at ``close`` and ``reopen`` enclose a cue: punctuation before, a few words between."""
    before = text[:close].rstrip()
    return (
        bool(before)
        and before[-1] in rules()["cue_gap_punctuation"]
        and len(text[close + 1 : reopen].split()) <= rules()["cue_gap_max_words"]
    )


def quoted_fragments(kind: str, text: str) -> list[tuple[int, int, str]]:
    """The quoted words of a statement, as ``(start, end, text)`` spans of its quote text.

    A direct or block quotation is quoted whole, less a cue between inner marks ('A," she said. "B'
    is two fragments). A mixed one is the parts between double quotation marks (marks pair in
    order; an unclosed mark runs to the end). Indirect speech has none.
    """
    if kind not in rules()["clustered_types"]:
        return []
    _, doubles, _, _ = _patterns()
    marks = [m.start() for m in doubles.finditer(text)]
    if kind != "mixed":
        # Quoted whole; inner marks ('A," she said. "B') close and reopen the quotation around the cue.
        if len(marks) % 2 or not all(_is_cue_gap(text, a, b) for a, b in zip(marks[::2], marks[1::2])):
            marks = []  # a quotation inside the quotation ('he said "yes" loudly'): keep it whole
        spans = list(zip([-1] + marks[1::2], marks[::2] + [len(text)]))
    else:
        spans, opened = [], None
        for at in marks:
            if opened is None and _closes(text, at) and not spans:
                spans.append((-1, at))  # the span starts inside the quotation: its opening mark was cut off
            elif opened is None:
                opened = at
            else:
                spans.append((opened, at))
                opened = None
        if opened is not None:
            spans.append((opened, len(text)))
    out = []
    for open_at, close_at in spans:
        start, end = open_at + 1, close_at
        if text[start:end].strip() and not is_title(text[start:end]):
            out.append((start, end, text[start:end]))
    return out


def _closes(text: str, at: int) -> bool:
    """Whether the mark at ``at`` closes a quotation: a curly closing mark, or a straight one after a word."""
    mark = text[at]
    if mark in rules()["closing_marks"]:
        return True
    if mark in rules()["opening_marks"]:
        return False
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())
