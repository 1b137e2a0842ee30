"""Quotation clusters: every fragment joins the cluster of the best earlier fragment it matches.

Matching, strongest first (thresholds in ``data/provenance.json``):

``exact``
    the same words after :func:`~onrecord.provenance.text.normalize_quote` (quotes, case, spacing,
    ellipses), at least ``min_words_exact`` words;
``contained`` / ``contains``
    every ellipsis piece of the shorter is found, in order and on word boundaries, in the longer
    (a trimmed part of a longer quotation is the same quotation); the shorter has at least
    ``min_words_contained`` words, and its longest piece at least ``anchor_words``, so that short
    common phrases ("the American people") cannot tie unrelated quotations together;
``near``
    near-verbatim: a MinHash LSH candidate (word shingles) whose rapidfuzz ``ratio`` is at least
    ``near_ratio``, both at least ``min_words_fuzzy`` words;
``near_contained``
    a containment candidate whose rapidfuzz ``partial_ratio`` is at least ``near_contained_ratio``
    (a trimmed part with a changed word), the shorter at least ``min_words_near_contained`` words
    (shorter ones match too much by chance: "not going to go into that").

Clusters never merge: a fragment that matches several goes to the best match (strongest kind, then
highest score, then the oldest cluster). So the partition depends only on the order fragments are
added, which is ingest order both when ingesting and when rebuilding: a rebuild gives the same
clusters. A cluster's id is the key of the fragment that founded it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from rapidfuzz import fuzz

from onrecord.provenance.text import n_words, pieces, plain, rules

KIND_STRENGTH = {"exact": 4, "contained": 3, "contains": 3, "near": 2, "near_contained": 1}


@dataclass(frozen=True)
class Match:
    cluster: int
    key: int  # the fragment matched
    kind: str
    score: float


def contained_in(short_norm: str, long_norm: str) -> bool:
    """Every piece of ``short_norm`` occurs in ``long_norm``'s words, in order, on word boundaries."""
    haystack = f" {plain(long_norm)} "
    at = 0
    for piece in pieces(short_norm):
        found = haystack.find(f" {piece} ", at)
        if found < 0:
            return False
        at = found + len(piece) + 1
    return True


def _ngrams(words: list[str], n: int) -> list[str]:
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


class ClusterIndex:
    """The fragments seen so far, indexed for exact, containment and near-verbatim lookup."""

    def __init__(self):
        from datasketch import MinHashLSH

        r = rules()
        self.r = r
        self.cluster_of: dict[int, int] = {}
        self.norm_of: dict[int, str] = {}
        self._exact: dict[str, int] = {}  # plain words -> first fragment key
        self._grams: dict[str, list[int]] = {}  # every anchor-length word n-gram -> fragment keys
        self._heads: dict[str, list[int]] = {}  # each fragment's anchor n-gram -> fragment keys
        self._lsh = MinHashLSH(threshold=r["lsh_threshold"], num_perm=r["num_perm"])

    def __len__(self) -> int:
        return len(self.cluster_of)

    def _minhash(self, norm: str):
        from datasketch import MinHash

        words = plain(norm).split()
        k = self.r["shingle"]
        grams = _ngrams(words, k) if len(words) >= k else [" ".join(words)]
        mh = MinHash(num_perm=self.r["num_perm"], scheme="affine32")
        mh.update_batch([g.encode("utf-8") for g in grams])
        return mh

    def _anchor(self, norm: str) -> Optional[str]:
        """The first ``anchor_words`` words of the longest piece (None if no piece is that long)."""
        n = self.r["anchor_words"]
        longest = max(pieces(norm), key=lambda p: len(p.split()), default="")
        words = longest.split()
        return " ".join(words[:n]) if len(words) >= n else None

    def clusterable(self, norm: str) -> bool:
        return n_words(norm) >= self.r["min_words_exact"]

    def match(self, norm: str) -> Optional[Match]:
        """The best match of a normalised fragment among the fragments added so far, or None."""
        if not self.clusterable(norm):
            return None
        words = plain(norm)
        if words in self._exact:
            key = self._exact[words]
            return Match(self.cluster_of[key], key, "exact", 100.0)
        r, size = self.r, n_words(norm)
        cap = r["max_candidates"]
        candidates: set[int] = set()
        anchor = self._anchor(norm)
        if anchor is not None and size >= r["min_words_contained"]:
            candidates.update(self._grams.get(anchor, [])[:cap])  # longer ones that may contain it
        for gram in _ngrams(words.split(), r["anchor_words"]):
            candidates.update(self._heads.get(gram, [])[:cap])  # shorter ones it may contain
        if size >= r["min_words_fuzzy"]:
            candidates.update(int(k) for k in self._lsh.query(self._minhash(norm)))
        best: Optional[Match] = None
        for key in sorted(candidates):
            found = self._compare(norm, size, key)
            if found and (best is None or _better(found, best)):
                best = found
        return best

    def _compare(self, norm: str, size: int, key: int) -> Optional[Match]:
        r, other = self.r, self.norm_of[key]
        other_size = n_words(other)
        cluster = self.cluster_of[key]
        short, long_, kind = (norm, other, "contained") if size <= other_size else (other, norm, "contains")
        short_size = min(size, other_size)
        if short_size >= r["min_words_contained"] and self._anchor(short) and contained_in(short, long_):
            return Match(cluster, key, kind, 100.0 * short_size / max(size, other_size))
        if min(size, other_size) >= r["min_words_fuzzy"]:
            ratio = fuzz.ratio(plain(norm), plain(other))
            if ratio >= r["near_ratio"]:
                return Match(cluster, key, "near", ratio)
        if short_size >= r["min_words_near_contained"] and self._anchor(short):
            partial = fuzz.partial_ratio(plain(short), plain(long_))
            if partial >= r["near_contained_ratio"]:
                return Match(cluster, key, "near_contained", partial)
        return None

    def add(self, key: int, norm: str) -> tuple[int, Optional[Match]]:
        """Index a fragment; returns its cluster (its own key when it matches nothing) and the match."""
        found = self.match(norm)
        cluster = found.cluster if found else key
        self.insert(key, norm, cluster)
        return cluster, found

    def insert(self, key: int, norm: str, cluster: int) -> None:
        """Index a fragment whose cluster is already known (loading a stored index)."""
        self.cluster_of[key] = cluster
        self.norm_of[key] = norm
        words = plain(norm)
        self._exact.setdefault(words, key)
        n = self.r["anchor_words"]
        for gram in set(_ngrams(words.split(), n)):
            self._grams.setdefault(gram, []).append(key)
        anchor = self._anchor(norm)
        if anchor is not None:
            self._heads.setdefault(anchor, []).append(key)
        if n_words(norm) >= self.r["min_words_fuzzy"]:
            self._lsh.insert(str(key), self._minhash(norm))


def _better(a: Match, b: Match) -> bool:
    return (KIND_STRENGTH[a.kind], a.score, -a.cluster) > (KIND_STRENGTH[b.kind], b.score, -b.cluster)
