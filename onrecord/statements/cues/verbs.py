"""Cue rules of the verb family: a listed cue verb with its frame, a raising passive ("is said to …"),
an unlisted verb whose complement quotes someone, and participles coordinated with a cue.
"""

from __future__ import annotations

from typing import Optional

from onrecord.statements.acts import SPEECH, act_table
from onrecord.statements.candidate import Candidate, Method
from onrecord.statements.constructions import (
    advice_to_reader,
    names_only_the_act,
    owned_report_in,
    quoted_name,
    reports_act_or_words,
    shares_passive,
)
from onrecord.statements.cues.common import (
    _animate,
    _issuer,
    _looks_like_title,
    _person_name_words,
    _subject,
    _terms_of_anonymity,
    _token_range,
)
from onrecord.statements.cues.frames import (
    _content_for_frame,
    _extend_right,
    _inverted_by_text,
    _inverted_parenthetical,
    _own_attribution,
    lost_host_subject,
    pro_form_answer,
)
from onrecord.statements.cues.left_clause import subject_of_left_clause
from onrecord.statements.cues.naming import misread_as_reduced_relative, relative_object_as
from onrecord.statements.cues.nouns import _nominal_left_of, _nominal_right_of
from onrecord.statements.cues.parenthetical import (
    both_sides_of_parenthetical,
    opens_its_sentence,
    source_after_inverted_cue,
    source_apposed_to_subject,
    speaker_before_cue,
)
from onrecord.statements.cues.participles import described_source, owner_of_described_noun
from onrecord.statements.cues.polls import opens_with_poll_of_share, poll_of_share
from onrecord.statements.cues.quoted_subject import source_outside_quotation
from onrecord.statements.cues.registry import token_rule
from onrecord.statements.index import _DocIndex
from onrecord.statements.lexicon import Lexicon

_NOMINAL = {"NOUN", "PROPN", "PRON"}


