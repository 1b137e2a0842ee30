"""The content of a cue verb by its frame: a complement clause, an object with its complement, an
infinitive or a prepositional object, and the inverted parentheticals ("The museum, Mr. Bush said, will …").
"""

from __future__ import annotations

from onrecord.statements.cues.common import _subject, _token_range
from onrecord.statements.cues.naming import _named_without_object, _quotation_closing_clause, relative_object_as
from onrecord.statements.index import _FINAL, _DocIndex
from onrecord.statements.lexicon import Lexicon, lexicon

_CONTENT_AFTER_OBJECT = {
    "dobj",
    "oprd",
    "xcomp",
    "ccomp",
    "attr",
    "acomp",
    "prep",
    "advcl",
    "npadvmod",
    "dative",
    "pobj",
    "advmod",
}


def _passive_object(tok, lemma: str, lex: Lexicon, children) -> list[tuple[int, int]]:
    """ "The meeting was first reported by the Ledger", "Her remarks were echoed by the mayor": in the
    passive with its source as agent, the subject of a verb of passive_agent_reports is what was said."""
    if lemma not in lex.passive_agent_reports or not any(c.dep_ == "agent" for c in children):
        return []
    subject = next((c for c in children if c.dep_ == "nsubjpass" and c.i < tok.i), None)
    if subject is None or subject.tag_ in {"WDT", "WP"}:
        return []  # "a plan that was praised by …": the relative pronoun stands for its noun, outside the clause
    return [_token_range(tok.doc, subject.left_edge.i, subject.right_edge.i)]


def _infinitive_with_subject(verb) -> bool:
    """ "(wants) voters to know", "(want) all immigrants to be deported": a to-infinitive with a subject of its own."""
    children = list(verb.children)
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in children) and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.i < verb.i for c in children
    )


def _that_clause_read_as_relative(clause, lex: Lexicon) -> bool:
    """ "said in a press release that the firm would grow": the parser may read the that-clause as a
    relative clause of the document ("a release that …", "that" as the clause's object). It is the
    report when the clause follows the document noun at once, has a subject of its own, and its verb is
    not one of making the document ("the statement that he issued", "the letter that she wrote"):
    there "that" really is the object."""
    if clause.dep_ != "relcl":
        return False
    noun, first = clause.head, clause.doc[clause.left_edge.i]
    if first.lower_ != "that" or first.i != noun.i + 1 or noun.lemma_.lower() not in lex.document_nouns:
        return False
    lemma = clause.lemma_.lower()
    if lemma in lex.publishing_verbs or lex.is_cue_lemma(lemma) or lemma in lex.document_making_verbs:
        return False
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} and c.i != first.i for c in clause.children)


