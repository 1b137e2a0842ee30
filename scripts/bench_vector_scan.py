"""sqlite-vec against the numpy scan onrecord uses: k-nearest statements over N stored vectors.

    python scripts/bench_vector_scan.py [--n 100000] [--dims 128] [--k 200] [--queries 200]

Needs a Python whose ``sqlite3`` can load extensions (``Connection.enable_load_extension``) and the
``sqlite-vec`` wheel; numpy is timed either way. The vectors are random unit vectors (timing only:
brute-force search costs the same whatever the values). Prints JSON: build time and per-query
p50/p99 for (a) numpy: one float32 matrix-vector product over the matrix held in memory, plus
argpartition for the top k (what ``onrecord.provenance.semantic.nearest`` does); (b) sqlite-vec
``vec0`` virtual table, float32, ``WHERE embedding MATCH ? AND k = ?``; (c) sqlite-vec
``vec_distance_cosine`` over a plain BLOB column (float32), ``ORDER BY ... LIMIT k``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time

import numpy as np


def _percentiles(times: list[float]) -> dict:
    ms = np.array(times) * 1000
    return dict(p50_ms=round(float(np.percentile(ms, 50)), 2), p99_ms=round(float(np.percentile(ms, 99)), 2))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dims", type=int, default=128)
    ap.add_argument("--k", type=int, default=200)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    rng = np.random.default_rng(13)
    matrix = rng.standard_normal((args.n, args.dims)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    queries = rng.standard_normal((args.queries, args.dims)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    out: dict = dict(n=args.n, dims=args.dims, k=args.k, queries=args.queries)

    times = []
    numpy_top = []
    for q in queries:
        t = time.perf_counter()
        sims = matrix @ q
        top = np.argpartition(-sims, args.k - 1)[: args.k]
        top = top[np.argsort(-sims[top])]
        times.append(time.perf_counter() - t)
        numpy_top.append(set(top[:10].tolist()))
    out["numpy_scan"] = _percentiles(times)

    conn = sqlite3.connect(":memory:")
    if not hasattr(conn, "enable_load_extension"):
        out["sqlite_vec"] = "this Python's sqlite3 was built without loadable extensions (no enable_load_extension)"
        print(json.dumps(out, indent=1))
        return 0
    import sqlite_vec

    conn.enable_load_extension(True)
    sqlite_vec.load(conn)
    conn.enable_load_extension(False)
    out["sqlite_vec_version"] = conn.execute("SELECT vec_version()").fetchone()[0]
    t = time.perf_counter()
    conn.execute(f"CREATE VIRTUAL TABLE vec USING vec0(embedding float[{args.dims}] distance_metric=cosine)")
    conn.executemany(
        "INSERT INTO vec(rowid, embedding) VALUES (?, ?)", ((i + 1, matrix[i].tobytes()) for i in range(args.n))
    )
    conn.commit()
    out["vec0_build_s"] = round(time.perf_counter() - t, 2)
    times = []
    agree = 0
    for qi, q in enumerate(queries):
        t = time.perf_counter()
        rows = conn.execute(
            "SELECT rowid, distance FROM vec WHERE embedding MATCH ? AND k = ? ORDER BY distance", (q.tobytes(), args.k)
        ).fetchall()
        times.append(time.perf_counter() - t)
        agree += len({r[0] - 1 for r in rows[:10]} & numpy_top[qi])
    out["vec0_knn"] = dict(_percentiles(times), top10_agreement_with_numpy=round(agree / (10 * args.queries), 3))

    conn.execute("CREATE TABLE blobs (pk INTEGER PRIMARY KEY, vector BLOB)")
    conn.executemany("INSERT INTO blobs VALUES (?, ?)", ((i + 1, matrix[i].tobytes()) for i in range(args.n)))
    times = []
    for q in queries[: max(1, args.queries // 4)]:
        t = time.perf_counter()
        conn.execute(
            "SELECT pk FROM blobs ORDER BY vec_distance_cosine(vector, ?) LIMIT ?", (q.tobytes(), args.k)
        ).fetchall()
        times.append(time.perf_counter() - t)
    out["blob_vec_distance_cosine"] = _percentiles(times)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
