"""Later pronouns of a source's own sentence join the source's mentions (its coreference chain).

In "Ana Ruiz said the plan works, although she doubts its cost" the "she" is Ruiz: a reader takes a
third-person pronoun later in the sentence that names a person as a source to be that person, unless
someone else who could be meant is named in between ("Ana Ruiz said Tom Lee knew, but he …") or the
pronoun's gender is not the person's. Those pronouns are added to the person's mentions (kind
``pronoun``), so whoever looks for who "she" is — a reader of the record, a scorer — finds Ruiz.

Only words outside quotation marks count (inside them the speaker talks of others in their own
voice), only persons (a group's "they" may be anyone), and only the rest of that one sentence: across
sentences the resolver's own pronoun rule decides, statement by statement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from onrecord.model import Mention, Speaker, Statement
from onrecord.statements.lexicon import Lexicon

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.statements.index import _DocIndex


def _person_pronoun(low: str, lex: Lexicon) -> Optional[tuple]:
    """The lexicon's entry (kind, gender, number) when ``low`` is a third-person singular pronoun of a
    person, its reflexive ("herself") or independent possessive ("hers") included; else None."""
    for form in (low, low.removesuffix("self"), low.removesuffix("s")):
        entry = lex.pronouns.get(form)
        if entry and entry[0] == "person" and entry[2] == "sg":
            return entry
    return None


def add_sentence_pronouns(
    statements: list[Statement],
    speakers: list[Speaker],
    doc,
    index: _DocIndex,
    lex: Lexicon,
    gender_of: Callable[[Speaker], Optional[str]],
) -> None:
    """Add to each person speaker the pronouns after its statement mention, in that mention's sentence,
    that can only be that person (see the module docstring)."""
    by_id = {sp.id: sp for sp in speakers}
    for st in statements:
        speaker = by_id.get(st.speaker_id or "")
        mention = st.speaker_mention
        if speaker is None or mention is None or speaker.kind != "person" or index.in_quote(mention.start):
            continue
        last = index.token_at(max(mention.start, mention.end - 1))
        if last < 0 or last >= len(doc):
            continue
        gender = gender_of(speaker)
        known = {m.start for m in speaker.mentions}
        sent = doc[last].sent
        after = doc[last + 1 : sent.end]
        # A pronoun mention also stands for the same-gender pronouns before it in its sentence ("She spoke
        # of …, and she addressed …"): both go back to the same antecedent, unless someone comes between.
        first = index.token_at(mention.start)
        before = reversed(doc[sent.start : first]) if _person_pronoun(mention.text.lower(), lex) else ()
        for run in (after, before):
            gender = _add_run(speaker, run, gender, known, index, lex)


def _add_run(speaker: Speaker, tokens, gender: Optional[str], known: set[int], index: _DocIndex, lex: Lexicon):
    """Add the pronouns of ``tokens`` (walked away from the mention) up to someone else named; the
    gender the first one settles, when the speaker's was unknown, is returned."""
    for tok in tokens:
        if index.in_quote(tok.idx):
            continue
        other = _someone_else(tok, lex)
        if other is not None and not (gender and other and other != gender):
            break  # someone else the pronoun could stand for: from here on it is ambiguous
        low = tok.lower_
        entry = _person_pronoun(low, lex)
        if entry is None or tok.pos_ != "PRON":
            continue
        pronoun_gender = entry[1]
        if gender is None:
            gender = pronoun_gender  # the first such pronoun settles it for the rest of the sentence
        elif pronoun_gender and pronoun_gender != gender:
            continue  # "Ana Ruiz said … his …": not her
        if tok.idx not in known:
            known.add(tok.idx)
            speaker.mentions.append(Mention(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, kind="pronoun"))
    return gender


def _someone_else(tok, lex: Lexicon) -> Optional[str]:
    """Whether ``tok`` names a person outside the source mention (a name, "the woman", "his lawyer"):
    None when not, else that person's gender as far as it shows ("" when it does not)."""
    if tok.ent_type_ == "PERSON":
        # the entity's first word, walked back to by its IOB tags (``doc.ents`` builds every entity anew)
        doc, first_i = tok.doc, tok.i
        while first_i > 0 and doc[first_i].ent_iob_ == "I":
            first_i -= 1
        first = doc[first_i].text
        return lex.courtesy.get(first.lower()) or lex.first_name_gender(first) or ""
    if tok.pos_ == "PROPN" and tok.ent_type_ == "" and tok.text[:1].isupper() and tok.dep_ in {"nsubj", "dobj"}:
        return ""  # a name the recogniser missed, in a clause of its own
    if tok.pos_ == "NOUN" and not _predicate_of_subject(tok):
        low, lemma = tok.lower_, tok.lemma_.lower()
        if low in lex.person_nouns or lemma in lex.person_nouns:
            return lex.gendered_titles.get(low, "")
    return None


def _predicate_of_subject(tok) -> bool:
    """ "as governor of Virginia", "is a senator", "the mayor, a lawyer,": a noun saying what someone
    already named is, not another person."""
    if tok.dep_ in {"attr", "appos"}:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "as"
