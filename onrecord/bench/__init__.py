"""Throughput and memory of onrecord against the bare spaCy parse and against peers, on one corpus.

    from onrecord.bench import build_corpus, run_bench
    texts = build_corpus(n=200)
    report = run_bench(texts, processes=[1, 2])
    for row in report["rows"]:
        print(row["system"], row["processes"], row["articles_per_s"])

Systems measured, each over the same texts:

* ``spacy``    — ``nlp.pipe`` over the texts with onrecord's pipeline as :func:`onrecord.nlp.load_nlp`
  loads it: the floor any spaCy-based extractor pays;
* ``onrecord`` — :meth:`onrecord.pipeline.Extractor.pipe`: parse + statements + entities;
* ``textacy``  — its own ``nlp.pipe`` parse + ``textacy.extract.triples.direct_quotations``.

Each (system, processes) phase runs in a fresh interpreter (``spawn``), so its peak memory
(``ru_maxrss`` of the process and of its pool workers) is its own and no phase warms another's caches.
The pipeline is loaded and run on two texts before the clock starts: timings are steady-state
throughput, not start-up. With ``processes > 1`` a pool of that many workers, each loading the
pipeline once, takes chunks of ``batch_size`` texts. Token counts come from the bare spaCy phase.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue as queue_mod
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
    from onrecord.nlp import load_nlp

    nlp = load_nlp()
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


def _pool_run(texts: list[str]) -> tuple[int, int, int]:
    return _WORKER["run"](texts)


def _pool_warm(_: int) -> int:
    _WORKER["run"](["Warm-up text, said the benchmark."])
    time.sleep(0.3)  # keep this worker busy so that every worker takes one warm-up task
    return os.getpid()


def _chunks(texts: Sequence[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(texts), size):
        yield list(texts[i : i + size])


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _phase(system: str, texts: list[str], processes: int, batch_size: int, out) -> None:
    """Child-process body: time one system at one process count, report through ``out``."""
    try:
        chunk = max(1, batch_size)
        done = [0, 0, 0]
        if processes <= 1:
            run = _make_runner(system, batch_size)
            run(texts[:2])
            start = time.perf_counter()
            for part in _chunks(texts, chunk):
                for k, v in enumerate(run(part)):
                    done[k] += v
                out.put(("progress", len(part)))
            seconds = time.perf_counter() - start
        else:
            ctx = mp.get_context("spawn")
            with ctx.Pool(processes, initializer=_pool_init, initargs=(system, batch_size)) as pool:
                pool.map(_pool_warm, range(processes), chunksize=1)
                start = time.perf_counter()
                for result in pool.imap_unordered(_pool_run, _chunks(texts, chunk)):
                    for k, v in enumerate(result):
                        done[k] += v
                    out.put(("progress", result[0]))
                seconds = time.perf_counter() - start
                pool.close()
                pool.join()
        out.put(
            (
                "done",
                {
                    "articles": done[0],
                    "tokens_counted": done[1],
                    "failed_articles": done[2],
                    "seconds": seconds,
                    "peak_rss_mb": round(max(_maxrss_mb(resource.RUSAGE_SELF), _maxrss_mb(resource.RUSAGE_CHILDREN)), 1),
                },
            )
        )
    except BaseException as exc:  # reported to the parent as one line
        out.put(("error", f"{type(exc).__name__}: {exc}"))


# --------------------------------------------------------------------------- parent side


def run_phase(
    system: str,
    texts: list[str],
    processes: int = 1,
    batch_size: int = 16,
    on_progress: Optional[Callable[[int], None]] = None,
) -> dict:
    """Time ``system`` over ``texts`` in a fresh process; returns the measured fields."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_phase, args=(system, texts, processes, batch_size, out), daemon=False)
    proc.start()
    try:
        while True:
            try:
                kind, value = out.get(timeout=1.0)
            except queue_mod.Empty:
                if not proc.is_alive():
                    raise ConfigError(f"bench phase {system} x{processes} died (exit code {proc.exitcode})")
                continue
            if kind == "progress":
                if on_progress:
                    on_progress(value)
            elif kind == "error":
                raise ConfigError(f"bench phase {system} x{processes} failed: {value}")
            else:
                return value
    finally:
        proc.join(timeout=30)
        if proc.is_alive():
            proc.terminate()


def run_bench(
    texts: list[str],
    *,
    systems: Sequence[str] = SYSTEMS,
    processes: Sequence[int] = (1,),
    batch_size: int = 16,
    on_phase: Optional[Callable[[str, int], Callable[[int], None]]] = None,
) -> dict:
    """Run every (system, processes) phase over ``texts``; returns a JSON-ready report.

    ``on_phase(system, processes)`` may return a progress callback taking a count of finished articles.
    Rows carry articles/s, tokens/s, seconds, peak RSS and failed articles; ``ratios`` gives
    onrecord's time over the bare spaCy parse at each process count.
    """
    for name in systems:
        if name not in SYSTEMS:
            raise ConfigError(f"unknown bench system {name!r}; choose from {', '.join(SYSTEMS)}")
    ordered = ["spacy"] + [s for s in systems if s != "spacy"]  # token counts come from the bare parse
    rows, tokens = [], None
    for procs in processes:
        for name in ordered:
            progress = on_phase(name, procs) if on_phase else None
            try:
                measured = run_phase(name, texts, procs, batch_size, progress)
            except ConfigError as exc:  # one broken system must not hide the others' figures
                rows.append({"system": name, "processes": procs, "error": str(exc)})
                continue
            if name == "spacy":
                tokens = measured["tokens_counted"]
            seconds = measured["seconds"]
            rows.append(
                {
                    "system": name,
                    "processes": procs,
                    "articles": measured["articles"],
                    "tokens": tokens,
                    "seconds": round(seconds, 3),
                    "articles_per_s": round(measured["articles"] / seconds, 2) if seconds else None,
                    "tokens_per_s": round(tokens / seconds) if seconds and tokens else None,
                    "peak_rss_mb": measured["peak_rss_mb"],
                    "failed_articles": measured["failed_articles"],
                }
            )
    ratios = {}
    for procs in processes:
        by = {r["system"]: r for r in rows if r["processes"] == procs and "error" not in r}
        if "spacy" in by and by["spacy"]["seconds"]:
            ratios[str(procs)] = {
                name: round(r["seconds"] / by["spacy"]["seconds"], 3) for name, r in by.items() if name != "spacy"
            }
    return {
        "n_articles": len(texts),
        "n_chars": sum(len(t) for t in texts),
        "batch_size": batch_size,
        "cpu_count": os.cpu_count(),
        "rows": rows,
        "time_over_bare_spacy": ratios,
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
            {"function": k[0], "where": k[1], "seconds": round(v, 3), "share": round(v / duration, 3)}
            for v, k in items
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
