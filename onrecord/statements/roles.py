"""What may stand as a speaker's role, and what is an affiliation instead (issue 10, class 9).

At corpus scale the role slot collected datelines ("WASHINGTON"), party-state tags ("R-S.C.",
"Vt"), the person's own name and predicates the parser hung on a name ("Everything",
"move reeks of …"). :func:`party_state_tag` reads a party-state tag as an affiliation;
:func:`can_be_role` says whether a text names what a person is; :func:`overlaps` keeps a statement's
content out of its speaker's role; :func:`possessor_only` reads "NBC’s" before a name as an affiliation;
:func:`affiliation_of` reads the organisation a role names; :func:`role_tokens` and :func:`set_role` read the
words before a name into the role or affiliation of the speaker the resolver builds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from onrecord.text.names import surname_key

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.statements.speakers import _SpeakerState

_PARTY_STATE = re.compile(r"^\(?(?P<party>[A-Za-z]{1,3})?(?:\s*[-–]\s*)?(?P<state>[A-Za-z. ]{0,8}?)\.?\)?$")


def party_state_tag(text: str, lex) -> Optional[str]:
    """The party of a party-state tag ("R-S.C." -> "Republican"), "" for a bare state ("Vt"), or
    None when ``text`` is no such tag."""
    m = _PARTY_STATE.match(text.strip())
    if m is None:
        return None
    tags = lex.party_state_tags
    party = (m.group("party") or "").lower()
    state = re.sub(r"[^a-z]", "", (m.group("state") or "").lower())
    if party in tags["parties"] and state in tags["states"]:
        return tags["parties"][party]
    if party in tags["parties"] and not state and text.strip("()").rstrip(".").isupper():
        return tags["parties"][party]  # "R", "D" alone
    if re.sub(r"[^a-z]", "", text.lower()) in tags["states"] and text[:1].isupper() and len(text) <= 6:
        return ""  # "Vt", "Del.", "Ky."
    return None


def overlaps(span, content) -> bool:
    """Whether token ``span`` shares a character with the content pieces ``content``: "According to
    Dana Pike, the plan reeks of desperation", parsed with "the plan reeks …" as Pike's apposition,
    is what Pike said, not what Pike is."""
    return any(span.start_char < end and start < span.end_char for start, end in content)


def possessor_only(tokens) -> bool:
    """Whether the words before a name are only its possessor: in "NBC's Dante Chinni" the outlet is
    whom the person speaks for (an affiliation), not what the person is."""
    return bool(tokens) and all(
        hasattr(t, "dep_") and (_possessor(t) or any(_possessor(a) for a in t.ancestors)) for t in tokens
    )


def _possessor(tok) -> bool:
    # the parser marks "NBC" in "NBC’s Dante Chinni" as poss, or as a compound holding the "’s"
    return tok.dep_ == "poss" or any(c.dep_ == "case" for c in tok.children)


def can_be_role(text: str, tokens, state: _SpeakerState, lex) -> bool:
    """Whether ``text`` names what a person is: not a dateline ("WASHINGTON"), not the person's own
    name ("McAuliffe"), not a predicate the parser hung on the name ("Everything", "rampant")."""
    words = text.split()
    if text.isupper() and (len(words) > 1 or len(text) > 4):
        return False  # a dateline or a headline in capitals; "CEO" stays
    if state.surname and surname_key(words[-1]) == state.surname:
        return False  # the name itself, or a description that ends in it
    if text == state.speaker.name and text[:1].isupper() and not any(w.lower() in lex.titles for w in words):
        return False  # "McAuliffe": a name the tagger missed is not its own role
    if words[0].lower() in lex.plural_quantifiers:
        return False  # "Both Democrat": a predicate over several people
    head = tokens[-1] if tokens else None
    if head is not None and hasattr(head, "pos_"):
        if head.pos_ not in {"NOUN", "PROPN"}:
            return False  # "Everything", "rampant": a pronoun or adjective is no role
        if any(hasattr(t, "pos_") and t.pos_ in {"VERB", "AUX"} for t in tokens):
            return False  # "move reeks of …", "Trump Was ‘Mocking": a clause, not a description
        if head.ent_type_ == "PERSON" and any(t.text == "," for t in tokens):
            return False  # "His former business partner, Lawrence Cummings": the name, not the role
        if state.surname and head.tag_ in {"NNS", "NNPS"} and head.lower_ not in lex.titles:
            return False  # "Presidential candidates": a group, not one named person's role
        if len([t for t in tokens if t.dep_ not in {"det", "punct"}]) == 1 and head.pos_ == "NOUN":
            low, lemma = head.lower_, head.lemma_.lower()
            if not any(w in vocab for w in (low, lemma) for vocab in (lex.titles, lex.person_nouns)):
                return False  # "view", "move": a common noun that names no one
    return True


def affiliation_of(role: str, tokens, lex) -> Optional[str]:
    """The organisation a role names: "Kremlin spokesman" -> "Kremlin", "head of X" -> "X",
    "professor of surgery at X" -> "X", "spokesman for the X of America" -> "X of America"."""
    for prep in lex.affiliation_prepositions:
        marker = f" {prep} "
        if marker in role:
            tail = role.split(marker, 1)[1].strip()
            # "… at the Hoover Institution and a former ambassador": a second role ends the organisation
            tail = re.split(r",\s|\s+and\s+(?:an?|the|former)\s", tail, maxsplit=1)[0]
            return re.sub(r"^the\s+", "", tail, flags=re.I) or None
    lead: list[str] = []
    tokens, skipped = list(tokens), 0
    while tokens and tokens[0].lower_.rstrip("-") in lex.role_time_modifiers:
        tokens, skipped = (
            tokens[1:],
            skipped + 1,
        )  # "Former Pennsylvania Gov.": the organisation starts after the word that dates the role
    for k, t in enumerate(tokens):
        low = t.lower_
        if low in lex.titles or low in lex.person_nouns or t.pos_ not in {"PROPN"}:
            if lead and t.tag_ == "POS" and any(w.lower_ in lex.relation_nouns for w in tokens[k + 1 :]):
                return None  # "Clinton's opponent", "the mayor's wife": a relation, not a membership
            break
        lead.append(t.text)
    # "Pentagon Press Secretary": "Press" belongs to the title "press secretary".
    while (
        lead
        and " ".join(
            [lead[-1].lower()] + [w.lower() for w in role.split()[skipped + len(lead) : skipped + len(lead) + 1]]
        )
        in lex.titles
    ):
        lead.pop()
    return " ".join(lead) or None


def role_tokens(span, ent, lex) -> list:
    """Premodifiers before the name: "Pentagon Press Secretary" in "Pentagon Press Secretary Sabrina Singh"
    (``ent`` the name; without one, the whole description)."""
    stop = ent.start if ent is not None else span.end
    tokens = [t for t in span if t.i < stop and t.dep_ not in {"det", "punct", "case"}]
    if ent is None:
        tokens = [t for t in span if t.dep_ not in {"det", "punct"}]
    if len(tokens) == 1 and tokens[0].lower_ in lex.role_time_modifiers:
        return []  # "former Sen. Ana Ruiz" read as "former" alone: a word that dates a role is not one
    while tokens and lex.is_name_title(tokens[-1].text) and tokens[-1].lower_ not in lex.titles:
        tokens = tokens[:-1]  # "Mr." is a courtesy title, not a role
    return tokens


def set_role(state: _SpeakerState, text: str, tokens, lex) -> None:
    """Give ``state``'s speaker the role ``text`` (over ``tokens``), or the affiliation it is instead: a
    party-state tag, a possessor ("NBC's"); the organisation the role names fills an empty affiliation, and a
    gendered title an unknown gender."""
    text = text.strip(" ,")
    if not text or lex.is_name_title(text):
        return
    party = party_state_tag(text, lex)
    if party is not None:
        # "Lindsey Graham (R-S.C.)", "Sanders, Vt": a party and a state are an affiliation
        if party and state.speaker.affiliation is None:
            state.speaker.affiliation = party
        return
    if possessor_only(tokens):
        state.speaker.affiliation = state.speaker.affiliation or text
        return
    if not can_be_role(text, tokens, state, lex):
        return
    words = text.split()
    # "Ukrainian President" -> "President of Ukraine": nationality + title, the form gold uses.
    for n in (2, 1):
        if len(words) > n:
            nat = " ".join(words[:n]).lower()
            rest = " ".join(words[n:])
            if nat in lex.nationalities and rest.lower() in lex.titles:
                text = f"{rest} of {lex.nationalities[nat]}"
                break
    state.speaker.role = text
    state.words.update(w.lower() for w in re.findall(r"[\w.’']+", text))
    state.heads.update(w.lower() for w in text.split() if w.lower() in lex.titles or w.lower() in lex.person_nouns)
    if state.speaker.affiliation is None:
        state.speaker.affiliation = affiliation_of(text, tokens, lex)
    if state.gender is None:
        for w in text.lower().split():
            if w in lex.gendered_titles:
                state.gender = lex.gendered_titles[w]