def _content_for_frame(tok, frame: str, lemma: str, index: _DocIndex, lex: Lexicon, children) -> list[tuple[int, int]]:
    doc = tok.doc
    if frame == "clause":
        out = []
        clauses = [c for c in children if c.dep_ in {"ccomp", "advcl"} and not _own_attribution(c, lex)]
        if any(c.dep_ == "ccomp" and c.i > tok.i for c in clauses):
            # "believe the Ukrainians had them": the clause after the cue is its content; a clause
            # before it is the content only in the inverted order ("…, he said").
            clauses = [c for c in clauses if c.i > tok.i]
        if clauses and all(c.i > tok.i for c in clauses):
            # "the mayor said that it was too early …, and there was “no evidence” …": a second
            # clause coordinated to the cue itself, with its own subject, continues the report
            for c in children:
                if (
                    c.dep_ == "conj"
                    and c.i > max(x.i for x in clauses)
                    and c.pos_ in {"VERB", "AUX"}
                    and not lex.is_cue_lemma(c.lemma_.lower())
                    and any(d.dep_ in {"nsubj", "expl", "nsubjpass"} for d in c.children)
                ):
                    clauses.append(c)
        elif clauses and all(c.i < tok.i for c in clauses) and _request_after(tok, children):
            # "after the ruling made it legal — he urged conservatives to obey it": a clause before a
            # cue with its own object and infinitive after it is an adjunct the parser misread; the
            # infinitive frame reports what was urged
            clauses = []
        elif clauses and all(c.i < tok.i for c in clauses):
            # "…, the agency said in a report, and those in the bottom fifth paid …": a coordinated
            # clause with its own subject after an inverted cue continues the report.
            for c in children:
                if (
                    c.dep_ == "conj"
                    and c.i > tok.i
                    and c.pos_ in {"VERB", "AUX"}
                    and any(d.dep_ == "nsubj" for d in c.children)
                ):
                    clauses.append(c)
        for c in clauses:
            if c.dep_ == "ccomp" or (
                c.dep_ == "advcl"
                and any(m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in c.children)
                and lemma in {"ask", "wonder", "question"}
            ):
                if c.dep_ == "ccomp" and lemma in lex.needs_that_or_quote:
                    marked = any(m.dep_ == "mark" and m.lower_ in {"that", "if", "whether"} for m in c.children)
                    if not marked and not index.quotes_overlapping(*_token_range(doc, c.left_edge.i, c.right_edge.i)):
                        continue
                left, right = c.left_edge.i, c.right_edge.i
                if c.i > tok.i and left > tok.i + 1 and _lost_its_subject(c):
                    # "said about half of the estimate reflected losses": the parser hung the clause's
                    # subject on the cue; the words between the cue and the clause belong to it
                    left = tok.i + 1
                    if doc[left].lower_ == "that" or doc[left].is_punct:
                        left += 1
                # never run the content over the cue itself
                if left < tok.i < right:
                    left = tok.i + 1 if c.i > tok.i else left
                    right = tok.i - 1 if c.i < tok.i else right
                if left <= right:
                    out.append(_token_range(doc, left, right))
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if not out and nxt is not None and nxt.lower_ == "that" and nxt.dep_ == "mark" and nxt.head.i > nxt.i:
            # "observed that the 2007 date of the program, which is part of …, coincided with …": a
            # long subject misparsed as the cue's object, yet "that" marks a clause; it runs to the
            # sentence's end (the snap step extends it)
            out.append(_token_range(doc, nxt.i + 1, nxt.head.i))
        if not out:
            # "tweeted in the early morning hours that …": a that-clause the parser hung on a
            # temporal or locative phrase of the cue still reports what was said.
            for c in children:
                if c.i < tok.i or c.dep_ not in {"prep", "npadvmod", "advmod"}:
                    continue
                for d in c.subtree:
                    if d.dep_ in {"relcl", "acl", "ccomp"} and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in d.children
                    ):
                        out.append(_token_range(doc, d.left_edge.i, d.right_edge.i))
                        break
                    if _that_clause_read_as_relative(d, lex):
                        out.append(_token_range(doc, d.left_edge.i + 1, d.right_edge.i))
                        break
                if out:
                    break
        return out
    if frame == "object":
        objs = [c for c in children if c.dep_ == "dobj" and c.i > tok.i]
        if not objs:
            return (
                _named_without_object(tok, lemma, lex, children, index)
                or relative_object_as(tok, children)
                or _passive_object(tok, lemma, lex, children)
            )
        obj = objs[0]
        if lemma in lex.hearer_verbs and obj.tag_ == "PRP":
            return []  # "he told me on Friday, …": the one told, not what was told
        if lemma in lex.questioning_verbs and (
            obj.ent_type_ == "PERSON" or obj.tag_ == "PRP" or obj.lemma_.lower() in lex.person_nouns
        ):
            return []  # "Police arrested and questioned the student": an interrogation, not a doubt
        end = _extend_right(tok, obj, lex)
        if lemma in lex.object_needs_complement:
            # "called the rules “a step forward”" but not "called a meeting"
            has_compl = any(
                c.dep_ in {"oprd", "xcomp", "ccomp", "dobj", "attr"} or (c.dep_ == "prep" and c.lower_ == "as")
                for c in children
                if c.i > obj.i
            )
            if not has_compl and not index.quotes_overlapping(obj.idx, end):
                if not any(c.dep_ in {"oprd", "attr", "appos", "npadvmod", "dobj"} for c in obj.rights):
                    quoted = _quotation_closing_clause(end, index)
                    if quoted is None:
                        return []
                    end = quoted  # "calling him, among other things, “a failed candidate.”"
        return [(obj.left_edge.idx, end)]
    if frame == "xcomp":
        subject = _subject(tok)
        if subject is None or subject.lemma_.lower() in lex.document_nouns:
            return []  # "the new orders threatened to escalate": no one vowed anything
        for c in children:
            if c.dep_ == "xcomp" and c.i > tok.i and c.pos_ in {"VERB", "AUX"}:
                objs = [d for d in children if d.dep_ in {"dobj", "dative"} and tok.i < d.i < c.i]
                left = objs[0].left_edge.i if objs else c.left_edge.i
                return [_token_range(doc, left, c.right_edge.i)]
            if c.dep_ == "ccomp" and c.i > tok.i and _infinitive_with_subject(c):
                # "wants voters to know …": the parser takes the object and its infinitive for a clause
                return [_token_range(doc, c.left_edge.i, c.right_edge.i)]
        return []
    if frame.startswith("prep:"):
        prep = frame[5:]
        for c in children:
            if c.dep_ == "prep" and c.lower_ == prep and c.i > tok.i:
                objs = [d for d in c.children if d.dep_ in {"pobj", "pcomp"}]
                if (
                    objs
                    and objs[0].right_edge.i - objs[0].left_edge.i < 3
                    and _extend_right(tok, c, lex) == c.right_edge.idx + len(c.right_edge.text)
                ):
                    # "spoke of nuclear war": a topic, not a report of what was said; but what a
                    # source "talked about" is its content in PolNeAR (cues.json: topic_prepositions_reported)
                    if (
                        prep not in lex.topic_prepositions_reported and not _demand(tok, lemma, c, lex)
                    ) and not index.quotes_overlapping(objs[0].left_edge.idx, c.right_edge.idx + 1):
                        return []
                if objs:
                    end = _extend_right(tok, c, lex)
                    return [(objs[0].left_edge.idx, end)]
            # "called for the United States to organize …": the parser makes "for" the marker of
            # an infinitive clause instead of a preposition; the clause after it is the content.
            if (
                c.dep_ == "advcl"
                and c.i > tok.i
                and any(m.dep_ == "mark" and m.lower_ == prep and m.i > tok.i for m in c.children)
            ):
                mark = next(m for m in c.children if m.dep_ == "mark" and m.lower_ == prep)
                if mark.i + 1 <= c.right_edge.i:
                    return [_token_range(doc, mark.i + 1, c.right_edge.i)]
        return []
    return []


