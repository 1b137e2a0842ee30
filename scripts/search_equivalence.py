"""Do two checkouts of onrecord answer the same searches with the same results? (A script: it needs a store.)

::

    git archive a75db3a onrecord | tar -x -C /tmp/onrecord-ref          # the implementation to compare with
    .venv/bin/python scripts/search_equivalence.py --db var/load-bench.db --reference /tmp/onrecord-ref

Runs :data:`QUERIES` (words, phrases, exclusions, filters by speaker, outlet, act, type, date, dedupe on and
off, both orders, pages past the first) through ``Store.search_statements`` of this checkout and of the
one whose package lies under ``--reference`` (each in its own interpreter, with ``PYTHONPATH`` set), then
compares totals and pages: same hits, same order, same fields. It also renders every article page,
the 20 most quoted speakers' pages and some search pages through the web app on each side, and
compares them byte for byte. Exit status 1 when anything differs.
Searches write nothing, and the schema is not migrated (``migrate_schema=False``): neither run changes the store.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS = [
    "said",
    "president",
    "tax",
    "war",
    "health care",
    "election",
    "police",
    "economy",
    "the",
    "would",
    "Trump",
    "Clinton",
    "campaign",
    "people",
    "immigration",
    "jobs",
    "security",
    "vote",
]
QUERIES: list[dict] = [{"q": w, "order": o} for w in WORDS for o in ("relevance", "date")] + [
    {"q": '"health care"', "order": "relevance"},
    {"q": '"the president"', "order": "date"},
    {"q": '"said the"', "order": "relevance"},
    {"q": "tax -cut", "order": "relevance"},
    {"q": "said -Trump -Clinton", "order": "relevance"},
    {"q": "president -Obama", "order": "date"},
    {"q": "war OR peace", "order": "relevance"},
    {"q": "-only -exclusions", "order": "relevance"},
    {"q": "Clinton campaign emails", "order": "relevance"},
    {"q": "said", "order": "relevance", "offset": 50},
    {"q": "said", "order": "relevance", "offset": 700, "limit": 100},
    {"q": "said", "order": "date", "limit": 1000},
    {"q": "the", "order": "relevance", "limit": 1000},
    {"q": "said", "order": "relevance", "dedupe": False},
    {"q": "president", "order": "date", "dedupe": False},
    {"q": "said", "order": "relevance", "act": "belief"},
    {"q": "said", "order": "relevance", "act": "intention"},
    {"q": "people", "order": "relevance", "type": "indirect"},
    {"q": "people", "order": "date", "type": "direct", "anonymous": False},
    {"q": "said", "order": "relevance", "anonymous": True},
    {"q": "said", "order": "relevance", "since": "2016-06-01", "until": "2016-10-31"},
    {"q": "president", "order": "date", "since": "2016-09-01"},
    {"q": "said", "order": "relevance", "min_confidence": 0.8},
    {"q": "said", "order": "relevance", "speaker": "Trump"},
    {"q": "campaign", "order": "date", "speaker": "Clinton"},
    {"q": "said", "order": "relevance", "speaker": "spokesman"},
    {"q": "said", "order": "relevance", "outlet": "a"},
    {"q": "tax", "order": "date", "outlet": "e"},
    {"q": "", "order": "relevance"},
    {"q": None, "order": "date"},
    {"q": None, "order": "date", "speaker": "Trump"},
    {"q": None, "order": "date", "outlet": "a", "offset": 100},
    {"q": None, "order": "date", "act": "knowledge"},
    {"q": None, "order": "date", "dedupe": False, "limit": 1000},
    {"q": "zzzznotaword", "order": "relevance"},
    {"q": "NEAR AND", "order": "relevance"},
]


def run_queries(db: str, out: Path) -> None:
    """In this interpreter: run every query on ``db`` and write ``[[query, total, hits, seconds], ...]``."""
    import onrecord
    from onrecord.store import Store

    store = Store(db, migrate_schema=False)
    results = []
    for query in QUERIES:
        kwargs = {k: v for k, v in query.items() if k != "q"}
        kwargs.setdefault("limit", 50)
        t0 = time.perf_counter()
        total, hits = store.search_statements(query["q"], **kwargs)
        results.append([query, total, hits, time.perf_counter() - t0])
    pages = {path: hashlib.sha256(body).hexdigest() for path, body in render_pages(store)}
    store.engine.dispose()
    out.write_text(json.dumps({"package": onrecord.__file__, "results": results, "pages": pages}))


def render_pages(store):
    """``(path, body)`` of every article page, the 20 most quoted speakers' pages and a few search pages."""
    import warnings

    warnings.simplefilter("ignore")  # starlette's note on httpx
    from fastapi.testclient import TestClient

    from onrecord.api import create_app

    with store.engine.connect() as conn:
        article_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM articles ORDER BY pk")]
        speaker_ids = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT speaker_id FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id "
                "ORDER BY COUNT(*) DESC, speaker_id LIMIT 20"
            )
        ]
    paths = (
        [f"/articles/{a}" for a in article_ids]
        + [f"/speakers/{s}" for s in speaker_ids]
        + [f"/search?q={w}" for w in WORDS[:6]]
        + ["/search?q=said&order=relevance", "/search?q=tax -cut"]
    )
    with TestClient(create_app(store)) as client:
        for path in paths:
            response = client.get(path)
            yield path, f"{response.status_code}\n".encode() + response.content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(REPO / "var" / "load-bench.db"))
    parser.add_argument("--reference", type=Path, help="folder holding the reference checkout's onrecord/")
    parser.add_argument("--run-here", type=Path, help=argparse.SUPPRESS)  # internal: one side of the comparison
    args = parser.parse_args()
    if args.run_here:
        run_queries(args.db, args.run_here)
        return
    if not args.reference:
        parser.error("--reference is required")
    sides = {}
    for name, path in (("reference", args.reference.resolve()), ("this checkout", REPO)):
        out = Path(f"/tmp/search-equivalence-{os.getpid()}-{name.replace(' ', '-')}.json")
        env = {**os.environ, "PYTHONPATH": str(path), "PYTHONDONTWRITEBYTECODE": "1"}
        subprocess.run(
            [sys.executable, __file__, "--db", str(Path(args.db).resolve()), "--run-here", str(out)],
            env=env,
            check=True,
            cwd="/tmp",
        )
        sides[name] = json.loads(out.read_text())
        out.unlink()
        print(f"{name}: {sides[name]['package']}")
    differ = 0
    for (query, total_a, hits_a, sec_a), (_, total_b, hits_b, sec_b) in zip(
        sides["reference"]["results"], sides["this checkout"]["results"]
    ):
        same = total_a == total_b and hits_a == hits_b
        differ += not same
        ids_a, ids_b = [h["id"] for h in hits_a], [h["id"] for h in hits_b]
        why = (
            ""
            if same
            else (
                f"  DIFFERENT: total {total_a} vs {total_b}"
                if total_a != total_b
                else "  DIFFERENT: order/ids"
                if ids_a != ids_b
                else "  DIFFERENT: fields"
            )
        )
        print(
            f"{json.dumps(query):<90} total {total_b:5} hits {len(hits_b):4}  {sec_a * 1000:7.1f} -> "
            f"{sec_b * 1000:7.1f} ms{why}"
        )
    n = len(QUERIES)
    print(f"{n - differ} of {n} queries give the same total and the same page (ids, order and every field)")
    pages_a, pages_b = sides["reference"]["pages"], sides["this checkout"]["pages"]
    other = [p for p in pages_a if pages_a[p] != pages_b.get(p)]
    for path in other:
        print(f"DIFFERENT page: {path}")
    print(
        f"{len(pages_a) - len(other)} of {len(pages_a)} pages (articles, speakers, search) are byte for byte the same"
    )
    sys.exit(1 if differ or other else 0)


if __name__ == "__main__":
    main()
