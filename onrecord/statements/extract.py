"""Statement extraction: quotations and reported speech, with cue, speaker, outlet and date.

The pass over one parsed article, in order; :func:`extract_statements` below is only this sequence, and
each step lives in the module named with it:

1. **Quotation marks** are paired on characters (:mod:`onrecord.statements.quotes`).
2. **Cues over the dependency tree** (the token rules of :mod:`onrecord.statements.cues`, tried in
   their registered order on every word outside a quotation; the first that applies reads it). Every
   token outside a quotation whose lemma is in the cue lexicon is a cue candidate. The lexicon is
   ``data/cues.json`` (hand-written) plus ``data/cue_frames_mined.json`` (verb frames mined from the
   PolNeAR train split by ``scripts/mine_cue_frames.py``). A cue's content comes from its frames: a
   complement clause ("said on Friday *that …*", "“…,” *he* said", "*The museum*, Mr. Bush said,
   *will …*"), an object with its complement ("described *the authorization as …*"), an infinitive
   ("vowed *to …*") or a prepositional object ("warned *of …*"). Cue nouns report their clause
   ("Trump's claim *that …*"); "according to X" and "In the poll, …" are read from the text; an
   unlisted verb whose complement quotes someone is a cue too. Sources must be able to speak
   (people, organisations, documents: ``data/speakers.json`` and the mined
   ``data/source_nouns.json``), except for plain verbs of saying.
3. **Snapping to quotations** (:mod:`onrecord.statements.snap`). A content span that touches a
   quotation is widened to the whole quotation; the cue and speaker inside a widened span ("“A,” he
   said, “B.”") split it into fragments. Content after its cue runs on to the end of the sentence
   (over ", and …", a dash, or complements the parser hung elsewhere) unless another cue, a
   quotation or a temporal clause ("when asked …") starts first: the parser often attaches the
   second half of what was said to the cue, and a report cut in half is worse than one with a
   trailing phrase. Inside another statement's content only verbs of saying with their own subject
   report again ("Zelensky called the rules “a step forward” in *defending* …" is one statement).
   An inner cue that read its content over the outer attribution ("The Herald reported that,
   *according to* X, …") is clipped to the outer content (:mod:`onrecord.statements.nesting`).
   The type follows from how many of its letters lie inside quotation marks: direct (all), indirect
   (none) or mixed.
4. **Lines** (the line rules of :mod:`onrecord.statements.cues.lines`). "Sanders: Clinton needs …"
   and transcript turns ("WALLACE: …") are statements of the name before the colon; a title-cased
   headline splits at its cue ("X Vows To …").
5. **Quotations without a cue** (:mod:`onrecord.statements.uncued`) in their own clause take the
   nearest cue of their sentence ("“…,” the official added when asked …"), a trailing attribution
   ("— Commissioner Jane Roe"), a "Name: “…”" lead-in or a "He said:" closing the previous
   line, or, when they open a sentence, continue the statement just before them (same
   line: a further fragment; next line: a new statement of the same speaker, with lower
   confidence). Quotations left over are scare quotes, titles or nicknames.
6. **Blocks** (:mod:`onrecord.statements.uncued`). A line ending in a cue and a colon ("…, he
   said, threatening:") introduces the next line as a block statement.
7. **Speakers, outlets, dates** (:mod:`onrecord.statements.finish`). Speaker mentions are resolved
   in text order by :class:`~onrecord.statements.speakers.SpeakerResolver`; the outlet ("told the
   BBC") is carried to later statements of the same speaker; the date comes from the cue's own
   modifiers (:func:`onrecord.time.date_of_cue`).

Everything is linear in the number of tokens up to small per-sentence scans: indexes (token
starts, quotation of each token, line bounds) are built once per document
(:mod:`onrecord.statements.index`). Each candidate is a :class:`~onrecord.statements.candidate.Candidate`
whose :class:`~onrecord.statements.candidate.Method` says which construction found it.
"""

from __future__ import annotations

from onrecord.model import Article, Speaker, Statement
from onrecord.statements.candidate import Candidate
from onrecord.statements.cues import line_rules, token_rules
from onrecord.statements.cues.verbs import _coordinated_participles
from onrecord.statements.finish import _finish
from onrecord.statements.index import _DocIndex, _possible_cues
from onrecord.statements.lexicon import lexicon
from onrecord.statements.nesting import clip_double_attribution
from onrecord.statements.snap import _drop_weak_nested, _snap_to_quotes
from onrecord.statements.uncued import _blocks, _quotes_without_cue


def extract_statements(doc, article: Article) -> tuple[list[Speaker], list[Statement]]:
    """The speakers and statements of ``article``, given ``doc``, spaCy's parse of ``article.body``."""
    lex = lexicon()
    index = _DocIndex(doc, article.body)
    cues: dict[int, Candidate] = {}  # cue token index -> candidate (with or without content)
    candidates: list[Candidate] = []
    rules = token_rules()
    for i in _possible_cues(doc):
        if index.tok_quote[i] >= 0:
            continue
        tok = doc[i]
        for rule in rules:
            if not rule.matches(tok, lex):
                continue
            cand = rule.build(tok, index, lex)
            if cand is not None:
                if rule.is_cue:
                    cues[i] = cand
                if cand.content or not rule.needs_content:
                    candidates.append(cand)
            if cand is not None or not rule.falls_through:
                break
    split = _coordinated_participles(candidates, index, lex)
    if split:
        moved = {c.cue_token.i for c in split if c.cue_token is not None}  # every split has its participle
        candidates = [c for c in candidates if c.cue_token is None or c.cue_token.i not in moved] + split
    candidates = _snap_to_quotes(candidates, index, lex)
    clip_double_attribution(candidates, index)
    for line in line_rules():
        candidates += line.build(candidates, index, lex)
    candidates += _quotes_without_cue(candidates, cues, index, lex)
    candidates += _blocks(candidates, cues, index)
    candidates = _drop_weak_nested([c for c in candidates if c.content], lex)
    candidates.sort(key=lambda c: c.content[0][0])
    return _finish(candidates, doc, article, index)
