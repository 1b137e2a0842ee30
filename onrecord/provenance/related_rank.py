"""The last steps of ranking related statements: the speaker channel mix and one slot per quotation.

``semantic.related`` scores its candidates by meaning and words (``candidate_score``); these
functions then shape the lists it returns, on plain ids so that they are testable without a store:

* ``with_speaker_bonus``: the issue asks first for "the same speaker's ... statements on the
  subject"; in the list of any speaker (``similar``) the speaker's own statements get a fixed
  bonus, so that a speaker's earlier position on the subject is not pushed out by ten other
  people's comments on it. The two per-speaker lists are unchanged by it (a constant within each).
* ``with_own_article_penalty``: the reader asking for related statements is reading the
  statement's own article, whose other statements are on screen already; they share its names and
  paragraph words, so they took most of the slots (7 of 10 in one list of PolNeAR). They are
  demoted by a fixed amount, not left out: a statement of the same article that is far closer on
  the subject than anything elsewhere still shows (its other statements on the subject are often
  the best answer, e.g. a later answer in the same interview).
* ``one_per_quotation``: the same quotation reported by several outlets is one quotation cluster
  (``quote_fragments``). Its reports would fill the 10 slots with one sentence, so only the best
  ranked report is listed and the others are named on it (``same_quotation``). The statement's own
  quotation reported elsewhere is kept, one report per list: in the other speakers' list it is a
  conflicting attribution, which a reader wants to see next to the statement.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional


def candidate_score(
    config: Mapping[str, float],
    *,
    vector: float,
    paragraph: float,
    sentence: float,
    quote: float,
    n_quote_terms: int,
) -> float:
    """One candidate's score from its similarities to the query statement (``related_rerank`` weights).

    ``vector``: cosine of the sentence vectors; ``paragraph``, ``sentence``, ``quote``: tf-idf
    cosines of the query's words against the candidate's quote and paragraph, the sentence(s)
    holding its quote, and its quote alone. The words around a quote are the reporter's: a quote of
    a few content words ("the Iran deal, are", "himself as antiabortion") rides on a paragraph that
    names the subject, and would outrank statements that are themselves on it. So the paragraph's
    share counts in proportion to the quote's content words, in full from ``full_quote_terms`` on,
    and a ``sentence`` share of the word score is the quote's own sentence, not the whole paragraph
    (a long paragraph holds other statements' words).
    """
    share = config["sentence"]
    full = config["full_quote_terms"]
    weight = min(1.0, n_quote_terms / full) if full else 1.0
    words = (1.0 - share) * weight * paragraph + share * sentence
    return config["vector"] * vector + config["words"] * words + config["quote_words"] * quote


def with_speaker_bonus(
    score: Mapping[str, float], speakers: Mapping[str, Optional[str]], speaker_id: Optional[str], bonus: float
) -> dict[str, float]:
    """``score`` with ``bonus`` added to the statements of ``speaker_id`` (none when it is unknown)."""
    if not speaker_id or not bonus:
        return dict(score)
    return {s: v + (bonus if speakers.get(s) == speaker_id else 0.0) for s, v in score.items()}


def with_own_article_penalty(
    score: Mapping[str, float], articles: Mapping[str, Optional[str]], own: Iterable[str], penalty: float
) -> dict[str, float]:
    """``score`` with ``penalty`` taken off the statements of the articles in ``own``."""
    own = set(own)
    if not own or not penalty:
        return dict(score)
    return {s: v - (penalty if articles.get(s) in own else 0.0) for s, v in score.items()}


def one_per_quotation(
    ranked: Iterable[str], clusters: Mapping[str, set], limit: int
) -> tuple[list[str], dict[str, list[str]]]:
    """The first ``limit`` of ``ranked`` (best first) with one statement per quotation cluster.

    Returns the ids kept and, for each kept id, the later ids that report the same quotation
    (sharing a cluster with it)."""
    kept: list[str] = []
    also: dict[str, list[str]] = {}
    owner: dict = {}  # cluster id -> the kept statement that stands for it
    for sid in ranked:
        mine = clusters.get(sid) or set()
        taken = next((owner[c] for c in mine if c in owner), None)
        if taken is not None:
            also[taken].append(sid)
            continue
        if len(kept) >= limit:
            continue  # still read on, so that the kept statements' other reports are named
        kept.append(sid)
        also[sid] = []
        for c in mine:
            owner[c] = sid
    return kept, also
