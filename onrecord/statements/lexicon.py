"""The rule tables of the statements stage, loaded once from ``data/*.json``.

Editing a table changes behaviour without touching code: add a cue verb and its frames to
``cues.json``, a title or nationality to ``speakers.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from onrecord.rulefiles import load_rule_file

DATA = Path(__file__).parent / "data"
# A mined verb frame is used when train saw it as a cue often enough and reliably enough.
from onrecord.settings import MINED_MIN_COUNT, MINED_MIN_PRECISION  # noqa: E402  (env overrides: see settings)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[str, ...]]
    strong: frozenset[str]
    quote_only: frozenset[str]
    needs_that_or_quote: frozenset[str]
    adjunct_nouns: frozenset[str]
    dashes: tuple[str, ...]
    person_nouns: frozenset[str]
    group_nouns: frozenset[str]
    org_nouns: frozenset[str]
    document_nouns: frozenset[str]
    titles: frozenset[str]
    courtesy: dict[str, str | None]
    gendered_titles: dict[str, str]
    pronouns: dict[str, tuple]
    indefinite: frozenset[str]
    nationalities: dict[str, str]
    female_names: frozenset[str]
    male_names: frozenset[str]
    media: dict[str, str] = field(default_factory=dict)  # lowercased name -> display name
    media_words: frozenset[str] = frozenset()  # "Ledger", "Chronicle": words ending outlet names
    nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # cue noun -> complements it reports
    connectives: frozenset[str] = frozenset()  # "However, …": the writer's link words, not the source's
    not_sources: frozenset[str] = frozenset()  # "according to plan": nouns that name no source
    raising: frozenset[str] = frozenset()  # "is expected to …": passive verbs reporting their clause
    hearer_verbs: frozenset[str] = frozenset()  # "he was told that …": the subject heard it
    object_needs_complement: frozenset[str] = frozenset()  # "called the plan a disgrace"
    pro_form_answers: tuple[tuple[str, ...], ...] = ()  # "said yes", "said the same": words standing for an answer
    demand_frames: frozenset[str] = frozenset()  # "call for", "ask for": a short object is what was demanded
    line_speaker_prepositions: frozenset[str] = frozenset()  # "Park to Senate: …": the name ends before them
    pro_form_answer_verbs: frozenset[str] = frozenset()  # "say", "answer": the verbs they follow
    finding_nouns: frozenset[str] = frozenset()  # "In the poll, …"
    finding_verbs_read_as_nouns: frozenset[str] = frozenset()  # "…, records show.": "show" tagged a noun
    title_minor_words: frozenset[str] = frozenset()  # "Collapse of the Dome": small words a title leaves lowercase
    respondent_shares: frozenset[str] = frozenset()  # "75 percent of voters said … in the poll": its finding
    headline_verbs: frozenset[str] = frozenset()  # "Senator Vows To …" (besides the strong verbs)
    outlet_relative_verbs: frozenset[str] = frozenset()  # "an official who spoke to Fox News"
    partitive_heads: frozenset[str] = frozenset()  # "One of them said": a member of a group
    name_titles: frozenset[str] = frozenset()  # "Mr.", "Sen.": short titles before a name
    anonymity_requests: frozenset[str] = frozenset()  # "asked not to be named": no statement
    anonymity_nouns: frozenset[str] = frozenset()  # "asking for anonymity to speak freely": no statement
    quoted_as: frozenset[str] = frozenset()  # "he was quoted as saying": the passive subject speaks
    requests_to_speak: frozenset[str] = frozenset()  # "requests for comment": asking, not what was said
    speech_act_objects: frozenset[str] = frozenset()  # "issued a statement": the act named, not its content
    issued_documents: frozenset[str] = frozenset()  # "a release from the union": the union speaks
    publishing_verbs: frozenset[str] = frozenset()  # "released an ad that urges …": the ad speaks for its publisher
    document_making_verbs: frozenset[str] = frozenset()  # "the letter that she wrote": "that" is the object
    role_time_modifiers: frozenset[str] = frozenset()  # "Former Pennsylvania Gov.": not part of the organisation
    relation_nouns: frozenset[str] = frozenset()  # "Clinton's opponent": Clinton is no affiliation
    line_labels: frozenset[str] = frozenset()  # "Email: …", "EDITOR'S NOTE: …": a label, not a speaker
    giving_verbs: frozenset[str] = frozenset()  # "denied them chances": two objects, no claim denied
    noun_receiving_verbs: frozenset[str] = frozenset()  # "faced accusations of …": the subject is the target
    passive_agent_reports: frozenset[str] = frozenset()  # "was first reported by the Ledger": the subject is content
    noun_prepositions_need_source: frozenset[str] = frozenset()  # "concerns about …": content only with a source
    request_governors: frozenset[str] = frozenset()  # "were encouraged to suggest …": requested, not said
    questioning_verbs: frozenset[str] = frozenset()  # "police questioned the student": an interrogation
    holder_passives: frozenset[str] = frozenset()  # "voters are split on whether …": the subject holds the view
    party_state_tags: dict = field(default_factory=dict)  # "R-S.C.", "Vt": affiliation, not role
    unnamed_source: dict = field(default_factory=dict)  # name and description of a source left out
    source_nouns: frozenset[str] = frozenset()  # mined from PolNeAR train (scripts/build_source_nouns.py)
    advice_modals: frozenset[str] = frozenset()  # "you can suggest that …": advice to the reader
    time_clause_marks: frozenset[str] = frozenset()  # "when asked …": a clause of when, not of what
    concessive_clause_marks: frozenset[str] = frozenset()  # "though …": the writer's aside, not the content
    own_words_prepositions: frozenset[str] = frozenset()  # "with an argument that …": the verb's subject's
    source_phrases: tuple[tuple[str, ...], ...] = ()  # "according to", "in the words of": a source follows
    source_phrase_firsts: frozenset[str] = frozenset()  # their first words, the cheap test before the rest
    digest_lead_words: tuple[str, ...] = ()  # "- More from Jones: …": not part of the name
    topic_prepositions_reported: frozenset[str] = frozenset()  # "talked about the record": a topic that is content
    light_verb_nouns: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # "took aim at …"
    light_verb_adjectives: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # "made clear that …"
    saying_idioms: dict[str, frozenset[str]] = field(default_factory=dict)  # "as the mayor put it"
    copula_adjectives: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "is skeptical of …" -> complements
    copula_verbs: frozenset[str] = frozenset()  # "remained confident that …": verbs those adjectives complete
    animate_pronouns: frozenset[str] = frozenset()  # pronouns that can stand for a source
    lead_sentence_non_sources: frozenset[str] = frozenset()  # "It was simple: “…”": no source of the quote
    plural_quantifiers: frozenset[str] = frozenset()  # "Both Democrat": several people, no one's role
    affiliation_prepositions: tuple[str, ...] = ()  # "professor of surgery at X": X, the organisation
    person_noun_endings: tuple[str, ...] = ()  # "correspondent", "strategist": a person noun not listed
    determiners_to_drop: frozenset[str] = frozenset()  # "the White House" -> "White House" as a name

    def partitive_group(self, head):
        """The noun or pronoun after "of" when ``head`` heads a partitive ("One of [them]"), else None."""
        if head.lower_ not in self.partitive_heads:
            return None
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return next((c for c in prep.children if c.dep_ == "pobj"), None)
        return None

    def is_name_title(self, word: str) -> bool:
        """ "Mr", "Sen.", "GOV": a short title written before a name."""
        return word.lower().rstrip(".") in self.name_titles

    def is_cue_lemma(self, lemma: str) -> bool:
        return lemma in self.verbs or lemma in self.quote_only

    def frames(self, lemma: str) -> tuple[str, ...]:
        return self.verbs.get(lemma, ())

    def first_name_gender(self, name: str) -> str | None:
        low = name.lower()
        if low in self.male_names:
            return "male"
        if low in self.female_names:
            return "female"
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The tables, parsed once per process."""
    cues = load_rule_file(DATA / "cues.json")
    sp = load_rule_file(DATA / "speakers.json")
    verbs = {k: list(v) for k, v in cues["verbs"].items()}
    content_preps, adjunct_only = set(cues["mined_content_prepositions"]), set(cues["mined_adjunct_only_verbs"])
    mined = load_rule_file(DATA / "cue_frames_mined.json")["frames"]
    for lemma, frames in mined.items():
        for frame, (hits, seen) in frames.items():
            if hits < MINED_MIN_COUNT or hits / seen < MINED_MIN_PRECISION:
                continue
            # prepositions that introduce what was said ("warned of", "argued for"), never the
            # circumstances of saying it ("said at a rally", "told in an interview")
            if frame.startswith("prep:") and (frame[5:] not in content_preps or lemma in adjunct_only):
                continue
            if frame not in verbs.setdefault(lemma, []):
                verbs[lemma].append(frame)
    return Lexicon(
        verbs={k: tuple(v) for k, v in verbs.items()},
        strong=frozenset(cues["strong"]),
        quote_only=frozenset(cues["quote_only"]),
        needs_that_or_quote=frozenset(cues["clause_needs_that_or_quote"]),
        adjunct_nouns=frozenset(cues["adjunct_nouns"]),
        dashes=tuple(cues["trailing_dashes"]),
        person_nouns=frozenset(sp["person_nouns"]),
        group_nouns=frozenset(sp["group_nouns"]),
        org_nouns=frozenset(sp["org_nouns"]),
        document_nouns=frozenset(sp["document_nouns"]),
        titles=frozenset(sp["titles"]),
        courtesy=sp["courtesy"],
        gendered_titles=sp["gendered_titles"],
        pronouns={k: tuple(v) for k, v in sp["pronouns"].items()},
        indefinite=frozenset(sp["indefinite_determiners"]),
        nationalities=sp["nationalities"],
        female_names=frozenset(sp["female_names"]),
        male_names=frozenset(sp["male_names"]),
        media={m.lower(): m for m in sp["media"]},
        media_words=frozenset(sp.get("media_name_words", ())),
        nouns={k: tuple(v) for k, v in cues.get("nouns", {}).items()},
        raising=frozenset(cues.get("raising", ())),
        not_sources=frozenset(cues.get("according_to_not_sources", ())),
        connectives=frozenset(cues.get("leading_connectives", ())),
        anonymity_requests=frozenset(cues.get("anonymity_requests", ())),
        anonymity_nouns=frozenset(cues.get("anonymity_nouns", ())),
        hearer_verbs=frozenset(cues["hearer_verbs"]),
        name_titles=frozenset(sp["name_titles"]),
        partitive_heads=frozenset(sp["partitive_heads"]),
        object_needs_complement=frozenset(cues["object_needs_complement"]),
        pro_form_answers=tuple(tuple(p.split()) for p in cues["pro_form_answers"]),
        pro_form_answer_verbs=frozenset(cues["pro_form_answer_verbs"]),
        line_speaker_prepositions=frozenset(cues["line_speaker_prepositions"]),
        demand_frames=frozenset(cues["demand_frames"]),
        finding_nouns=frozenset(cues["finding_nouns"]),
        finding_verbs_read_as_nouns=frozenset(cues.get("finding_verbs_read_as_nouns", ())),
        title_minor_words=frozenset(cues.get("title_minor_words", ())),
        respondent_shares=frozenset(cues.get("respondent_shares", ())),
        headline_verbs=frozenset(cues["headline_verbs"]),
        outlet_relative_verbs=frozenset(cues["outlet_relative_verbs"]),
        quoted_as=frozenset(cues.get("quoted_as", ())),
        requests_to_speak=frozenset(cues.get("requests_to_speak", ())),
        speech_act_objects=frozenset(cues.get("speech_act_objects", ())),
        unnamed_source=sp["unnamed_source"],
        party_state_tags=sp["party_state_tags"],
        giving_verbs=frozenset(cues.get("giving_verbs", ())),
        noun_receiving_verbs=frozenset(cues["noun_receiving_verbs"]),
        passive_agent_reports=frozenset(cues["passive_agent_reports"]),
        noun_prepositions_need_source=frozenset(cues["noun_prepositions_need_source"]),
        request_governors=frozenset(cues["request_governors"]),
        questioning_verbs=frozenset(cues["questioning_verbs"]),
        holder_passives=frozenset(cues["holder_passives"]),
        line_labels=frozenset(cues.get("line_labels", ())),
        issued_documents=frozenset(sp.get("issued_documents", ())),
        publishing_verbs=frozenset(sp.get("publishing_verbs", ())),
        document_making_verbs=frozenset(sp.get("document_making_verbs", ())),
        role_time_modifiers=frozenset(sp.get("role_time_modifiers", ())),
        relation_nouns=frozenset(sp.get("relation_nouns", ())),
        source_nouns=frozenset(load_rule_file(DATA / "source_nouns.json")["nouns"]),
        advice_modals=frozenset(cues["advice_modals"]),
        time_clause_marks=frozenset(cues["time_clause_marks"]),
        concessive_clause_marks=frozenset(cues["concessive_clause_marks"]),
        own_words_prepositions=frozenset(cues["own_words_prepositions"]),
        source_phrases=tuple(tuple(words) for words in cues["source_phrases"]),
        source_phrase_firsts=frozenset(words[0] for words in cues["source_phrases"]),
        digest_lead_words=tuple(cues["digest_lead_words"]),
        topic_prepositions_reported=frozenset(cues["topic_prepositions_reported"]),
        light_verb_nouns={v: {n: tuple(c) for n, c in ns.items()} for v, ns in cues["light_verb_nouns"].items()},
        saying_idioms={v: frozenset(objs) for v, objs in cues["saying_idioms"].items()},
        light_verb_adjectives={
            v: {a: tuple(c) for a, c in adjs.items()} for v, adjs in cues["light_verb_adjectives"].items()
        },
        copula_adjectives={k: tuple(v) for k, v in cues["copula_adjectives"].items()},
        copula_verbs=frozenset(cues["copula_verbs"]),
        animate_pronouns=frozenset(sp["animate_pronouns"]),
        lead_sentence_non_sources=frozenset(sp["lead_sentence_non_sources"]),
        plural_quantifiers=frozenset(sp["plural_quantifiers"]),
        affiliation_prepositions=tuple(sp["affiliation_prepositions"]),
        person_noun_endings=tuple(sp["person_noun_endings"]),
        determiners_to_drop=frozenset(sp["determiners_to_drop"]),
    )