def pro_form_answer(tok, lex: Lexicon) -> list[tuple[int, int]]:
    """ "75 percent said yes", "half said so in May", "said no to the war", "26 percent said the same":
    a word standing for a whole answer or claim, right after a verb of saying, is what was said; the
    parser makes it an interjection, an adverb or even a subject, never a complement clause."""
    if tok.lemma_.lower() not in lex.pro_form_answer_verbs:
        return []
    doc = tok.doc
    for words in lex.pro_form_answers:
        last = tok.i + len(words)
        if last >= len(doc) or tuple(t.lower_ for t in doc[tok.i + 1 : last + 1]) != words:
            continue
        head = doc[last]
        if tok.i not in {head.head.i, head.head.head.i}:
            # "said so many times", "say the same thing happened": part of a longer phrase (but the
            # parser may hang "no" on the phrase after it: "said no to the tax")
            return []
        if last + 1 < len(doc) and doc[last + 1].pos_ in {"NOUN", "ADJ", "ADV", "NUM"} and words != ("the", "same"):
            return []  # "said no one", "said so far", "say no more"
        phrase = head if head.head.i == tok.i else head.head  # "no to the tax": the whole phrase
        return [(doc[tok.i + 1].idx, _extend_right(tok, phrase, lex))]
    return []


def _demand(tok, lemma: str, prep, lex: Lexicon) -> bool:
    """ "called for calm", "asked for a recount": a short object of a demand frame is what was demanded
    (but not "pushed for months", a time; nor a finite "calls" with no subject of its own, which is the
    noun misread: "resistant to the senators' calls for change")."""
    if f"{lemma} {prep.lower_}" not in lex.demand_frames or _is_adjunct_prep(prep, lex):
        return False
    if any(d.dep_ == "pobj" and d.ent_type_ in {"DATE", "TIME"} for d in prep.subtree):
        return False
    if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ":
        return False  # "too close to call for much of the night": no one called for anything
    finite = tok.tag_ in {"VBZ", "VBD", "VBP"}
    return not finite or any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)


def _request_after(tok, children) -> bool:
    """ "urged conservatives to obey …", "asked the judge to block …": an object and a to-infinitive after the cue."""
    objects = [c for c in children if c.dep_ == "dobj" and c.i > tok.i]
    return bool(objects) and any(
        c.dep_ == "xcomp" and c.i > objects[0].i and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
        for c in children
    )


def _extend_right(tok, first, lex: Lexicon) -> int:
    """End char of the content that starts at ``first``: it runs over the cue's later complements."""
    end_tok = first.right_edge
    for c in tok.rights:
        if c.i <= first.i:
            continue
        if c.dep_ not in _CONTENT_AFTER_OBJECT:
            if c.dep_ == "punct" and c.text in {",", "“", '"', "”"}:
                continue
            if c.dep_ == "cc" or (c.dep_ == "conj" and c.pos_ not in {"VERB", "AUX"}):
                end_tok = c.right_edge if c.dep_ == "conj" else end_tok  # "X, and a need to …": coordinated objects
                continue
            break
        if c.dep_ == "advcl" and any(
            m.dep_ in {"mark", "advmod"}
            and (m.lower_ in lex.time_clause_marks or m.lower_ in lex.concessive_clause_marks)
            for m in c.children
        ):
            break
        if _own_attribution(c, lex):
            break  # "attacked Clinton for …, saying, “…”": the participle reports on its own
        if c.dep_ == "prep" and _is_adjunct_prep(c, lex):
            continue
        end_tok = c.right_edge
    return end_tok.idx + len(end_tok.text)