def _verb_tagged_as_noun(tok) -> bool:
    """ "The Department of Agriculture notes, “…”": the tagger read the verb as a plural noun after a
    name ("Agriculture notes"), yet the parse gives it a subject and a complement clause, which only
    a verb has."""
    return (
        tok.pos_ == "NOUN"
        and tok.tag_ == "NNS"
        and any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


@token_rule(
    "cue_verb",
    order=60,
    method=Method.dep,
    is_cue=True,
    needs_content=True,
    matches=lambda tok, lex: (tok.pos_ == "VERB" or _verb_tagged_as_noun(tok)) and lex.is_cue_lemma(tok.lemma_.lower()),
)
def _from_cue(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    lemma = tok.lemma_.lower()
    children = list(tok.children)
    if lemma == "say" and _discourse_connective(tok):
        return None  # "That said, voters …", "Having said that, …": the writer turning, not a source speaking
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in children) and (
        any(c.dep_ in {"nsubj", "mark"} for c in children)
        or tok.dep_ not in {"xcomp", "advcl"}
        or any(c.dep_ in {"dobj", "dative"} for c in tok.head.children)  # "permitted Ukraine to attack"
    ):
        return None  # "for the West to believe", "the right to say": nobody reports anything here
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in children)
    as_by_agent = (
        lemma in lex.strong
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
        and any(c.dep_ == "agent" for c in children)
    )  # "As reported by the Ledger, …": the agent of a verb of saying is the source
    main_verb_misread = misread_as_reduced_relative(tok, lex)  # "One senator called the plan “a gift.”"
    if (
        tok.tag_ == "VBN"
        and not has_subject
        and not as_by_agent
        and not main_verb_misread
        and not any(c.dep_ in {"aux", "auxpass"} for c in children)
    ):
        return None  # "Asked if …", "when asked whether …": the subject is the one asked
    if any(c.dep_ == "mark" and c.lower_ in {"if", "whether"} for c in children):
        return None  # "asked if he was referring to …": a question, not a statement
    if any(c.dep_ == "xcomp" and c.lemma_.lower() in lex.anonymity_requests for c in children):
        return None  # "who asked not to be named": a request for anonymity, not a statement
    if index.has_anonymity and _terms_of_anonymity(tok, lex):
        return None  # "asking for anonymity to speak freely": the terms of the interview
    contracted_has = _contracted_has(children)
    passive = not contracted_has and any(c.dep_ in {"nsubjpass", "auxpass"} for c in children)
    if lemma in lex.giving_verbs and sum(c.dep_ in {"dobj", "dative", "iobj"} for c in children) >= 2:
        return None  # "the keeper denied them chances": withholding something, not denying a claim
    if advice_to_reader(tok, children, lex):
        return None  # "you can suggest that …": the writer advising the reader, not a source speaking
    if passive and lemma in lex.giving_verbs and any(c.dep_ in {"dobj", "dative"} for c in children):
        return None  # "the team had been denied visas": refused something, not a claim denied
    if (passive or shares_passive(tok)) and lemma in lex.hearer_verbs:
        return None  # "he was told that …", "I was hauled in and told that …": the subject heard it
    if passive and lemma in lex.quoted_as:
        return None  # "he was quoted as saying …": the report is the saying's, and he its source
    speaker = _subject(tok) if not contracted_has else next(c for c in children if c.dep_ == "nsubjpass")
    if main_verb_misread:
        speaker = tok.head
    owner = owner_of_described_noun(tok, lex)
    if owner is not None:
        speaker = owner  # "Trump will follow Clinton's speech denouncing him": Clinton, not Trump
    elif (described := described_source(tok, lex)) is not None:
        speaker = described  # "Donors gave to a group backing Rubio": the group, not the donors
    if lost_host_subject(tok) is not None:
        speaker = next(c for c in children if c.dep_ == "nsubj" and c.i > tok.i)  # "Most residents, said the mayor, …"
    poll = poll_of_share(tok, speaker, lex)
    if poll is not None and opens_with_poll_of_share(tok, lex):
        return None  # "In a June poll, 75 percent of voters said …": the poll's finding (according_to)
    if poll is not None:
        speaker = poll  # "In a June poll, 75 percent of voters said …": the poll's finding
    if speaker is not None and speaker.dep_ == "expl":
        speaker = None
    line_start, line_end = index.lines[index.line_of(tok.idx)]
    if speaker is not None and speaker.pos_ in {"VERB", "AUX"} and not _name_tagged_as_verb(speaker):
        speaker = _nominal_left_of(tok, line_start)  # a misparse: the "subject" is a verb
    if speaker is not None and index.tok_quote[speaker.i] >= 0:
        # "“… We will …,” Chief Jordan said": a subject inside the quotation is the quote's own
        speaker = source_outside_quotation(tok, speaker, index, lex)
    if speaker is None and not passive:
        speaker = _name_read_as_modifier(tok)  # "“…,” Will wrote", "Early said …": a surname the tagger misread
    if speaker is None and not passive:
        speaker = subject_of_left_clause(tok, index, lex)  # "Ana Ruiz, who chairs the panel, said …" misparsed
    if speaker is None and not passive and any(c.dep_ in {"ccomp", "parataxis"} and c.i < tok.i for c in children):
        if lemma in lex.hearer_verbs:
            # "… advocate Jo Marlow told HuffPost Canada the laws …": the one told is the hearer,
            # never the source; the source is the name before the cue the parser hung elsewhere
            speaker = _nominal_left_of(tok, line_start, index)
        else:
            # "“…,” added a South Carolina Democrat": an inverted subject the parser took for an object
            speaker = _nominal_right_of(tok, line_end, index)
    if (
        speaker is None
        and not passive
        and lemma not in lex.strong
        and tok.dep_ == "acl"
        and tok.tag_ == "VBG"
        and tok.head.pos_ in _NOMINAL
    ):
        speaker = tok.head  # "a group backing Bush", "a new poll showing …": the noun the participle describes
    if speaker is None and not passive and lemma in lex.strong:
        speaker = speaker_before_cue(tok, index, lex)  # "…, Judge Ana Roberts said, …" with no subject parsed
        if speaker is None and opens_its_sentence(tok):
            speaker = _nominal_right_of(tok, line_end, index)  # "Said Ellis: “…”", "Added the mayor: …"
    if speaker is None and passive and lemma in lex.holder_passives:
        # "Voters are split on whether …", "Not everyone is convinced the plan …": the subject's own view
        speaker = next((c for c in children if c.dep_ == "nsubjpass" and index.tok_quote[c.i] < 0), None)
    inverted = source_after_inverted_cue(tok, speaker, index, lex) if lemma in lex.strong and not passive else None
    if inverted is not None:
        speaker = inverted[0]  # "The contrast with Reed, said Tom Hale, would be clear …"
    apposed = source_apposed_to_subject(tok, speaker, index, lex) if lemma in lex.strong and not passive else None
    if apposed is not None:
        # "Hall, a top aide said, is expected to leave": the aide speaks; Hall is spoken of, and part of
        # what was said
        talked_of = (speaker.left_edge.idx, apposed.left_edge.idx)
        speaker = apposed
    cue_span = (tok.idx, tok.idx + len(tok.text))
    speaker, medium = _issuer(speaker, lex)
    cand = Candidate(content=[], cue=cue_span, cue_token=tok, speaker_head=speaker, medium=medium)
    strong = lemma in lex.strong
    if not strong and not passive and not _animate(speaker, lex):
        return cand if speaker is None else None
    ranges: list[tuple[int, int]] = []
    used_frame = None
    for frame in lex.frames(lemma):
        ranges = _content_for_frame(tok, frame, lemma, index, lex, children)
        if ranges:
            used_frame = frame
            break
    if not ranges and not passive:
        ranges = pro_form_answer(tok, lex)  # "75 percent said yes"
        cand.whole = bool(ranges)
    if used_frame == "object" and tok.dep_ == "relcl" and ranges == relative_object_as(tok, children):
        # "Florida, which he describes as his second home, …": the name given ends with the relative clause
        cand.whole = True
    if passive and speaker is None:
        # An agentless passive names nobody who said anything: "is accused of three counts", "was
        # described as unsafe", "were named as defendants" are the writer's set phrases. A reported
        # clause ("It is believed that …"), a reported act ("have been accused of hurting civilians")
        # or quoted words ("is described as “a riveting book”") are real reports, of a source left
        # unnamed.
        if used_frame != "clause" and not reports_act_or_words(ranges, index):
            return None
        cand.unnamed = True
    if lemma in lex.strong and all(e <= tok.idx for _, e in ranges):
        # "Though the move was smooth, he said, replacing her would be harder": both sides (also where
        # the parser found only the side before: "The middle fifth paid 8.9 percent, the agency said in
        # a June report, and the bottom fifth paid 0.8 percent")
        sides = both_sides_of_parenthetical(tok, speaker, index)
        if sides and (not ranges or any(s < sides[0][1] and sides[0][0] < e for s, e in ranges)):
            ranges = sides
            cand.attribution = (sides[0][1], sides[1][0])
    if inverted is not None:
        ranges = inverted[1]
        cand.attribution = (ranges[0][1], ranges[1][0])
    if apposed is not None and ranges and all(s > tok.idx for s, _ in ranges):
        name_end = talked_of[1] - 2  # up to the comma before the apposition
        ranges = [(talked_of[0], name_end), *ranges]
        cand.attribution = (name_end, ranges[1][0])
    if names_only_the_act(ranges, index, lex):
        return cand  # "issued a statement": still a cue for a quotation next to it, with no content of its own
    if not ranges:
        ranges = _inverted_parenthetical(tok, index)
    if not ranges and lemma in lex.strong:
        ranges = _inverted_by_text(tok, speaker, index)
    cand.content = ranges
    return cand


