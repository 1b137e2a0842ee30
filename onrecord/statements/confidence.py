"""``Statement.confidence``: the probability that a statement is right, fitted on PolNeAR train.

"Right" is what ``onrecord eval`` counts: the quote overlaps a gold quote (one-to-one, half of its
characters) and the speaker is the gold speaker. The estimate is a logistic model over what the
extractor knows when it builds the statement: how the attribution was found (construction), the kind
of cue, the act, how the speaker mention was resolved (its kind, the resolver's own score, how far it
stands from the quote, whether there is one at all), the quote type and length. Its weights are the
small table ``onrecord/models/confidence.json``, rebuilt by ``scripts/fit_confidence.py`` from the
train split only; here they are only summed (pure Python, no fitting library at run time).

:func:`capture_features` lets that script read the features of every statement it extracts.
"""

from __future__ import annotations

import contextlib
import math
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from onrecord.rulefiles import load_rule_file
from onrecord.statements.candidate import Method
from onrecord.statements.lexicon import lexicon

MODEL = Path(__file__).resolve().parent.parent / "models" / "confidence.json"
_DISTANCE_BINS = (0, 1, 40, 120, 300)  # chars between the speaker mention and the quote
_LENGTH_BINS = (1, 4, 9, 20, 45)  # words of the quote
_MENTION_BINS = (1, 2, 3, 6)  # mentions of the speaker in the article
_SENTENCE_TOKEN_BINS = (12, 25, 40, 60)  # tokens of the cue's sentence
_SHARE_BINS = (3, 6, 9)  # tenths of the sentence the content covers
_SENTENCE_ENDS = ".!?\n"
_QUOTE_MARKS = '“”"'
_CLOSERS = " \t\"'”’»,"

_captured: Optional[list] = None


@contextlib.contextmanager
def capture_features() -> Iterator[list]:
    """Within the block, ``(quote start, quote end, features)`` of every estimated statement is appended
    to the yielded list (the fitting script pairs them with the record's statements by span)."""
    global _captured
    previous, _captured = _captured, []
    try:
        yield _captured
    finally:
        _captured = previous


def _bin(value: int, edges: tuple[int, ...]) -> str:
    label = f"<{edges[0]}"
    for edge in edges:
        if value >= edge:
            label = f"{edge}+"
    return label


def _cue_kind(cand) -> str:
    tok = cand.cue_token
    if cand.method == Method.according:
        return "according"
    lemma = getattr(tok, "lemma_", None)
    if not lemma:
        return "mark" if cand.cue else "none"
    lex = lexicon()
    lemma = lemma.lower()
    if getattr(tok, "pos_", "") == "NOUN":
        return "noun"
    if lemma in lex.strong:
        return "strong"
    if lemma in lex.verbs or lemma in lex.quote_only:
        return "listed"
    return "other"


def _parse_features(cand, start: int, end: int, body: str) -> list[str]:
    """What the parse says of the cue word: its clause role and tense, how the content hangs from it,
    negation, and how many other cue words its sentence holds (a sentence of several attributions is
    where a statement most often goes to the wrong one)."""
    tok = cand.cue_token
    if tok is None or not hasattr(tok, "dep_"):
        return ["cue_dep=-", "link=-", "cues_in_sentence=-"]
    link = next((c for c in tok.children if start <= c.idx < end), None)
    lex = lexicon()
    sent = tok.sent  # (found by walking the tree: once per statement, not once per feature)
    others = sum(1 for t in sent if t.i != tok.i and t.pos_ in ("VERB", "NOUN") and lex.is_cue_lemma(t.lemma_.lower()))
    link_label = f"{link.dep_}/{link.pos_}" if link is not None else "none"
    head = cand.speaker_head
    if head is None:
        subject = "none"
    elif head.head.i == tok.i:
        subject = head.dep_
    else:
        subject = "apart"
    return [
        f"subject={subject}",
        f"lemma*link={tok.lemma_.lower()}|{link_label}",
        f"cue_dep={tok.dep_}",
        f"cue_tag={tok.tag_}",
        f"link={link_label}",
        f"negated={any(c.dep_ == 'neg' for c in tok.children)}",
        f"cues_in_sentence={min(others, 3)}",
        f"link*cue_dep={link_label}|{tok.dep_}",
        *_sentence_features(cand, tok, sent, start, end, body),
    ]


