#!/usr/bin/env python
"""Ingest throughput on a generated 1,000-input corpus, SQLite and PostgreSQL, same corpus, same code.

    .venv/bin/python scripts/ingest_corpus_bench.py                  # 1,000 inputs, both back ends
    .venv/bin/python scripts/ingest_corpus_bench.py --articles 100 --workers 2 --backends sqlite

The corpus (tests/helpers/corpusgen.py) is built from ../shared/data/polnear/{train,dev}.jsonl and the
seed: distinct articles, exact duplicates, syndicated near-copies and broken inputs. For each back end
it runs the real ingest (extraction in ``--workers`` processes, one writer) and checks the counts
against what the corpus generator planted; then it times the store alone (re-adding the extracted
records to an empty store) to separate write cost from extraction cost.
PostgreSQL: ``$ONRECORD_TEST_PG_URL`` or a throwaway local cluster.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the test helpers: a throwaway PostgreSQL, the generated corpus

from helpers import pgtemp  # noqa: E402
from helpers.corpusgen import make_corpus  # noqa: E402
from onrecord.batch.ingest import ingest  # noqa: E402
from onrecord.store import Store, StoredItem, open_store  # noqa: E402

SHARED = REPO.parent / "shared"


def run_backend(name: str, store: Store, corpus: Path, expected: dict, workers: int, batch_size: int) -> dict:
    summary = ingest(store, [str(corpus)], workers=workers, batch_size=batch_size)
    stats = store.stats()
    checks = {
        "articles": (summary.added, expected["articles"]),
        "skipped": (summary.skipped, expected["skipped"]),
        "near_duplicates": (stats["near_duplicates"], expected["near_duplicates"]),
        "errors": (summary.errors, expected["errors"]),
    }
    return dict(
        backend=name,
        **summary.as_dict(),
        checks={k: {"got": g, "expected": e, "ok": g == e} for k, (g, e) in checks.items()},
    )


def store_only(name: str, source: Store, target: Store, batch_size: int) -> dict:
    records = list(source.iter_records())
    started = time.perf_counter()
    for i in range(0, len(records), batch_size):
        target.add_records([StoredItem(r) for r in records[i : i + batch_size]])
    seconds = time.perf_counter() - started
    return dict(
        backend=name,
        records=len(records),
        seconds=round(seconds, 2),
        records_per_second=round(len(records) / seconds, 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=930, help="distinct source articles (PolNeAR has 924)")
    parser.add_argument("--exact-dups", type=int, default=40)
    parser.add_argument("--near-copies", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="onrecord-bench-"))
    corpus = work / "corpus"
    sources = [SHARED / "data" / "polnear" / "train.jsonl", SHARED / "data" / "polnear" / "dev.jsonl"]
    expected = make_corpus(
        corpus,
        sources,
        n_articles=args.articles,
        seed_article=SHARED / "seed" / "article.txt",
        n_exact_dups=args.exact_dups,
        n_near_copies=args.near_copies,
    )
    print(f"corpus {corpus}: {json.dumps(expected)}", flush=True)
    results = dict(
        machine=f"{platform.node()} {os.cpu_count()} cores, {platform.python_version()}",
        corpus=expected,
        workers=args.workers,
        batch_size=args.batch_size,
        runs=[],
        store_only=[],
    )
    backends = args.backends.split(",")
    sqlite_store = None
    pg_context = None
    for backend in backends:
        if backend == "sqlite":
            store = open_store(work / "bench.db")
        else:
            pg_context = pgtemp.postgres_url()
            url = pg_context.__enter__()
            store = open_store(url, schema=pgtemp.fresh_schema_name("bench"))
        run = run_backend(backend, store, corpus, expected, args.workers, args.batch_size)
        print(json.dumps({k: v for k, v in run.items() if k != "error_samples"}), flush=True)
        results["runs"].append(run)
        if backend == "sqlite":
            sqlite_store = store
        else:
            pg_store = store
    if sqlite_store is not None:
        for backend in backends:
            if backend == "sqlite":
                target = open_store(work / "store-only.db")
            else:
                target = open_store(url, schema=pgtemp.fresh_schema_name("storeonly"))
            row = store_only(backend, sqlite_store, target, args.batch_size)
            print(json.dumps(row), flush=True)
            results["store_only"].append(row)
            target.close()
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if pg_context is not None:
        pg_store.close()
        pg_context.__exit__(None, None, None)


if __name__ == "__main__":
    main()