def _discourse_connective(tok) -> bool:
    """ "That said, …", "That being said, …", "Having said that, …", "All that said, …": a turn of the
    writer's argument opening its sentence, with a comma after it."""
    doc = tok.doc
    words: list[str] = []
    i = tok.i
    while i >= 0 and not doc[i].is_sent_start and doc[i - 1].text not in {".", "\n", "\n\n"} and len(words) < 3:
        i -= 1
        words.insert(0, doc[i].lower_)
    after = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
    if words in (["that"], ["this"], ["all", "that"], ["that", "being"], ["this", "being"]) and after == ",":
        return True
    return (
        words == ["having"]
        and tok.i + 2 < len(doc)
        and doc[tok.i + 1].lower_ in {"that", "this"}
        and (doc[tok.i + 2].text == ",")
    )


def _name_tagged_as_verb(subject) -> bool:
    """ "“…,” Trump shot back": a name the tagger read as a verb, still the subject (a named entity
    or a word of a person named in the article, capitalised inside its sentence)."""
    if subject.dep_ != "nsubj" or not subject.text[:1].isupper() or subject.is_sent_start:
        return False
    return subject.ent_type_ in {"PERSON", "ORG", "NORP"} or subject.text in _person_name_words(subject.doc)


def _name_read_as_modifier(tok):
    """ "“…,” Will wrote", "Early said the plan …": a surname that is also a modal or an adverb, which the
    tagger made a modifier of the finite cue right after it, leaving the cue no subject. It is the
    subject when it is capitalised and a word of a person named in the article ("will wrote" and "early
    said" are no English); else None."""
    if tok.i == 0 or tok.tag_ not in {"VBD", "VBZ", "VBN"}:
        return None
    word = tok.doc[tok.i - 1]
    if tok.tag_ == "VBN" and word.tag_ != "MD":
        return None  # (the tagger reads "Will wrote" as "will written"; "Early said to …" is a participle)
    if word.head.i != tok.i or word.dep_ not in {"aux", "advmod", "npadvmod"} or word.pos_ not in {"AUX", "ADV"}:
        return None
    if not word.text[:1].isupper() or word.text.isupper() or word.text not in _person_name_words(tok.doc):
        return None
    return word


