"""Single-client service time of the server's answers, in milliseconds per request (a script, not a test).

::

    .venv/bin/python scripts/service_time.py                            # var/load-bench.db (scripts/load_bench.py builds it)
    .venv/bin/python scripts/service_time.py --reference /tmp/onrecord-ref --rounds 7

Each request goes through the whole application (middlewares, routing, validation, the store, rendering,
JSON) in this process, with no HTTP and no client: what one request costs the server. Endpoints run
inline instead of in Starlette's thread pool, so one thread does all the work and ``process_time`` counts
only it. For each target it prints the CPU and wall time per request, the lowest and the median of
``--rounds`` rounds (the lowest is the least disturbed by other work on a shared machine).
``--reference DIR`` also measures the onrecord package under DIR, round by round in turn with this
checkout (each in its own interpreter), so both see the same load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEARCH_TERMS = ["president", "said", "tax", "war", "health care", "election", "police", "economy"]


def targets(db: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(db)
    article_id, n = con.execute(
        "SELECT article_id, COUNT(*) AS n FROM statements GROUP BY article_id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    speaker_ids = [
        r[0]
        for r in con.execute(
            "SELECT speaker_id FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY COUNT(*) DESC, speaker_id LIMIT 20"
        )
    ]
    con.close()
    return {
        "/api/search (8 terms)": [f"/api/search?q={t}" for t in SEARCH_TERMS],
        "/api/search?q=said": ["/api/search?q=said"],
        "/api/statements?q=said": ["/api/statements?q=said"],
        "speaker page (20)": [f"/speakers/{s}" for s in speaker_ids],
        f"article page ({n} st.)": [f"/articles/{article_id}"],
        "/api/health": ["/api/health"],
    }


def measure(db: Path, rounds: int, repeat: int) -> dict:
    """In this interpreter: {target: [(cpu_ms, wall_ms) per round]}."""
    from urllib.parse import quote

    import fastapi.dependencies.utils
    import fastapi.routing

    async def inline(func, *args, **kwargs):
        return func(*args, **kwargs)

    fastapi.routing.run_in_threadpool = inline  # one thread does everything: process_time is the request's cost
    fastapi.dependencies.utils.run_in_threadpool = inline
    import onrecord
    from onrecord.api import create_app

    app = create_app(str(db))

    async def call(path: str) -> int:
        route, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": route,
            "raw_path": quote(route).encode(),
            "query_string": quote(query, safe="=&").encode(),
            "root_path": "",
            "headers": [(b"host", b"127.0.0.1")],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        status = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])

        await app(scope, receive, send)
        return status[0]

    async def run() -> dict:
        out: dict = {}
        for name, paths in targets(db).items():
            for path in paths:  # warm: caches, compiled statements
                if (code := await call(path)) != 200:
                    raise SystemExit(f"{path}: {code}")
            per_round = []
            for _ in range(rounds):
                c0, t0 = time.process_time(), time.perf_counter()
                for _ in range(repeat):
                    for path in paths:
                        await call(path)
                n = repeat * len(paths)
                per_round.append(((time.process_time() - c0) * 1000 / n, (time.perf_counter() - t0) * 1000 / n))
            out[name] = per_round
        return out

    return {"package": onrecord.__file__, "targets": asyncio.run(run())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "var" / "load-bench.db")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5, help="passes over a target's paths per round")
    parser.add_argument("--reference", type=Path, help="folder holding another checkout's onrecord/ to compare")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--one-round", type=Path, help=argparse.SUPPRESS)  # internal: one side, one round
    args = parser.parse_args()
    db = args.db.resolve()
    if args.one_round:
        args.one_round.write_text(json.dumps(measure(db, 1, args.repeat)))
        return
    sides = {"this checkout": REPO}
    if args.reference:
        sides = {"reference": args.reference.resolve(), **sides}
    results: dict[str, dict] = {name: {} for name in sides}
    for _ in range(args.rounds):
        for name, path in sides.items():  # in turn, so that both sides see the same load
            out = Path(f"/tmp/service-time-{os.getpid()}.json")
            env = {**os.environ, "PYTHONPATH": str(path), "PYTHONDONTWRITEBYTECODE": "1"}
            subprocess.run(
                [sys.executable, __file__, "--db", str(db), "--repeat", str(args.repeat), "--one-round", str(out)],
                env=env,
                check=True,
                cwd="/tmp",
            )
            one = json.loads(out.read_text())
            out.unlink()
            results[name]["package"] = one["package"]
            for target, rounds in one["targets"].items():
                results[name].setdefault(target, []).extend(rounds)
    for name, figures in results.items():
        print(f"{name}: {figures.pop('package')}")
        for target, rounds in figures.items():
            cpu, wall = [r[0] for r in rounds], [r[1] for r in rounds]
            print(
                f"  {target:<28} cpu {min(cpu):7.2f} ms (median {statistics.median(cpu):7.2f})   "
                f"wall {min(wall):7.2f} ms (median {statistics.median(wall):7.2f})"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
