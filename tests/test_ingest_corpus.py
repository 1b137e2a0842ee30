"""`onrecord ingest` on a generated corpus: counts, idempotence, crash and resume, the seed questions by CLI.

The corpus (see tests/helpers/corpusgen.py) holds real article texts from the shared PolNeAR files and
the seed, exact duplicates, syndicated near-copies and broken inputs. The full 1,000-article run is a
benchmark (scripts/ingest_corpus_bench.py); here ~40 short articles keep the real extractor's time small.
Each back end gets one clean run and one run killed with SIGKILL half-way then resumed; the two
databases must hold the same rows.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_store import BACKENDS, SQLITE, pg_url  # noqa: F401  (pg_url: the PostgreSQL fixture)

from helpers import pgtemp
from helpers.corpusgen import make_corpus
from onrecord.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
N_ARTICLES = 36


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "onrecord", *args], cwd=REPO, capture_output=True, text=True, timeout=600, **kw
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, polnear_dev_path, seed_path):
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    expected = make_corpus(
        out,
        [polnear_dev_path, polnear_dev_path.with_name("train.jsonl")],
        n_articles=N_ARTICLES,
        seed_article=seed_path,
        n_exact_dups=6,
        n_near_copies=3,
        max_chars=2500,
    )
    return out, expected


def db_for(backend: str, tmp_path: Path, name: str, request) -> str:
    """A --db value: a new SQLite file, or a URL whose search_path is a fresh PostgreSQL schema."""
    if backend == SQLITE:
        path = str(tmp_path / f"{name}.db")
        Store(path).close()  # created and migrated before any process races to do it
        return path
    url = request.getfixturevalue("pg_url")
    schema = pgtemp.fresh_schema_name(name)
    Store(url, schema=schema).close()  # create the schema
    request.addfinalizer(lambda: pgtemp.drop_schema(url, schema))
    return f"{url}?options=-csearch_path%3D{schema}"


def snapshot(store: Store) -> dict:
    """Every table's rows without what differs between runs by design (surrogate keys, run ids, times)."""
    volatile = {"pk", "run_id", "ingested_at", "at"}
    out = {}
    with store.engine.connect() as conn:
        meta = sa.MetaData()
        meta.reflect(
            conn,
            only=[
                "articles",
                "outlets",
                "removed_spans",
                "speakers",
                "speaker_aliases",
                "article_speakers",
                "mentions",
                "statements",
                "ingest_log",
            ],
        )
        outlet_names = dict(conn.execute(sa.text("SELECT id, name FROM outlets")).all())
        for name, table in meta.tables.items():
            cols = [
                c
                for c in table.c
                if c.name not in volatile
                and not (c.name == "id" and name not in ("articles", "speakers", "statements"))
            ]
            rows = []
            for row in conn.execute(sa.select(*cols)).mappings():
                row = dict(row)
                if "outlet_id" in row:
                    row["outlet_id"] = outlet_names.get(row["outlet_id"])
                if name == "ingest_log":
                    row = {"source": row["source"], "reason": row["reason"]}
                rows.append(tuple(sorted((k, repr(v)) for k, v in row.items())))
            out[name] = sorted(set(rows)) if name == "ingest_log" else sorted(rows)
    return out


