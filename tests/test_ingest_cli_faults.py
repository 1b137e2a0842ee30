"""`onrecord ingest` end to end on bad inputs and against a second writer, with the real extractor.

* A folder holding every kind of bad item of issue 11 next to good ones: each bad item is one logged
  error with a one-line reason, every good one is stored, and the exit status says that inputs failed.
* Two `onrecord ingest` processes into one database at once: the second waits for the first, and the
  database ends as one clean run leaves it (they used to crash on a UNIQUE constraint on speakers.id).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from test_ingest_corpus import REPO, cli, db_for, snapshot
from test_store import BACKENDS, pg_url  # noqa: F401  (pg_url: the PostgreSQL fixture)

from helpers.corpusgen import make_corpus
from onrecord.store import open_store

GOOD = "The harbour master said on Tuesday that the new ferry would start in spring, after two years of delays."


def test_every_bad_input_is_one_logged_error_and_the_exit_status_says_so(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = [
        json.dumps({"id": "j1", "text": f"{GOOD} One."}),
        json.dumps({"id": "bad-text", "text": f"Broken \ud800. {GOOD}"}),
        json.dumps({"id": "j2", "text": f"{GOOD} Two."}),
        json.dumps({"id": "bad-url", "text": f"{GOOD} Typed.", "url": 12345}),
        json.dumps({"id": "bad-title", "title": "T \udcff", "text": f"{GOOD} Titled."}),
        json.dumps({"id": "j3", "text": f"{GOOD} Three.", "title": "Ferry\u0000plan"}),
    ]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "w", encoding="utf-8") as fh:
        fh.write(f"Ferry plan\n\n{GOOD} Named.\n")
    db = str(tmp_path / "record.db")
    done = cli("ingest", str(folder), "--db", db, "--workers", "1", "--format", "json")
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "3 of 7 inputs not stored" in done.stderr
    summary = json.loads(done.stdout)
    assert (summary["seen"], summary["added"], summary["errors"]) == (7, 4, 3)
    with open_store(db) as store:
        ids = {a["id"] for a in store.list_articles()[1]}
        assert {"j1", "j2", "j3"} <= ids and len(ids) == 4
        log = {e["source"].rsplit("/", 1)[-1]: e["reason"] for e in store.errors()}
    assert set(log) == {"news.jsonl:2", "news.jsonl:4", "news.jsonl:5"}
    assert all("\n" not in reason for reason in log.values())
    # Again: nothing new, the same errors, still a non-zero status.
    again = cli("ingest", str(folder), "--db", db, "--workers", "1", "--format", "json")
    assert again.returncode == 3 and json.loads(again.stdout)["added"] == 0


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, polnear_dev_path):
    out = tmp_path_factory.mktemp("race") / "corpus"
    expected = make_corpus(out, [polnear_dev_path], n_articles=10, n_exact_dups=2, n_near_copies=1, max_chars=1500)
    return out, expected


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.mark.slow
def test_two_ingests_at_once_end_as_one_clean_run(backend, small_corpus, tmp_path, request):
    folder, expected = small_corpus
    clean_db = db_for(backend, tmp_path, "clean", request)
    cli("ingest", str(folder), "--db", clean_db, "--workers", "1", "--batch-size", "2", "--quiet")
    with open_store(clean_db) as store:
        clean = snapshot(store)
        assert store.stats()["articles"] == expected["articles"]

    race_db = db_for(backend, tmp_path, "race", request)
    args = [
        sys.executable,
        "-m",
        "onrecord",
        "ingest",
        str(folder),
        "--db",
        race_db,
        "--workers",
        "1",
        "--batch-size",
        "2",
        "--quiet",
        "--format",
        "json",
    ]
    runs = [
        subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outcomes = [run.communicate(timeout=600) for run in runs]
    for run, (_out, err) in zip(runs, outcomes):
        assert run.returncode in (0, 3) and "Traceback" not in err, err[-3000:]
    added = sorted(json.loads(out)["added"] for out, _ in outcomes)
    assert added == [0, expected["articles"]]  # the second found everything stored by the first
    assert any("waiting for it to finish" in err for _, err in outcomes)
    with open_store(race_db) as store:
        assert snapshot(store) == clean
