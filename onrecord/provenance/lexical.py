"""Word overlap weighted by rarity (tf-idf cosine), for re-ranking related statements.

The static sentence vectors see every word alike and miss a subject's rare names ("Garland",
"superdelegates") that a reader takes as the subject; bm25 over the quote alone misses indirect
speech whose subject is named only in its paragraph. The related ranking therefore re-scores its
candidates with two tf-idf cosines: the query's quote and paragraph against each candidate's quote
and paragraph, and against the candidate's quote alone (so a short quote riding on a rich
paragraph does not outrank a quote that is itself on the subject). Document frequencies are
counted over the store's canonical statements as their vectors are read (``semantic.vectors``),
so any back end gets them and a store's growth updates them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from onrecord.provenance.text import rules

_WORD = re.compile(r"[^\W\d_][\w'\u2019]+")
MIN_LETTERS = 3


def _term(word: str) -> str:
    """One word's term, or "" for a stop word or a short one."""
    word = word.casefold().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")  # the plural possessive: "refugees'"
    if len(word) < MIN_LETTERS or word in _stop_words():
        return ""
    # A crude plural fold ("refugees" = "refugee"), not "business" or "its".
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


_TERM_CACHE: dict[str, str] = {}


def _cached_term(word: str) -> str:
    term = _TERM_CACHE.get(word)
    if term is None:
        term = _term(word)
        if len(_TERM_CACHE) < 500_000:  # the vocabulary of a large corpus; bounded all the same
            _TERM_CACHE[word] = term
    return term


def terms(text: str) -> list[str]:
    """Content words of ``text``: case folded, possessive and plural ``s`` dropped, stop words out."""
    return [t for t in map(_cached_term, _WORD.findall(text or "")) if t]


def distinct_terms(quote: str, context: str) -> set[str]:
    """The distinct terms of a statement's quote and paragraph (what document frequencies count):
    each distinct word is normalised once, which makes counting a large store several times faster."""
    text = context if context and quote and quote in context else f"{quote or ''} {context or ''}"
    return {t for t in map(_cached_term, set(_WORD.findall(text))) if t}


def quote_sentence(quote: str, context: str, sentence_end: str) -> str:
    """The sentence(s) of ``context`` that hold ``quote``: from the sentence end before it to the
    first one after it (``sentence_end`` is the boundary pattern, from ``related_rerank``). A long
    paragraph holds several statements; the sentence is what the reporter wrote about this one.
    The quote itself when the paragraph does not hold it."""
    quote, context = quote or "", context or ""
    at = context.find(quote[:40]) if quote else -1
    if at < 0:
        return quote
    end = at + len(quote)
    start, stop = 0, len(context)
    for m in re.finditer(sentence_end, context):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= end - 1:  # the quote's own closing stop counts as its sentence's end
            stop = m.end()
            break
    return context[start:stop]


def statement_terms(quote: str, context: str) -> tuple[list[str], list[str]]:
    """(quote terms, quote-and-paragraph terms): the paragraph normally holds the quote already."""
    quote_terms = terms(quote)
    if context and quote and quote in context:
        return quote_terms, terms(context)
    return quote_terms, quote_terms + terms(context)


@dataclass
class TermStats:
    """Document frequencies of terms over a set of statements (quote with paragraph)."""

    n_docs: int = 0
    df: Counter = field(default_factory=Counter)

    def add(self, doc_terms: Iterable[str]) -> None:
        self.n_docs += 1
        self.df.update(doc_terms if isinstance(doc_terms, set) else set(doc_terms))

    def idf(self, term: str) -> float:
        d = self.df.get(term, 0)
        return math.log((self.n_docs - d + 0.5) / (d + 0.5) + 1.0)

    def weights(self, doc_terms: Iterable[str]) -> dict[str, float]:
        """Unit-length tf-idf weights, sublinear term frequency."""
        counts = Counter(doc_terms)
        raw = {t: (1.0 + math.log(n)) * self.idf(t) for t, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {t: v / norm for t, v in raw.items()}

    def rarest(self, doc_terms: Iterable[str], n: int) -> list[str]:
        """The ``n`` distinct terms of the document with the highest idf (its most telling words)."""
        distinct = list(dict.fromkeys(doc_terms))
        return sorted(distinct, key=lambda t: (-self.idf(t), t))[:n]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _stop_words() -> frozenset:
    global _STOP
    if _STOP is None:
        _STOP = frozenset(rules()["stop_words"])
    return _STOP


_STOP = None
