"""Statements by meaning: related statements of one, and hybrid (full text + embedding) search.

Vectors are stored per statement (``statement_vectors``, float16) and scanned with numpy: the
matrix of canonical statements' vectors is kept per store in memory and extended when the store
has grown (the largest stored statement pk tells). At 100k statements × 128 dimensions a query is
one matrix-vector product (about 10 ms; ``scripts/bench_provenance.py``). sqlite-vec and pgvector
are not used: the scan is fast enough at the sizes measured and works on every back end alike.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import sqlalchemy as sa

from onrecord.provenance import lexical, related_rank
from onrecord.provenance.embed import encoder, from_blobs, statement_text
from onrecord.store.schema import quote_fragments, statement_vectors, statements

RRF_K = 60  # reciprocal rank fusion constant (Cormack et al. 2009): robust without tuning
CANDIDATES = 200


@dataclass
class _Matrix:
    high_water: int = 0
    pks: list = field(default_factory=list)
    ids: list = field(default_factory=list)
    speakers: list = field(default_factory=list)
    blocks: list = field(default_factory=list)
    matrix: Optional[np.ndarray] = None
    positions: dict = field(default_factory=dict)  # statement id -> row
    terms: lexical.TermStats = field(default_factory=lexical.TermStats)  # document frequencies, for re-ranking
    terms_high_water: int = 0  # the largest statement pk whose words ``terms`` has counted
    rows_by_speaker: dict = field(default_factory=dict)  # canonical speaker id -> matrix rows


# Per store object (weakly held: a closed, collected store takes its matrix with it).
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def vectors(store) -> _Matrix:
    """The canonical statements' vectors of ``store``, read once and then extended as it grows."""
    state = _cache.setdefault(store, _Matrix())
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.max(statement_vectors.c.statement_pk))).scalar() or 0
        if stored < state.high_water:  # rebuilt or replaced: start again
            state = _cache[store] = _Matrix()
        if stored == state.high_water and state.matrix is not None:
            return state
        rows = conn.execute(
            sa.select(
                statement_vectors.c.statement_pk,
                statements.c.id,
                statements.c.speaker_id,
                statement_vectors.c.vector,
                statement_vectors.c.model,
            )
            .join(statements, statements.c.pk == statement_vectors.c.statement_pk)
            .where(statement_vectors.c.statement_pk > state.high_water, statements.c.id == statements.c.canonical_id)
            .order_by(statement_vectors.c.statement_pk)
        ).all()
        stale = _texts_of_pks(conn, [r[0] for r in rows if r[4] != encoder().name])
    dims = encoder().dims
    if rows:
        state.pks.extend(r[0] for r in rows)
        state.ids.extend(r[1] for r in rows)
        state.speakers.extend(r[2] for r in rows)
        block = from_blobs([r[3] for r in rows], dims)
        if stale:
            # Vectors of another model (a store embedded before the shipped model changed) are not
            # comparable with this model's: encoded again here, in memory, until `onrecord quote
            # --rebuild` stores them anew.
            at = {r[0]: i for i, r in enumerate(rows)}
            pks = list(stale)
            block[[at[pk] for pk in pks]] = encoder().encode([stale[pk] for pk in pks])
        state.blocks.append(block)
    for i in range(len(state.positions), len(state.ids)):
        state.positions[state.ids[i]] = i
        if state.speakers[i]:
            state.rows_by_speaker.setdefault(state.speakers[i], []).append(i)
    state.matrix = np.concatenate(state.blocks) if state.blocks else np.zeros((0, dims), np.float32)
    state.blocks = [state.matrix]
    state.high_water = stored
    return state


def term_stats(store, state: _Matrix) -> lexical.TermStats:
    """Document frequencies over the canonical statements in ``state``, counted on first use (only
    ``related`` needs them, so search does not wait for them) and extended as the store grows;
    read in chunks so the texts of a large store are never all in memory at once."""
    if state.terms_high_water >= state.high_water:
        return state.terms
    query = (
        sa.select(statements.c.pk, statements.c.quote_text, statements.c.context)
        .join(statement_vectors, statement_vectors.c.statement_pk == statements.c.pk)
        .where(
            statements.c.pk > state.terms_high_water,
            statements.c.pk <= state.high_water,
            statements.c.id == statements.c.canonical_id,
        )
        .order_by(statements.c.pk)
    )
    with store.engine.connect() as conn:
        for chunk in conn.execution_options(stream_results=True, yield_per=5000).execute(query).partitions():
            for _, quote, context in chunk:
                state.terms.add(lexical.distinct_terms(quote or "", context or ""))
    state.terms_high_water = state.high_water
    return state.terms