def _stopped_half_way(folder: Path, db: str, sig: int, n_articles: int) -> bool:
    """Start an ingest into ``db`` and stop it with ``sig`` once it has committed something of its own;
    False if it ended on its own first (nothing was stopped). A stopped run must have stored part only."""
    with open_store(db) as watcher:
        before = watcher.stats()["articles"]
    # Stop once this run has committed something of its own: extraction is fast enough that
    # waiting for a fixed share of the corpus can let the run finish before the signal lands.
    target = max(before + 1, n_articles // 4)
    proc = subprocess.Popen(
        [sys.executable, "-m", "onrecord", "ingest", str(folder), "--db", db, "--workers", "2"]
        + ["--batch-size", "4", "--quiet"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.time() + 300
    committed = 0
    with open_store(db) as watcher:
        while time.time() < deadline and proc.poll() is None:
            committed = watcher.stats()["articles"]
            if committed >= target:
                break
            time.sleep(0.05)
    if sig == signal.SIGINT:
        if proc.poll() is None:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        if proc.returncode in (0, 3) and "interrupted" not in err:
            return False  # it had ended before the signal
        assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err, err[-2000:]
    else:
        if proc.poll() is not None:
            proc.stderr.close()
            return False
        os.killpg(proc.pid, sig)
        proc.wait()
        proc.stderr.close()
    with open_store(db) as store:
        stored = store.stats()["articles"]
    if stored >= n_articles:
        return False  # stopped after its last commit: nothing is left to resume
    assert 0 < committed <= stored, "the run must be stopped half-way"
    return True


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.mark.slow
def test_ingest_counts_idempotence_and_resume_after_kill(backend, corpus, tmp_path, request):
    folder, expected = corpus

    # One clean run.
    db = db_for(backend, tmp_path, "clean", request)
    done = cli("ingest", str(folder), "--db", db, "--workers", "2", "--batch-size", "4", "--format", "json")
    assert done.returncode == (3 if expected["errors"] else 0), done.stderr  # 3: some inputs were not stored
    summary = json.loads(done.stdout)
    for key in ("articles", "skipped", "near_duplicates", "errors"):
        assert summary["added" if key == "articles" else key] == expected[key], (key, summary)
    assert summary["seen"] == expected["inputs"]
    with open_store(db) as store:
        stats = store.stats()
        assert stats["articles"] == expected["articles"] and stats["near_duplicates"] == expected["near_duplicates"]
        assert stats["errors"] == expected["errors"]
        assert stats["statements"] == summary["statements"] == sum(len(r.statements) for r in store.iter_records())
        assert stats["statements"] > 2 * expected["articles"]  # real extraction happened
        # Each syndicated copy's statements are mostly folded into the original's.
        assert stats["canonical_statements"] < stats["statements"]
        clean = snapshot(store)

    # Again: nothing added, nothing lost, the bad inputs logged again.
    again = cli("ingest", str(folder), "--db", db, "--format", "json", "--workers", "1")
    summary2 = json.loads(again.stdout)
    assert (summary2["added"], summary2["errors"]) == (0, expected["errors"])
    assert summary2["skipped"] == expected["articles"] + expected["skipped"]
    with open_store(db) as store:
        assert snapshot(store) == clean

    # A run stopped by Ctrl-C, then one killed (SIGKILL, workers included), each after some batches are
    # committed; then a run to the end. A run can still end on its own between two looks at the store (a
    # loaded machine, a burst of commits at the end): then nothing was stopped, and the pair is tried again
    # on a fresh database, up to three times.
    for attempt in range(3):
        db2 = db_for(backend, tmp_path, f"killed{attempt}", request)
        if all(_stopped_half_way(folder, db2, sig, expected["articles"]) for sig in (signal.SIGINT, signal.SIGKILL)):
            break
    else:
        pytest.fail("three ingest runs in a row ended before they could be stopped half-way")
    with open_store(db2) as store:
        partial = store.stats()["articles"]
        assert partial < expected["articles"]
    # (one worker: the pool was run to the end above, and the resume is the same with any number)
    resumed = cli("ingest", str(folder), "--db", db2, "--workers", "1", "--batch-size", "4", "--format", "json")
    assert resumed.returncode == (3 if expected["errors"] else 0), resumed.stderr
    assert json.loads(resumed.stdout)["added"] == expected["articles"] - partial
    with open_store(db2) as store:
        assert snapshot(store) == clean


@pytest.mark.slow
def test_seed_questions_through_the_cli(tmp_path, seed_path, seed_gold):
    db = str(tmp_path / "seed.db")
    done = cli("ingest", str(seed_path), "--db", db, "--workers", "1")
    assert done.returncode == 0, done.stderr
    gold = [g for g in seed_gold["statements"] if g["speaker"] == "Dmitry Medvedev"]
    # The questions go through the same Typer app in this process (the ingest above was a real process):
    # each command would otherwise pay a fresh interpreter's imports.
    from typer.testing import CliRunner

    from onrecord.cli import app

    def ask(*args: str):
        result = CliRunner().invoke(app, list(args))
        result.returncode = result.exit_code
        return result

    out = ask("speaker", "Medvedev", "--db", db, "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    hits = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(hits) == len(gold)
    for hit, g in zip(hits, gold):
        assert hit["speaker"]["name"] == "Dmitry Medvedev"
        assert hit["quote_start"] < g["quote_end"] and g["quote_start"] < hit["quote_end"]

    out = ask("search", "nuclear", "--speaker", "Medvedev", "--since", "2024-05-01", "--db", db, "--format", "json")
    found = json.loads(out.stdout)
    assert found["total"] >= 1 and any("fatal mistake" in h["quote"] for h in found["items"])

    out = ask("timeline", "Medvedev", "--db", db, "--format", "json")
    timeline = json.loads(out.stdout)
    assert timeline["kind"] == "speaker" and len(timeline["statements"]) == len(gold)

    out = ask("speakers", "--db", db, "--format", "json")
    listed = {s["name"]: s for s in json.loads(out.stdout)["items"]}
    assert "Dmitry Medvedev" in listed and "Vladimir Putin" in listed
    assert any("Security Council" in role for role in listed["Dmitry Medvedev"]["roles"])

    assert "Dmitry Medvedev" in ask("search", "nuclear", "--db", db).stdout  # the table form
    exported = tmp_path / "st.csv"
    assert ask("export", "--format", "csv", "--out", str(exported), "--db", db).returncode == 0
    assert exported.read_text(encoding="utf-8").count("Dmitry Medvedev") >= len(gold)


def test_cli_errors_are_one_line(tmp_path):
    missing = cli("search", "x", "--db", str(tmp_path / "nothing.db"))
    assert missing.returncode != 0 and "no such database" in missing.stderr and "Traceback" not in missing.stderr
    bad_date = cli("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"))
    assert bad_date.returncode != 0 and "no such file" in bad_date.stderr and "Traceback" not in bad_date.stderr
