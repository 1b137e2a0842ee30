"""Helpers the cue rules share: the subject of a cue, whether a word can be a source, anonymity terms,
the issuer of a document, token ranges and word counts.
"""

from __future__ import annotations

import re

from onrecord.statements.index import _QUOTE_CHARS
from onrecord.statements.lexicon import Lexicon, lexicon

_SUBJECT_DEPS = {"nsubj"}
# "LOS ANGELES, Sept. 28 (UPI) — …", "RANGOON, Burma - …", "LONDON (Reuters) -- …": a place of up to three
# words in capitals (a longer run is a headline in capitals: "STATE POLL SHOWS WIDE LEAD - …"), then at most a place or date and an agency in parentheses, then a dash, at the start of a line
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’]*(?: [A-Z][A-Z.'’]*){0,2}(?:,[^\n,()—–-]{1,30}){0,2}(?:\s*\([^()\n]{1,30}\))?\s*(?:—|–|--|-)\s"
)


def _subject(tok, climb: int = 3):
    """The speaker token of cue ``tok``: its subject, the agent of a passive, or its governor's subject."""
    cur = tok
    came_by = None  # the dependency climbed from the word below (None at the cue itself)
    for _ in range(climb + 1):
        passive = False
        subjects = [c for c in cur.children if c.dep_ in _SUBJECT_DEPS and not set(c.text) <= _QUOTE_CHARS]
        if not subjects and cur.pos_ == "VERB":
            # "About 4 in 10 say …": a proportion of people standing alone, which the parser takes for a
            # number modifying the verb
            subjects = [c for c in cur.children if _proportion(c) and c.i < cur.i]
        if not subjects:
            # "Sen. Ana Ruiz, noting the size of the crowd, said …": the parser hangs the subject on the
            # participle set off before the verb; it is the verb's
            # (or makes the participle the root and the verb its parataxis)
            # ("Majorities of voters going to the polls said …": hung on the participle made the cue's
            # clausal subject; "Ed Ames, recalling the war, responded by saying …": on the root it made)
            participles = [c for c in cur.children if c.dep_ in {"advcl", "csubj"} and c.tag_ == "VBG" and c.i < cur.i]
            if cur.dep_ in {"parataxis", "dep"} and cur.head.tag_ == "VBG" and cur.head.i < cur.i:
                participles.append(cur.head)
            elif cur.dep_ == "dep" and cur.head.pos_ == "VERB" and cur.head.i < cur.i:
                participles.append(cur.head)  # "Hall, exasperated, famously responded: …"
            subjects = [s for c in participles for s in c.children if s.dep_ == "nsubj" and s.i < c.i]
        if not subjects and cur.tag_ in {"VBD", "VBZ", "VBP"}:
            subjects = [s for s in [_name_hung_on_opening_phrase(cur)] if s is not None]
        if subjects:
            # (a guillemet the tagger took for a noun is no subject); of two subjects, the one
            # nearest the verb is its own ("FED TALK: Governor Lisa Moor said …" has a label first)
            before = [c for c in subjects if c.i < cur.i]
            subject = before[-1] if before else subjects[0]
            return _past_dateline(subject)
        agent = None
        for child in cur.children:
            if child.dep_ in {"nsubjpass", "csubjpass"}:
                passive = True
            if child.dep_ == "agent" and agent is None:
                agent = next((pobj for pobj in child.children if pobj.dep_ == "pobj"), None)
        if (
            passive
            and came_by == "conj"
            and tok.head.i == cur.i
            and tok.pos_ == "VERB"
            and not any(c.dep_ == "auxpass" for c in tok.children)
            and cur.lemma_.lower() not in lexicon().hearer_verbs  # "X was asked by Y, … said": Y's words
        ):
            # "FBI officials were angered by the deal and predicted …": an active verb coordinated with a
            # passive one shares its subject, not the passive's agent
            return next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
        if agent is not None and not (passive and came_by in {"xcomp", "prep"}):
            return agent
        if passive:
            if cur is not tok and cur.lemma_.lower() in lexicon().quoted_as:
                # "he was quoted as saying …": the one quoted is the one saying
                return next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
            if cur is not tok and cur.lemma_.lower() in lexicon().raising:
                # "Obama is reported to have called …": the raised subject is the caller
                return next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
            if came_by == "xcomp" and cur.lemma_.lower() in lexicon().request_governors:
                return None  # "People were encouraged to suggest …": asked to speak, not speaking
            if came_by in {"xcomp", "prep"}:
                # "she can be heard yelling that …", "he was forced to admit …", "After saying …, she
                # was whisked off": the passive's subject is the one who does the saying below it
                # (not through a bare adverbial clause: "was viewed as kind to firms looking to …")
                return next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
            return None
        if cur.dep_ in {"advcl", "conj", "xcomp", "acl", "relcl", "ccomp", "pcomp", "prep"} and cur.head.i != cur.i:
            if cur.dep_ == "relcl":
                return cur.head  # "the official who said …"
            if cur.dep_ == "ccomp":
                return None
            if cur.dep_ == "pcomp" and cur.head.lower_ == "for":
                punished = _object_blamed_for(cur.head)
                if punished is not None:
                    return punished  # "the panel held Reed in contempt for refusing to testify": Reed refused
            nxt = cur.head
            outer = second_report_of(tok, lexicon()) if cur is tok else None
            if outer is not None:
                nxt = outer  # "says the answer was … and says he …": the first cue's subject
            if cur.dep_ == "xcomp" and nxt.dep_ == "acomp" and nxt.pos_ == "ADJ" and nxt.head.i != nxt.i:
                # "Voters are more likely to say …", "he is determined to warn …": the copula's subject
                came_by = "xcomp"
                cur = nxt.head
                continue
            shown = _person_shown(cur, nxt) if cur is tok else None
            if shown is not None:
                return shown  # "The ad uses footage of Ruiz asking, …": Ruiz asks, not the ad
            if nxt.pos_ in {"NOUN", "PROPN"}:  # "a statement calling …": the statement's issuer
                if nxt.dep_ in {"dobj", "pobj"}:
                    nxt = nxt.head
                    if nxt.dep_ == "prep":
                        nxt = nxt.head
                elif (
                    nxt.dep_ == "ROOT"
                    and cur.dep_ == "acl"
                    and cur.tag_ in {"VBD", "VBN"}
                    and any(c.dep_ == "relcl" and c.i < cur.i for c in nxt.children)
                ):
                    # "Mayor Tom Reed, who is running again, tweeted on Friday to say …": the parser took the
                    # finite verb after the relative clause for a participle describing the name
                    return nxt
                elif (
                    nxt.dep_ == "attr"
                    and cur.dep_ == "acl"
                    and cur.tag_ == "VBG"
                    and nxt.lemma_.lower() in lexicon().person_nouns
                ):
                    # "Ruiz was the first official to weigh in, tweeting her thanks": the person the
                    # copula's subject is ("Their worry is precedents requiring …" keeps "precedents")
                    return next((c for c in nxt.head.children if c.dep_ == "nsubj" and c.i < nxt.i), None)
                else:
                    return nxt if nxt.dep_ in {"nsubj"} else None
            came_by = cur.dep_
            cur = nxt
            continue
        return None
    return None


_RECORDINGS = frozenset({"footage", "video", "clip", "recording", "tape", "audio", "image", "photo", "picture"})


def _person_shown(participle, recording):
    """ "footage of Ana Ruiz asking, …", "a video of the mayor saying …": the person a recording shows
    does what the participle after them says; else None."""
    if participle.tag_ != "VBG" or participle.dep_ not in {"acl", "xcomp"}:
        return None
    if participle.dep_ == "xcomp":  # "uses footage of Ruiz asking": the parser hangs it on "uses"
        recording = next((c for c in recording.children if c.dep_ == "dobj" and c.i < participle.i), None)
    if recording is None or recording.lemma_.lower() not in _RECORDINGS:
        return None
    for prep in recording.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i < participle.i:
            person = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if person is None or person.ent_type_ in {"DATE", "TIME", "GPE", "LOC", "EVENT"}:
                return None
            if person.pos_ == "PROPN" or person.lemma_.lower() in lexicon().person_nouns:
                return person
    return None


def _object_blamed_for(for_prep):
    """ "held Reed in contempt for refusing …", "fined the firm for saying …", "praised Ruiz for
    insisting …": the person the verb acts on, who did what "for" names; else None."""
    verb = for_prep.head
    if verb.dep_ == "pobj" and verb.head.dep_ == "prep":  # "… in contempt of Congress for …"
        verb = verb.head.head
    if verb.pos_ == "NOUN" and verb.dep_ == "pobj" and verb.head.dep_ == "prep":
        verb = verb.head.head  # "held Reed in contempt for …": the prepositional phrase's verb
    if verb.pos_ != "VERB":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.i > for_prep.i or not _animate(obj, lexicon()):
        return None
    if obj.lemma_.lower() in lexicon().document_nouns:
        return None
    return obj


def _name_hung_on_opening_phrase(verb):
    """ "At a rally in Ohio, retiree Brenda Hale railed against …", "In a call on Dec. 2, Col. Ed Ames
    said …": a verb left without a subject, right after a name the parser made an apposition of the
    phrase the sentence opened with; the name is the subject."""
    i = verb.i - 1
    while i >= 0 and verb.doc[i].dep_ in {"advmod", "neg", "aux"} and verb.doc[i].head.i == verb.i:
        i -= 1  # "… Brenda Hale also railed"
    if i < 0:
        return None
    name = verb.doc[i]
    if name.text == "," and i > 0:
        # "In a panel in Washington, Ann Lee, the head of the league, told …": from the end of the name's
        # own apposition up to it
        name = verb.doc[i - 1]
        while name.dep_ in {"pobj", "prep"} and name.head.i < name.i:
            name = name.head
        while name.dep_ == "appos" and name.head.dep_ != "pobj" and name.head.i < name.i:
            name = name.head
    # (or a conjunct of it: "in Washington, Ann Lee, …")
    hung = name.dep_ == "appos" or (name.dep_ == "conj" and name.ent_type_ == "PERSON")
    if not hung or name.pos_ not in {"PROPN", "NOUN"} or name.head.dep_ != "pobj":
        return None
    if name.ent_type_ not in {"PERSON", "ORG", "NORP"} and not _animate(name, lexicon()):
        return None
    return name


def _past_dateline(subject):
    """A dateline the parser took for the subject is never the source ("RANGOON, Burma - The party's
    allies predicted …"): the subject is the noun phrase after its dash, which the parser then hangs
    on the place as an apposition, or nobody."""
    if subject is None:
        return subject
    body = doc_text(subject.doc)
    line_start = body.rfind("\n", 0, subject.idx) + 1
    if not body[line_start : line_start + 2].isupper():
        return subject
    m = _DATELINE.match(body, line_start)
    if m is None or subject.idx >= m.end():
        return subject
    return next((c for c in subject.children if c.dep_ == "appos" and c.idx >= m.end()), None)


def doc_text(doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token again on each access, and the subject
    rules ask for it for every cue (computed once per doc, like the name words below)."""
    text = doc.user_data.get("onrecord_text")
    if text is None:
        text = doc.text
        doc.user_data["onrecord_text"] = text
    return text


def _person_name_words(doc) -> frozenset[str]:
    """The capitalised words of the person names the parser found in ``doc`` (computed once per doc)."""
    words = doc.user_data.get("onrecord_person_words")
    if words is None:
        words = frozenset(t.text for ent in doc.ents if ent.label_ == "PERSON" for t in ent if t.text[:1].isupper())
        doc.user_data["onrecord_person_words"] = words
    return words


def _proportion(tok) -> bool:
    """Whether ``tok`` closes "4 in 10", "three of five": a number with a number before it joined by
    "in" or "of"."""
    if tok.dep_ != "nummod" or tok.pos_ != "NUM" or tok.i < 2:
        return False
    doc = tok.doc
    return doc[tok.i - 1].lower_ in {"in", "of", "out"} and any(
        t.pos_ == "NUM" for t in doc[max(0, tok.i - 3) : tok.i - 1]
    )


def second_report_of(tok, lex: Lexicon):
    """The cue verb whose second report ``tok`` is, when the parser hung it on that cue's complement: "He
    says the answer was to close it and says he wrote a bill" coordinates *says* with *was*; "argued
    that a database would help, saying …" hangs *saying* on *help*. A verb of saying with no subject of
    its own, coordinated with the complement of a cue before it or a participle after a comma there,
    is that cue's second report when the complement's subject is a thing that does not speak ("the answer",
    "the base"); with a person or a pronoun there ("said Tom Reyes visited the plant and told workers
    …") or no subject at all, it goes on the complement's clause. Returns the outer cue verb or None."""
    head = tok.head
    participle = tok.dep_ == "advcl" and tok.tag_ == "VBG" and _after_comma(tok)
    if tok.dep_ != "conj" and not participle:
        return None
    if head.dep_ == "ccomp":
        outer = head.head
    elif head.dep_ == "acl" and head.head.dep_ == "dobj":
        outer = head.head.head  # "denied the notion that a shakeup is coming, explaining …"
    else:
        return None
    if outer.pos_ != "VERB" or outer.i > tok.i:
        return None
    if not lex.is_cue_lemma(tok.lemma_.lower()) or not lex.is_cue_lemma(outer.lemma_.lower()):
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children):
        return None
    subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.ent_type_ == "PERSON" or subject.lower_ in lex.animate_pronouns:
        return None  # "said Tom Reyes visited the plant and told workers …": the person goes on
    return outer


def _after_comma(tok) -> bool:
    """Whether a comma comes right before ``tok``, or a comma and the closing mark of a quotation ending
    there ("… titled “The Long Road,” explaining …")."""
    doc = tok.doc
    i = tok.i - 1
    if i > 0 and doc[i].text in _QUOTE_CHARS:
        i -= 1
    return i >= 0 and doc[i].text == ","


def _animate(tok, lex: Lexicon) -> bool:
    """Whether ``tok`` can be a source: a person, organisation, country, group or document."""
    if tok is None:
        return False
    if tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP", "FAC"}:
        return True
    group = lex.partitive_group(tok)
    if group is not None:  # "One of them", "two of the officials": as animate as the group
        return group.pos_ == "PRON" or _animate(group, lex)
    if tok.lower_ in lex.partitive_heads and tok.dep_ in {"nsubj", "nsubjpass"}:
        return True  # "Some believe …", "most agreed that …": a quantifier standing alone counts people
    if tok.tag_ in {"WDT", "WP"} and tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i:
        # "a super PAC that intends to …": a relative pronoun is as able to speak as the noun it stands for
        return _animate(tok.head.head, lex)
    low, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ == "PRON":
        return low in lex.animate_pronouns
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ == "NOUN" and tok.text[:1].isupper() and tok.text in _person_name_words(tok.doc):
        return True  # "Wilkins observed that …": a surname named before, tagged as a plural noun at a line start
    if _surname_after_quotation(tok):
        return True  # "“Would it be negotiable?” Hannity pressed": a surname the tagger took for a noun
    if any(
        x in vocab
        for x in (low, lemma)
        for vocab in (lex.person_nouns, lex.group_nouns, lex.org_nouns, lex.document_nouns)
    ):
        return True
    # nouns that head sources in real news (mined from the PolNeAR train split): "environmentalists"
    return low in lex.source_nouns


def _surname_after_quotation(tok) -> bool:
    """Whether ``tok`` is a capitalised noun standing alone as the subject of the verb right after it,
    straight after a quotation's closing mark ("“…?” Hannity pressed."): the place of a source's name."""
    doc = tok.doc
    if tok.pos_ != "NOUN" or not tok.text[:1].isupper() or tok.text.isupper() or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    if tok.dep_ != "nsubj" or tok.head.i != tok.i + 1 or any(True for _ in tok.children):
        return False
    return doc[tok.i - 1].text in {"”", "''", '"'} and doc[tok.i - 1].i > 0


def _terms_of_anonymity(tok, lex: Lexicon) -> bool:
    """Whether cue ``tok`` states the terms a source spoke on ("asking for anonymity to speak freely",
    "speaking on condition of anonymity to discuss internal plans"): an anonymity noun in its own
    object or prepositional phrase, or in those of the verb it completes."""
    verbs = [tok, tok.head] if tok.dep_ in {"xcomp", "advcl", "ccomp"} and tok.head.i != tok.i else [tok]
    return any(
        c.dep_ in {"prep", "dobj", "advmod", "npadvmod"} and any(t.lower_ in lex.anonymity_nouns for t in c.subtree)
        for verb in verbs
        for c in verb.children
    )


def _issuer(speaker, lex: Lexicon):
    """ "A release from the nurses' union said …": a document issued by a source is the medium, and
    its issuer the speaker; so is a document a source put out ("The senator released an ad that urges
    …": :func:`_publisher`) when it names no issuer of its own. Returns (speaker token, medium text or None)."""
    if speaker is None:
        return speaker, None
    document = speaker
    if speaker.tag_ in {"WDT", "WP"} and speaker.head.dep_ == "relcl":
        document = speaker.head.head  # "a letter from his doctor that says …"
    lemma = document.lemma_.lower()
    if lemma in lex.issued_documents:
        for prep in document.rights:
            if prep.dep_ == "prep" and prep.lower_ in {"from", "by", "of"}:
                issuer = next((c for c in prep.children if c.dep_ == "pobj"), None)
                indefinite = issuer is not None and any(
                    c.dep_ == "det" and c.lower_ in lex.indefinite for c in issuer.children
                )
                # ("the post by an unknown author": an unnamed issuer says less than the document)
                if (
                    issuer is not None
                    and not indefinite
                    and _animate(issuer, lex)
                    and issuer.lemma_.lower() not in lex.document_nouns
                ):
                    return issuer, _medium_words(document)
    # "Ana Ruiz released an ad that urges …": she speaks in it ("data" has the lemma "datum")
    if any(f in lex.issued_documents or f in lex.document_nouns for f in (lemma, document.lower_)):
        publisher = _publisher(document, lex)
        if publisher is not None:
            return publisher, _medium_words(document)
    return speaker, None


def _medium_words(document) -> str:
    """The document's words up to its head, without determiners and possessors: "new 30-second ad"."""
    words = [t for t in document.doc[document.left_edge.i : document.i + 1] if t.dep_ not in {"det", "poss", "case"}]
    if words and words[-1].i - words[0].i + 1 == len(words):
        return document.doc[words[0].i : words[-1].i + 1].text  # as written: "30-second"
    return " ".join(t.text for t in words)


def _publisher(document, lex: Lexicon):
    """The source that put ``document`` out: the subject of a verb of publishing whose object it is
    ("The senator released a new ad that urges …", "a group ran ads that attack …"; lexicon
    ``publishing_verbs``), when that subject can speak and is no document itself; else None."""
    obj = document.head if document.dep_ == "conj" and document.head.dep_ == "dobj" else document
    verb = obj.head
    if obj.dep_ != "dobj" or verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.publishing_verbs:
        return None
    subject = _subject(verb)
    if subject is None or subject.lemma_.lower() in lex.document_nouns or not _animate(subject, lex):
        return None
    return subject


def _token_range(doc, left: int, right: int) -> tuple[int, int]:
    """Char range of tokens ``left..right`` inclusive."""
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _looks_like_title(text: str) -> bool:
    """ "The Apprentice," or "Collapse: How Societies Choose": a short run of capitalised words."""
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    if not words or len(words) > 8:
        return False
    caps = sum(w[0].isupper() for w in words if len(w) > 3 or w == words[0])
    longish = sum(1 for w in words if len(w) > 3 or w == words[0])
    if any(len(w) <= 3 and w.islower() and w not in lexicon().title_minor_words for w in words[1:]):
        return False  # "It's not new in Ohio,": a title capitalises every word but the minor ones
    return longish >= 2 and caps == longish and not text.rstrip().endswith(("?", "!"))