def _own_attribution(tok, lex: Lexicon) -> bool:
    """A subjectless participle of saying ("…, saying …", "…, adding that …") is a cue of its own."""
    return (
        tok.tag_ == "VBG"
        and lex.is_cue_lemma(tok.lemma_.lower())
        # ("lawmakers he says are echoing …": a progressive with its auxiliary is a finite clause)
        and not any(c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in tok.children)
    )


def _is_adjunct_prep(prep, lex: Lexicon) -> bool:
    """ "on Friday", "in a statement", "to reporters", "during his speech": about the telling, not the told."""
    objs = [d for d in prep.children if d.dep_ == "pobj"]
    if not objs:
        return False
    obj = objs[0]
    if obj.ent_type_ in {"DATE", "TIME"}:
        return True
    if prep.lower_ in {"in", "during", "at"} and obj.lemma_.lower() in lex.adjunct_nouns:
        return True
    if prep.lower_ in {"to", "with"} and (obj.lemma_.lower() in {"reporter", "journalist"} or obj.ent_type_ == "ORG"):
        return True
    return False


def _lost_its_subject(clause) -> bool:
    """A finite clause with no subject of its own ("… reflected losses"): its subject was misparsed."""
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in clause.children):
        return False
    first = clause.doc[clause.left_edge.i]
    finite = {"VBD", "VBZ", "VBP", "MD"}
    if first.i == clause.i:
        return clause.tag_ in finite
    return first.dep_ in {"aux", "auxpass"} and first.tag_ in finite


def lost_host_subject(tok):
    """ "Most residents, said the mayor, have already left": the parser hangs the host clause's subject
    on the inverted cue as a second subject. That subject (before the cue, set off by a comma) is
    returned; the other one, after the cue, is the speaker. None for any other cue. With no host verb
    found at all ("The vote marks a turning point for the party, said Jo Park": the cue is the root),
    the first subject stands for the whole clause before the comma."""
    if tok.dep_ not in {"parataxis", "ccomp", "ROOT"}:
        return None
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if len(subjects) != 2 or not subjects[0].i < tok.i < subjects[1].i:
        return None
    doc = tok.doc
    end = subjects[0].right_edge.i
    while end > subjects[0].i and doc[end].is_punct:
        end -= 1
    if end + 1 >= tok.i or doc[end + 1].text not in {",", "—", "–"}:
        return None
    return subjects[0]