def _sentence_features(cand, tok, sent, start: int, end: int, body: str) -> list[str]:
    """Where the attribution sits in its sentence: how long the sentence is, where the cue stands,
    how much of the sentence the content takes, what the speaker word is (a name, an organisation, a
    pronoun), whether a quotation lies outside the content and whether the speaker is in the same
    sentence. A long sentence with the cue at its end and a quotation beside the content is where a
    content boundary or a speaker most often goes wrong."""
    n = len(sent)
    where = (tok.i - sent.start) / max(n - 1, 1)
    s_start, s_end = sent.start_char, sent.end_char
    share = (min(end, s_end) - max(start, s_start)) / max(s_end - s_start, 1)
    head = cand.speaker_head

    # ``body`` has the parse's offsets and the same quotation marks, and slicing it makes no tokens
    def clamp(pos: int) -> int:
        return min(max(pos, s_start), s_end)

    outside = body[s_start : clamp(start)] + body[clamp(end) : s_end]
    return [
        f"sent_tokens={_bin(n, _SENTENCE_TOKEN_BINS)}",
        f"cue_at={'start' if where < 0.34 else 'middle' if where < 0.67 else 'end'}",
        f"content_share={_bin(int(share * 10), _SHARE_BINS)}",
        f"speaker_ent={(head.ent_type_ or head.pos_) if head is not None else '-'}",
        f"quote_outside={any(c in outside for c in _QUOTE_MARKS)}",
        f"speaker_in_sentence={head is not None and sent.start <= head.i < sent.end}",
    ]


def features(cand, speaker, mention, resolver_confidence: float, stype: str, act: str, body: str) -> list[str]:
    """The categorical features of one statement (names like ``method=dep``), as the model reads them."""
    start, end = cand.content[0][0], cand.content[-1][1]
    words = len(body[start:end].split())
    kind = "none"
    if speaker is not None and mention is not None:
        kind = next((m.kind for m in speaker.mentions if m.start == mention.start and m.end == mention.end), "other")
    elif speaker is not None:
        kind = "inherited"
    if mention is not None:
        inside = start <= mention.start < end
        gap = 0 if inside else max(mention.start - end, start - mention.end, 0)
        distance = "inside" if inside else _bin(gap, _DISTANCE_BINS)
    else:
        distance = "none"
    method = cand.method
    lemma = getattr(cand.cue_token, "lemma_", "") or ""
    before = body[max(0, start - 12) : start].split()
    after = body[end : end + 3].lstrip(_CLOSERS)
    feats = [
        f"method={method}",
        f"type={stype}",
        f"act={act}",
        f"cue={_cue_kind(cand)}",
        f"resolver={resolver_confidence:.2f}",
        f"speaker={speaker.kind if speaker is not None else 'none'}",
        f"mention={kind}",
        f"anonymous={bool(speaker is not None and speaker.anonymous)}",
        f"distance={distance}",
        f"words={_bin(words, _LENGTH_BINS)}",
        f"fragments={min(len(cand.content), 3)}",
        f"method*type={method}|{stype}",
        f"mention*speaker={kind}|{speaker.kind if speaker is not None else 'none'}",
        f"lemma={lemma.lower() if lemma else '-'}",
        f"mentions={_bin(len(speaker.mentions), _MENTION_BINS) if speaker is not None else 'none'}",
        f"after_that={bool(before) and before[-1].lower() == 'that'}",
        f"ends_sentence={not after or after[0] in _SENTENCE_ENDS}",
        f"cue_before={cand.cue is not None and cand.cue[1] <= start}",
        f"lemma*type={lemma.lower() if lemma else '-'}|{stype}",
        f"mention*distance={kind}|{distance}",
        f"act*type={act}|{stype}",
        f"lemma*mention={lemma.lower() if lemma else '-'}|{kind}",
        f"type*distance={stype}|{distance}",
        f"words*type={_bin(words, _LENGTH_BINS)}|{stype}",
        *_parse_features(cand, start, end, body),
    ]
    return feats


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted weights (``bias``, ``weights``: feature -> weight), read once."""
    return load_rule_file(MODEL)


def probability(feats: list[str]) -> float:
    """The model's probability for these features; a feature train never saw adds nothing."""
    fitted = model()
    weights = fitted["weights"]
    z = fitted["bias"] + sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-z))


def estimate(cand, speaker, mention, resolver_confidence: float, stype: str, act: str, body: str) -> float:
    """``Statement.confidence`` for a candidate of :mod:`onrecord.statements.extract`, rounded to 3 places."""
    feats = features(cand, speaker, mention, resolver_confidence, stype, act, body)
    if _captured is not None:
        _captured.append((cand.content[0][0], cand.content[-1][1], feats))
    return round(min(1.0, max(0.0, probability(feats))), 3)