def nearest(store, vector: np.ndarray, k: int = CANDIDATES) -> list[tuple[str, float]]:
    """The ``k`` canonical statements closest to ``vector`` (cosine), best first."""
    state = vectors(store)
    if state.matrix is None or not len(state.ids):
        return []
    sims = state.matrix @ vector.astype(np.float32)
    k = min(k, len(sims))
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.argsort(-sims[top], kind="stable")]
    return [(state.ids[i], float(sims[i])) for i in top]


def _hits(store, ids: list[str]) -> dict[str, dict]:
    if not ids:
        return {}
    with store.engine.connect() as conn:
        _, hits = store._statement_page(conn, [statements.c.id.in_(ids)], limit=len(ids))
    return {h["id"]: h for h in hits}


# bm25 with the quote weighted 4x its paragraph, as the store ranks; through FTS5's ``rank`` column,
# whose ORDER BY ... LIMIT is FTS5's fast path (5-10x faster than ordering by bm25() at 100k rows).
_FTS_TOP = (
    "SELECT s.id FROM (SELECT rowid, rank FROM statements_fts WHERE statements_fts MATCH :q "
    "AND rank MATCH 'bm25(4.0, 1.0)' ORDER BY rank LIMIT :k) f JOIN statements s ON s.pk = f.rowid ORDER BY f.rank"
)


def _text_candidates(store, q: str, k: int = CANDIDATES * 2) -> list[str]:
    """Statement ids matching ``q`` by full text, best first (a light query: ids only, no page)."""
    from onrecord.store import fulltext

    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            expr = fulltext.fts5_query(q)
            if not expr:
                return []
            # bm25 straight from the FTS5 index (quote weighted 4x its paragraph, as the store ranks).
            rows = conn.execute(sa.text(_FTS_TOP), {"q": expr, "k": k})
            return [r[0] for r in rows]
        match = fulltext.match_clause(store.dialect, statements, q)
        if match is None:
            return []
        rank = fulltext.rank_order(store.dialect, statements, q)
        return [r[0] for r in conn.execute(sa.select(statements.c.id).where(match).order_by(rank).limit(k))]


