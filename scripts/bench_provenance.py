"""Costs of provenance: model memory, semantic search latency at 100k statements, added ingest time.

    .venv/bin/python scripts/bench_provenance.py memory
    .venv/bin/python scripts/bench_provenance.py search --statements 100000 [--db var/bench-100k.db]
    .venv/bin/python scripts/bench_provenance.py ingest [--articles 84]

``memory``  peak memory the embedding model adds: tracemalloc peak (numpy allocations) and the
            process's max RSS growth, loading the model and encoding 2,000 sentences.
``search``  builds (once) a generated store of ``--statements`` statements — records assembled from
            PolNeAR train quotation texts recombined at random, no extraction — then times 300
            hybrid searches (:func:`onrecord.provenance.semantic.semantic_search`) and prints the
            p50/p95/p99 latency, and of 100 ``related`` calls on random statements (candidates
            re-ranked by words, :func:`onrecord.provenance.semantic.related`); also the time per
            statement the ingest hook took to build it.
``ingest``  ingests PolNeAR dev in-process (one extractor, as ``onrecord ingest -j 1``) and reports
            the share of the wall time spent in the provenance hook (clusters + embeddings).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data" / "polnear"


def _quote_texts(split: str = "train") -> list[str]:
    out = []
    for line in open(SHARED / f"{split}.jsonl", encoding="utf-8"):
        out.extend(q["quote_text"] for q in json.loads(line)["quotes"] if len(q["quote_text"]) > 20)
    return out


def bench_memory() -> dict:
    texts = _quote_texts()[:2000]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    from onrecord.provenance.embed import StaticEncoder

    started = time.perf_counter()
    enc = StaticEncoder()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    enc.encode(texts)
    encoded = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return dict(
        model=enc.name,
        dims=enc.dims,
        tracemalloc_peak_mb=round(peak / 2**20, 1),
        maxrss_growth_mb=round((rss1 - rss0) / 1024, 1),
        load_s=round(loaded, 3),
        encode_2000_s=round(encoded, 3),
        per_sentence_ms=round(1000 * encoded / len(texts), 3),
    )


def _generated_store(path: Path, n_statements: int, per_article: int = 10):
    from onrecord.model import Article, Record, Span, Speaker, Statement
    from onrecord.provenance import hook
    from onrecord.store import StoredItem, open_store

    store = open_store(path)
    have = store.stats()["statements"]
    if have >= n_statements:
        return store, None
    rng = random.Random(5)
    texts = _quote_texts()
    speakers = [f"Speaker {i}" for i in range(400)]
    spent = [0.0]
    original = hook.Provenance.after_batch

    def timed(self, conn):
        started = time.perf_counter()
        try:
            return original(self, conn)
        finally:
            spent[0] += time.perf_counter() - started

    hook.Provenance.after_batch = timed
    started = time.perf_counter()
    n_articles = (n_statements - have) // per_article
    batch = []
    for a in range(n_articles):
        quotes = [rng.choice(texts) for _ in range(per_article)]
        body = "\n\n".join(f"“{q},” {rng.choice(speakers)} said." for q in quotes)
        statements, at = [], 0
        for i, q in enumerate(quotes):
            start = body.index(q, at)
            statements.append(
                Statement(
                    id=f"st{i}",
                    type=rng.choice(["direct", "indirect", "indirect", "mixed"]),
                    quote=Span(start=start, end=start + len(q), text=q),
                    speaker_id=f"sp{i % 3}",
                )
            )
            at = start + len(q)
        digest = hashlib.sha256(f"{a}:{body}".encode()).hexdigest()
        art = Article(
            id=f"gen-{a}",
            body=body,
            content_hash=digest,
            outlet=f"Outlet {a % 12}",
            published=f"2016-{1 + a % 12:02d}-{1 + a % 28:02d}",
        )
        sps = [Speaker(id=f"sp{j}", name=rng.choice(speakers), kind="person") for j in range(3)]
        batch.append(StoredItem(Record(article=art, speakers=sps, statements=statements)))
        if len(batch) == 200:
            store.add_records(batch)
            batch = []
    if batch:
        store.add_records(batch)
    hook.Provenance.after_batch = original
    total = time.perf_counter() - started
    return store, dict(build_s=round(total, 1), hook_s=round(spent[0], 1), hook_share=round(spent[0] / total, 3))


def bench_search(n: int, db: Path, queries: int = 300) -> dict:
    import numpy as np

    from onrecord.provenance.semantic import related, semantic_search, term_stats, vectors

    store, built = _generated_store(db, n)
    started = time.perf_counter()
    vectors(store)
    warm = time.perf_counter() - started
    rng = random.Random(11)
    words = [w for t in _quote_texts("train")[:5000] for w in t.split() if w.isalpha() and len(w) > 3]
    times = []
    for _ in range(queries):
        q = " ".join(rng.sample(words, 3))
        started = time.perf_counter()
        semantic_search(store, q, limit=20)
        times.append(time.perf_counter() - started)
    ms = np.array(times) * 1000
    out = dict(
        statements=store.stats()["statements"],
        queries=queries,
        load_vectors_s=round(warm, 2),
        p50_ms=round(float(np.percentile(ms, 50)), 1),
        p95_ms=round(float(np.percentile(ms, 95)), 1),
        p99_ms=round(float(np.percentile(ms, 99)), 1),
        max_ms=round(float(ms.max()), 1),
    )
    state = vectors(store)
    started = time.perf_counter()
    term_stats(store, state)  # what the first related() call of a process waits for
    out["load_word_stats_s"] = round(time.perf_counter() - started, 2)
    related_times = []
    for statement_id in rng.sample(state.ids, 100):
        started = time.perf_counter()
        related(store, statement_id)
        related_times.append(time.perf_counter() - started)
    ms = np.array(related_times) * 1000
    out["related"] = dict(
        calls=100,
        p50_ms=round(float(np.percentile(ms, 50)), 1),
        p99_ms=round(float(np.percentile(ms, 99)), 1),
        max_ms=round(float(ms.max()), 1),
    )
    if built:
        out["build"] = built
    store.close()
    return out


def bench_ingest(articles: int) -> dict:
    import tempfile

    from onrecord.batch.ingest import ingest
    from onrecord.provenance import hook
    from onrecord.store import open_store

    spent = [0.0]
    original = hook.Provenance.after_batch

    def timed(self, conn):
        started = time.perf_counter()
        try:
            return original(self, conn)
        finally:
            spent[0] += time.perf_counter() - started

    hook.Provenance.after_batch = timed
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "dev.jsonl"
        src.write_text("".join(open(SHARED / "dev.jsonl", encoding="utf-8").readlines()[:articles]), encoding="utf-8")
        store = open_store(Path(tmp) / "ingest.db")
        started = time.perf_counter()
        summary = ingest(store, [str(src)], workers=1)
        total = time.perf_counter() - started
        store.close()
    hook.Provenance.after_batch = original
    return dict(
        articles=summary.added,
        statements=summary.statements,
        ingest_s=round(total, 1),
        provenance_s=round(spent[0], 2),
        provenance_share=round(spent[0] / total, 4),
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    sub.add_parser("memory")
    s = sub.add_parser("search")
    s.add_argument("--statements", type=int, default=100_000)
    s.add_argument("--db", default=str(ROOT / "var" / "bench-100k.db"))
    i = sub.add_parser("ingest")
    i.add_argument("--articles", type=int, default=84)
    args = ap.parse_args(argv)
    if args.what == "memory":
        result = bench_memory()
    elif args.what == "search":
        result = bench_search(args.statements, Path(args.db))
    else:
        result = bench_ingest(args.articles)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
