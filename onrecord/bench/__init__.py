"""Throughput and memory of onrecord against the bare spaCy parse and against peers, on one corpus.

    from onrecord.bench import build_corpus, run_bench
    texts = build_corpus(n=200)
    report = run_bench(texts, processes=[1, 2])
    for row in report["rows"]:
        print(row["system"], row["processes"], row["articles_per_s"])

Systems measured, each over the same texts:

* ``spacy``    — ``nlp.pipe`` over the texts with the stock pipeline, as ``spacy.load`` gives it
  (:func:`onrecord.nlp.load_stock_nlp`): the parse any spaCy-based extractor pays for;
* ``onrecord`` — :meth:`onrecord.pipeline.Extractor.pipe`: onrecord's own form of that pipeline
  (:func:`onrecord.nlp.load_nlp`: same models, a paragraph-break component, and the memoised
  attribute ruler and lemmatizer of :mod:`onrecord.nlp.memo`) + statements + entities;
* ``textacy``  — its own ``nlp.pipe`` parse with the stock pipeline + ``textacy.extract.triples.direct_quotations``.

Each system runs in its own ``spawn``ed interpreter, so its peak memory (``ru_maxrss`` of the process
and of its pool workers) is its own. The pipeline is loaded and run once before the clock starts:
timings are steady-state throughput, not start-up. The systems take turns on rounds of texts (see
:func:`run_bench`), so load from other programs on the machine hits all of them alike. With
``processes > 1`` each system gets a pool of that many workers, each loading the pipeline once and
taking chunks of ``batch_size`` texts. Token counts come from the bare spaCy run.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import resource
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from onrecord.errors import ConfigError, InputError

SYSTEMS = ("spacy", "onrecord", "textacy")
REPO = Path(__file__).resolve().parents[2]


def default_corpus_paths() -> list[Path]:
    """The seed article and the shared data texts (dev, then train), where ``../shared`` exists."""
    for shared in (REPO.parent / "shared", Path.cwd().parent / "shared", Path.cwd() / "shared"):
        candidates = [
            shared / "seed" / "gold.json",
            shared / "data" / "polnear" / "dev.jsonl",
            shared / "data" / "polnear" / "train.jsonl",
        ]
        found = [p for p in candidates if p.exists()]
        if found:
            return found
    return []


def build_corpus(n: int = 2000, paths: Optional[Sequence[str | Path]] = None) -> list[str]:
    """``n`` article bodies: the texts of ``paths`` (gold JSONL, a seed ``gold.json``, or plain .txt
    files), in order, repeated as often as needed. Bodies are cleaned as extraction would see them."""
    from onrecord.eval.gold import GoldDoc, load_gold

    paths = [Path(p) for p in (paths or default_corpus_paths())]
    if not paths:
        raise ConfigError("no corpus: ../shared is not here; give files with --corpus")
    if n < 1:
        raise ConfigError("--n must be at least 1")
    texts: list[str] = []
    for path in paths:
        if len(texts) >= n:
            break
        if path.suffix.lower() == ".txt":
            if not path.exists():
                raise InputError(str(path), "no such file")
            doc = GoldDoc(id=path.stem, text=path.read_text(encoding="utf-8", errors="replace"), quotes=[])
            texts.append(doc.to_article().body)
            continue
        gold = load_gold(path, limit=n - len(texts))
        texts.extend(d.to_article().body for d in gold.docs)
    if not texts:
        raise ConfigError("the corpus holds no texts")
    return list(islice(cycle(texts), n))


# --------------------------------------------------------------------------- worker side

_WORKER: dict = {}


def _make_runner(system: str, batch_size: int) -> Callable[[list[str]], tuple[int, int, int]]:
    """A function running ``system`` over a list of texts, returning (articles, tokens, failures)."""
    from onrecord.nlp import load_nlp, load_stock_nlp

    nlp = load_nlp() if system == "onrecord" else load_stock_nlp()
    if system == "spacy":

        def run(texts):
            tokens = 0
            for doc in nlp.pipe(texts, batch_size=batch_size):
                tokens += len(doc)
            return len(texts), tokens, 0

    elif system == "onrecord":
        from onrecord.model import Article
        from onrecord.pipeline import Extractor

        extractor = Extractor(nlp, batch_size=batch_size)

        def run(texts):
            # Building the Article (hashing the text) is ingest's work, but it is cheap and a real
            # caller pays it too, so it stays inside the clock.
            articles = (Article(id=str(i), body=t) for i, t in enumerate(texts))
            count = 0
            for _ in extractor.pipe(articles, batch_size=batch_size):
                count += 1
            return count, 0, 0

    elif system == "textacy":
        from textacy.extract.triples import direct_quotations

        def run(texts):
            failures = 0
            for doc in nlp.pipe(texts, batch_size=batch_size):
                try:
                    for _ in direct_quotations(doc):
                        pass
                except ValueError:  # odd number of quotation marks: textacy gives up on the article
                    failures += 1
            return len(texts), 0, failures

    else:
        raise ConfigError(f"unknown bench system {system!r}; choose from {', '.join(SYSTEMS)}")
    return run


def _pool_init(system: str, batch_size: int) -> None:
    _WORKER["run"] = _make_runner(system, batch_size)


def _pool_run(texts: list[str]) -> tuple[int, int, int, float]:
    cpu = time.process_time()
    articles, tokens, failures = _WORKER["run"](texts)
    return articles, tokens, failures, time.process_time() - cpu


def _pool_warm(_: int) -> int:
    _WORKER["run"](["Warm-up text, said the benchmark."])
    time.sleep(0.3)  # keep this worker busy so that every worker takes one warm-up task
    return os.getpid()


def _chunks(texts: Sequence[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(texts), size):
        yield list(texts[i : i + size])


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _serve(system: str, processes: int, batch_size: int, conn) -> None:
    """Child-process body: load ``system`` once (or a pool of ``processes`` workers), then answer
    ``("run", texts)`` with ``(articles, tokens, failures, wall_s, cpu_s)`` until ``("stop", None)``."""
    pool = None
    try:
        if processes <= 1:
            run = _make_runner(system, batch_size)
            run(["Warm-up text, said the benchmark."])
        else:
            pool = mp.get_context("spawn").Pool(processes, initializer=_pool_init, initargs=(system, batch_size))
            pool.map(_pool_warm, range(processes), chunksize=1)
        conn.send(("ready", None))
        while True:
            command, texts = conn.recv()
            if command == "stop":
                break
            wall, cpu = time.perf_counter(), time.process_time()
            if pool is None:
                articles, tokens, failures = run(texts)
                cpu = time.process_time() - cpu
            else:
                parts = pool.map(_pool_run, list(_chunks(texts, batch_size)), chunksize=1)
                articles, tokens, failures = (sum(p[k] for p in parts) for k in range(3))
                cpu = sum(p[3] for p in parts)
            conn.send(("result", (articles, tokens, failures, time.perf_counter() - wall, cpu)))
        if pool is not None:
            pool.close()
            pool.join()
            pool = None
        peak = max(_maxrss_mb(resource.RUSAGE_SELF), _maxrss_mb(resource.RUSAGE_CHILDREN))
        conn.send(("done", round(peak, 1)))
    except BaseException as exc:  # reported to the parent as one line
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        if pool is not None:
            pool.terminate()


# --------------------------------------------------------------------------- parent side


class _Server:
    """One system loaded in its own process, run on request: lets the parent interleave systems."""

    def __init__(self, system: str, processes: int, batch_size: int):
        ctx = mp.get_context("spawn")
        self.system, self.processes = system, processes
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(system, processes, batch_size, child))
        self.proc.start()
        child.close()

    def receive(self, expected: str):
        while not self.conn.poll(1.0):
            if not self.proc.is_alive():
                raise ConfigError(f"bench {self.system} x{self.processes} died (exit code {self.proc.exitcode})")
        try:
            kind, value = self.conn.recv()
        except EOFError:
            raise ConfigError(f"bench {self.system} x{self.processes} died (exit code {self.proc.exitcode})") from None
        if kind == "error":
            raise ConfigError(f"bench {self.system} x{self.processes} failed: {value}")
        if kind != expected:
            raise ConfigError(f"bench {self.system} x{self.processes}: expected {expected}, got {kind}")
        return value

    def run(self, texts: list[str]) -> tuple:
        self.conn.send(("run", texts))
        return self.receive("result")

    def stop(self) -> Optional[float]:
        try:
            self.conn.send(("stop", None))
            return self.receive("done")
        except (ConfigError, OSError):
            return None
        finally:
            self.proc.join(timeout=30)
            if self.proc.is_alive():
                self.proc.terminate()


def run_bench(
    texts: list[str],
    *,
    systems: Sequence[str] = SYSTEMS,
    processes: Sequence[int] = (1,),
    batch_size: int = 16,
    on_phase: Optional[Callable[[str, int], Callable[[int], None]]] = None,
) -> dict:
    """Time every system over ``texts`` at each process count; returns a JSON-ready report.

    All systems of one process count are loaded side by side, each in its own process, and take turns:
    the texts go in rounds of ``2 × batch_size × processes`` articles, every system runs each round in
    a rotating order, one system at a time. Other load on the machine (this benchmark is meant to run
    on shared hardware too) then hits every system alike, and the ratios stay meaningful.

    ``on_phase(system, processes)`` may return a progress callback taking a count of finished articles.
    Rows carry articles/s, tokens/s, wall and CPU seconds, peak RSS and failed articles;
    ``time_over_bare_spacy`` gives each system's wall time over the bare parse's, per process count
    (``cpu_over_bare_spacy`` the same for CPU time).
    """
    for name in systems:
        if name not in SYSTEMS:
            raise ConfigError(f"unknown bench system {name!r}; choose from {', '.join(SYSTEMS)}")
    names = ["spacy"] + [s for s in dict.fromkeys(systems) if s != "spacy"]  # tokens: from the bare parse
    rows: list[dict] = []
    ratios: dict[str, dict] = {}
    cpu_ratios: dict[str, dict] = {}
    for procs in processes:
        servers: dict[str, _Server] = {}
        errors: dict[str, str] = {}
        for name in names:
            servers[name] = _Server(name, procs, batch_size)
        for name in list(servers):
            try:
                servers[name].receive("ready")
            except ConfigError as exc:  # one broken system must not hide the others' figures
                errors[name] = str(exc)
                servers.pop(name).stop()
        totals = {name: [0, 0, 0, 0.0, 0.0] for name in servers}
        progress = {name: on_phase(name, procs) if on_phase else None for name in servers}
        round_size = 2 * batch_size * procs
        try:
            for r, start in enumerate(range(0, len(texts), round_size)):
                chunk = texts[start : start + round_size]
                active = [n for n in names if n in servers]
                for name in active[r % len(active) :] + active[: r % len(active)]:
                    try:
                        result = servers[name].run(chunk)
                    except ConfigError as exc:
                        errors[name] = str(exc)
                        servers.pop(name).stop()
                        continue
                    for k, v in enumerate(result):
                        totals[name][k] += v
                    if progress[name]:
                        progress[name](len(chunk))
        finally:
            peaks = {name: server.stop() for name, server in servers.items()}
        tokens = totals["spacy"][1] if "spacy" in totals else None
        by_system = {}
        for name in names:
            if name in errors:
                rows.append({"system": name, "processes": procs, "error": errors[name]})
                continue
            articles, _, failures, wall, cpu = totals[name]
            row = {
                "system": name,
                "processes": procs,
                "articles": articles,
                "tokens": tokens,
                "seconds": round(wall, 3),
                "cpu_seconds": round(cpu, 3),
                "articles_per_s": round(articles / wall, 2) if wall else None,
                "tokens_per_s": round(tokens / wall) if wall and tokens else None,
                "peak_rss_mb": peaks.get(name),
                "failed_articles": failures,
            }
            rows.append(row)
            by_system[name] = row
        base = by_system.get("spacy")
        if base and base["seconds"]:
            others = [n for n in by_system if n != "spacy"]
            ratios[str(procs)] = {n: round(by_system[n]["seconds"] / base["seconds"], 3) for n in others}
            if base["cpu_seconds"]:
                cpu_ratios[str(procs)] = {
                    n: round(by_system[n]["cpu_seconds"] / base["cpu_seconds"], 3) for n in others
                }
    return {
        "n_articles": len(texts),
        "n_chars": sum(len(t) for t in texts),
        "batch_size": batch_size,
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rows": rows,
        "time_over_bare_spacy": ratios,
        "cpu_over_bare_spacy": cpu_ratios,
    }


def profile_extraction(texts: list[str], batch_size: int = 16, top: int = 25) -> dict:
    """Run :meth:`Extractor.pipe` over ``texts`` under pyinstrument; return the hot spots.

    ``self`` lists functions by the time spent in their own code; ``onrecord`` lists onrecord's
    functions by total time (own code plus callees), which is where to look for a fix.
    """
    from pyinstrument import Profiler

    from onrecord.model import Article
    from onrecord.pipeline import Extractor

    extractor = Extractor(batch_size=batch_size)
    list(extractor.pipe([Article(id="warm", body=texts[0])]))
    articles = [Article(id=str(i), body=t) for i, t in enumerate(texts)]
    profiler = Profiler(interval=0.001)
    profiler.start()
    for _ in extractor.pipe(articles):
        pass
    profiler.stop()
    session = profiler.last_session
    root = session.root_frame()
    own: dict[tuple[str, str], float] = {}
    total: dict[tuple[str, str], float] = {}

    def walk(frame, stack: frozenset) -> None:
        if frame.is_synthetic:  # "[self]" leaves: their time is the parent's total_self_time
            return
        if frame.file_path_short and frame.file_path_short.startswith("<thread"):
            # Samples with no Python frame on the stack: spaCy's compiled code (parser, tokenizer)
            # running below Cython functions pyinstrument cannot see into.
            key = ("(compiled code, no Python frame)", "spaCy/thinc")
        else:
            key = (frame.function or "?", f"{frame.file_path_short or '?'}:{frame.line_no}")
        own[key] = own.get(key, 0.0) + frame.total_self_time
        if key not in stack:  # recursion: count a function's total once per call chain
            total[key] = total.get(key, 0.0) + frame.time
        for child in frame.children:
            walk(child, stack | {key})

    if root is not None:
        walk(root, frozenset())
    duration = session.duration or 1e-9

    def listing(table: dict, keep=lambda key: True) -> list[dict]:
        items = sorted(((v, k) for k, v in table.items() if keep(k)), reverse=True)[:top]
        return [
            {"function": k[0], "where": k[1], "seconds": round(v, 3), "share": round(v / duration, 3)} for v, k in items
        ]

    def stage(function: str) -> float:
        return sum(v for k, v in total.items() if k[0].endswith(function) and "onrecord/" in k[1])

    after_parse = stage("record_from_doc")
    stages = {
        "spaCy (nlp.pipe and compiled code)": duration - after_parse,
        "onrecord record_from_doc": after_parse,
        "  extract_statements": stage("extract_statements"),
        "  extract_entities": stage("extract_entities"),
    }
    return {
        "articles": len(texts),
        "seconds": round(duration, 3),
        "stages": [
            {"stage": name, "seconds": round(v, 3), "share": round(v / duration, 3)} for name, v in stages.items()
        ],
        "self": listing(own),
        "onrecord": listing(
            total,
            lambda k: "onrecord/" in k[1] and not any(x in k[1] for x in ("pipeline.py", "bench/", "cli/")),
        ),
        "text": profiler.output_text(unicode=True, color=False, show_all=False),
    }


def dump(report: dict) -> str:
    return json.dumps(report, indent=2)
