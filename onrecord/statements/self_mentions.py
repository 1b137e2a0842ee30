"""First-person mentions inside a speaker's own quotation: in '“I think we learned a lot,” said Gomez',
the "I" is Gomez. They join the speaker's mentions (its coreference chain), so a reader or a scorer
looking for who "I" is finds the speaker.

Only a person's direct words count (a group's "we" may be a team, a family or a party, and an
indirect report's "I" is the writer's), and only words directly inside the quotation marks: a
quotation within the quotation ('“He told me ‘I will go,’” she said') speaks for someone else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from onrecord.model import Mention, Speaker, Statement

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.statements.index import _DocIndex

_FIRST_PERSON = re.compile(r"(?<![\w’'])I(?![\w’'])")
_INNER_MARKS = "‘’'"


def add_first_person_mentions(statements: list[Statement], speakers: list[Speaker], index: _DocIndex) -> None:
    """Add each "I" inside the quotation marks of a person's direct or mixed statement to that person's
    mentions (kind ``pronoun``)."""
    by_id = {sp.id: sp for sp in speakers}
    body = index.body
    for st in statements:
        speaker = by_id.get(st.speaker_id or "")
        if speaker is None or speaker.kind != "person" or st.type not in {"direct", "mixed"}:
            continue
        known = {m.start for m in speaker.mentions}
        for piece in st.fragments or [st.quote]:
            for q in index.quotes_overlapping(piece.start, piece.end):
                lo, hi = max(piece.start, q.start), min(piece.end, q.end)
                if any(ch in _INNER_MARKS for ch in _inner_marks_only(body[lo:hi])):
                    continue  # a quotation inside the quotation: its "I" may be someone else
                for m in _FIRST_PERSON.finditer(body, lo, hi):
                    if m.start() not in known:
                        known.add(m.start())
                        speaker.mentions.append(Mention(start=m.start(), end=m.end(), text="I", kind="pronoun"))


def _inner_marks_only(text: str) -> str:
    """The single quotation marks of ``text`` that open or close an inner quotation (not apostrophes:
    a mark between two letters, as in "don’t", is an apostrophe)."""
    out = []
    for i, ch in enumerate(text):
        if ch in _INNER_MARKS:
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if not (before.isalnum() and after.isalnum()) and not (before.isalpha() and ch in "’'" and after == " "):
                out.append(ch)
    return "".join(out)
