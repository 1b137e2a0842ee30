"""What kind of act a statement reports: speech, belief, knowledge or intention (PARC 3.0).

The act is read from the cue, through the table in ``data/acts.json``: the cue verb's or noun's
lemma, a finding document after "according to"/"in" ("according to the poll", "In the survey, …"),
and, where the cue is no word of the tables (a block quote, a quotation with no cue, a colon lead-in,
a trailing dash), the construction's default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from onrecord.rulefiles import load_rule_file
from onrecord.statements.candidate import Method
from onrecord.statements.lexicon import DATA

SPEECH = "speech"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass(frozen=True)
class ActTable:
    acts: tuple[str, ...]
    verbs: dict[str, str]
    nouns: dict[str, str]
    finding_nouns: dict[str, str]
    constructions: dict[str, str]
    irregular_forms: dict[str, str]
    by_complement: dict[str, dict[str, str]]
    adjectives: dict[str, str]

    def of_verb(self, lemma: str) -> Optional[str]:
        return self.verbs.get(lemma.lower())

    def of_noun(self, lemma: str) -> Optional[str]:
        low = lemma.lower()
        return self.nouns.get(low) or self.finding_nouns.get(low)

    def of_construction(self, method: Optional[str]) -> str:
        return self.constructions.get(method or "none", self.constructions["none"])

    def of_text(self, text: Optional[str]) -> Optional[str]:
        """The act of a cue known only by its text ("said", "believes", "according to the poll"):
        each word is tried as a lemma, then undone of its inflection; None when no word is a cue."""
        words = [w.lower() for w in _WORD.findall(text or "")]
        if words[:2] == ["according", "to"]:
            return next((self.finding_nouns[w] for w in words[2:] if w in self.finding_nouns), SPEECH)
        for word in words:
            for lemma in self.lemmas(word):
                act = self.verbs.get(lemma) or self.nouns.get(lemma)
                if act:
                    return act
        return None

    def lemmas(self, word: str) -> list[str]:
        """The lemmas ``word`` may be an inflection of, most likely first."""
        out = [word, self.irregular_forms.get(word, word)]
        # the shorter undoing first: "hopes" is "hope" + s before "hop" + es; "hoped" "hope" + d
        for suffix, repl in (
            ("ies", "y"),
            ("ied", "y"),
            ("s", ""),
            ("es", ""),
            ("d", ""),
            ("ed", ""),
            ("ing", "e"),
            ("ing", ""),
        ):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                stem = word[: -len(suffix)] + repl
                out.append(stem)
                if len(stem) > 3 and stem[-1] == stem[-2]:  # "planned" -> "plann" -> "plan"
                    out.append(stem[:-1])
        return out


@lru_cache(maxsize=1)
def act_table() -> ActTable:
    """The act table, parsed once per process."""
    data = load_rule_file(DATA / "acts.json")
    return ActTable(
        acts=tuple(data["acts"]),
        verbs=dict(data["verbs"]),
        nouns=dict(data["nouns"]),
        finding_nouns=dict(data["finding_nouns"]),
        constructions=dict(data["constructions"]),
        irregular_forms=dict(data["irregular_forms"]),
        by_complement={k: dict(v) for k, v in data.get("by_complement", {}).items()},
        adjectives=dict(data.get("adjectives", {})),
    )


def _lemma(tok) -> Optional[str]:
    lemma = getattr(tok, "lemma_", None)
    return lemma.lower() if lemma else None


def act_of_candidate(cand, body: str) -> str:
    """The act of an attribution candidate of :mod:`onrecord.statements.extract` (its ``method``,
    ``cue_token``, ``speaker_head``, ``cue`` range and, for a continuation, the statement it continues)."""
    seen = 0
    while cand.method == Method.continuation and cand.continues is not None and seen < 50:
        cand, seen = cand.continues, seen + 1
    cue_text = body[cand.cue[0] : cand.cue[1]] if cand.cue else None
    return act_of_cue(cand.method, cand.cue_token, cand.speaker_head, cue_text)


def act_of_cue(method: str, cue_token, speaker_head, cue_text: Optional[str]) -> str:
    """The act of an attribution found by ``method`` with this cue token, source head and cue text."""
    table = act_table()
    head = _lemma(speaker_head)
    if method == Method.according:
        # "according to the poll", "In a survey, …": the document's findings are knowledge
        return table.finding_nouns.get(head, SPEECH) if head else SPEECH
    lemma = _lemma(cue_token)
    if lemma:
        if getattr(cue_token, "pos_", "") == "NOUN":
            act = table.of_noun(lemma)
        elif (
            _after_copula(cue_token) or getattr(cue_token, "pos_", "") == "ADJ"
        ) and cue_token.lower_ in table.adjectives:
            act = table.adjectives[cue_token.lower_]  # "is convinced that …": an attitude, not "convinced them"
        else:
            # the word's own form first: the tagger's lemma can be another verb ("hopes" -> "hop")
            act = _by_complement(table, cue_token) or table.of_text(cue_token.text) or table.of_verb(lemma)
        if act:
            return act
    elif head in table.finding_nouns:
        return table.finding_nouns[head]  # "Poll: most voters …": a colon or dash after a finding
    return table.of_text(cue_text) or table.of_construction(method)


def _after_copula(tok) -> bool:
    """Whether ``tok`` is an adjective (or participle) completing a copula: "is skeptical", "was convinced"."""
    if getattr(tok, "dep_", "") == "acomp":
        return True
    return getattr(tok, "tag_", "") == "VBN" and any(c.dep_ == "auxpass" for c in tok.children)


def _by_complement(table: ActTable, tok) -> Optional[str]:
    """The act a verb has with the complement it takes here ("sees X as Y", "looks to …"), if listed."""
    children = list(getattr(tok, "children", ()))
    forms = [*table.lemmas(tok.lower_), _lemma(tok)]
    for kind, verbs in table.by_complement.items():
        word = next((w for w in forms if w in verbs), None)
        if word is None:
            continue
        if kind == "as" and any(c.dep_ == "prep" and c.lower_ == "as" for c in children):
            return verbs[word]
        if kind == "xcomp" and any(c.dep_ == "xcomp" for c in children):
            return verbs[word]
    return None


def act_of_cue_text(cue_text: Optional[str]) -> str:
    """The act of a stored statement known only by its cue's text (a record written before acts)."""
    table = act_table()
    return table.of_text(cue_text) or table.of_construction(None)
