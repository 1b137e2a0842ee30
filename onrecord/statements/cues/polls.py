"""The source of what a share of respondents said in a poll: "In a June poll, 75 percent of voters
said …", "Sixty percent said they … in a Ledger survey this month".

The verb of saying has the respondents for subject, but a share of people ("75 percent of voters",
"six in 10", "most Republicans") says nothing as one person: what they said is the poll's finding.
:func:`onrecord.statements.cues.according_to._in_a_poll` leaves "In the poll, …" to a cue verb in
its sentence ("In a statement, the company said …"); with a share of respondents for subject, the
poll is the source. Counted on PolNeAR train: 4 speakers right, none lost (with any cue verb, not only
verbs of saying, 2 were lost: "39 percent viewed him favorably in the poll" is the respondents').
When "In a … poll," opens the sentence, the finding is the whole clause after it, shares and all ("75
percent of voters said …, and 20 percent said …" is one finding, as PolNeAR train marks it: 3 of 3 such
sentences with two shares were one statement, and the single-share ones match either way).
"""

from __future__ import annotations

from typing import Any, Optional

from onrecord.statements.cues.common import _proportion, _subject
from onrecord.statements.lexicon import Lexicon


def _is_share(tok, lex: Lexicon) -> bool:
    """Whether ``tok`` heads a share of people ("75 percent of voters", "31% of Republicans", "a
    majority of Democrats": ``respondent_shares`` in ``data/cues.json``) or a bare count of them."""
    if tok.lower_ in lex.respondent_shares:
        return True
    if tok.like_num or _proportion(tok):
        return True  # "Six in 10 said …", "Forty said …"
    return any(c.lower_ in lex.respondent_shares and c.dep_ in {"nmod", "compound", "nummod"} for c in tok.children)


def poll_of_share(tok, speaker, lex: Lexicon) -> Optional[object]:
    """The poll or survey that verb of saying ``tok`` reports when its subject ``speaker`` is a share of
    respondents and the poll is named in its sentence ("In a … poll," opening it, or "in a … poll"
    on the verb or its reported clause); else None."""
    if speaker is None or tok.lemma_.lower() not in lex.strong or not _is_share(speaker, lex):
        return None  # ("39 percent viewed him favorably in the poll": an opinion held, not a saying)
    preps = [c for c in tok.children if c.dep_ == "prep"]
    for clause in tok.children:
        if clause.dep_ == "ccomp":
            preps += [c for c in clause.children if c.dep_ == "prep"]
    first = tok.sent[0]
    if first.lower_ == "in" and first.dep_ == "prep":
        preps.append(first)
    for prep in preps:
        if prep.lower_ != "in":
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.lemma_.lower() in lex.finding_nouns:
            return obj
    return None


def opens_with_poll_of_share(tok, lex: Lexicon) -> bool:
    """Whether verb of saying ``tok`` has a share of respondents for subject and its sentence opens with
    "In a … poll," ("In a June poll, 75 percent of voters said …, and 20 percent said …"). The finding is
    then the whole clause after the comma, shares and all (:func:`onrecord.statements.cues.according_to._in_a_poll`
    takes it): what the poll found is that 75 percent said so, not what they said."""
    first = tok.sent[0]
    if first.lower_ != "in":
        return False
    poll: Any = poll_of_share(tok, _subject(tok), lex)
    return poll is not None and poll.head.i == first.i
