"""Load benchmark of ``onrecord serve`` on the dev corpus (a script, not a test: figures depend on the machine).

::

    .venv/bin/python scripts/load_bench.py                       # builds var/load-bench.db from the dev corpus
    .venv/bin/python scripts/load_bench.py --db var/x.db --seconds 10 --concurrency 8 16

The server is ``python -m onrecord`` of this interpreter (``PYTHONPATH`` picks another checkout to compare).
It ingests ``../shared/data/polnear/dev.jsonl`` (once; ``--rebuild`` to redo), starts ``onrecord serve`` on a
free port, and for each target and concurrency runs closed-loop clients for ``--seconds``, printing
requests/s, p50, p99 and the server process's CPU time per request (less noisy than latency on a shared
machine). The clients are ``wrk`` (2 threads, one connection per client, a Lua script asking the target's
paths in turn) when it is installed, as issue 11 measured: its C client costs the server's cores next to
nothing, where the fallback, httpx clients in this process, costs 2 to 3 ms of CPU per request
(``--client httpx`` to choose it). Targets: ``/api/search``, a speaker page, the article page
with the most statements, and ``/api/health`` while a pathological ``POST /api/extract`` (20,000 “) runs.
``onrecord serve`` keeps answers until the database changes (``--answer-cache``): with a fixed mix of
paths the figures are those of the cache. ``--distinct`` gives every request a parameter of its own so
that each answer is built (the cache's miss path); ``--serve-arg=--answer-cache --serve-arg=0`` turns it off.
Goals (issue 11): search >= 300 req/s with p99 < 100 ms at c=16; article page p99 < 300 ms; health < 100 ms
during the pathological extract.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "data" / "polnear" / "dev.jsonl"
SEARCH_TERMS = ["president", "said", "tax", "war", "health care", "election", "police", "economy"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(db: Path, rebuild: bool) -> None:
    if db.exists() and not rebuild:
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()
    print(f"ingesting {DEV} into {db} ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "onrecord", "ingest", str(DEV), "--db", str(db)],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=db.parent,
    )


def start_server(db: Path, port: int, extra: list[str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "onrecord", "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=db.parent,  # not this checkout's cwd
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"server exited: {server.stderr.read()}")
        time.sleep(0.3)
    server.kill()
    raise SystemExit("server did not answer within 120 s")


async def closed_loop(base: str, paths: list[str], concurrency: int, seconds: float, distinct: bool = False) -> dict:
    """``concurrency`` clients asking ``paths`` in turn, each waiting for its answer before the next
    (``distinct``: each with a query parameter of its own, so that no answer comes from the server's cache)."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def one(worker: int) -> None:
            nonlocal errors
            i = worker
            while time.perf_counter() < stop:
                path = paths[i % len(paths)]
                if distinct:
                    path += f"{'&' if '?' in path else '?'}nocache={i}"
                i += concurrency
                t0 = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(one(w) for w in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": pick(0.5),
        "p99_ms": pick(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else 0.0,
        "errors": errors,
    }


# wrk's Lua: each of its threads asks the paths in turn; done() prints the figures as one JSON line.
WRK_SCRIPT = """
local paths = {%s}
local distinct = %s
local i = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
request = function()
  i = i + 1
  local path = paths[(i %% #paths) + 1]
  if distinct then
    -- a parameter no route reads: the same answer, but never one the server has kept
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "nocache=" .. tid .. "-" .. i
  end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "max_us": %%d, "errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def wrk_loop(wrk: str, base: str, paths: list[str], concurrency: int, seconds: float, distinct: bool = False) -> dict:
    """``closed_loop`` with wrk as the client: ``concurrency`` connections over 2 threads (1 for one client)."""
    from urllib.parse import quote

    quoted = ", ".join(json.dumps(quote(p, safe="/?=&")) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % (quoted, "true" if distinct else "false"))
    try:
        out = subprocess.run(
            [wrk, f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "30s"]
            + ["-s", script.name, base],  # the timeout of the httpx clients, not wrk's 2 s
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next((ln for ln in out.splitlines() if ln.startswith("WRK_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures:\n{out}")
    got = json.loads(line.removeprefix("WRK_JSON "))
    return {
        "requests": got["requests"],
        "rps": got["requests"] / (got["duration_us"] / 1e6),
        "p50_ms": got["p50_us"] / 1000,
        "p99_ms": got["p99_us"] / 1000,
        "max_ms": got["max_us"] / 1000,
        "errors": got["errors"],
    }


async def health_during_pathological_extract(base: str, marks: int) -> dict:
    """Ask /api/health every 50 ms while one POST /api/extract of ``marks`` “ characters runs."""
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        extract = asyncio.create_task(client.post("/api/extract", json={"text": "“" * marks}))
        t_start = time.perf_counter()
        await asyncio.sleep(0.05)
        while not extract.done():
            t0 = time.perf_counter()
            await client.get("/api/health")
            latencies.append(time.perf_counter() - t0)
            await asyncio.sleep(0.05)
        response = await extract
        took = time.perf_counter() - t_start
    return {
        "extract_status": response.status_code,
        "extract_s": took,
        "health_checks": len(latencies),
        "health_max_ms": max(latencies) * 1000 if latencies else None,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` and its live descendants so far (Linux ``/proc``; 0.0
    elsewhere): with ``--workers N`` the requests are answered by uvicorn's worker processes."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += cpu_seconds(int(child))
    except OSError:
        pass
    return total


def show(name: str, concurrency: int, result: dict) -> None:
    print(
        f"{name:<28} c={concurrency:<3} {result['rps']:7.1f} req/s  p50 {result['p50_ms']:6.1f} ms  "
        f"p99 {result['p99_ms']:6.1f} ms  max {result['max_ms']:6.1f} ms  errors {result['errors']}  "
        f"server CPU {result['server_cpu_ms']:5.2f} ms/req  load {result['load_average']:.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "var" / "load-bench.db")
    parser.add_argument("--rebuild", action="store_true", help="ingest the dev corpus again")
    parser.add_argument("--seconds", type=float, default=8.0, help="per target and concurrency")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 16])
    parser.add_argument("--marks", type=int, default=20_000, help="“ characters in the pathological extract")
    parser.add_argument("--serve-arg", action="append", default=[], help="extra argument for onrecord serve")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--client", choices=["auto", "wrk", "httpx"], default="auto", help="load client; auto: wrk when installed"
    )
    parser.add_argument("--health-only", action="store_true", help="only the health check during the extract")
    parser.add_argument("--no-extract", action="store_true", help="skip the health check during the extract")
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="every request with a query parameter of its own (nocache=N, read by no route): the server's "
        "answer cache never hits, so what is measured is the building of each answer plus the cache's own cost",
    )
    parser.add_argument(
        "--only",
        choices=["search", "speaker", "article"],
        action="append",
        help="only these targets (repeatable); default all",
    )
    args = parser.parse_args()
    args.db = args.db.resolve()
    wrk = shutil.which("wrk") if args.client != "httpx" else None
    if args.client == "wrk" and wrk is None:
        raise SystemExit(
            "--client wrk: wrk is not installed (apt-get install wrk)"
        )  # the server runs in the store's folder, so a relative --db would name another file

    build_store(args.db, args.rebuild)
    import sqlite3

    con = sqlite3.connect(args.db)
    article_id, n_statements = con.execute(
        "SELECT article_id, COUNT(*) AS n FROM statements GROUP BY article_id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    con.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.db, port, args.serve_arg)
    try:
        speakers = httpx.get(f"{base}/api/speakers", params={"limit": 20}).json()["items"]
        speaker_paths = [f"/speakers/{s['id']}" for s in speakers]
        targets = {
            "/api/search": [f"/api/search?q={t}" for t in SEARCH_TERMS],
            "speaker page": speaker_paths,
            f"article page ({n_statements} st.)": [f"/articles/{article_id}"],
        }
        version = subprocess.run(
            [sys.executable, "-c", "import onrecord; print(onrecord.__file__)"],
            cwd=args.db.parent,
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"server: {version}; client: {wrk or 'httpx'}; load average {os.getloadavg()[0]:.1f}", flush=True)
        figures: dict = {"article_statements": n_statements, "server": version, "client": wrk or "httpx"}
        for name, paths in targets.items():
            if args.health_only:
                break
            if args.only and name.split()[0].strip("/").replace("api/", "") not in args.only:
                continue
            asyncio.run(closed_loop(base, paths, 2, 1.0))  # warm up
            for c in args.concurrency:
                cpu_before = cpu_seconds(server.pid)
                if wrk:
                    result = wrk_loop(wrk, base, paths, c, args.seconds, args.distinct)
                else:
                    result = asyncio.run(closed_loop(base, paths, c, args.seconds, args.distinct))
                # The server's own CPU per answer: less noisy than latency on a machine others share.
                result["server_cpu_ms"] = (cpu_seconds(server.pid) - cpu_before) * 1000 / max(1, result["requests"])
                result["load_average"] = os.getloadavg()[0]
                figures[f"{name} c={c}"] = result
                show(name, c, result)
        if not args.no_extract:
            during = asyncio.run(health_during_pathological_extract(base, args.marks))
            figures["health during pathological extract"] = during
            print(
                f"health during a {args.marks:,}-mark extract: max {during['health_max_ms']} ms over "
                f"{during['health_checks']} checks; extract answered {during['extract_status']} in {during['extract_s']:.1f} s"
            )
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:  # an old server busy on the extract in a thread
            server.kill()
            server.wait(10)


if __name__ == "__main__":
    main()