def _inverted_parenthetical(tok, index: _DocIndex) -> list[tuple[int, int]]:
    """ "It was, the president said, a stone …": a cue hanging off the clause it reports."""
    if tok.dep_ not in {"parataxis", "advcl", "ccomp", "conj"} or tok.head.i == tok.i:
        return []
    if tok.dep_ == "conj" and not _closing_attribution(tok):
        return []
    as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)  # "…, as police said"
    # the agent of "As reported by the Ledger, …" stands for its subject (not in "as he is known by …")
    by_agent = as_clause and not any(c.dep_ == "nsubjpass" for c in tok.children)
    if not any(c.dep_ == "nsubj" or (by_agent and c.dep_ == "agent") for c in tok.children):
        return []
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ != "as" for c in tok.children):
        return []  # "While the checks will continue, officials will …": a subordinate clause, not an aside
    head = tok.head
    # (a noun root is a host clause whose verb the parser read as a participle: "“A truck” plowed
    # through the barriers, he said, and …")
    if head.pos_ not in {"VERB", "AUX"} and not (head.dep_ == "ROOT" and head.pos_ in {"NOUN", "PROPN"}):
        return []
    doc = tok.doc
    left, right = head.left_edge.i, head.right_edge.i
    s_left, s_right = tok.left_edge.i, tok.right_edge.i
    host_subject = lost_host_subject(tok)
    if host_subject is not None:
        # "Most residents, said the mayor, have left": the host clause's subject belongs to the content
        s_left = host_subject.right_edge.i + 1
    while s_left < tok.i and doc[s_left].is_punct:
        s_left += 1
    out = []
    if left < s_left:
        out.append(_token_range(doc, left, s_left - 1))
    if s_right < right:
        after = _token_range(doc, s_right + 1, right)
        first = next((t for t in doc[s_right + 1 : right + 1] if not t.is_punct), None)
        # after a noun root, a participle or a subordinate clause is the writer's, hung there by the
        # parser ("“Too much hate,” she said, blaming …", "…, he said, as the crowd cheered"); a
        # clause or a quoted continuation is the host's ("…, he said, and “everyone ran.”")
        aside = first is not None and (first.tag_ == "VBG" or first.pos_ == "SCONJ" or first.dep_ == "mark")
        if head.pos_ in {"VERB", "AUX"} or index.quotes_overlapping(*after) or not aside:
            out.append(after)
    line_start, line_end = index.lines[index.line_of(tok.idx)]
    out = [(max(s, line_start), min(e, line_end)) for s, e in out if s < line_end and e > line_start]
    # A parenthetical cue set off by commas ("The museum, Mr. Bush said, celebrated …") reports its
    # host clause; an adverbial one ("…, he said, adding") only when the clause is quoted.
    before = doc[s_left - 1] if s_left > 0 else None
    set_off = before is not None and before.text in {",", "—", "–"} and s_left > left
    closing = s_right if doc[s_right].text == "," else s_right + 1
    if (
        tok.dep_ == "parataxis"
        and s_left <= left
        and closing < right
        and doc[closing].text == ","
        and tok.lemma_.lower() in lexicon().strong
    ):
        # "At times last year, aides said, the mere mention …": the attribution opens the sentence and
        # a comma closes it; the clause after is the report, and so is a phrase before the speaker
        # that the parser hung on the cue ("Rather than paying more, said Jo Park, the firm wants …")
        set_off = True
        subject = next(c for c in tok.children if c.dep_ in {"nsubj", "agent"})
        opening = min(subject.left_edge.i, tok.i) - 1
        if opening > s_left and doc[opening].text == ",":
            out.insert(0, _token_range(doc, s_left, opening - 1))
    if (tok.dep_ == "advcl" and not as_clause) or not (set_off or as_clause):
        if not any(index.quotes_overlapping(s, e) for s, e in out):
            return []
    return out


def _closing_attribution(tok) -> bool:
    """ "Sanders will stay in the race, his aide, Tad Devine, told the Herald.": a verb of telling the
    parser coordinated with the verb of what it reports. Only with no conjunction before it, a comma before
    its subject, and its own words closing the sentence is it the attribution of that clause ("He
    left early, and his aide told reporters why" is a second clause)."""
    head, doc = tok.head, tok.doc
    if tok.lemma_.lower() not in lexicon().hearer_verbs or not any(
        c.dep_ == "dobj" and c.i > tok.i for c in tok.children
    ):
        return False  # only "…, X told the Herald." (a verb of saying closing the sentence has its own rule)
    if any(c.dep_ in {"cc", "preconj"} and head.i < c.i < tok.i for c in head.children):
        return False
    subject = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if subject is None or subject.left_edge.i == 0 or doc[subject.left_edge.i - 1].text != ",":
        return False
    after = tok.right_edge.i + 1
    if doc[after - 1].text in _FINAL:
        return True  # (the full stop hung on the cue)
    return after >= len(doc) or doc[after].text in _FINAL or "\n" in doc[after].text or doc[after].is_space


def _inverted_by_text(tok, speaker, index: _DocIndex) -> list[tuple[int, int]]:
    """ "Language unclear on whether mothers are covered, experts say.": the parser found no clause,
    but "<words>, <speaker> <cue>." closing a sentence reports the words before the comma."""
    doc = tok.doc
    attribution = [tok.i] + ([speaker.i] if speaker is not None else [])
    lo = min(attribution)
    if speaker is not None:
        lo = min(lo, speaker.left_edge.i)
    hi = max(attribution)
    if speaker is not None and speaker.i > tok.i:
        # "…, said the company's chief executive, Dana Cole.": the inverted subject with its apposition
        hi = max(hi, speaker.right_edge.i)
    after = doc[hi + 1] if hi + 1 < len(doc) else None
    if after is not None and not (after.text in _FINAL or "\n" in after.text or after.is_space):
        return []
    comma = doc[lo - 1] if lo > 0 else None
    if comma is None or comma.text not in {",", "—", "–"}:
        return []
    line_start = index.lines[index.line_of(tok.idx)][0]
    start = lo - 1
    while start > 0 and doc[start - 1].idx >= line_start and doc[start - 1].text not in _FINAL:
        start -= 1
    if start >= lo - 1:
        return []
    return [_token_range(doc, start, lo - 2)]