def _contracted_has(children) -> bool:
    """ "While he's said he'll fight on …", "She’s argued that …": the parser reads the contraction as a
    passive "is", but a person is never "said that …": with a complement clause of its own, "'s" is "has"
    and its subject the speaker ("it's said that …" stays a passive)."""
    aux = next((c for c in children if c.dep_ == "auxpass"), None)
    subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
    if aux is None or subject is None or aux.text not in {"'s", "’s"} or subject.lower_ in {"it", "this", "that"}:
        return False
    return any(c.dep_ == "ccomp" and c.i > aux.i for c in children)


@token_rule(
    "raising",
    order=40,
    method=Method.raising,
    is_cue=True,
    falls_through=True,
    matches=lambda tok, lex: tok.pos_ == "VERB" and tok.tag_ == "VBN" and tok.lemma_.lower() in lex.raising,
)
def _raising(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    """ "The vote is widely expected to pass", "He is said to favour …": a passive verb of saying or
    expecting with an infinitive reports the whole clause, its subject included. The source is the
    agent when there is one ("is expected by analysts to …"), else nobody in particular."""
    children = list(tok.children)
    subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
    aux = [c for c in children if c.dep_ == "auxpass"]
    xcomp = next(
        (
            c
            for c in children
            if c.dep_ == "xcomp" and c.i > tok.i and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
        ),
        None,
    )
    if subject is None or not aux or xcomp is None or index.tok_quote[subject.i] >= 0:
        return None
    agent = next((p for c in children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
    cue_start = min([aux[0].idx] + [c.idx for c in children if c.dep_ == "advmod" and aux[0].i < c.i < tok.i])
    content = _token_range(tok.doc, subject.left_edge.i, xcomp.right_edge.i)
    return Candidate(
        content=[content],
        cue=(cue_start, tok.idx + len(tok.text)),
        cue_token=tok,
        speaker_head=agent,
        method=Method.raising,
        unnamed=agent is None,
    )


# An unlisted verb whose complement quotes someone ("pounding Trump as a “con artist”") is a cue:
# the quotation marks are the evidence.
@token_rule(
    "quoting_verb",
    order=50,
    method=Method.dep,
    is_cue=True,
    matches=lambda tok, lex: tok.pos_ == "VERB" and not lex.is_cue_lemma(tok.lemma_.lower()),
)
def _quoting_verb(tok, index: _DocIndex, lex: Lexicon) -> Optional[Candidate]:
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
        return None
    speaker = _subject(tok)
    if speaker is None or index.tok_quote[speaker.i] >= 0 or not _animate(speaker, lex):
        return None
    for c in tok.rights:
        if c.dep_ not in {"dobj", "prep", "oprd", "xcomp", "attr"}:
            continue
        lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
        quotes = index.quotes_overlapping(lo, hi)
        if (
            quotes
            and not _looks_like_title(index.body[quotes[0].start : quotes[0].end])
            and not quoted_name(quotes[0], index)
        ):
            if any(
                lex.is_cue_lemma(d.lemma_.lower()) and any(e.dep_ == "nsubj" for e in d.children) for d in c.subtree
            ):
                return None  # "led to what Quist called “…”": the quotation has its own cue and speaker
            if owned_report_in(c, lex):
                return None  # "seized on Trump's claim that there were “…”": the claim reports it
            end = _extend_right(tok, c, lex)
            start = c.left_edge.idx
            if c.dep_ == "prep":
                objs = [d for d in c.children if d.dep_ in {"pobj", "pcomp"}]
                if objs:
                    start = objs[0].left_edge.idx
            return Candidate(
                content=[(start, end)], cue=(tok.idx, tok.idx + len(tok.text)), cue_token=tok, speaker_head=speaker
            )
    return None


def _coordinated_participles(candidates: list[Candidate], index: _DocIndex, lex: Lexicon) -> list[Candidate]:
    """ "…, insisting the plan was sound and urging critics to wait": a second participle of saying
    coordinated inside the content is a second attribution of the same source. The first content
    ends before its conjunction; the participle's own content is a statement of that source.

    So is a second finite verb of speech in the cue's own tense ("said he earns little and
    questioned how the plan would help him", "says he respects her and calls her …"): the parser
    hangs it on the content's verb, but it goes with the cue. Unless that verb's subject is a person
    named there ("said Tom Reyes visited the plant and told workers …": he may be the one telling)."""
    doc = index.doc
    found = []
    for cand in list(candidates):
        if cand.method != Method.dep or cand.speaker_head is None or len(cand.content) != 1:
            continue
        start, end = cand.content[0]
        lo, hi = index.token_at(start), index.token_at(end - 1)
        for i in range(lo + 2, hi + 1):
            t = doc[i]
            if t.dep_ != "conj" or index.tok_quote[i] >= 0 or not _second_report(t, cand.cue_token, lex):
                continue
            if doc[i - 1].pos_ != "CCONJ" and doc[i - 1].text != ",":
                continue
            children = list(t.children)
            lemma = t.lemma_.lower()
            ranges = next(
                (r for f in lex.frames(lemma) if (r := _content_for_frame(t, f, lemma, index, lex, children))), []
            )
            if not ranges:
                continue
            cut = index.trim(start, doc[i - 1].idx)
            if cut[1] - cut[0] < 2:
                continue
            cand.content = [cut]
            found.append(
                Candidate(content=ranges, cue=(t.idx, t.idx + len(t.text)), cue_token=t, speaker_head=cand.speaker_head)
            )
            break
    return found


def _second_report(t, cue, lex: Lexicon) -> bool:
    """Whether conjunct ``t`` inside the content of ``cue`` is a second report of the cue's source (see
    :func:`_coordinated_participles`)."""
    lemma = t.lemma_.lower()
    if t.tag_ == "VBG":
        if not _own_attribution(t, lex) or (lemma not in lex.strong and lemma not in lex.hearer_verbs):
            return False
        # "Obama is acting unlawfully and showing …": the content's own verbs
        return (cue is not None and t.head.i == cue.i) or not any(
            c.dep_ in {"nsubj", "nsubjpass"} or c.dep_ == "aux" for c in t.head.children
        )
    if cue is None or t.tag_ != cue.tag_ or t.pos_ != "VERB" or t.head.i == cue.i or not lex.is_cue_lemma(lemma):
        return False
    if act_table().of_verb(lemma) != SPEECH or any(c.dep_ in {"nsubj", "nsubjpass", "expl", "aux"} for c in t.children):
        return False
    subject = next((c for c in t.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subject is None or subject.ent_type_ != "PERSON"