def semantic_search(
    store, q: str, *, speaker: Optional[str] = None, limit: int = 20, offset: int = 0
) -> tuple[int, list[dict]]:
    """Hybrid search: full-text rank and embedding rank fused (reciprocal rank fusion), best first.

    Every hit has ``score`` and ``similarity`` (cosine to the query). The full-text list is bm25
    order over the quote (weighted 4x) and its paragraph; a statement only the embedding finds
    still ranks, by meaning. Canonical statements only (syndicated copies are in ``sources``).
    """
    state = vectors(store)
    positions = _position(state)
    speaker_id = store.resolve_speaker(speaker) if speaker else None
    text_ids = [
        t
        for t in _text_candidates(store, q)
        if t in positions and (not speaker or state.speakers[positions[t]] == speaker_id)
    ][:CANDIDATES]
    query_vec = encoder().encode([q])[0]
    if speaker:
        by_meaning = [
            (s, v) for s, v in nearest(store, query_vec, len(state.ids)) if state.speakers[positions[s]] == speaker_id
        ]
        by_meaning = by_meaning[:CANDIDATES]
    else:
        by_meaning = nearest(store, query_vec, CANDIDATES)
    score: dict[str, float] = {}
    for rank, text_id in enumerate(text_ids):
        score[text_id] = score.get(text_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    for rank, (statement_id, _) in enumerate(by_meaning):
        score[statement_id] = score.get(statement_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    ranked = sorted(score, key=lambda s: (-score[s], s))
    page = ranked[offset : offset + limit]
    hits = _hits(store, page)
    out = []
    for statement_id in page:
        if statement_id in hits:
            h = hits[statement_id]
            h["score"] = round(score[statement_id], 6)
            h["similarity"] = round(float(state.matrix[positions[statement_id]] @ query_vec), 4)
            out.append(h)
    return len(ranked), out


# The same, among one speaker's statements (rare words only, so the filter after the match is cheap).
_FTS_TOP_OF_SPEAKER = (
    "SELECT s.id FROM statements_fts f JOIN statements s ON s.pk = f.rowid WHERE statements_fts MATCH :q "
    "AND rank MATCH 'bm25(4.0, 1.0)' AND s.speaker_id = :speaker ORDER BY f.rank LIMIT :k"
)


def _lexical_neighbours(store, text: str, k: int = CANDIDATES, speaker_id: Optional[str] = None) -> list[str]:
    """Canonical statements sharing the words of ``text`` (any of them), best bm25 first;
    only ``speaker_id``'s when given."""
    from onrecord.provenance.text import rules

    stop = set(rules()["stop_words"])
    words = list(
        dict.fromkeys(w.casefold() for w in re.findall(r"[^\W\d_][\w']+", text or "") if w.casefold() not in stop)
    )[:40]
    if not words:
        return []
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            expr = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
            if speaker_id:
                rows = conn.execute(sa.text(_FTS_TOP_OF_SPEAKER), {"q": expr, "k": k, "speaker": speaker_id})
            else:
                rows = conn.execute(sa.text(_FTS_TOP), {"q": expr, "k": k})
        else:
            query = sa.func.websearch_to_tsquery(sa.literal_column("'english'::regconfig"), " or ".join(words))
            tsv = sa.literal_column("statements.search_tsv")
            where = [tsv.op("@@")(query), statements.c.id == statements.c.canonical_id]
            if speaker_id:
                where.append(statements.c.speaker_id == speaker_id)
            rows = conn.execute(
                sa.select(statements.c.id).where(*where).order_by(sa.func.ts_rank(tsv, query).desc()).limit(k)
            )
        return [r[0] for r in rows]


def related(store, statement_id: str, *, limit: int = 10) -> Optional[dict]:
    """Statements on the same subject: the same speaker's and other speakers', each in time order.

    Candidates: the nearest statement vectors (quote with its paragraph), the nearest of the same
    speaker's, and bm25 over the rarest words of the quote and of its paragraph (the subject's names).
    Each candidate is then scored by ``related_rerank`` weights (``related_rank.candidate_score``):
    the vector cosine, the tf-idf cosine of the two statements' quote-and-paragraph words (weighed
    down for a quote of few content words), of their quotes' sentences, and of this statement's
    words against the candidate's quote alone (see ``lexical``). The ``limit`` best of each speaker
    group are returned in time order; ``similar`` lists the ``limit`` best of any speaker, best
    first. The statement itself and its copies are left out.
    """
    from onrecord.provenance.text import rules

    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(
                statements.c.canonical_id,
                statements.c.speaker_id,
                statements.c.quote_text,
                statements.c.context,
                statements.c.article_id,
            ).where(statements.c.id == statement_id)
        ).first()
        if row is None:
            return None
        canonical, speaker_id, quote, context, article_id = row
        # The article the reader is on (a copy's, and its canonical statement's when that is elsewhere).
        own_articles = {article_id} | set(
            conn.execute(sa.select(statements.c.article_id).where(statements.c.id == canonical)).scalars()
        )
        stored = conn.execute(
            sa.select(statement_vectors.c.vector, statement_vectors.c.model).where(
                statement_vectors.c.statement_id == canonical
            )
        ).first()
        if stored is not None and stored[1] != encoder().name:  # another model's vector: see ``vectors``
            stale = _texts_of_pks(
                conn, [conn.execute(sa.select(statements.c.pk).where(statements.c.id == canonical)).scalar()]
            )
            stored = (encoder().encode(list(stale.values()))[0], stored[1])
    if stored is None:
        return dict(statement_id=statement_id, speaker_id=speaker_id, same_speaker=[], other_speakers=[], similar=[])
    vec = stored[0] if isinstance(stored[0], np.ndarray) else from_blobs([stored[0]], encoder().dims)[0]
    state = vectors(store)
    positions = _position(state)
    config = rules()["related_rerank"]
    stats = term_stats(store, state)
    quote_terms, full_terms = lexical.statement_terms(quote or "", context or "")
    # The quote's words count twice: they are what was said, the paragraph is what surrounds it.
    query = stats.weights(quote_terms + full_terms)
    sentence_end = config["sentence_end"]
    query_sentence = stats.weights(quote_terms + lexical.terms(lexical.quote_sentence(quote, context, sentence_end)))
    # One full-text query over the rarest words only, none in more than max_df_share of the
    # statements: a common word's long posting list is what makes an OR query slow (two queries
    # over all the quote's words took ~330 ms at 100k; these words, about 5 ms).
    rare = [
        t
        for t in stats.rarest(quote_terms, config["rare_terms"]) + stats.rarest(full_terms, config["rare_terms"])
        if stats.df.get(t, 0) <= config["max_df_share"] * stats.n_docs
    ]
    pool = [sid for sid, _ in nearest(store, vec, config["candidates"])]
    pool += _nearest_of_speaker(state, speaker_id, vec, config["speaker_candidates"])
    rare_text = " ".join(dict.fromkeys(rare))
    pool += _lexical_neighbours(store, rare_text, k=config["candidates"])
    if speaker_id:
        pool += _lexical_neighbours(store, rare_text, k=config["speaker_candidates"], speaker_id=speaker_id)
    pool = [s for s in dict.fromkeys(pool) if s != canonical and s in positions]
    texts, articles = _texts(store, pool)
    score: dict[str, float] = {}
    for sid in pool:
        cand_text = texts.get(sid, ("", ""))
        cand_quote, cand_full = lexical.statement_terms(*cand_text)
        cand_sentence = lexical.terms(lexical.quote_sentence(*cand_text, sentence_end))
        score[sid] = related_rank.candidate_score(
            config,
            vector=float(state.matrix[positions[sid]] @ vec),
            paragraph=lexical.cosine(query, stats.weights(cand_full)),
            sentence=lexical.cosine(query_sentence, stats.weights(cand_sentence)),
            quote=lexical.cosine(query, stats.weights(cand_quote)),
            n_quote_terms=len(set(cand_quote)),
        )
    speakers = {sid: state.speakers[positions[sid]] for sid in pool}
    # The query's own article is on screen already: its other statements step back (see related_rank).
    score = related_rank.with_own_article_penalty(score, articles, own_articles, config["own_article"])
    # The speaker's own statements first among any speaker's (see related_rank); not within a list.
    ranked_score = related_rank.with_speaker_bonus(score, speakers, speaker_id, config["same_speaker"])
    ranked = sorted(ranked_score, key=lambda s: (-ranked_score[s], s))
    clusters = _clusters(store, pool)

    def listed(ids):
        return related_rank.one_per_quotation(ids, clusters, limit)

    same, same_also = listed([s for s in ranked if speaker_id and speakers[s] == speaker_id])
    other, other_also = listed([s for s in ranked if not (speaker_id and speakers[s] == speaker_id)])
    similar, similar_also = listed(ranked)
    hits = _hits(store, sorted(set(same + other + similar)))

    def cosine(sid: str) -> float:
        return round(float(state.matrix[positions[sid]] @ vec), 4)

    def timed(ids, also):
        found = [
            dict(hits[s], similarity=cosine(s), score=round(score[s], 6), same_quotation=also[s])
            for s in ids
            if s in hits
        ]
        return sorted(found, key=lambda h: (h["sort_date"] or "9999", h["id"]))

    return dict(
        statement_id=statement_id,
        speaker_id=speaker_id,
        same_speaker=timed(same, same_also),
        other_speakers=timed(other, other_also),
        similar=[
            dict(id=s, similarity=cosine(s), score=round(ranked_score[s], 6), same_quotation=similar_also[s])
            for s in similar
        ],
    )


def _clusters(store, ids: list[str]) -> dict[str, set]:
    """The quotation clusters each statement id's fragments belong to (none for indirect speech)."""
    out: dict[str, set] = {}
    with store.engine.connect() as conn:
        for at in range(0, len(ids), 500):
            rows = conn.execute(
                sa.select(quote_fragments.c.statement_id, quote_fragments.c.cluster_id).where(
                    quote_fragments.c.statement_id.in_(ids[at : at + 500])
                )
            )
            for sid, cluster in rows:
                out.setdefault(sid, set()).add(cluster)
    return out


def _nearest_of_speaker(state: _Matrix, speaker_id: Optional[str], vec: np.ndarray, k: int) -> list[str]:
    """The speaker's own ``k`` statements closest to ``vec``: the same-speaker list draws on them,
    whom the corpus-wide candidates would leave out when others said more on the subject."""
    rows = state.rows_by_speaker.get(speaker_id) if speaker_id else None
    if not rows:
        return []
    rows = np.asarray(rows)
    sims = state.matrix[rows] @ vec
    k = min(k, len(rows))
    top = rows[np.argpartition(-sims, k - 1)[:k]]
    return [state.ids[i] for i in top]


def _texts(store, ids: list[str]) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """(quote, paragraph) and the article of each statement id, read in chunks (the bound-parameter limit)."""
    out: dict[str, tuple[str, str]] = {}
    articles: dict[str, str] = {}
    with store.engine.connect() as conn:
        for at in range(0, len(ids), 500):
            chunk = ids[at : at + 500]
            for sid, quote, context, article in conn.execute(
                sa.select(
                    statements.c.id, statements.c.quote_text, statements.c.context, statements.c.article_id
                ).where(statements.c.id.in_(chunk))
            ):
                out[sid] = (quote or "", context or "")
                articles[sid] = article
    return out, articles


def _texts_of_pks(conn, pks: list) -> dict:
    """The text the ingest hook embeds (the quote, then its paragraph) of each statement pk."""
    out: dict = {}
    for at in range(0, len(pks), 500):
        rows = conn.execute(
            sa.select(statements.c.pk, statements.c.quote_text, statements.c.context).where(
                statements.c.pk.in_(pks[at : at + 500])
            )
        )
        out.update({pk: statement_text(quote, context) for pk, quote, context in rows})
    return out


def _position(state: _Matrix) -> dict:
    return state.positions
