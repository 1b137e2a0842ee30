"""Speaker mentions and their resolution to article-level speakers.

A statement's source is first a *mention*: a token of the parse (the subject of the cue, the
object of "according to", the name after an inverted cue).
:func:`~onrecord.statements.mentions.mention_span` grows it to the noun phrase a reader would quote
("A senior American official", "the General Staff of the Ukrainian Armed Forces"), leaving out
relative clauses and appositions, which instead give the description and the role.

:class:`SpeakerResolver` then maps mentions, in text order, to :class:`~onrecord.model.Speaker`
objects. It is a small scored resolver, not a general coreference system:

* names: a full name opens (or completes) a speaker; a surname ("said Singh") or a variant
  spelling of its ending ("Zelenskyy") joins the speaker or earlier named person with that surname
  (:mod:`onrecord.text.names`: exactly that surname, never a fuzzy match, so "Ann Leen" is not
  "Tom Lee"), and a full name with another given name ("Ann Lee") is another person;
* pronouns: "he"/"she" go to the most recent person mention outside quotations whose gender is
  compatible (gender from first names, courtesy titles, gendered nouns and earlier pronoun use);
  "they"/"it" to the most recent group or organisation; a pronoun inside a clause whose subject
  can be what it stands for is that subject (:mod:`onrecord.statements.clause_pronouns`,
  :mod:`onrecord.statements.org_pronouns`);
* definite descriptions ("the official", "The intelligence officer", "the president") go to the
  most recent speaker whose description or role contains the head noun and all its modifiers,
  so "the official" after "Another U.S. official" is that official, not an earlier one;
* indefinite descriptions ("a senior American official", "another official", "two people
  familiar with the matter") always open a new anonymous speaker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Span as _DocSpan

from onrecord.model import Mention, MentionKind, Span, Speaker, SpeakerKind
from onrecord.statements.clause_pronouns import governing_subject
from onrecord.statements.lexicon import lexicon
from onrecord.statements.mentions import description_span, mention_span, name_after_title, tidy_text
from onrecord.statements.org_pronouns import nearer_organisation
from onrecord.statements.roles import can_be_role, overlaps, role_tokens, set_role
from onrecord.text.names import is_title, same_person, surname_key

_VERBAL = {"VERB", "AUX"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass
class _SpeakerState:
    speaker: Speaker
    gender: Optional[str] = None
    number: str = "sg"
    heads: set[str] = field(default_factory=set)  # head nouns and role words ("official", "president")
    words: set[str] = field(default_factory=set)  # every lowercased word of its descriptions and roles
    last_pos: int = -1
    surname: Optional[str] = None
    outlet: Optional[str] = None


@dataclass
class Resolution:
    """What a mention resolved to, and how sure we are."""

    speaker: Optional[Speaker]
    mention: Optional[Span]
    how: str  # name | surname | pronoun | description | organization | new-description | none
    confidence: float


class SpeakerResolver:
    """Resolves speaker mentions of one document, in text order. See the module docstring."""

    def __init__(self, doc, body: str, quote_mask):
        self.doc = doc
        self.body = body
        self.lex = lexicon()
        self.states: list[_SpeakerState] = []
        self._by_key: dict[str, _SpeakerState] = {}
        self._in_quote = quote_mask  # callable(char offset) -> bool
        # Person names and subject mentions outside quotations, for pronoun antecedents and full names.
        self._persons: list[tuple[int, _DocSpan]] = []  # (char start, ent) sorted
        self._full_names: dict[str, str] = {}  # surname -> first full name seen
        # first word -> (the one full name it starts, where that name stands)
        self._first_words: dict[str, Optional[tuple[str, int, int]]] = {}
        self._ents = doc.ents  # spaCy builds this tuple anew on every access
        self._ent_at: dict[int, object] = {i: ent for ent in self._ents for i in range(ent.start, ent.end)}
        for ent in self._ents:
            if ent.label_ != "PERSON" or self._in_quote(ent.start_char):
                continue
            self._persons.append((ent.start_char, ent))
            parts = self._name_parts(ent)
            if len(parts) >= 2:
                self._full_names.setdefault(self._surname_key(parts[-1]), " ".join(parts))
                first, full = parts[0].lower(), " ".join(parts)
                known = self._first_words.get(first)
                if first in self._first_words and (known is None or known[0] != full):
                    self._first_words[first] = None  # two people share it: ambiguous
                else:
                    self._first_words[first] = (full, ent.start_char, ent.end_char)
        self._person_starts = [p for p, _ in self._persons]
        self._next_id = 1
        self._cache: dict[int, Resolution] = {}
        self._stop: Optional[int] = None
        self._content: tuple = ()  # the statement's content pieces (char ranges) while resolving

    # -- public -------------------------------------------------------------------------------
    def resolve(self, head, limit: int, stop: Optional[int] = None, content: tuple = ()) -> Resolution:
        """Resolve the mention headed by token ``head``; antecedents must start before char ``limit``.

        ``stop`` (a char offset) cuts the mention and its name there: in a headline the tagger may
        run a name into the cue ("Mayor Grant Vows" as one name). ``content`` (the statement's char
        ranges) is what was said, so no part of it is read as the speaker's role.
        """
        self._stop, self._content = stop, content
        low = head.lower_
        if head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl":
            # "Smith, who said …": the relative clause's noun, with "who" as this statement's mention
            relative = head
            res = self.resolve(head.head.head, limit)
            mspan = Span.of(self.body, relative.idx, relative.idx + len(relative.text))
            if res.speaker is not None:
                state = self._state_of(res.speaker)
                if state is not None:
                    self._add_mention(state, mspan, "pronoun")
            return Resolution(res.speaker, mspan, res.how, res.confidence)
        cached = self._cache.get(head.i)
        if cached is not None:
            return cached
        res = self._resolve(head, low, limit)
        self._cache[head.i] = res
        return res

    def _resolve(self, head, low, limit) -> Resolution:
        doc = self.doc
        lex = self.lex
        s, e = mention_span(head)
        if self._stop is not None:
            while e - 1 > head.i and doc[e - 1].idx >= self._stop:
                e -= 1
        span = doc[s:e]
        mspan = Span.of(self.body, span.start_char, span.end_char)
        group = lex.partitive_group(head)
        if group is not None and self._appos_person(head) is None:
            # ("One of the men, Jim Elkins, 70, said": the name given after it says which one, below)
            return self._partitive(head, group, span, mspan, limit)
        if head.pos_ == "PRON":
            if low in lex.pronouns:
                return self._pronoun(head, low, mspan, limit)
            return Resolution(None, mspan, "none", 0.3)  # "Let's say …": nobody in particular
        misread_surname = head.pos_ in {"AUX", "ADV"} and head.text[:1].isupper()  # "“…,” Will wrote"
        if (head.pos_ == "PROPN" and head.ent_type_ != "PERSON") or misread_surname:
            # "said Singh" where the tagger missed the name: a known speaker's surname
            state = self._by_key.get("person:" + self._surname_key(head.text))
            if state is not None and all(t.pos_ == "PROPN" or t.dep_ in {"det", "punct"} or t is head for t in span):
                self._alias(state, head.text)
                self._add_mention(state, mspan, "surname")
                return Resolution(state.speaker, mspan, "surname", 0.9)
        ent = self._entity_of(head)
        if ent is not None and self._stop is not None and ent.end_char > self._stop:
            end = next((t.i for t in ent if t.idx >= self._stop), ent.end)
            ent = _DocSpan(doc, ent.start, end, label=ent.label_) if end > ent.start else None
        appos_name = self._appos_person(head)
        if appos_name is not None:
            name_state, _ = self._person(appos_name, appos_name, appos_name.root)
            set_role(name_state, span.text, role_tokens(span, None, self.lex), self.lex)
            # "His father, Ernie Vale, says": the mention runs over the name given right after it
            mspan = Span.of(self.body, span.start_char, appos_name.end_char)
            self._add_mention(name_state, mspan, "name")
            return Resolution(name_state.speaker, mspan, "name", 0.92)
        if ent is not None and ent.label_ == "PERSON":
            state, how = self._person(ent, span, head)
            if how == "surname":
                self._alias(state, " ".join(self._name_parts(ent)))
            self._add_mention(state, mspan, "surname" if how == "surname" else "name")
            return Resolution(state.speaker, mspan, how, 0.95 if how == "name" else 0.9)
        kind = self._kind(head, ent)
        if ent is None and kind == "person" and head.pos_ == "PROPN":
            # a name the NER missed ("said Ana Ruiz"): the proper nouns ending at the head
            start = head.i
            while start > span.start and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].text[:1].isupper():
                start -= 1

            name_span = _DocSpan(self.doc, start, head.i + 1, label="PERSON")
            state, how = self._person(name_span, span, head)
            self._add_mention(state, mspan, "surname" if how == "surname" else "name")
            return Resolution(state.speaker, mspan, how, 0.85)
        det = self._determiner(span)
        if kind in {"organization", "country"} or (
            ent is not None and ent.label_ in {"ORG", "GPE", "NORP", "FAC"} and kind != "group"
        ):
            name = self._org_name(span, ent)
            state = self._by_key.get("org:" + name.lower())
            if state is None:
                state = self._new(name, kind if kind != "unknown" else "organization", anonymous=False)
                self._by_key["org:" + name.lower()] = state
            state.heads.add(head.lemma_.lower())
            state.words.update(t.lower_ for t in span)
            self._add_mention(state, mspan, "organization")
            return Resolution(state.speaker, mspan, "organization", 0.9)
        if det in {"the", "this", "that", "these", "those"} or (
            det is None and head.pos_ == "NOUN" and head.tag_ == "NN"
        ):
            state = self._description_antecedent(head, span, limit)
            if state is not None:
                self._add_mention(state, mspan, "description")
                return Resolution(state.speaker, mspan, "description", 0.75)
        state = self._new_description(head, span, kind)
        self._add_mention(state, mspan, "description")
        return Resolution(state.speaker, mspan, "new-description", 0.85)

    def _partitive(self, head, group_head, span, mspan, limit) -> Resolution:
        """ "One of them said …", "two of the negotiators said …": unnamed members of a group, named
        after the group the pronoun refers back to or the of-phrase describes."""
        group = None
        if group_head.pos_ == "PRON" and group_head.lower_ in self.lex.pronouns:
            gspan = Span.of(self.body, group_head.idx, group_head.idx + len(group_head.text))
            group = self._pronoun(group_head, group_head.lower_, gspan, limit).speaker
        if group is not None:
            group_name = group.name if not group.anonymous else group.name[:1].lower() + group.name[1:]
        else:
            gs, ge = mention_span(group_head)
            group_name = self.doc[gs:ge].text
        state = self._new(
            f"{head.lower_} of {group_name}", "person" if head.lower_ == "one" else "group", anonymous=True
        )
        state.speaker.description = span.text
        state.speaker.affiliation = group.affiliation if group is not None else None
        state.number = "sg" if head.lower_ in {"one", "each", "either", "neither"} else "pl"
        state.heads.add(head.lower_)
        self._add_mention(state, mspan, "description")
        return Resolution(state.speaker, mspan, "description", 0.7)

    def unnamed_source(self) -> Speaker:
        """The one anonymous speaker of the article's reports whose source the text leaves out
        ("It is believed that …", "is widely expected to …"): said to be someone's, by nobody named."""
        state = self._by_key.get("unnamed:")
        if state is None:
            table = self.lex.unnamed_source
            state = self._new(table["name"], "unknown", anonymous=True)
            state.speaker.description = table["description"]
            self._by_key["unnamed:"] = state
        return state.speaker

    def note_outlet(self, speaker: Speaker, outlet: Optional[str]) -> Optional[str]:
        """Record ``outlet`` for this speaker, or return the one it last gave a statement to."""
        state = self._state_of(speaker)
        if state is None:
            return outlet
        if outlet:
            state.outlet = outlet
            return outlet
        return state.outlet

    def gender_of(self, speaker: Speaker) -> Optional[str]:
        """The gender the resolver settled for ``speaker`` (from names, titles, pronouns), if any."""
        state = self._state_of(speaker)
        return state.gender if state is not None else None

    @property
    def speakers(self) -> list[Speaker]:
        return [s.speaker for s in self.states]

    def resolve_pronoun_to(self, pronoun, antecedent, limit: int) -> Resolution:
        """``pronoun`` as the speaker of the name ``antecedent`` ("Tyler said … “…,” he said": Tyler)."""
        res = self.resolve(antecedent, limit)
        if (state := self._state_of(res.speaker) if res.speaker is not None else None) is None:
            return self.resolve(pronoun, limit)
        mspan = Span.of(self.body, pronoun.idx, pronoun.idx + len(pronoun.text))
        self._add_mention(state, mspan, "pronoun")
        return Resolution(state.speaker, mspan, "pronoun", 0.8)

    # -- kinds of mention ------------------------------------------------------------------
    def _pronoun(self, head, low, mspan, limit) -> Resolution:
        _, gender, number = self.lex.pronouns[low]
        want_person = low in {"he", "him", "she", "her", "his"}
        best: Optional[_SpeakerState] = None
        best_pos = -1
        for state in self.states:
            if state.last_pos >= limit or state.last_pos <= best_pos:
                continue
            if want_person:
                if state.speaker.kind != "person" or (gender and state.gender and state.gender != gender):
                    continue
            elif low in {"it", "its"}:
                if state.speaker.kind not in {"organization", "country"}:
                    continue
            elif low in {"they", "them", "their"}:
                if state.speaker.kind == "person":
                    continue
            else:
                continue
            best, best_pos = state, state.last_pos
        if want_person:
            # A named person in subject position nearer than the last speaker (not in a quotation).
            idx = bisect.bisect_left(self._person_starts, limit) - 1
            for j in range(idx, max(-1, idx - 6), -1):
                pos, ent = self._persons[j]
                if pos <= best_pos:
                    break
                if (
                    ent.root.dep_ not in {"nsubj", "nsubjpass", "compound", "appos", "poss", "ROOT"}
                    and best is not None
                ):
                    continue
                g = self._gender_of_name(ent)
                if gender and g and g != gender:
                    continue
                state, _ = self._person(ent, ent, ent.root, add_alias=False)
                if state is not None:
                    best, best_pos = state, pos
                break
        if low in {"they", "them", "their"} or want_person:
            # "Liberals got mad because they …", "The director lays out what he believes": the clause's subject
            subject = governing_subject(head, self.lex, self._in_quote, several=not want_person)
            if subject is not None and best_pos < subject.idx < limit:
                res = self._resolve(subject, subject.lower_, limit)
                bound = self._state_of(res.speaker) if res.speaker is not None else None
                if bound is not None and not (want_person and gender and bound.gender and bound.gender != gender):
                    best = bound
        if low in {"it", "its"}:
            org = nearer_organisation(head, self._ents, best_pos, self._in_quote)  # "… the Ledger after it backed"
            if org is not None:
                res = self._resolve(org.root, org.root.lower_, limit)
                best = self._state_of(res.speaker) if res.speaker is not None else best
        if best is None:
            return Resolution(None, mspan, "none", 0.3)
        if want_person and best.gender is None:
            best.gender = gender  # remember: later pronouns agree with this one
        self._add_mention(best, mspan, "pronoun")
        return Resolution(best.speaker, mspan, "pronoun", 0.75)

    def _person(self, ent, span, head, add_alias: bool = True) -> tuple[_SpeakerState, str]:
        parts = self._name_parts(ent)
        if not parts:
            parts = [ent.text]
        key = self._surname_key(parts[-1])
        state = self._by_key.get("person:" + key)
        if state is not None and len(parts) >= 2 and not same_person(" ".join(parts), state.speaker.name):
            state = None  # "Ann Lee" after "Tom Lee": another person with the same surname
        if state is None and len(parts) == 1:
            full = self._first_word_name(key, ent)
            if full is not None:  # "Ban" after "Ban Ki-moon": him, filed under his surname
                key = self._surname_key(full.split()[-1])
                state = self._by_key.get("person:" + key)
        how = "name" if len(parts) >= 2 else "surname"
        if state is None:
            full = " ".join(parts) if len(parts) >= 2 else self._full_names.get(key, parts[0])
            state = self._new(full, "person", anonymous=False)
            state.surname = key
            self._by_key["person:" + key] = state
            state.gender = self._gender_of_name(ent)
        else:
            if len(parts) >= 2 and len(parts) > len(state.speaker.name.split()):
                old = state.speaker.name
                state.speaker.name = " ".join(parts)
                if old not in state.speaker.aliases:
                    state.speaker.aliases.append(old)
            elif add_alias:
                variant = " ".join(parts)
                if variant != state.speaker.name and variant not in state.speaker.aliases and len(parts) >= 2:
                    state.speaker.aliases.append(variant)
            if state.gender is None:
                state.gender = self._gender_of_name(ent)
        if span is not ent:
            role_words = role_tokens(span, ent, self.lex)
            if role_words:
                set_role(state, " ".join(t.text for t in role_words), role_words, self.lex)
            for child in head.rights:
                if child.dep_ == "appos" and child.ent_type_ != "PERSON" and not child.like_num:
                    # "Brian Baker, a longtime adviser to the family who …" -> "longtime adviser to the family"
                    s, e = mention_span(child)
                    while s < e and self.doc[s].dep_ == "det":
                        s += 1
                    role = self.doc[s:e]
                    if len(role) and not overlaps(role, self._content):
                        set_role(state, role.text, list(role), self.lex)
                    break
        return state, how

    def _description_antecedent(self, head, span, limit) -> Optional[_SpeakerState]:
        lemma = head.lemma_.lower()
        mods = {t.lower_ for t in span if t.i != head.i and t.dep_ in {"amod", "compound", "nmod"}}
        best = None
        for state in self.states:
            if state.last_pos >= limit or (best is not None and state.last_pos <= best.last_pos):
                continue
            if (lemma in state.heads or head.lower_ in state.heads) and mods <= state.words:
                best = state
        return best

    def _new_description(self, head, span, kind) -> _SpeakerState:
        tokens = list(span)
        while tokens and tokens[0].lower_ in self.lex.determiners_to_drop:
            tokens = tokens[1:]
        name = tidy_text(self.doc, tokens) if tokens else span.text
        # a document ("a USA TODAY analysis") is a source without being an anonymous person
        anonymous = kind in {"person", "group", "unknown"} and head.lemma_.lower() not in self.lex.document_nouns
        state = self._new(name, kind, anonymous=anonymous)
        ds, de = description_span(head)
        state.speaker.description = self.doc[ds:de].text if anonymous else None
        if kind == "person":
            state.speaker.role = name if can_be_role(name, tokens, state, self.lex) else None
            state.gender = self.lex.gendered_titles.get(head.lower_)
        state.number = "pl" if head.tag_ in {"NNS", "NNPS"} else "sg"
        state.heads.add(head.lemma_.lower())
        state.heads.add(head.lower_)
        state.words.update(t.lower_ for t in span)
        return state

    # -- helpers -------------------------------------------------------------------------------
    def _new(self, name: str, kind: SpeakerKind, anonymous: bool) -> _SpeakerState:
        speaker = Speaker(id=f"sp{self._next_id}", name=name, kind=kind, anonymous=anonymous)
        self._next_id += 1
        state = _SpeakerState(speaker=speaker)
        self.states.append(state)
        return state

    def _alias(self, state: _SpeakerState, text: str) -> None:
        """Remember another way the text names this speaker ("Singh" for "Sabrina Singh")."""
        text = _POSSESSIVE.sub("", text).strip()
        sp = state.speaker
        if text and text != sp.name and text not in sp.aliases:
            sp.aliases.append(text)

    def _state_of(self, speaker: Speaker) -> Optional[_SpeakerState]:
        for state in self.states:
            if state.speaker is speaker:
                return state
        return None

    def _add_mention(self, state: _SpeakerState, mspan: Span, kind: MentionKind) -> None:
        sp = state.speaker
        if not any(m.start == mspan.start for m in sp.mentions):
            sp.mentions.append(Mention(start=mspan.start, end=mspan.end, text=mspan.text, kind=kind))
        state.last_pos = max(state.last_pos, mspan.start)

    def _entity_of(self, head):
        if not head.ent_type_:
            return None
        doc = head.doc
        ent = self._ent_at.get(head.i)
        if ent is None:
            return None
        # The recogniser sometimes runs a name over the cue of a title-cased headline
        # ("Harbor City Council Approves …"): a speaker's name holds no verb.
        start, end = ent.start, ent.end
        end = next((i for i in range(head.i + 1, end) if doc[i].pos_ in _VERBAL), end)
        start = next((i + 1 for i in range(head.i - 1, start - 1, -1) if doc[i].pos_ in _VERBAL), start)
        return ent if (start, end) == (ent.start, ent.end) else _DocSpan(doc, start, end, label=ent.label_)

    def _appos_person(self, head):
        """ "one of the family's attorneys, Justin Bamberg": the name in apposition to a description."""
        if head.ent_type_ == "PERSON":
            return None
        for child in head.rights:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                return self._entity_of(child)
            if child.dep_ == "appos" and name_after_title(head, child, self.lex):
                # "CNN's chief correspondent Ana Brill", the surname taken for an organisation: capitalised
                # words right after a person noun are that person's name, whatever the NER made of them
                return _DocSpan(head.doc, child.left_edge.i, child.i + 1, label="PERSON")
        return None

    def _kind(self, head, ent) -> SpeakerKind:
        lex = self.lex
        low, lemma = head.lower_, head.lemma_.lower()
        if ent is not None:
            if ent.label_ == "GPE":
                return "country"
            if ent.label_ in {"ORG", "FAC"}:
                return "organization"
            if ent.label_ == "NORP":
                return "group" if head.tag_ in {"NNPS", "NNS"} or low.endswith("s") else "organization"
        if low in lex.org_nouns or lemma in lex.org_nouns:
            if head.tag_ in {"NNS", "NNPS"} and low in lex.group_nouns:
                return "group"
            return "organization"
        if head.tag_ in {"NNS", "NNPS"} or low in lex.group_nouns:
            return "group"
        if lemma in lex.person_nouns or low in lex.person_nouns:
            return "person"
        if head.pos_ == "PROPN":
            # an untagged proper noun: an acronym is an organisation ("NAACP"), a name a person ("Cruz")
            return "organization" if head.text.isupper() and len(head.text) > 1 else "person"
        return "unknown"

    def _determiner(self, span) -> Optional[str]:
        for t in span:
            if t.dep_ in {"det", "predet", "nummod", "quantmod"} or t.lower_ in self.lex.indefinite:
                return t.lower_
            if t.dep_ not in {"punct"}:
                break
        return None

    def _org_name(self, span, ent) -> str:
        tokens = list(ent) if ent is not None and len(ent) >= len(span) - 1 else list(span)
        if ent is not None and ent.label_ == "NORP" and len(span) > len(ent):
            tokens = list(span)
        while tokens and tokens[0].lower_ in self.lex.determiners_to_drop:
            tokens = tokens[1:]
        return tidy_text(self.doc, tokens) if tokens else span.text

    def _name_parts(self, ent) -> list[str]:
        words: list[str] = []
        glue = False  # the previous token was a hyphen inside a word: "Ki-moon", "Ocasio-Cortez"
        for t in ent:
            if t.text in {"-", "‐", "‑"} and words and not t.whitespace_ and not t.doc[t.i - 1].whitespace_:
                words[-1] += t.text
                glue = True
                continue
            if (t.is_punct and t.text != ".") or t.is_space:  # (a line break the recogniser took in)
                glue = False
                continue
            if glue:
                words[-1] += t.text
                glue = False
                continue
            words.append(t.text)
        words = [w for w in words if w not in {".", "'s", "’s"}]
        while words and (is_title(words[0]) or words[0].lower() in self.lex.titles):
            words = words[1:]
        if words:
            words[-1] = _POSSESSIVE.sub("", words[-1])
        return [w for w in words if w]

    def _surname_key(self, word: str) -> str:
        return surname_key(word)

    def _first_word_name(self, key: str, ent) -> Optional[str]:
        """The full name ``key`` starts, from another mention than ``ent`` itself (a headline's
        "Grant Vows" trimmed to "Grant" must not grow back into "Grant Vows")."""
        found = self._first_words.get(key)
        if found is None:
            return None
        full, start, end = found
        return None if start < ent.end_char and ent.start_char < end else full

    def _gender_of_name(self, ent) -> Optional[str]:
        lex = self.lex
        for t in ent:
            g = lex.courtesy.get(t.lower_)
            if g:
                return g
        prev = ent.doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and lex.courtesy.get(prev.lower_):
            return lex.courtesy[prev.lower_]
        parts = self._name_parts(ent)
        if len(parts) >= 2:
            return lex.first_name_gender(parts[0])
        full = self._full_names.get(self._surname_key(parts[0])) if parts else None
        if full:
            return lex.first_name_gender(full.split()[0])
        return None
