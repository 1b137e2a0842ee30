"""Keeping quotation clusters and statement vectors up to date as the store ingests.

:meth:`Provenance.after_batch` runs inside the transaction of each batch the store inserts: it
takes the statements added since the last one (statement ``pk`` above the high-water mark, which
is the largest ``statement_vectors.statement_pk``), clusters their quoted fragments and stores
their vectors. Both are written in the batch's transaction, so they commit or roll back with it.
The in-memory cluster index is checked against the high-water mark on each batch and reloaded
from the database when they differ (after a rolled-back batch, or another writer).

Syndicated copies (statements whose ``canonical_id`` names another statement: near-duplicate
articles, see :mod:`onrecord.entities.crossdoc`) are not clustered: a copy is the same report, not
another appearance, and would inflate a cluster. The cluster view lists them with their original.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from onrecord.provenance.clusters import ClusterIndex
from onrecord.provenance.embed import encoder, statement_text, to_blob
from onrecord.provenance.text import normalize_quote, quoted_fragments
from onrecord.store.schema import quote_fragments, statement_vectors, statements

PIECES_PER_STATEMENT = 100  # fragment key = statement pk * 100 + piece; pieces past the 100th are not clustered
PAGE = 2000


def fragment_key(statement_pk: int, piece: int) -> int:
    if not 0 <= piece < PIECES_PER_STATEMENT:
        raise ValueError(f"piece {piece} of a statement: only {PIECES_PER_STATEMENT} have keys")
    return statement_pk * PIECES_PER_STATEMENT + piece


class Provenance:
    """The store's provenance state: the cluster index and the high-water mark it was built to."""

    def __init__(self):
        self.index: Optional[ClusterIndex] = None
        self.high_water: Optional[int] = None

    def _stored_high_water(self, conn) -> int:
        return conn.execute(sa.select(sa.func.max(statement_vectors.c.statement_pk))).scalar() or 0

    def load(self, conn) -> ClusterIndex:
        """The cluster index as stored (fragments in key order, which is ingest order)."""
        index = ClusterIndex()
        # Options on the statement, not the connection: the batch's later inserts must not stream.
        rows = conn.execute(
            sa.select(quote_fragments.c.key, quote_fragments.c.norm, quote_fragments.c.cluster_id)
            .order_by(quote_fragments.c.key)
            .execution_options(yield_per=PAGE)
        )
        for key, norm, cluster in rows:
            index.insert(key, norm, cluster)
        self.index = index
        self.high_water = self._stored_high_water(conn)
        return index

    def after_batch(self, conn) -> int:
        """Cluster and embed every statement added since the last call; returns how many were processed."""
        stored = self._stored_high_water(conn)
        if self.index is None or self.high_water != stored:
            self.load(conn)
        try:
            return self._catch_up(conn)
        except BaseException:
            # Interrupted (Ctrl-C, a failed insert): the index saw fragments the database will not keep.
            self.index = None
            raise

    def _catch_up(self, conn) -> int:
        done = 0
        while True:
            rows = conn.execute(
                sa.select(
                    statements.c.pk,
                    statements.c.id,
                    statements.c.type,
                    statements.c.quote_text,
                    statements.c.canonical_id,
                    statements.c.context,
                )
                .where(statements.c.pk > self.high_water)
                .order_by(statements.c.pk)
                .limit(PAGE)
            ).all()
            if not rows:
                return done
            self._process(conn, rows)
            self.high_water = rows[-1][0]
            done += len(rows)

    def _process(self, conn, rows) -> None:
        self._cluster(conn, rows)
        model = encoder()
        vectors = model.encode([statement_text(row[3], row[5]) for row in rows])
        conn.execute(
            statement_vectors.insert(),
            [
                dict(statement_pk=row[0], statement_id=row[1], model=model.name, vector=to_blob(vec))
                for row, vec in zip(rows, vectors)
            ],
        )

    def _cluster(self, conn, rows) -> None:
        fragments = []
        for pk, sid, kind, text, canonical, *_ in rows:
            if canonical != sid:
                continue
            for piece, (start, end, frag) in enumerate(quoted_fragments(kind, text)):
                if piece >= PIECES_PER_STATEMENT:  # a hundred quoted pieces in one statement: the rest go unclustered
                    break
                norm = normalize_quote(frag)
                if not self.index.clusterable(norm):
                    continue
                key = fragment_key(pk, piece)
                cluster, match = self.index.add(key, norm)
                fragments.append(
                    dict(
                        key=key,
                        statement_pk=pk,
                        statement_id=sid,
                        cluster_id=cluster,
                        start=start,
                        end=end,
                        text=frag,
                        norm=norm,
                        match_kind=match.kind if match else None,
                        match_key=match.key if match else None,
                    )
                )
        if fragments:
            conn.execute(quote_fragments.insert(), fragments)

    def rebuild(self, conn, *, vectors: bool = True) -> int:
        """Forget every cluster (and, with ``vectors``, every vector) and derive them again from the statements."""
        try:
            return self._rebuild(conn, vectors)
        except BaseException:
            self.index = None  # the transaction rolls back: reload what the database keeps
            raise

    def _rebuild(self, conn, vectors: bool) -> int:
        conn.execute(quote_fragments.delete())
        if vectors:
            conn.execute(statement_vectors.delete())
            self.index, self.high_water = ClusterIndex(), 0
            return self.after_batch(conn)
        # Clusters only: replay the statements in pk order, leaving the stored vectors as they are.
        self.index, last, done = ClusterIndex(), 0, 0
        embedded = self._stored_high_water(conn)  # later statements are clustered with their vectors, next batch
        while True:
            rows = conn.execute(
                sa.select(
                    statements.c.pk,
                    statements.c.id,
                    statements.c.type,
                    statements.c.quote_text,
                    statements.c.canonical_id,
                )
                .where(statements.c.pk > last, statements.c.pk <= embedded)
                .order_by(statements.c.pk)
                .limit(PAGE)
            ).all()
            if not rows:
                break
            self._cluster(conn, rows)
            last, done = rows[-1][0], done + len(rows)
        self.high_water = embedded
        return done
