"""Relative dates in news text, normalised against the publication date.

News reports date what people said relative to the day of publication: "said on Friday",
"Thursday afternoon", "yesterday". :func:`resolve_relative_date` turns such a phrase into a
calendar date given the anchor (the article's publication date); :func:`date_of_cue` finds the
phrase attached to an attribution cue in a spaCy parse ("U.S. officials said on Friday that …",
"As recently as Thursday afternoon, X insisted …", "Putin on Tuesday warned …").

Decisions (documented because they are choices, not facts):

* a bare weekday means the most recent such day on or before the anchor ("on Friday" in an
  article published on Friday 2024-05-31 is that same day; "on Tuesday" is 2024-05-28);
  "next Friday" looks forward;
* "today", "tonight", "this morning/afternoon/evening" → the anchor; "yesterday", "last night" →
  the day before;
* "last week", "recently", "earlier this month" are too vague for a day: ``None``;
* explicit "May 31", "31 May", "May 31, 2024" → that date (without a year, the year that puts it
  nearest on or before the anchor).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Optional, Union

from onrecord.text.dates import MONTHS, WEEKDAY_NAMES, WEEKDAYS, month_day_date

__all__ = ["resolve_relative_date", "date_of_cue", "MONTHS", "WEEKDAYS", "WEEKDAY_NAMES"]

# Words that name the anchor day itself or the day before it.
SAME_DAY = {"today", "tonight"}
DAY_BEFORE = {"yesterday"}
# Words that may start a date phrase attached to a cue; anything else in the phrase is ignored.
_WORD = re.compile(r"[A-Za-z]+\.?|\d+")


def resolve_relative_date(phrase: Union[str, Iterable], anchor: Optional[dt.date]) -> Optional[dt.date]:
    """The calendar date a temporal phrase names, relative to ``anchor``; ``None`` when it names no day.

    ``phrase`` is text ("on Friday", "Thursday afternoon", "yesterday", "May 31") or an iterable of
    tokens (anything with ``.text``). Without an anchor only explicit dates with a year resolve.

    >>> resolve_relative_date("on Friday", dt.date(2024, 5, 31))
    datetime.date(2024, 5, 31)
    >>> resolve_relative_date("Thursday afternoon", dt.date(2024, 5, 31))
    datetime.date(2024, 5, 30)
    >>> resolve_relative_date("last week", dt.date(2024, 5, 31)) is None
    True
    """
    text = phrase if isinstance(phrase, str) else " ".join(getattr(t, "text", str(t)) for t in phrase)
    explicit = month_day_date(text, anchor)
    if explicit is not None:
        return explicit
    if anchor is None:
        return None
    words = [w.lower().rstrip(".") for w in _WORD.findall(text)]
    for i, word in enumerate(words):
        if word in SAME_DAY:
            return anchor
        if word in DAY_BEFORE:
            return anchor - dt.timedelta(days=1)
        if word == "this" and i + 1 < len(words) and words[i + 1] in {"morning", "afternoon", "evening"}:
            return anchor
        if word == "last" and i + 1 < len(words) and words[i + 1] == "night":
            return anchor - dt.timedelta(days=1)
        if word in WEEKDAYS:
            if len(word) <= 4 and not _capitalised(text, word):  # "sun", "sat", "wed" are words too
                continue
            target = WEEKDAYS[word]
            previous = words[i - 1] if i else ""
            if previous == "next":
                delta = (target - anchor.weekday()) % 7 or 7
                return anchor + dt.timedelta(days=delta)
            delta = (anchor.weekday() - target) % 7
            if previous == "last" and delta == 0:
                delta = 7
            return anchor - dt.timedelta(days=delta)
    return None


def _capitalised(text: str, word: str) -> bool:
    return re.search(rf"\b{word.capitalize()}\b", text) is not None


# Dependency labels of a cue's children that can carry when it was said ("on Friday", "Friday",
# "As recently as Thursday afternoon"); clause complements are the content and never searched.
_DATE_DEPS = {"prep", "npadvmod", "tmod", "advmod", "obl", "nmod"}
_DATE_WORDS = set(WEEKDAYS) | SAME_DAY | DAY_BEFORE | set(MONTHS) | {"night", "morning", "afternoon", "evening"}


def date_of_cue(cue, anchor: Optional[dt.date], exclude: Iterable[int] = ()):
    """Find the temporal phrase attached to the cue token ``cue`` and resolve it.

    Looks at the cue's own modifiers (and, for a cue with no date of its own that hangs off a
    speech verb, e.g. "said, adding", that verb's modifiers) — never inside the reported
    content, whose token indices are given in ``exclude``. Returns ``(date, phrase_text)`` or
    ``(None, None)``.
    """
    excluded = set(exclude)
    for child in cue.children:
        if child.dep_ not in _DATE_DEPS or child.i in excluded:
            continue
        tokens = _small_subtree(child, excluded)
        if not tokens or not any(t.lower_.rstrip(".") in _DATE_WORDS or t.like_num for t in tokens):
            continue
        text = " ".join(t.text for t in tokens)
        when = resolve_relative_date(text, anchor)
        if when is not None:
            doc = cue.doc
            span = doc[tokens[0].i : tokens[-1].i + 1]
            return when, span.text
    return None, None


def _small_subtree(token, excluded: set[int], limit: int = 8):
    """Tokens of ``token``'s subtree without clauses (a date phrase is a few words, never a clause)."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        if t.i in excluded:
            continue
        if t is not token and t.pos_ in {"VERB", "AUX"}:
            continue
        out.append(t)
        if len(out) > limit:
            return []
        stack.extend(t.children)
    return sorted(out, key=lambda t: t.i)
