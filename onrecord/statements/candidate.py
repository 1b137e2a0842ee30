"""The attribution candidate: one statement found in the text, before its speaker is resolved.

Every cue rule (:mod:`onrecord.statements.cues`) and every later pass of
:mod:`onrecord.statements.extract` makes or reads :class:`Candidate` objects; :class:`Method`
names how each was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Optional

from spacy.tokens import Token


class Method(StrEnum):
    """How an attribution was found. The values are feature values of the confidence model
    (``onrecord/models/confidence.json``: ``method=dep``, ``method*type=dep|direct``) and keys of the
    act table's ``constructions``, so they must not change without refitting both."""

    dep = "dep"  # a cue word of the parse with its frame ("said that …", "Trump's claim that …")
    raising = "raising"  # "X is said to …", "It is believed that …": a raising passive
    according = "according"  # "according to X", "In the poll, …"
    adjacent = "adjacent"  # a quotation taking the cue next to it in its sentence
    trailing = "trailing"  # "“…” — Commissioner Jane Roe": an attribution after a dash
    lead = "lead"  # "Name: “…”" lead-ins and "Sanders: Clinton needs …" lines
    headline = "headline"  # "Sanders Vows To …": a title-cased headline split at its cue
    continuation = "continuation"  # a quotation continuing the statement before it
    block = "block"  # the line after "…, he said, threatening:"


@dataclass
class Candidate:
    """One attribution found in the text, before speakers are resolved."""

    content: list[tuple[int, int]]  # char ranges (fragments) of the content
    cue: Optional[tuple[int, int]]  # char range of the cue
    cue_token: Optional[Token] = None  # the cue's token, when the cue is a word of the parse
    speaker_head: Optional[Token] = None  # token heading the speaker mention
    method: Method = Method.dep
    block: bool = False
    continues: Optional[Candidate] = None  # for a continuation: the statement it continues
    whole: bool = False  # "75 percent said yes": content that is complete as found, never run on to the sentence end
    unnamed: bool = False  # "It is believed that …": a real report whose source the text leaves out
    medium: Optional[str] = None  # "A release from the union said": the document the source spoke through
    exclude: set[int] = field(default_factory=set)  # token indices of the content (for date search)
    # char range of the whole attribution between two pieces ("…, she told me on Friday, …"): never content
    attribution: Optional[tuple[int, int]] = None
    # the statement whose content this one's lies in, when the two share most of it ("Ana said that,
    # according to Bo, …"): a nested attribution, never a duplicate of it (:mod:`~onrecord.statements.nesting`)
    inside: Optional[Candidate] = None
    # the name a pronoun speaker stands for, where the sentence says so ("Tyler said … “…,” he said")
    antecedent: Optional[Token] = None
